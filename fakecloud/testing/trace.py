"""An execution's history read back as a tree of step runs: each step's input, output, local, task attempts
(with virtual times and outcomes), error, whether a catch took it and where it went next; foreach iterations and
parallel branches as children; subflow executions under the task that started them."""
from __future__ import annotations

from fakecloud.engine import history as h
from fakecloud.engine.errors import CANCELLED

from .step_run import CANCELLED_STATUS, CAUGHT, FAILED, RUNNING, SUCCEEDED, Attempt, StepRun, Steps, find_one

_TASK_END = {h.TASK_SUCCEEDED: "succeeded", h.TASK_FAILED: "failed", h.TASK_TIMED_OUT: "timed out",
             h.TASK_SUBMIT_FAILED: "submit failed"}


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
        scope_of = {0: _Scope(None, self.roots, self.prefix)}
        for e in history:
            t = e.type
            if t in (h.EXECUTION_STARTED, h.EXECUTION_SUCCEEDED, h.EXECUTION_FAILED, h.EXECUTION_STOPPED,
                     h.EXECUTION_TIMED_OUT):
                continue
            scope = scope_of.get(e.schedule_event_id, scope_of[0])
            if t in (h.BRANCH_ENTERED, h.ITERATION_ENTERED):
                owner = scope.top()
                segment = f"[{len(owner.children)}]/" if t == h.ITERATION_ENTERED else \
                    f".branch[{len(owner.children)}]/"
                run = Steps()
                owner.children.append(run)
                owner.child_kind = "iteration" if t == h.ITERATION_ENTERED else "branch"
                scope_of[e.event_id] = _Scope(scope, run, owner.path + segment, owner)
                continue
            if t in (h.BRANCH_EXITED, h.ITERATION_EXITED):
                owner = scope.parent.top() if scope.parent is not None else None
                if owner is not None:
                    owner.child_locals.append(e.detail.get("local"))
                scope_of[e.event_id] = scope.parent or scope
                continue
            if t == h.STEP_ENTERED:
                previous = scope.exited.get(e.schedule_event_id)
                if previous is not None:
                    previous.next = e.step_name
                node = StepRun(e.step_name, scope.prefix + e.step_name, e.time_ms, scope.top() or scope.owner,
                               e.event_id)
                (scope.top().steps if scope.stack else scope.runs).append(node)
                scope.stack.append(node)
                self.all.append(node)
                scope_of[e.event_id] = scope
                continue
            if t == h.STEP_EXITED and e.schedule_event_id in scope.failed:
                scope_of[e.event_id] = scope
                self._apply(scope, None, e)
                continue
            while scope.parent is not None and (not scope.stack or scope.stack[-1].name != e.step_name):
                scope = scope.parent
            scope_of[e.event_id] = scope
            node = scope.top()
            if node is None:
                continue
            self._apply(scope, node, e)

    @staticmethod
    def _apply(scope, node: StepRun | None, e) -> None:
        t, d = e.type, e.detail
        if t == h.STEP_STARTED:
            node.input = d["input"]
        elif t == h.STEP_SUCCEEDED:
            node.output, node.status = d["output"], SUCCEEDED
        elif t == h.STEP_FAILED:
            node.error, node.cause = d["error"], d["cause"]
            node.status = CANCELLED_STATUS if d["error"] == CANCELLED else FAILED
            node.ended_ms = e.time_ms
            node.failed_event = e.event_id
            scope.stack.pop()
            scope.failed[e.event_id] = node
        elif t == h.STEP_EXITED:
            caught = scope.failed.get(e.schedule_event_id)
            if caught is not None:
                caught.status = CAUGHT
                scope.exited[e.event_id] = caught
            elif scope.stack:
                done = scope.stack.pop()
                done.ended_ms = e.time_ms
                scope.exited[e.event_id] = done
        elif t == h.TASK_SCHEDULED:
            node.attempts.append(Attempt(len(node.attempts), e.time_ms, d, e.event_id))
        elif t in _TASK_END and node.attempts:
            attempt = node.attempts[-1]
            attempt.outcome, attempt.ended_ms = _TASK_END[t], e.time_ms
            if t == h.TASK_SUCCEEDED:
                attempt.output = d["output"]
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
