"""The typed flow model: what a validated FDL definition is, with compiled paths and conditions.

Every node carries a `Loc` (line, column and node path) so the engine and the linter can point back
at the definition. Models are immutable; one parsed Flow is shared by every execution of it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from .conditions import Condition
from .paths import Path
from .targets import Target

ALL_ERRORS = "FnF.ALL"


def catches(errors: tuple[str, ...], error: str) -> bool:
    """Whether a rule naming `errors` matches the error named `error` (FnF.ALL matches every error); one rule
    for retry and catch in both dialects."""
    return error in errors or ALL_ERRORS in errors

# Documented retry defaults (task step reference).
DEFAULT_INTERVAL_SECONDS = 1
DEFAULT_MAX_INTERVAL_SECONDS = 86400
DEFAULT_MAX_ATTEMPTS = 3
DEFAULT_MULTIPLIER = 2


@dataclass(frozen=True, slots=True)
class Loc:
    line: int
    column: int
    path: str


NO_LOC = Loc(0, 0, "")


@dataclass(frozen=True, slots=True)
class Mapping:
    """One `{target, source}` entry: the source is a compiled path or a literal of any YAML kind."""
    target: str
    path: Path | None
    literal: Any
    loc: Loc = NO_LOC


@dataclass(frozen=True, slots=True)
class Template:
    """A value whose `$`-strings are paths into the step input (serviceParams); nested dicts/lists allowed."""
    value: Any            # the literal structure, with Path objects where `$`-strings were
    paths: tuple          # (node path inside value, Path) pairs, for checks
    loc: Loc = NO_LOC


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    errors: tuple[str, ...]
    interval_seconds: float = DEFAULT_INTERVAL_SECONDS
    max_interval_seconds: float = DEFAULT_MAX_INTERVAL_SECONDS
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    multiplier: float = DEFAULT_MULTIPLIER
    loc: Loc = NO_LOC

    def matches(self, error: str) -> bool:
        return catches(self.errors, error)

    def delay(self, retry: int) -> float:
        """Seconds to wait before retry number `retry` (1-based)."""
        return min(self.interval_seconds * self.multiplier ** (retry - 1), self.max_interval_seconds)


@dataclass(frozen=True, slots=True)
class CatchRule:
    errors: tuple[str, ...]
    goto: str
    loc: Loc = NO_LOC

    def matches(self, error: str) -> bool:
        return catches(self.errors, error)


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    name: str
    end: bool = False
    input_mappings: tuple[Mapping, ...] = ()      # empty: the default input rule applies
    output_mappings: tuple[Mapping, ...] = ()     # empty: the default output rule applies
    loc: Loc = NO_LOC
    type = "step"


@dataclass(frozen=True, slots=True, kw_only=True)
class PassStep(Step):
    type = "pass"


@dataclass(frozen=True, slots=True, kw_only=True)
class SucceedStep(Step):
    type = "succeed"


@dataclass(frozen=True, slots=True, kw_only=True)
class FailStep(Step):
    error: str | None = None
    cause: str | None = None
    type = "fail"


@dataclass(frozen=True, slots=True, kw_only=True)
class WaitStep(Step):
    duration: float | Path | None = None      # seconds, or a `$.x` path into the step input
    timestamp: str | Path | None = None       # RFC 3339, or a `$.x` path
    type = "wait"


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskStep(Step):
    target: Target
    pattern: str = "requestResponse"
    service_params: Template | None = None
    timeout_seconds: float | None = None
    retry: tuple[RetryPolicy, ...] = ()
    catch: tuple[CatchRule, ...] = ()
    error_mappings: tuple[Mapping, ...] = ()
    type = "task"


@dataclass(frozen=True, slots=True)
class ChoiceOption:
    condition: Condition | None             # None for `default`
    steps: tuple[Step, ...] = ()
    goto: str | None = None
    loc: Loc = NO_LOC


@dataclass(frozen=True, slots=True, kw_only=True)
class ChoiceStep(Step):
    choices: tuple[ChoiceOption, ...] = ()
    default: ChoiceOption | None = None
    type = "choice"


@dataclass(frozen=True, slots=True)
class Branch:
    steps: tuple[Step, ...]
    loc: Loc = NO_LOC


@dataclass(frozen=True, slots=True, kw_only=True)
class ParallelStep(Step):
    branches: tuple[Branch, ...] = ()
    type = "parallel"


@dataclass(frozen=True, slots=True, kw_only=True)
class ForeachStep(Step):
    collection: Path
    item: str
    index: str | None = None
    steps: tuple[Step, ...] = ()
    max_concurrency: int | None = None
    type = "foreach"


@dataclass(frozen=True, slots=True)
class Flow:
    version: str
    steps: tuple[Step, ...]
    input_mappings: tuple[Mapping, ...] = ()
    output_mappings: tuple[Mapping, ...] = ()
    timeout_seconds: float | None = None
    name: str | None = None
    file: str = "<string>"
    warnings: tuple = field(default=(), compare=False)   # Diagnostics that did not block the definition
    type = "flow"


STEP_CLASSES = MappingProxyType({cls.type: cls for cls in (
    TaskStep, PassStep, WaitStep, ChoiceStep, SucceedStep, FailStep, ParallelStep, ForeachStep)})


def child_sequences(step: Step) -> list[tuple[str, tuple[Step, ...]]]:
    """The nested sequences of a step, each with a label ('choices[0]', 'default', 'branches[1]', 'steps')."""
    if isinstance(step, ChoiceStep):
        out = [(f"choices[{i}]", c.steps) for i, c in enumerate(step.choices)]
        if step.default is not None:
            out.append(("default", step.default.steps))
        return out
    if isinstance(step, ParallelStep):
        return [(f"branches[{i}]", b.steps) for i, b in enumerate(step.branches)]
    if isinstance(step, ForeachStep):
        return [("steps", step.steps)]
    return []


def walk(steps: tuple[Step, ...]):
    """Every step of a sequence and of all sequences nested in it, depth first, in definition order."""
    for step in steps:
        yield step
        for _, seq in child_sequences(step):
            yield from walk(seq)
