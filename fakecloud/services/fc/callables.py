"""The smallest Function Compute fake: Python callables by "service/function", with none of FC's wire details
(payload bytes, instances, async queues). For driving an engine on its own (engine tests, benchmarks); a world
uses the full `FcBackend` through `FcIntegration` instead.

    functions = PythonFunctions(engine)
    engine.register_integration(functions)
    functions.register("shop/charge", lambda event: {"paid": True})

`fn(event)` or `fn(event, request)` returns the result (a dict, or a JSON string/bytes, or a Return/Throw),
raises to fail with its class name, or raises TaskFailure for an exact error and cause."""
from __future__ import annotations

from typing import Callable

from ...engine.integrations import TaskRequest, deliver_later, function_error, takes_second_argument
from ...engine.outcomes import PENDING, Pending, Return, Throw
from ...fdl.targets import SYNC, WAIT_FOR_CALLBACK, FcFunction
from ..integration import ServiceIntegration


class PythonFunction:
    __slots__ = ("name", "fn", "duration", "with_context")

    def __init__(self, name: str, fn: Callable, duration: float):
        self.name, self.fn, self.duration = name, fn, duration
        self.with_context = takes_second_argument(fn)

    def call(self, event: dict, request: TaskRequest) -> Return | Throw:
        try:
            value = self.fn(event, request) if self.with_context else self.fn(event)
        except Exception as exc:
            return function_error(exc)
        if isinstance(value, (Return, Throw)):
            return value
        return Return(value, self.duration)


class PythonFunctions(ServiceIntegration):
    name = "fc"
    targets = (FcFunction,)

    def __init__(self, engine):
        self.engine = engine
        self._functions: dict[str, PythonFunction] = {}
        self.calls: list[tuple[str, dict]] = []      # (name, event) in invocation order

    def register(self, name: str, fn: Callable | None = None, *, duration: float = 0):
        """Register `fn` under "service/function" (or "service.qualifier/function"); usable as a decorator.
        `duration` is the virtual time each synchronous invocation takes."""
        if "/" not in name:
            raise ValueError(f"function name {name!r} must look like 'service/function'")
        if fn is None:
            return lambda f: self.register(name, f, duration=duration)
        self._functions[name] = PythonFunction(name, fn, duration)
        return fn

    def lookup(self, target) -> PythonFunction | None:
        if target.qualifier:
            found = self._functions.get(f"{target.service}.{target.qualifier}/{target.function}")
            if found is not None:
                return found
        return self._functions.get(f"{target.service}/{target.function}")

    def is_set_up(self, target) -> bool:
        return self.lookup(target) is not None

    def invoke(self, request: TaskRequest) -> Return | Throw | Pending:
        target = request.target
        fake = self.lookup(target)
        if fake is None:
            return Throw("FC.FunctionNotFound", f"function '{target.function}' does not exist in service "
                                                f"'{target.service}' (register it with PythonFunctions.register)")
        params = request.params if isinstance(request.params, dict) else {}
        asynchronous = params.get("InvocationType") == "Async" or request.pattern == SYNC
        if not asynchronous:
            self.calls.append((fake.name, request.input))
            outcome = fake.call(request.input, request)
            if request.pattern == WAIT_FOR_CALLBACK and isinstance(outcome, Return):
                return Return({})           # invoked; the result comes through the callback
            return outcome
        # Asynchronous invocation: accepted now, the function runs right after (in virtual time order).
        handle = request.handle

        def run_async(_=None):
            if handle.done and request.pattern == SYNC:
                return
            self.calls.append((fake.name, request.input))
            outcome = fake.call(request.input, request)
            if request.pattern == SYNC:     # requestResponse ignores it; waitForCallback waits for a report
                deliver_later(self.engine.clock, handle, outcome)

        self.engine.call_soon(run_async)
        return PENDING if request.pattern == SYNC else Return({})
