"""State semantics of a state machine: the per-state pipeline (StateEntered → InputConstructor → StateStarted →
the state's work with its Retry → Catch → OutputConstructor → GlobalConstructor → StateSucceeded → Next) run
over one scope, and the handlers of Pass, Wait, Choice, Succeed and Fail.

Handlers are generators `handler(scope, plan, current)` returning `(raw output, next state name or None)`; they
yield only to suspend their fiber. `current.input` is the state's constructed input (`$Input`)."""
from __future__ import annotations

from . import history as h
from .clock import to_ms
from .errors import CANCELLED, RUNTIME_ERROR, TASK_TIMEOUT, WAIT_LIMIT_EXCEEDED, Cancelled, StepError
from .statedata import Current, check_state_data, evaluate, merge_globals, pass_output

EXPRESS = "Express"


def run_scope(scope, plans, inp):
    """Run one scope (the top level, a Parallel branch, a Map iteration) from its StartAt on `inp`; returns the
    output of the state that ended it."""
    execution = scope.execution
    emit, emit_pair = execution.emit, execution.emit_pair
    size, max_bytes = execution.meter.size, execution.engine.limits.max_state_data_bytes
    plan = plans.start
    index = plans.index
    while True:
        name = plan.name
        if plan.fused and size(inp) <= max_bytes:
            # its output first (nothing it reads is recorded yet), then its three events at once when it is within
            # the limit, as separate emits would record them
            constructor = plan.output_constructor
            try:
                if constructor is None:
                    output = inp
                elif plan.oc_context:
                    output = evaluate(constructor, scope, Current(name, inp, 0), "OutputConstructor", True, output=inp)
                else:
                    output = pass_output(constructor, scope, name, inp)
            except StepError as err:    # a Pass or Succeed has no Catch: StateFailed, and the error goes on
                current = Current(name, inp, emit_pair(scope, name, h.STATE_ENTERED, inp, h.STATE_STARTED, inp))
                caught(scope, plan, current, err, index)
                raise
            if size(output) > max_bytes:    # ends the execution (Terminated) after StateEntered and StateStarted
                current = Current(name, inp, emit_pair(scope, name, h.STATE_ENTERED, inp, h.STATE_STARTED, inp))
                check_state_data(scope, current, output, "output")
            execution.emit_triple(scope, name, h.STATE_ENTERED, inp, name, h.STATE_STARTED, inp, name,
                                  h.STATE_SUCCEEDED, output)
            if plan.end:
                return output
            plan, inp = index[plan.next], output
            continue
        if plan.input_constructor is None and size(inp) <= max_bytes:
            # nothing can fail between StateEntered and StateStarted: both are recorded at once
            current = Current(name, inp, emit_pair(scope, name, h.STATE_ENTERED, inp, h.STATE_STARTED, inp))
            current.started = current.entered + 1
        else:
            current = Current(name, inp, emit(scope, h.STATE_ENTERED, name, inp))
        try:
            if not current.started:
                if plan.input_constructor is not None:
                    current.input = evaluate(plan.input_constructor, scope, current, "InputConstructor",
                                             plan.ic_context)
                check_state_data(scope, current, current.input, "input")
                current.started = emit(scope, h.STATE_STARTED, name, current.input)
            state_input = current.input
            if plan.passes:
                result, goto = state_input, None
            else:
                result, goto = yield from plan.handler(scope, plan, current)
            output = result
            if plan.output_constructor is not None:
                output = evaluate(plan.output_constructor, scope, current, "OutputConstructor", plan.oc_context,
                                  output=result)
            if plan.global_constructor is not None:
                merge_globals(scope, current, evaluate(plan.global_constructor, scope, current, "GlobalConstructor",
                                                       plan.gc_context, output=result))
            if size(output) > max_bytes:
                check_state_data(scope, current, output, "output")
        except StepError as err:
            goes_to = caught(scope, plan, current, err, index)
            if goes_to is None:
                raise
            plan, inp = goes_to
            continue
        except Cancelled as stop:
            emit(scope, h.STATE_ABORTED, name, {"error": CANCELLED, "cause": stop.cause})
            raise
        emit(scope, h.STATE_SUCCEEDED, name, output)
        if goto is not None:
            plan = index[goto]
        elif plan.end:
            return output
        else:
            plan = index[plan.next]
        inp = output


def caught(scope, plan, current: Current, err: StepError, index: dict):
    """The state failed with `err`: records StateFailed (StateTimedOut for a timeout); returns the plan and input
    of the state its matching Catch rule goes to, or None when none matches (the caller re-raises `err` in its
    `except`, which leaves no reference to it in a frame of its traceback)."""
    kind = h.STATE_TIMED_OUT if err.error == TASK_TIMEOUT else h.STATE_FAILED
    scope.execution.emit(scope, kind, current.name, {"error": err.error, "cause": err.cause})
    rule = plan.catch_rule(err.error)
    if rule is None:
        return None
    current.error = err.with_traceback(None)     # its frames (this one too) would hold it in a cycle
    output = current.input
    if rule.output_constructor is not None:
        output = evaluate(rule.output_constructor, scope, current, "Catch OutputConstructor", True)
        check_state_data(scope, current, output, "Catch output")
    return index[rule.next], output


def run_pass(scope, plan, current):
    """Pass, and Succeed (a Pass that ends its scope): the output is the input."""
    return current.input, None
    yield  # pragma: no cover  (makes this a generator)


def run_fail(scope, plan, current):
    state = plan.state
    raise StepError(state.code or "", state.detail or "")
    yield  # pragma: no cover


def run_choice(scope, plan, current):
    for branch in plan.state.branches:
        if evaluate(branch.condition, scope, current, "Condition", True):
            return current.input, branch.next
    return current.input, plan.state.default
    yield  # pragma: no cover


def run_wait(scope, plan, current):
    seconds = plan.state.seconds
    execution = scope.execution
    if not isinstance(seconds, int):
        seconds = evaluate(seconds, scope, current, "Seconds.$", True)
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
            raise StepError(RUNTIME_ERROR, f"state '{current.name}': Seconds.$ must be a number of seconds >= 0, "
                                           f"not {seconds!r}")
        limits = execution.engine.limits
        limit = limits.max_express_wait_seconds if execution.program.express else limits.max_state_wait_seconds
        if seconds > limit:
            raise StepError(WAIT_LIMIT_EXCEEDED, f"state '{current.name}': a Wait lasts at most {limit} seconds, "
                                                 f"not {seconds}")
    if seconds > 0:
        clock = execution.engine.clock
        timer = clock.call_at(clock.now_ms + to_ms(seconds), scope.fiber.wake)
        yield timer.cancel
    return current.input, None
