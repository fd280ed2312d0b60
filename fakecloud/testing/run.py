"""`FlowRun`: one execution as a test sees it: status, output, error and cause, history events, the step tree
(`run.step("reserve")`, `.iteration(3)`, `.branch(1)`), the tasks waiting for a callback, and the controls that
move it on (`resume`, `advance`, `report_succeeded`, `report_failed`)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fakecloud.engine import TaskAlreadyCompleted
from fakecloud.engine.tokens import parse_token
from fakecloud.fdl.targets import WAIT_FOR_CALLBACK

from .explain import explain
from .paths import PathPattern, step_name
from .router import parent_path
from .step_run import StepNotRun, StepRun, find_one
from .trace import Trace


def is_token(engine, text: str) -> bool:
    """Whether `text` is a task token this engine issued."""
    return parse_token(engine.ids.token_key, text) is not None


@dataclass(frozen=True)
class WaitingTask:
    """A task waiting for ReportTaskSucceeded / ReportTaskFailed with `token`."""
    path: str
    token: str
    input: Any
    since_ms: int

    @property
    def step(self) -> str:
        return step_name(self.path)


class FlowRun:
    def __init__(self, runner, execution):
        self.runner = runner
        self.cloud = runner.cloud
        self.router = runner.router
        self.execution = execution
        self.replayed = False           # the run replayed a recording, running nothing live
        self._trace: Trace | None = None
        self._seen = -1

    # -- the record ------------------------------------------------------------------------------------------
    @property
    def flow_name(self) -> str:
        return self.execution.flow_name

    @property
    def name(self) -> str:
        return self.execution.name

    @property
    def status(self) -> str:
        return self.execution.status

    @property
    def output(self) -> Any:
        return self.execution.output

    @property
    def error(self) -> str | None:
        return self.execution.error

    @property
    def cause(self) -> str | None:
        return self.execution.cause

    @property
    def input(self) -> Any:
        return self.execution.input

    @property
    def done(self) -> bool:
        return self.execution.is_terminal

    @property
    def events(self) -> list:
        return list(self.execution.history)

    @property
    def trace(self) -> Trace:
        size = self._size()
        if self._trace is None or size != self._seen:
            self._trace, self._seen = self._build(self.execution, ""), size
        return self._trace

    def _size(self) -> int:
        return len(self.execution.history) + sum(len(c.history) for c in self._descendants())

    def _children(self, execution) -> list:
        """The executions a task of `execution` started, in the order they started."""
        return [c for c in self.cloud.engine.executions.values()
                if c.parent is not None and c.parent.execution is execution]

    def _descendants(self) -> list:
        out, frontier = [], [self.execution]
        while frontier:
            kids = self._children(frontier.pop())
            out.extend(kids)
            frontier.extend(kids)
        return out

    def _build(self, execution, prefix: str) -> Trace:
        """The tree of `execution`, each child under the exact task attempt that started it."""
        trace = Trace(execution, prefix)
        children = self._children(execution)
        if children:
            by_event = {a.event_id: node for node in trace.all for a in node.attempts}
            for child in children:
                node = by_event.get(child.parent.event_id)
                if node is not None:
                    node.subflows.append(self._build(child, parent_path(child)))
        return trace

    def step(self, key: str) -> StepRun:
        """The run of the step named `key`, or at path `key` (`reserveItems[1]/reserve`, `child:ship/label`).
        LookupError when no step run matches, saying whether `key` is a step of the flow at all."""
        try:
            return find_one(self.trace.every(), key)
        except StepNotRun as exc:
            raise StepNotRun(f"{exc}; {self.not_run(key)}") from None

    def not_run(self, key: str) -> str:
        """Why no run of `key` is in the trace: a step of the flow that did not run, or no step of it at all."""
        steps = self.runner.steps(self.flow_name)
        known = steps.matching(PathPattern(key))
        if known:
            return f"{', '.join(known[:3])} {'is a step' if len(known) == 1 else 'are steps'} of the flow that did " \
                   f"not run"
        return steps.explain(key, "the key")

    def visits(self, key: str) -> list[StepRun]:
        """Every run of the steps `key` selects, in the order they were entered."""
        pattern = PathPattern(key)
        return [n for n in self.trace.every() if pattern.matches(n.path)]

    @property
    def path(self) -> list[str]:
        """The step names the flow's own sequence ran, choice branches included, in order."""
        return self.trace.path()

    @property
    def calls(self) -> list:
        """The task attempts of this run (its subflows included) as the mock router saw them."""
        executions = {id(self.execution)} | {id(c) for c in self._descendants()}
        return [c for c in self.router.calls if c.request is not None and id(c.request.execution) in executions]

    @property
    def waiting(self) -> list[WaitingTask]:
        return [WaitingTask(c.path, c.request.token, c.input, c.time_ms)
                for c in self.calls if c.waiting]

    # -- moving on -------------------------------------------------------------------------------------------
    def resume(self) -> "FlowRun":
        """Run what became runnable (after a callback delivered some other way), skipping engine-owned time."""
        with self.runner.guard():
            self.cloud.run_until_idle()
        return self

    def advance(self, seconds: float) -> "FlowRun":
        """Let `seconds` of virtual time pass (firing callback and flow timeouts that fall due), then resume."""
        with self.runner.guard():
            self.cloud.advance(seconds)
        return self.resume()

    def _token(self, step_or_token: str) -> str:
        """The token of the waiting task `step_or_token` names; a task that already completed is the service's
        TaskAlreadyCompleted (as ReportTask* answers it), a token this world never issued its InvalidArgument."""
        waiting = self.waiting
        for task in waiting:
            if task.token == step_or_token:
                return task.token
        if is_token(self.cloud.engine, step_or_token):
            return step_or_token          # the engine answers for it: TaskAlreadyCompleted
        pattern = PathPattern(step_or_token)
        chosen = [t for t in waiting if pattern.matches(t.path)]
        if len(chosen) == 1:
            return chosen[0].token
        names = ", ".join(t.path for t in waiting) or "(none)"
        if chosen:
            raise LookupError(f"{step_or_token!r} names {len(chosen)} waiting tasks: {names}; use a path")
        done = [c for c in self.calls if c.pattern == WAIT_FOR_CALLBACK and c.request.token is not None
                and pattern.matches(c.path)]
        if done:
            raise TaskAlreadyCompleted(f"the task of step {done[-1].path} (attempt {done[-1].attempt}) has already "
                                       f"completed; waiting: {names}")
        raise LookupError(f"no task {step_or_token!r} is waiting for a callback; waiting: {names}; "
                          f"{self.not_run(step_or_token)}")

    def report_succeeded(self, step_or_token: str, output: Any = None) -> "FlowRun":
        """ReportTaskSucceeded for the waiting task `step_or_token` (a step name, a path or its token), then resume."""
        token = self._token(step_or_token)
        with self.runner.guard():
            self.cloud.report_task_succeeded(token, {} if output is None else output)
        return self.resume()

    def report_failed(self, step_or_token: str, error: str, cause: str = "") -> "FlowRun":
        token = self._token(step_or_token)
        with self.runner.guard():
            self.cloud.report_task_failed(token, error, cause)
        return self.resume()

    # -- explaining ------------------------------------------------------------------------------------------
    def explain(self, mark: StepRun | None = None) -> str:
        return explain(self, mark)

    def report(self, path, mark: StepRun | None = None) -> str:
        """Write this run as a self-contained HTML page at `path`: the flow's graph with the executed path, `mark`
        (default: the step where the first failure began) marked where expectation and reality diverge, and the
        timeline."""
        from fakecloud.insight.run_report import write_report
        return write_report(self, path, mark)

    def __repr__(self) -> str:
        return f"FlowRun({self.flow_name}/{self.name}, {self.status})"
