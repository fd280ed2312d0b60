"""The Task state: `Parameters` evaluated for every attempt, the TaskMode as the pattern integrations know
(RequestComplete → requestResponse, WaitForSystemCallback → sync, WaitForCustomCallback → waitForCallback), the
task token of a custom callback, `Timeout` (0: none), and the attempts and Retry of the old dialect's task steps
(`tasks.attempt_task`, `tasks.with_retry`), recording TaskSucceeded and TaskFailed."""
from __future__ import annotations

from types import MappingProxyType

from ..fdl.actions import REQUEST_COMPLETE, WAIT_FOR_CUSTOM_CALLBACK, WAIT_FOR_SYSTEM_CALLBACK
from ..fdl.targets import REQUEST_RESPONSE, SYNC, WAIT_FOR_CALLBACK
from .errors import RUNTIME_ERROR, StepError
from .outcomes import Return, Throw
from .statedata import context, evaluate
from .tasks import STATE_EVENTS, TaskCall, attempt_task, with_retry

PATTERNS = MappingProxyType({REQUEST_COMPLETE: REQUEST_RESPONSE, WAIT_FOR_SYSTEM_CALLBACK: SYNC,
                             WAIT_FOR_CUSTOM_CALLBACK: WAIT_FOR_CALLBACK})


def run_task(scope, plan, current):
    state = plan.state
    execution = scope.execution
    engine = execution.engine
    pattern = PATTERNS[state.task_mode]
    if pattern == WAIT_FOR_CALLBACK:
        current.token = execution.token_for(current.entered)
    timeout = _timeout(scope, state, current)
    integration = engine.integration_for(state.action)
    call = TaskCall(plan.name, state.action, pattern, timeout, scope.prefix + plan.name, STATE_EVENTS)

    def attempt(number):
        current.retries = number
        try:
            params = {} if state.parameters is None else evaluate(state.parameters, scope, current, "Parameters",
                                                                  plan.params_context)
        except StepError as err:
            return Throw(err.error, err.cause)
        return (yield from attempt_task(scope, call, current.input, params, integration, current.token,
                                        context(scope, current), number, current.started))

    outcome = yield from with_retry(scope, state.retry, attempt)
    if isinstance(outcome, Return):
        return outcome.value, None
    raise StepError(outcome.error, outcome.cause)


def _timeout(scope, state, current) -> float | None:
    value = state.timeout
    if value is not None and not isinstance(value, int):
        value = evaluate(value, scope, current, "Timeout.$", True)
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        limit = scope.execution.engine.limits.max_task_timeout_seconds
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= limit:
            raise StepError(RUNTIME_ERROR, f"state '{current.name}': Timeout.$ must be a number of seconds from 0 "
                                           f"to {limit}, not {value!r}")
    return value or None
