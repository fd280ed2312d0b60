"""The one interface between task steps and the services they call, and the Function Compute integration
backed by a registry of Python callables.

A task step hands an integration a `TaskRequest` (target, pattern, mapped input, resolved serviceParams,
context with the task token, attempt number, timeout). `invoke` answers with a `Result`, a `Failure` or
`Pending`; a pending task is completed later through `request.handle.succeed(...)` / `.fail(...)` (async
results, child executions) or, for `waitForCallback`, through the engine's ReportTask* API.
"""
from __future__ import annotations

import inspect
import json
from dataclasses import dataclass
from typing import Any, Callable, Protocol

from .errors import StepError


class Result:
    """Success: `output` becomes the task's $local. `delay` seconds of virtual time pass before it arrives."""
    __slots__ = ("output", "delay")

    def __init__(self, output: Any = None, delay: float = 0):
        self.output = {} if output is None else output
        self.delay = delay

    def __repr__(self) -> str:
        return f"Result({self.output!r}, delay={self.delay})"


class Failure:
    """An error by name (`FC.ResourceThrottled`, `BookFlightError`, `goodstech.InternalError.Busy`) and cause."""
    __slots__ = ("error", "cause", "delay")

    def __init__(self, error: str, cause: str = "", delay: float = 0):
        self.error, self.cause, self.delay = error, cause, delay

    def __repr__(self) -> str:
        return f"Failure({self.error!r}, {self.cause!r})"


@dataclass(frozen=True, slots=True)
class Pending:
    """The outcome arrives later through the request's handle (or a callback). `cancel` is called if the task
    stops waiting first (timeout, stop, a failing sibling). Immutable: `PENDING` is shared."""
    cancel: Callable[[], None] | None = None


PENDING = Pending()


class TaskFailure(Exception):
    """Raise from a fake function (or any integration code) to fail the task with exactly this error and cause."""

    def __init__(self, error: str, cause: str = ""):
        super().__init__(f"{error}: {cause}" if cause else error)
        self.error, self.cause = error, cause


class TaskRequest:
    """Everything a task step hands to an integration for one attempt. `path` names the step inside its
    execution: the step name, prefixed by the foreach iterations and parallel branches it runs in
    ("items[3]/resize", "fanout.branch[1]/notify"); choice branches add nothing."""
    __slots__ = ("engine", "execution", "step_name", "target", "pattern", "input", "params", "context",
                 "token", "attempt", "timeout_seconds", "handle", "path")

    def __init__(self, engine, execution, step_name, target, pattern, input, params, context, token, attempt,
                 timeout_seconds, handle, path=None):
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

    @property
    def flow_name(self) -> str:
        return self.execution.flow_name

    @property
    def execution_name(self) -> str:
        return self.execution.name

    def __repr__(self) -> str:
        return f"TaskRequest({self.step_name!r}, {self.target!r}, {self.pattern}, attempt={self.attempt})"


class Integration(Protocol):
    def invoke(self, request: TaskRequest) -> Result | Failure | Pending: ...


# -- Function Compute ------------------------------------------------------------------------------

def function_error(exc: BaseException) -> Failure:
    """How FnF names a function's own error: the FC error body's `errorType` (the exception class name);
    the cause is the error body as FC returns it."""
    if isinstance(exc, (TaskFailure, StepError)):
        return Failure(exc.error, exc.cause)
    name = type(exc).__name__
    body = json.dumps({"errorMessage": str(exc), "errorType": name}, ensure_ascii=False, separators=(",", ":"))
    return Failure(name, body)


def takes_second_argument(fn: Callable) -> bool:
    """True when `fn` accepts a second positional argument (and when its signature cannot be read)."""
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return True
    positional = sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params)
    return positional >= 2 or any(p.kind == p.VAR_POSITIONAL for p in params)


class FakeFunction:
    __slots__ = ("name", "fn", "duration", "with_context")

    def __init__(self, name: str, fn: Callable, duration: float):
        self.name, self.fn, self.duration = name, fn, duration
        self.with_context = takes_second_argument(fn)

    def call(self, event: dict, request: TaskRequest) -> Result | Failure:
        try:
            value = self.fn(event, request) if self.with_context else self.fn(event)
        except Exception as exc:
            return function_error(exc)
        if isinstance(value, (Result, Failure)):
            return value
        return Result(value, self.duration)


class Functions:
    """Fake FC functions: `register("service/function", fn)`; `fn(event)` or `fn(event, request)` returns the
    result (a dict, or a JSON string/bytes), raises to fail with its class name, or raises TaskFailure."""

    kind = "fc"

    def __init__(self, engine):
        self.engine = engine
        self._functions: dict[str, FakeFunction] = {}
        self.calls: list[tuple[str, dict]] = []      # (name, event) in invocation order

    def register(self, name: str, fn: Callable | None = None, *, duration: float = 0):
        """Register `fn` under "service/function" (or "service.qualifier/function"); usable as a decorator.
        `duration` is the virtual time each synchronous invocation takes."""
        if "/" not in name:
            raise ValueError(f"function name {name!r} must look like 'service/function'")
        if fn is None:
            return lambda f: self.register(name, f, duration=duration)
        self._functions[name] = FakeFunction(name, fn, duration)
        return fn

    def lookup(self, target) -> FakeFunction | None:
        if target.qualifier:
            found = self._functions.get(f"{target.service}.{target.qualifier}/{target.function}")
            if found is not None:
                return found
        return self._functions.get(f"{target.service}/{target.function}")

    def invoke(self, request: TaskRequest) -> Result | Failure | Pending:
        target = request.target
        fake = self.lookup(target)
        if fake is None:
            return Failure("FC.FunctionNotFound", f"function '{target.function}' does not exist in service "
                                                  f"'{target.service}' (register it with engine.functions.register)")
        params = request.params if isinstance(request.params, dict) else {}
        asynchronous = params.get("InvocationType") == "Async" or request.pattern == "sync"
        if not asynchronous:
            self.calls.append((fake.name, request.input))
            outcome = fake.call(request.input, request)
            if request.pattern == "waitForCallback" and isinstance(outcome, Result):
                return Result({})           # invoked; the result comes through the callback
            return outcome
        # Asynchronous invocation: accepted now, the function runs right after (in virtual time order).
        handle = request.handle

        def run_async(_=None):
            if handle.done and request.pattern == "sync":
                return
            self.calls.append((fake.name, request.input))
            outcome = fake.call(request.input, request)
            if request.pattern != "sync":
                return                      # requestResponse ignores it; waitForCallback waits for a report
            if outcome.delay:
                self.engine.clock.call_later(outcome.delay, lambda: deliver(handle, outcome))
            else:
                deliver(handle, outcome)

        self.engine.call_soon(run_async)
        return PENDING if request.pattern == "sync" else Result({})


def deliver(handle, outcome: Result | Failure) -> None:
    """Complete a task attempt's handle with an outcome: its output, or its error and cause."""
    if isinstance(outcome, Result):
        handle.succeed(outcome.output)
    else:
        handle.fail(outcome.error, outcome.cause)
