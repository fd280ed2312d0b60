"""An execution's history read back as a tree of step runs: each step's input, output, local, task attempts
(with virtual times and outcomes), error, whether a catch took it and where it went next; foreach iterations and
parallel branches as children; subflow executions under the task that started them."""
from __future__ import annotations

from types import MappingProxyType

from fakecloud.engine import history as h
from fakecloud.engine.errors import CANCELLED

from .machine_trace import read_machine
from .step_run import CANCELLED_STATUS, CAUGHT, FAILED, RUNNING, SUCCEEDED, Attempt, StepRun, Steps, find_one

_TASK_END = MappingProxyType({h.TASK_SUCCEEDED: "succeeded", h.TASK_FAILED: "failed",
                              h.TASK_TIMED_OUT: "timed out", h.TASK_SUBMIT_FAILED: "submit failed"})
_EXECUTION_EVENTS = frozenset({h.EXECUTION_STARTED, h.EXECUTION_SUCCEEDED, h.EXECUTION_FAILED, h.EXECUTION_STOPPED,
                               h.EXECUTION_TIMED_OUT})


class Trace:
    """The tree of one execution (the flow's own, or a subflow's under the task that started it): `roots` are the
    step runs of its top sequence, `all` every step run in the order the steps were entered. It reads like the
    execution: `flow_name`, `name`, `status`, `input`, `output`, `error`, `cause`, `started_ms`, `ended_ms`,
    `step(key)`."""

    def __init__(self, execution, prefix: str = ""):
        self.execution = execution
        self.prefix = prefix
        self.roots: list[StepRun] = []
        self.all: list[StepRun] = []
        self.started_ms = execution.started_ms
        machine = getattr(execution.program, "machine", None)
        if machine is not None:
            read_machine(self, machine)
        else:
            self._read(execution.history)
        self._close_open(execution)

    # -- the execution -------------------------------------------------------------------------------------
    flow_name = property(lambda self: self.execution.flow_name)
    name = property(lambda self: self.execution.name)
    status = property(lambda self: self.execution.status)
    input = property(lambda self: self.execution.input)
    output = property(lambda self: self.execution.output)
    error = property(lambda self: self.execution.error)
    cause = property(lambda self: self.execution.cause)
    ended_ms = property(lambda self: self.execution.stopped_ms)

    def step(self, key: str) -> StepRun:
        """A step run of this execution by name or path (as `FlowRun.step`)."""
        return find_one(self.every(), key)

    def __repr__(self) -> str:
        end = f", {self.error}" if self.error else ""
        where = f"{self.prefix.rstrip('/')} -> " if self.prefix else ""
        return f"Subflow({where}{self.flow_name}/{self.name}, {self.status}{end})" if self.prefix else \
            f"Trace({self.flow_name}/{self.name}, {self.status}{end})"

    def _close_open(self, execution) -> None:
        """An ended execution leaves no step running: the step it failed in (FnF.DataSizeExceeded records no end
        for it) failed with the execution's error, as did the steps around it; every other open step was
        cancelled by the end."""
        if not execution.is_terminal:
            return
        open_runs = [n for n in self.all if n.status == RUNNING]
        failed = next((n for n in open_runs if n.entered_event == execution.failed_step_event), None)
        around = set()
        node = failed
        while node is not None:
            around.add(id(node))
            node = node.parent
        for node in open_runs:
            node.ended_ms = execution.stopped_ms
            if id(node) in around:
                node.status, node.error, node.cause = FAILED, execution.error, execution.cause
            else:
                node.status = CANCELLED_STATUS

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
                scope_of[eid] = _Scope(scope, run, owner.path + segment, owner)
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
                node = StepRun(name, scope.prefix + name, time_ms, scope.top() or scope.owner, eid)
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
    __slots__ = ("parent", "runs", "prefix", "stack", "failed", "exited", "owner")

    def __init__(self, parent, runs: list, prefix: str, owner: StepRun | None = None):
        self.parent, self.runs, self.prefix, self.owner = parent, runs, prefix, owner
        self.stack: list[StepRun] = []
        self.failed: dict[int, StepRun] = {}
        self.exited: dict[int, StepRun] = {}

    def top(self) -> StepRun | None:
        return self.stack[-1] if self.stack else None
