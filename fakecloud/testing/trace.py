"""An execution's history read back as a tree of step runs: each step's input, output, local, task attempts
(with virtual times and outcomes), error, whether a catch took it and where it went next; foreach iterations and
parallel branches as children; subflow executions under the task that started them."""
from __future__ import annotations

from types import MappingProxyType
from typing import Any, Iterator

from fakecloud.engine import history as h
from fakecloud.engine.errors import CANCELLED

SUCCEEDED, FAILED, CAUGHT, RUNNING, CANCELLED_STATUS = "succeeded", "failed", "caught", "running", "cancelled"
_TASK_END = MappingProxyType({h.TASK_SUCCEEDED: "succeeded", h.TASK_FAILED: "failed",
                              h.TASK_TIMED_OUT: "timed out", h.TASK_SUBMIT_FAILED: "submit failed"})
_EXECUTION_EVENTS = frozenset({h.EXECUTION_STARTED, h.EXECUTION_SUCCEEDED, h.EXECUTION_FAILED, h.EXECUTION_STOPPED,
                               h.EXECUTION_TIMED_OUT})


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
    """One visit of one step."""

    def __init__(self, name: str, path: str, entered_ms: int, parent: "StepRun | None"):
        self.name, self.path, self.entered_ms, self.parent = name, path, entered_ms, parent
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
        return f"StepRun({self.path}, {self.status})"


class Trace:
    """The tree of one execution; `all` lists every step run in the order the steps were entered."""

    def __init__(self, execution, prefix: str = ""):
        self.execution = execution
        self.prefix = prefix
        self.roots: list[StepRun] = []
        self.all: list[StepRun] = []
        self.started_ms = execution.started_ms
        self._read(execution.history)

    def _read(self, history) -> None:
        """One pass over the history's columns (EventId = position + 1; payloads as History stores them)."""
        scope_of = {0: _Scope(None, self.roots, self.prefix)}
        events = zip(range(1, len(history) + 1), history.types, history.scheds, history.names, history.times,
                     history.payloads)
        for eid, t, sched, name, time_ms, payload in events:
            if t in _EXECUTION_EVENTS:
                continue
            scope = scope_of.get(sched, scope_of[0])
            if t == h.BRANCH_ENTERED or t == h.ITERATION_ENTERED:
                owner = scope.top()
                segment = f"[{len(owner.children)}]/" if t == h.ITERATION_ENTERED else \
                    f".branch[{len(owner.children)}]/"
                run = Steps()
                owner.children.append(run)
                owner.child_kind = "iteration" if t == h.ITERATION_ENTERED else "branch"
                scope_of[eid] = _Scope(scope, run, owner.path + segment)
                continue
            if t == h.BRANCH_EXITED or t == h.ITERATION_EXITED:
                owner = scope.parent.top() if scope.parent is not None else None
                if owner is not None:
                    owner.child_locals.append(payload)
                scope_of[eid] = scope.parent or scope
                continue
            if t == h.STEP_ENTERED:
                previous = scope.exited.get(sched)
                if previous is not None:
                    previous.next = name
                node = StepRun(name, scope.prefix + name, time_ms, scope.top())
                (scope.top().steps if scope.stack else scope.runs).append(node)
                scope.stack.append(node)
                self.all.append(node)
                scope_of[eid] = scope
                continue
            if t == h.STEP_EXITED and sched in scope.failed:
                scope_of[eid] = scope
                self._apply(scope, None, t, payload, eid, sched, time_ms)
                continue
            while scope.parent is not None and (not scope.stack or scope.stack[-1].name != name):
                scope = scope.parent
            scope_of[eid] = scope
            node = scope.top()
            if node is None:
                continue
            self._apply(scope, node, t, payload, eid, sched, time_ms)

    @staticmethod
    def _apply(scope, node: StepRun | None, t: str, d, eid: int, sched: int, time_ms: int) -> None:
        if t == h.STEP_STARTED:
            node.input = d
        elif t == h.STEP_SUCCEEDED:
            node.output, node.status = d, SUCCEEDED
        elif t == h.STEP_FAILED:
            node.error, node.cause = d["error"], d["cause"]
            node.status = CANCELLED_STATUS if d["error"] == CANCELLED else FAILED
            node.ended_ms = time_ms
            node.failed_event = eid
            scope.stack.pop()
            scope.failed[eid] = node
        elif t == h.STEP_EXITED:
            caught = scope.failed.get(sched)
            if caught is not None:
                caught.status = CAUGHT
                scope.exited[eid] = caught
            elif scope.stack:
                done = scope.stack.pop()
                done.ended_ms = time_ms
                scope.exited[eid] = done
        elif t == h.TASK_SCHEDULED:
            node.attempts.append(Attempt(len(node.attempts), time_ms, d, eid))
        elif t in _TASK_END and node.attempts:
            attempt = node.attempts[-1]
            attempt.outcome, attempt.ended_ms = _TASK_END[t], time_ms
            if t == h.TASK_SUCCEEDED:
                attempt.output = d
            else:
                attempt.error, attempt.cause = d["error"], d["cause"]

    # -- reading ---------------------------------------------------------------------------------------------
    def every(self) -> list[StepRun]:
        """Every step run, subflows included."""
        out = []
        for node in self.all:
            out.append(node)
            for sub in node.subflows:
                out.extend(sub.every())
        return out

    def path(self) -> list[str]:
        """The names of the steps the flow's own sequence ran (choice branches included), in order."""
        names: list[str] = []

        def add(nodes):
            for node in nodes:
                names.append(node.name)
                add(node.steps)
        add(self.roots)
        return names


class _Scope:
    __slots__ = ("parent", "runs", "prefix", "stack", "failed", "exited")

    def __init__(self, parent, runs: list, prefix: str):
        self.parent, self.runs, self.prefix = parent, runs, prefix
        self.stack: list[StepRun] = []
        self.failed: dict[int, StepRun] = {}
        self.exited: dict[int, StepRun] = {}

    def top(self) -> StepRun | None:
        return self.stack[-1] if self.stack else None


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
        raise LookupError(f"no step {key!r} ran; steps that ran: {', '.join(ran) if ran else '(none)'}")
    paths = list(dict.fromkeys(n.path for n in found))
    if len(paths) > 1:
        raise LookupError(f"{key!r} names {len(paths)} step runs: {', '.join(paths)}; use a path such as "
                          f"{paths[0]!r}")
    return found[-1]
