"""The one interface between task steps and the services they call.

A task step hands the integration that answers its target a `TaskRequest` (target, pattern, mapped input,
resolved serviceParams, context with the task token, the 0-based attempt index, timeout). `invoke` answers with a
`Return`, a `Throw` or `Pending`; a pending task is completed later through `request.handle.succeed(...)` /
`.fail(...)` (async results, child executions) or, for `waitForCallback`, through the engine's ReportTask* API.

The engine itself has no integrations: a world (`FakeCloud`) registers those of its services with
`engine.register_integration`, and the engine asks each, in order, whether it `answers` a target.
"""
from __future__ import annotations

import inspect
import json
from typing import Callable, Protocol

from .errors import StepError
from .outcomes import Outcome, Pending, Return, Throw, wait_of


class TaskRequest:
    """Everything a task step hands to an integration for one attempt. `path` names the step inside its
    execution: the step name, prefixed by the foreach iterations and parallel branches it runs in
    ("items[3]/resize", "fanout.branch[1]/notify"); choice branches add nothing. `attempt` counts from 0 (the first
    call), as mock selectors, scripts and recordings do. `event_id` is the id of the attempt's TaskScheduled event.
    `integration` is the integration that answers the target (None when no registered integration does)."""
    __slots__ = ("engine", "execution", "step_name", "target", "pattern", "input", "params", "context",
                 "token", "attempt", "timeout_seconds", "handle", "path", "event_id", "integration")

    def __init__(self, engine, execution, step_name, target, pattern, input, params, context, token, attempt,
                 timeout_seconds, handle, path=None, event_id=0, integration=None):
        self.engine = engine
        self.execution = execution
        self.step_name = step_name
        self.target = target
        self.pattern = pattern
        self.input = input
        self.params = params
        self.context = context
        self.token = token
        self.attempt = attempt
        self.timeout_seconds = timeout_seconds
        self.handle = handle
        self.path = step_name if path is None else path
        self.event_id = event_id
        self.integration = integration

    @property
    def flow_name(self) -> str:
        return self.execution.flow_name

    @property
    def execution_name(self) -> str:
        return self.execution.name

    def __repr__(self) -> str:
        return f"TaskRequest({self.step_name!r}, {self.target!r}, {self.pattern}, attempt={self.attempt})"


class Integration(Protocol):
    """What the engine needs of an integration: which targets it answers, and one attempt's answer."""
    name: str

    def answers(self, target) -> bool: ...

    def invoke(self, request: TaskRequest) -> Outcome | Pending: ...


def function_error(exc: BaseException) -> Throw:
    """How FnF names a function's own error: the FC error body's `errorType` (the exception class name);
    the cause is the error body as FC returns it."""
    if isinstance(exc, StepError):
        return Throw(exc.error, exc.cause)
    if hasattr(exc, "as_throw"):
        return exc.as_throw()
    name = type(exc).__name__
    body = json.dumps({"errorMessage": str(exc), "errorType": name}, ensure_ascii=False, separators=(",", ":"))
    return Throw(name, body)


def takes_second_argument(fn: Callable) -> bool:
    """True when `fn` accepts a second positional argument (and when its signature cannot be read)."""
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return True
    positional = sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params)
    return positional >= 2 or any(p.kind == p.VAR_POSITIONAL for p in params)


def deliver(handle, outcome: Outcome) -> None:
    """Complete a task attempt's handle with an outcome: its value, or its error and cause."""
    if isinstance(outcome, Return):
        handle.succeed(outcome.value)
    else:
        handle.fail(outcome.error, outcome.cause)


def deliver_later(clock, handle, outcome: Outcome):
    """Deliver `outcome` once its duration has passed on `clock` (at once when it has none); returns the timer."""
    seconds = wait_of(outcome)
    if not seconds:
        deliver(handle, outcome)
        return None
    return clock.call_later(seconds, lambda: deliver(handle, outcome))


__all__ = ("Integration", "TaskRequest", "deliver", "deliver_later", "function_error", "takes_second_argument")
