"""The typed model of a CloudFlow state machine (`Type: StateMachine`): scopes of named states with their
transitions, constructors and expressions compiled, Task actions typed. Every node has a `Loc`, so the engine and
coverage tools can map a state back to file:line. Models are immutable; one is shared by every execution."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping

from ..actions import REQUEST_COMPLETE
from ..model import ALL_ERRORS, NO_LOC, Loc, catches
from .constructors import Constructor
from .expressions import Condition, Expression


@dataclass(frozen=True, slots=True)
class RetryRule:
    errors: tuple[str, ...]
    description: str
    max_attempts: int
    interval_seconds: int
    backoff_rate: float = 1.0              # omitted: the interval stays the same
    max_backoff_seconds: int | None = None
    loc: Loc = NO_LOC

    def matches(self, error: str) -> bool:
        return catches(self.errors, error)

    def delay(self, retry: int) -> float:
        """Seconds to wait before retry number `retry` (1-based)."""
        delay = self.interval_seconds * self.backoff_rate ** (retry - 1)
        return delay if self.max_backoff_seconds is None else min(delay, self.max_backoff_seconds)


@dataclass(frozen=True, slots=True)
class CatchRule:
    errors: tuple[str, ...]
    description: str
    next: str
    output_constructor: Constructor | None = None
    loc: Loc = NO_LOC

    def matches(self, error: str) -> bool:
        return catches(self.errors, error)


@dataclass(frozen=True, slots=True, kw_only=True)
class State:
    name: str
    loc: Loc = NO_LOC
    description: str | None = None
    next: str | None = None
    end: bool = False
    input_constructor: Constructor | None = None
    output_constructor: Constructor | None = None
    global_constructor: Constructor | None = None
    type = "State"


@dataclass(frozen=True, slots=True, kw_only=True)
class PassState(State):
    type = "Pass"


@dataclass(frozen=True, slots=True, kw_only=True)
class WaitState(State):
    seconds: int | Expression            # constant seconds, or `Seconds.$`
    type = "Wait"


@dataclass(frozen=True, slots=True)
class ChoiceBranch:
    condition: Condition
    next: str
    loc: Loc = NO_LOC


@dataclass(frozen=True, slots=True, kw_only=True)
class ChoiceState(State):
    branches: tuple[ChoiceBranch, ...]
    default: str
    type = "Choice"


@dataclass(frozen=True, slots=True, kw_only=True)
class SucceedState(State):
    type = "Succeed"


@dataclass(frozen=True, slots=True, kw_only=True)
class FailState(State):
    code: str | None = None
    detail: str = ""
    type = "Fail"


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskState(State):
    action: Any                           # an ActionTarget (fdl.actions)
    task_mode: str = REQUEST_COMPLETE
    parameters: Constructor | None = None
    resource: Any = None                  # the typed Parameters.resourceArn when it is a constant (fdl.targets)
    timeout: int | Expression | None = None   # seconds, 0 = none; or `Timeout.$`
    retry: tuple[RetryRule, ...] = ()
    catch: tuple[CatchRule, ...] = ()
    type = "Task"


@dataclass(frozen=True, slots=True)
class Scope:
    """`StartAt` and `States`: the top level, a Parallel branch or a Map processor."""
    start_at: str
    states: tuple[State, ...]
    loc: Loc = NO_LOC
    index: Mapping[str, State] = field(default_factory=dict, compare=False, repr=False)

    def state(self, name: str) -> State | None:
        return self.index.get(name)


@dataclass(frozen=True, slots=True, kw_only=True)
class ParallelState(State):
    branches: tuple[Scope, ...]
    retry: tuple[RetryRule, ...] = ()
    catch: tuple[CatchRule, ...] = ()
    type = "Parallel"


@dataclass(frozen=True, slots=True, kw_only=True)
class MapState(State):
    items_path: Expression | None         # None only when a distributed Map reads items with ItemReader
    processor: Scope
    max_concurrency: int
    distributed: bool = False
    item_constructor: Constructor | None = None
    item_reader: Mapping | None = None     # the distributed-mode settings, kept as written
    item_batcher: Mapping | None = None
    result_writer: Mapping | None = None
    max_items: Any = None
    tolerated_failure_count: int | None = None
    tolerated_failure_percentage: float | None = None
    retry: tuple[RetryRule, ...] = ()
    catch: tuple[CatchRule, ...] = ()
    type = "Map"


@dataclass(frozen=True, slots=True)
class StateMachine:
    name: str
    spec_version: str
    scope: Scope
    description: str | None = None
    timeout: int | None = None            # the top-level Timeout, seconds
    execution_mode: str | None = None     # as checked: "Standard", "Express" or None when not known
    file: str = "<string>"
    loc: Loc = NO_LOC
    warnings: tuple = field(default=(), compare=False)
    type = "StateMachine"

    @property
    def start_at(self) -> str:
        return self.scope.start_at

    @property
    def states(self) -> tuple[State, ...]:
        return self.scope.states


def child_scopes(state: State) -> tuple[tuple[str, Scope], ...]:
    """The scopes nested in a state, labelled as their node paths are ('Branches[1]', 'Processor')."""
    if isinstance(state, ParallelState):
        return tuple((f"Branches[{i}]", b) for i, b in enumerate(state.branches))
    if isinstance(state, MapState):
        return (("Processor", state.processor),)
    return ()


def walk(scope: Scope) -> Iterator[State]:
    """Every state of a scope and of the scopes nested in it, depth first, in definition order."""
    for state in scope.states:
        yield state
        for _, inner in child_scopes(state):
            yield from walk(inner)


def transitions(state: State) -> tuple[str, ...]:
    """The names a state can go to next in its scope: Next, Choice branches and Default, Catch rules."""
    out = [state.next] if state.next else []
    if isinstance(state, ChoiceState):
        out += [b.next for b in state.branches] + [state.default]
    out += [c.next for c in getattr(state, "catch", ())]
    return tuple(out)
