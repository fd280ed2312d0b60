"""A state machine's history read back as step runs (docs/semantics.md, "History of a state machine"): one StepRun
per state visit, its Task attempts (one per TaskSucceeded / TaskFailed; when each began follows from the state's
Retry rules), Parallel branches (`Name.branch[i]/`) and Map iterations (`Name[i]/`) as children. Branches and
iterations record no events of their own, so which scope an event belongs to is read from its ScheduleEventId and
the definition: a child's first StateEntered names the Parallel's or Map's StateStarted (or, when the state runs
again under its Retry, the last event of the round before)."""
from __future__ import annotations

from fakecloud.engine import history as h
from fakecloud.engine.errors import CANCELLED
from fakecloud.engine.state_task import PATTERNS
from fakecloud.fdl.statemachine import model as sm

from .step_run import CANCELLED_STATUS, CAUGHT, FAILED, SUCCEEDED, Attempt, StepRun, Steps

_FAILED = frozenset({h.STATE_FAILED, h.STATE_TIMED_OUT})
_ENDS_SCOPE = ("Succeed", "Fail")


class _Scope:
    """One run of a scope: the top level, a branch or an iteration (`model` is its definition)."""
    __slots__ = ("model", "runs", "prefix", "owner", "index", "open", "closed")

    def __init__(self, model: sm.Scope, runs: list, prefix: str, owner: StepRun | None, index: int = 0):
        self.model, self.runs, self.prefix, self.owner, self.index = model, runs, prefix, owner, index
        self.open: StepRun | None = None       # the state of this scope running now
        self.closed = False                    # its last state ended


class _Visit:
    """What the reader keeps of a state visit beside its StepRun: its definition and its scope."""
    __slots__ = ("node", "state", "scope", "started", "retry_counts", "kids")

    def __init__(self, node: StepRun, state: sm.State, scope: _Scope):
        self.node, self.state, self.scope = node, state, scope
        self.started = 0           # the StateStarted EventId
        self.retry_counts = [0] * len(getattr(state, "retry", ()))
        self.kids = 0              # children started in the current round


def read_machine(trace, machine: sm.StateMachine) -> None:
    """Fill `trace.roots` and `trace.all` from `trace.execution.history` of a run of `machine`."""
    history = trace.execution.history
    top = _Scope(machine.scope, trace.roots, trace.prefix, None)
    scope_of: dict[int, _Scope] = {}
    visit_of: dict[int, _Visit] = {}          # EventId -> the visit it belongs to
    by_node: dict[int, _Visit] = {}           # id(StepRun) -> its visit
    origins: dict[int, _Visit] = {}
    events = zip(range(1, len(history) + 1), history.types, history.scheds, history.names, history.times,
                 history.payloads)
    for eid, t, sched, name, time_ms, payload in events:
        if t == h.STATE_ENTERED:
            scope, before = _scope_for(sched, scope_of, visit_of, by_node, origins, top)
            state = scope.model.state(name)
            if state is None:           # not a state of this scope: the history is not this definition's
                continue
            if before is not None and before.scope is scope:
                before.node.next = name
            node = StepRun(name, scope.prefix + name, time_ms, scope.owner, eid)
            scope.runs.append(node)
            scope.open, scope.closed = node, False
            visit = _Visit(node, state, scope)
            by_node[id(node)] = visit
            trace.all.append(node)
            scope_of[eid], visit_of[eid] = scope, visit
            continue
        visit = _owner_named(visit_of.get(sched), name, by_node)
        if visit is None:
            continue
        visit_of[eid], scope_of[eid] = visit, visit.scope
        _apply(visit, t, payload, eid, time_ms)


def _scope_for(sched, scope_of, visit_of, by_node, origins, top):
    """The scope a StateEntered scheduled by event `sched` starts a state in, and the visit `sched` belongs to.
    `origins` maps the event every child of one run of a Parallel or Map names to that Parallel or Map."""
    before = visit_of.get(sched)
    if before is None:
        return top, None
    owner = origins.get(sched)
    if owner is not None:
        return _child(owner), before
    if before.started == sched and isinstance(before.state, (sm.ParallelState, sm.MapState)):
        origins[sched] = before
        return _child(before), before
    scope = scope_of[sched]
    if scope.closed and scope.owner is not None:
        # the last event of a branch or iteration that ended: its Parallel or Map runs again under its Retry,
        # every child of the new run naming that event
        owner = by_node[id(scope.owner)]
        owner.kids = 0
        owner.node.children.clear()
        owner.node.child_locals.clear()
        origins[sched] = owner
        return _child(owner), before
    return scope, before


def _child(visit: _Visit) -> _Scope:
    """A new branch or iteration of the Parallel or Map `visit`: the next in spawn order (index order)."""
    node, state = visit.node, visit.state
    index = visit.kids
    visit.kids += 1
    runs = Steps()
    node.children.append(runs)
    node.child_locals.append(None)
    if isinstance(state, sm.ParallelState):
        node.child_kind = "branch"
        model, prefix = state.branches[min(index, len(state.branches) - 1)], f"{node.path}.branch[{index}]/"
    else:
        node.child_kind = "iteration"
        model, prefix = state.processor, f"{node.path}[{index}]/"
    return _Scope(model, runs, prefix, node, index)


def _owner_named(visit: _Visit | None, name: str, by_node) -> _Visit | None:
    """The visit an event of state `name` scheduled by an event of `visit` belongs to: that state's, or the
    Parallel or Map around it of that name."""
    while visit is not None:
        if visit.node.name == name and (visit.scope.open is visit.node or visit.node.status != SUCCEEDED):
            return visit
        owner = visit.scope.owner
        visit = by_node.get(id(owner)) if owner is not None else None
    return None


def _apply(visit: _Visit, t: str, d, eid: int, time_ms: int) -> None:
    node, state, scope = visit.node, visit.state, visit.scope
    if t == h.STATE_STARTED:
        node.input, visit.started = d, eid
        if isinstance(state, sm.TaskState):
            _attempt(node, state, time_ms, eid)
    elif t == h.TASK_SUCCEEDED or t == h.TASK_FAILED:
        attempt = node.attempts[-1] if node.attempts else _attempt(node, state, time_ms, visit.started)
        attempt.ended_ms = time_ms
        if t == h.TASK_SUCCEEDED:
            attempt.outcome, attempt.output = "succeeded", d
            return
        attempt.outcome = "timed out" if d["error"] == "FnF.TaskTimeout" else "failed"
        attempt.error, attempt.cause = d["error"], d["cause"]
        delay = _retry_delay(visit, d["error"])
        if delay is not None:
            _attempt(node, state, time_ms + round(delay * 1000), visit.started)
    elif t == h.STATE_SUCCEEDED:
        node.output, node.status, node.ended_ms = d, SUCCEEDED, time_ms
        _end(scope, node, state.end or state.type in _ENDS_SCOPE)
    elif t in _FAILED:
        node.error, node.cause, node.ended_ms, node.failed_event = d["error"], d["cause"], time_ms, eid
        caught = any(rule.matches(d["error"]) for rule in getattr(state, "catch", ()))
        node.status = CAUGHT if caught else FAILED
        _end(scope, node, not caught)
    elif t == h.STATE_ABORTED:
        node.error, node.cause = d["error"], d["cause"]
        node.status = CANCELLED_STATUS if d["error"] == CANCELLED else FAILED
        node.ended_ms = time_ms
        _end(scope, node, True)


def _end(scope: _Scope, node: StepRun, last: bool) -> None:
    if scope.open is node:
        scope.open = None
    if last:
        scope.closed = True
        owner = scope.owner
        if owner is not None and scope.index < len(owner.child_locals):
            owner.child_locals[scope.index] = node.output


def _attempt(node: StepRun, state: sm.TaskState, time_ms: int, started: int) -> Attempt:
    attempt = Attempt(len(node.attempts), time_ms, {"input": node.input, "action": state.action.action,
                                                    "pattern": PATTERNS[state.task_mode]}, started)
    node.attempts.append(attempt)
    return attempt


def _retry_delay(visit: _Visit, error: str) -> float | None:
    """Seconds before the state's next try after failing with `error`, as its Retry rules decide (the first rule
    naming the error; each counts its own retries); None when no retry follows."""
    for index, rule in enumerate(getattr(visit.state, "retry", ())):
        if rule.matches(error):
            if visit.retry_counts[index] >= rule.max_attempts:
                return None
            visit.retry_counts[index] += 1
            return rule.delay(visit.retry_counts[index])
    return None
