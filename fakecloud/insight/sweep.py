"""The fault-injection sweep: run a flow once as given (the baseline), then once per fault, each in a fresh world,
with a mock at one task step's exact path that fails the first attempt or every attempt. The faults of a task
step are each error its retry policies and catch rules name, a representative of `FnF.ALL` (an error no rule
names), a task timeout where the step sets `timeoutSeconds`, and its integration's common service errors. Every
task path the baseline reached is swept: each parallel branch and subflow step by its own path, a foreach body
step in its first iteration and, when the baseline ran several, in every iteration."""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from fakecloud.services.fc import errors as fc_errors
from fakecloud.services.mns import errors as mns_errors
from fakecloud.services.script import Return, Script, Throw
from fakecloud.testing.paths import PathPattern

from .dialects import shape_of
from .observe import observe
from .shape import Node, matching_rule

INJECTED = "FakeCloud.InjectedError"
INJECTED_CAUSE = "injected by the fault sweep: an error no retry policy or catch rule names"
TIMEOUT = "FnF.TaskTimeout"
FIRST, EVERY = "first", "every"


def service_errors(node: Node, target: str) -> list[tuple[str, str]]:
    """The common errors of the integration a task step calls: (error, cause) in the service's own terms."""
    if node.target_kind == "fc":
        return [(f"FC.{code}", fc_errors.injected(code).message) for code in ("ResourceThrottled", "Unknown")]
    if node.target_kind == "mns-queue":
        error = mns_errors.queue_not_exist()
        return [(error.flow_error, error.message)]
    if node.target_kind == "mns-topic":
        error = mns_errors.topic_not_exist()
        return [(error.flow_error, error.message)]
    if node.target_kind == "subflow" or target.startswith("fnf:"):
        return [("fnf.FlowNotExists", f"Flow {node.calls or '?'} does not exist.")]
    if node.target_kind == "action":
        product = target.split(":", 1)[0]
        return [(f"{product}.InternalError", "The request processing has failed due to some unknown error.")]
    return []


@dataclass(frozen=True)
class Fault:
    path: str            # the step path (a pattern: `reserveItems[*]/reserve` for every iteration)
    error: str
    when: str            # FIRST or EVERY attempt
    why: str             # "retry 1", "catch 2", "FnF.ALL", "timeoutSeconds", "service"
    cause: str = ""
    timeout: float | None = None     # a real timeout: the answer comes after timeoutSeconds

    def mock(self) -> Script:
        script = Script(f"fault {self.error} at {self.path}")
        outcome = Return({}, duration=self.timeout + 1) if self.timeout is not None else Throw(self.error, self.cause)
        script.add(outcome, attempt="0" if self.when == FIRST else None)
        return script


@dataclass
class Outcome:
    fault: Fault
    status: str
    error: str | None
    path: list[str]
    handled_by: str | None       # "retry", "catch at <path> -> <step>", None
    run: Any = field(repr=False, default=None)

    @property
    def handled(self) -> bool:
        """The execution ended, and either succeeded or a catch rule took the injected error."""
        return self.status != "Running" and (self.status == "Succeeded" or self.handled_by not in (None, "retry"))

    def to_dict(self) -> dict:
        f = self.fault
        return {"step": f.path, "fault": f.error, "attempts": f.when, "why": f.why, "status": self.status,
                "error": self.error, "handled": self.handled, "handled_by": self.handled_by, "path": self.path}


@dataclass
class Sweep:
    flow: str
    baseline: Any                       # the FlowRun without a fault
    outcomes: list[Outcome]
    steps: list[str]                    # the task paths swept

    def unhandled(self, allow: Iterable = ()) -> list[Outcome]:
        rules = [_allowance(a) for a in allow]
        return [o for o in self.outcomes if not o.handled and not any(r(o.fault) for r in rules)]

    def to_dict(self) -> dict:
        return {"flow": self.flow, "baseline": {"status": self.baseline.status, "path": self.baseline.path},
                "steps": self.steps, "faults": [o.to_dict() for o in self.outcomes]}

    def table(self) -> str:
        from .sweep_report import table
        return table(self)

    def report(self, path) -> str:
        from .sweep_report import write_html
        return write_html(self, path)


def _allowance(entry) -> Callable[[Fault], bool]:
    pattern, error = (entry, None) if isinstance(entry, str) else tuple(entry)
    compiled = PathPattern(pattern)
    return lambda fault: compiled.matches(fault.path.replace("[*]", "[0]")) and error in (None, fault.error)


def faults_of(node: Node, path: str, target: str, all_errors: str) -> list[Fault]:
    found: dict[str, Fault] = {}
    for kind, rules in (("retry", node.retry), ("catch", node.catch)):
        for index, errors in enumerate(rules):
            for error in errors:
                if error != all_errors and error not in found:
                    timeout = node.timeout if error == TIMEOUT else None
                    found[error] = Fault(path, error, FIRST, f"{kind} {index + 1}", "", timeout)
    if node.timeout is not None and TIMEOUT not in found:
        found[TIMEOUT] = Fault(path, TIMEOUT, FIRST, "timeoutSeconds", "", node.timeout)
    found.setdefault(INJECTED, Fault(path, INJECTED, FIRST, all_errors, INJECTED_CAUSE))
    for error, cause in service_errors(node, target):
        found.setdefault(error, Fault(path, error, FIRST, "service", cause))
    faults = []
    for fault in found.values():
        faults.append(fault)
        if matching_rule(node.retry, fault.error, all_errors) is not None:
            faults.append(Fault(path, fault.error, EVERY, fault.why, fault.cause, fault.timeout))
    return faults


def targets(baseline) -> list[tuple[str, Node, str, str]]:
    """(path, node, target, wildcard error) of every task step the baseline reached, in the order first reached."""
    out: dict[str, tuple[str, Node, str, str]] = {}
    traces = [baseline.trace]
    while traces:
        trace = traces.pop(0)
        shape = shape_of(trace.execution.flow, trace.execution.flow_name)
        seen = observe(shape, trace)
        for node_id, visits in seen.visits.items():
            node = shape.nodes[node_id]
            tasks = [v for v in visits if v.attempts]
            if node.kind != "task" or not tasks:
                continue
            first = tasks[0]
            target = first.attempts[0].target or ""
            out.setdefault(first.path, (first.path, node, target, shape.all_errors))
            every = re.sub(r"\[\d+\]/", "[*]/", first.path)
            if every != first.path and len({v.path for v in tasks}) > 1:
                out.setdefault(every, (every, node, target, shape.all_errors))
        traces.extend(sub for node in trace.every() for sub in node.subflows)
    order = {n.path: i for i, n in enumerate(baseline.trace.every())}
    return sorted(out.values(), key=lambda t: order.get(t[0], order.get(t[0].replace("[*]", "[0]"), 0)))


def judge(fault: Fault, run) -> Outcome:
    """What the fault did to `run`: its status, error and path, and what handled the injected error."""
    handled_by = None
    for node in run.trace.every():
        if node.caught and node.error == fault.error:
            handled_by = f"catch at {node.path} -> {node.next}"
            break
    if handled_by is None:
        pattern = PathPattern("/" + fault.path)
        hit = [n for n in run.trace.every() if pattern.matches(n.path) and n.attempts]
        if any(len(n.attempts) > 1 and n.attempts[-1].ok for n in hit):
            handled_by = "retry"
    return Outcome(fault, run.status, run.error, run.path, handled_by, run)


def sweep(start: Callable[[Fault | None], Any], flow: str) -> Sweep:
    """Run the baseline (`start(None)`), then `start(fault)` for every fault of every task path it reached;
    `start` runs the flow in a fresh world with the fault's mock and returns the FlowRun."""
    baseline = start(None)
    swept, outcomes = [], []
    for path, node, target, all_errors in targets(baseline):
        swept.append(path)
        for fault in faults_of(node, path, target, all_errors):
            outcomes.append(judge(fault, start(fault)))
    return Sweep(flow, baseline, outcomes, swept)


def copy_mocks(mocks: dict | None) -> dict:
    """Mock specs for one more run: Scripts copied (they count their uses), everything else as given."""
    return {k: copy.deepcopy(v) if isinstance(v, Script) else v for k, v in (mocks or {}).items()}


def fresh_worlds(make_world: Callable[[], Any], make_runner: Callable[[Any], Any], flow, input, *,
                 mocks: dict | None = None, flows: dict | None = None, callbacks: Iterable = (),
                 setup: Callable[[Any], None] | None = None) -> Callable[[Fault | None], Any]:
    """A `start` for `sweep`: each run in a new world (`make_world()`, then `setup(world)`) with a new runner
    (`make_runner(world)`), the fault's mock first, then `mocks` (rebuilt for each run), `flows` and `callbacks`."""
    callbacks = list(callbacks)

    def start(fault: Fault | None):
        world = make_world()
        if setup is not None:
            setup(world)
        runner = make_runner(world)
        if fault is not None:
            runner.mock("/" + fault.path, fault.mock())
        return runner.run(flow, input, mocks=copy_mocks(mocks), flows=flows, callbacks=callbacks)
    return start
