"""A step run as a test reads it: one visit of one step (`StepRun`) with its task attempts (`Attempt`), the step
runs of an iteration or branch (`Steps`), and finding one by name or path (`find_one`)."""
from __future__ import annotations

from typing import Any, Iterator

SUCCEEDED, FAILED, CAUGHT, RUNNING, CANCELLED_STATUS = "succeeded", "failed", "caught", "running", "cancelled"


class Attempt:
    """One task attempt: its 0-based number (0 is the first call, as in mock selectors and recordings), when it
    was scheduled and ended (epoch ms), what it was given and how it ended. `event_id` is its TaskScheduled event."""
    __slots__ = ("number", "scheduled_ms", "ended_ms", "input", "target", "pattern", "outcome", "output", "error",
                 "cause", "event_id")

    def __init__(self, number: int, scheduled_ms: int, detail: dict, event_id: int = 0):
        self.number = number
        self.event_id = event_id
        self.scheduled_ms, self.ended_ms = scheduled_ms, None
        self.input = detail.get("input")
        self.target = detail.get("resourceArn") or detail.get("action")
        self.pattern = detail.get("pattern")
        self.outcome, self.output, self.error, self.cause = "waiting", None, None, None

    @property
    def ok(self) -> bool:
        return self.outcome == "succeeded"

    def __repr__(self) -> str:
        what = self.error if self.error is not None else self.outcome
        return f"Attempt({self.number}, {what})"


class Steps(list):
    """The step runs of one iteration or branch, in order; `step(name)` finds one inside it."""

    def step(self, name: str) -> "StepRun":
        return find_one(walk(self), name)

    @property
    def names(self) -> list[str]:
        return [node.name for node in self]


class StepRun:
    """One visit of one step: where it ran (`path`), when (`started_ms`, `ended_ms`, `duration`, virtual epoch
    ms and seconds), what it was given and gave (`input`, `output`, `local`), how it ended (`status`, `error`,
    `cause`), its task `attempts`, and what ran inside it (`iteration(i)`, `branch(i)`, `subflows`)."""

    def __init__(self, name: str, path: str, entered_ms: int, parent: "StepRun | None", event_id: int = 0):
        self.name, self.path, self.entered_ms, self.parent = name, path, entered_ms, parent
        self.entered_event = event_id         # its StepEntered event
        self.input: Any = None
        self.output: Any = None
        self.status = RUNNING
        self.error: str | None = None
        self.cause: str | None = None
        self.next: str | None = None          # the step that ran next in the same sequence
        self.ended_ms: int | None = None
        self.attempts: list[Attempt] = []
        self.steps: list[StepRun] = []        # steps of a choice branch taken inside this step
        self.children: list[Steps] = []      # iterations (foreach) or branches (parallel)
        self.child_locals: list = []
        self.child_kind: str | None = None    # "iteration" or "branch"
        self.subflows: list = []              # Trace of each child execution this task started
        self.failed_event = 0

    # -- reading ---------------------------------------------------------------------------------------------
    @property
    def started_ms(self) -> int:
        """When the step was entered (virtual epoch ms)."""
        return self.entered_ms

    @property
    def duration(self) -> float | None:
        """Virtual seconds from entering the step to its end (None while it runs)."""
        return None if self.ended_ms is None else (self.ended_ms - self.entered_ms) / 1000

    @property
    def local(self) -> Any:
        """The step's $local: a task's result, the list of iteration / branch locals, else {}."""
        if self.attempts:
            last = self.attempts[-1]
            return last.output if last.ok else None
        if self.children:
            return list(self.child_locals)
        return {}

    @property
    def caught(self) -> bool:
        return self.status == CAUGHT

    @property
    def goto(self) -> str | None:
        """Where a catch sent the flow (None when no catch fired)."""
        return self.next if self.caught else None

    @property
    def errors(self) -> list[tuple[str, str]]:
        return [(a.error, a.cause) for a in self.attempts if a.error is not None]

    @property
    def retries(self) -> int:
        return max(len(self.attempts) - 1, 0)

    @property
    def delays(self) -> list[float]:
        """Seconds of back-off before each retry: from one attempt's end to the next attempt."""
        out = []
        for before, after in zip(self.attempts, self.attempts[1:]):
            end = before.ended_ms if before.ended_ms is not None else before.scheduled_ms
            out.append((after.scheduled_ms - end) / 1000)
        return out

    def iteration(self, index: int) -> Steps:
        return self._child(index, "iteration")

    def branch(self, index: int) -> Steps:
        return self._child(index, "branch")

    def _child(self, index: int, what: str):
        if not 0 <= index < len(self.children):
            raise LookupError(f"step {self.path} ran {len(self.children)} {what}s; there is no {what} {index}")
        return self.children[index]

    def step(self, name: str) -> "StepRun":
        """A step inside this one (its iterations, branches, choice branch or subflow)."""
        return find_one(list(self.descendants()), name)

    def descendants(self) -> Iterator["StepRun"]:
        for s in self.steps:
            yield s
            yield from s.descendants()
        for child in self.children:
            for s in child:
                yield s
                yield from s.descendants()
        for sub in self.subflows:
            yield from sub.all

    def __repr__(self) -> str:
        took = "" if self.duration is None else f", {self.duration:g}s"
        tries = f", {len(self.attempts)} attempts" if len(self.attempts) > 1 else ""
        error = f" {self.error}" if self.error and self.status != SUCCEEDED else ""
        return f"StepRun({self.path}, {self.status}{error}{took}{tries})"


class StepNotRun(LookupError):
    """No run of the step a key names is in the trace."""


def walk(runs) -> list[StepRun]:
    out = []
    for node in runs:
        out.append(node)
        out.extend(node.descendants())
    return out


def find_one(nodes, key: str) -> StepRun:
    """The visit of the step named or pathed `key` (suffix match, see PathPattern); the last visit when a loop
    visited the same path more than once. Several different paths: LookupError listing them."""
    from .paths import PathPattern
    pattern = PathPattern(key)
    found = [n for n in nodes if pattern.matches(n.path)]
    if not found:
        ran = sorted({n.path for n in nodes})
        raise StepNotRun(f"no step {key!r} ran; steps that ran: {', '.join(ran) if ran else '(none)'}")
    paths = list(dict.fromkeys(n.path for n in found))
    if len(paths) > 1:
        raise LookupError(f"{key!r} names {len(paths)} step runs: {', '.join(paths)}; use a path such as "
                          f"{paths[0]!r}")
    return found[-1]
