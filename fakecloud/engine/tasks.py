"""Task steps: one attempt through the engine's interceptors to the integration that answers the target, the
history events of each pattern, task timeouts, task tokens for callbacks, and retries (first matching policy,
per-policy counters, back-off on the virtual clock)."""
from __future__ import annotations

import json
from dataclasses import dataclass

from ..fdl.targets import REQUEST_RESPONSE, SYNC, WAIT_FOR_CALLBACK
from . import history as h
from .dataflow import json_copy, resolve_template
from .errors import INVALID_LOCAL, TASK_TIMEOUT, StepError, Terminated
from .integrations import TaskRequest, deliver
from .outcomes import Pending, Return, TaskFailure, Throw, wait_of
from .steps import NEXT


@dataclass(frozen=True)
class TaskEvents:
    """The history events a task records: the old dialect's per-attempt events, or a state machine's (None: not
    recorded), and the name of its timeout field in a timeout's cause."""
    scheduled: str | None
    started: str | None
    submitted: str | None
    submit_failed: str
    succeeded: str
    failed: str
    timed_out: str
    timeout_field: str


STEP_EVENTS = TaskEvents(h.TASK_SCHEDULED, h.TASK_STARTED, h.TASK_SUBMITTED, h.TASK_SUBMIT_FAILED, h.TASK_SUCCEEDED,
                         h.TASK_FAILED, h.TASK_TIMED_OUT, "timeoutSeconds")
STATE_EVENTS = TaskEvents(None, None, None, h.TASK_FAILED, h.TASK_SUCCEEDED, h.TASK_FAILED, h.TASK_FAILED, "Timeout")


class TaskHandle:
    """Completes one task attempt exactly once: with a result, an error, or a timeout. Emits the matching
    history event at the moment of completion and wakes the waiting step."""
    __slots__ = ("execution", "scope", "step_name", "done", "outcome", "suspended", "timers", "on_cancel",
                 "token", "held", "events")

    def __init__(self, execution, scope, step_name: str, events=None):
        self.events = STEP_EVENTS if events is None else events
        self.execution = execution
        self.scope = scope
        self.step_name = step_name
        self.done = False
        self.outcome = None
        self.suspended = False
        self.timers: list = []
        self.on_cancel = None
        self.token = None
        self.held = None     # while the integration is being invoked: a report that arrives is held here

    def succeed(self, output) -> int | None:
        """Complete with `output` (a JSON object, or its JSON text); returns the TaskSucceeded EventId."""
        if self.done:
            return None
        if isinstance(output, (str, bytes)):
            try:
                output = json.loads(output)
            except ValueError:
                return self.fail(INVALID_LOCAL, "the task result is not valid JSON")
        elif output is None:
            output = {}
        else:
            try:
                output = json_copy(output)
            except (TypeError, ValueError) as exc:
                return self.fail(INVALID_LOCAL, f"the task result is not JSON: {exc}")
        if not isinstance(output, dict):
            return self.fail(INVALID_LOCAL, f"the task result must be a JSON object, not {type(output).__name__}")
        return self._finish(self.events.succeeded, output, Return(output))

    def fail(self, error: str, cause: str = "") -> int | None:
        if self.done:
            return None
        error, cause = str(error), "" if cause is None else str(cause)
        return self._finish(self.events.failed, {"error": error, "cause": cause}, Throw(error, cause))

    def time_out(self, seconds: float) -> int | None:
        if self.done:
            return None
        cause = f"task did not complete within {self.events.timeout_field} ({_seconds(seconds)} s)"
        eid = self._finish(self.events.timed_out, {"error": TASK_TIMEOUT, "cause": cause}, Throw(TASK_TIMEOUT, cause))
        if self.on_cancel is not None:
            self.on_cancel()
        return eid

    def cancel(self) -> None:
        """The step stopped waiting (cancelled or its execution ended): drop timers, tell the integration."""
        if self.done:
            return
        self.done = True
        for timer in self.timers:
            timer.cancel()
        if self.on_cancel is not None:
            self.on_cancel()

    def _finish(self, type_: str, detail: dict, outcome) -> int | None:
        self.done = True
        for timer in self.timers:
            timer.cancel()
        self.outcome = outcome
        if self.held is not None:   # reported during the invocation: recorded after TaskSubmitted
            self.held.append((type_, detail))
            return None
        execution = self.execution
        try:
            eid = execution.emit(self.scope, type_, self.step_name, detail)
        except Terminated:
            if execution.engine.scheduler.current is self.scope.fiber:
                raise
            return None
        if self.suspended:
            self.scope.fiber.wake(outcome)
        return eid


def _seconds(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def run_task(scope, plan, inp, entered, size):
    """The task step handler (a generator): returns (local, NEXT, None) or raises StepError."""
    execution = scope.execution
    engine = execution.engine
    step = plan.step
    params = None
    if step.service_params is not None:
        params = resolve_template(step.service_params.value, inp, execution.lenient) if plan.params_have_paths \
            else step.service_params.value
    integration = engine.integration_for(step.target)
    context = execution.context(scope, plan, entered) if plan.callback or plan.uses_context else None
    token = context["task"]["token"] if plan.callback else None     # context() signed it
    call = TaskCall(plan.name, step.target, step.pattern, step.timeout_seconds, scope.prefix + plan.name,
                    STEP_EVENTS, {plan.target_key: plan.target_value, "pattern": step.pattern})

    def one(attempt):
        return attempt_task(scope, call, inp, params, integration, token, context, attempt)

    outcome = yield from with_retry(scope, step.retry, one)
    if isinstance(outcome, Return):
        return outcome.value, NEXT, None
    raise StepError(outcome.error, outcome.cause)


def with_retry(scope, rules, work):
    """Run `work(attempt)` (a generator returning a Return or a Throw; `attempt` counts from 0) until it returns, or
    until no rule matches its error or the first matching rule has used its retries; each rule counts its own
    retries and waits `rule.delay(n)` virtual seconds before retry n. Returns the last outcome. Both dialects' retry
    rules (`matches`, `max_attempts`, `delay`) work here."""
    counts = [0] * len(rules)
    attempt = -1
    while True:
        attempt += 1                # 0-based: attempt 0 is the first call
        outcome = yield from work(attempt)
        if isinstance(outcome, Return):
            return outcome
        for index, rule in enumerate(rules):
            if rule.matches(outcome.error):
                break
        else:
            return outcome
        if counts[index] >= rule.max_attempts:
            return outcome
        counts[index] += 1
        timer = scope.execution.engine.clock.call_later(rule.delay(counts[index]), scope.fiber.wake)
        yield timer.cancel


class TaskCall:
    """What is the same for every attempt of one task run: its step or state name, target, pattern (the old
    dialect's names), timeout, path, the history events it records and the detail of its TaskScheduled event
    (the mapped input is added)."""
    __slots__ = ("name", "target", "pattern", "timeout", "path", "events", "scheduled")

    def __init__(self, name, target, pattern, timeout, path, events, scheduled=None):
        self.name, self.target, self.pattern, self.timeout, self.path = name, target, pattern, timeout, path
        self.events, self.scheduled = events, scheduled


def attempt_task(scope, call, inp, params, integration, token, context, attempt, event_id=None):
    """One attempt of a task: invoke it through the engine's interceptors and wait for its outcome (a Return or a
    Throw). `event_id` is the event the attempt is known by when its events record no TaskScheduled."""
    execution = scope.execution
    engine = execution.engine
    pattern = call.pattern
    events = call.events
    emit = execution.emit
    name = call.name
    if events.scheduled is not None:
        event_id = emit(scope, events.scheduled, name, {**call.scheduled, "input": inp})
    handle = TaskHandle(execution, scope, name, events)
    if pattern == REQUEST_RESPONSE and events.started is not None:
        emit(scope, events.started, name, {})
    request = TaskRequest(engine, execution, name, call.target, pattern, inp, params, context, token,
                          attempt, call.timeout, handle, call.path, event_id, integration)
    if pattern == WAIT_FOR_CALLBACK:
        # Registered before invoking, so whatever receives the token may report at once (a synchronous FC
        # handler); such a report is held and recorded after TaskSubmitted.
        handle.token, handle.held = token, []
        engine._callbacks[token] = handle
    try:
        outcome = engine.invoke_task(request)
    except TaskFailure as exc:
        outcome = exc.as_throw()
    held, handle.held = handle.held, None
    if execution.closed:
        raise Terminated()
    if pattern == REQUEST_RESPONSE:
        if isinstance(outcome, Pending):
            handle.on_cancel = outcome.cancel
        elif not wait_of(outcome):
            deliver(handle, outcome)
            return handle.outcome
        else:
            handle.timers.append(engine.clock.call_later(wait_of(outcome), lambda: deliver(handle, outcome)))
    elif isinstance(outcome, Throw):
        handle.done = True
        emit(scope, events.submit_failed, name, {"error": outcome.error, "cause": outcome.cause})
        return outcome
    else:
        if events.submitted is not None:
            emit(scope, events.submitted, name, {})
        if isinstance(outcome, Pending):
            handle.on_cancel = outcome.cancel
        if held:
            emit(scope, held[0][0], name, held[0][1])
            return handle.outcome
        if pattern == SYNC and isinstance(outcome, Return):
            if not wait_of(outcome):
                deliver(handle, outcome)
                return handle.outcome
            handle.timers.append(engine.clock.call_later(wait_of(outcome), lambda: deliver(handle, outcome)))
    if handle.done:          # completed by the integration before we started waiting
        return handle.outcome
    if call.timeout is not None:
        seconds = call.timeout
        handle.timers.append(engine.clock.call_later(seconds, lambda: handle.time_out(seconds), auto=False))
    handle.suspended = True
    outcome = yield handle.cancel
    return outcome
