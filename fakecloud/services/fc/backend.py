"""FcBackend: the Function Compute functions of one account and region as plain Python objects: registration
(handlers and scripts), synchronous and asynchronous invocation with the service's errors, throttling against the
concurrency quota on the virtual clock, error injection, and the record of every invocation.

Time and ids. ``clock`` is the shared VirtualClock (``now_ms``, ``call_later``, ``call_at``); a sync invocation
answers at once and tells its virtual duration (``InvokeResult.duration``), during which it occupies an instance.
``new_id(kind)`` gives every id, for the kind "request"."""
from __future__ import annotations

from collections import Counter, deque
from typing import Any, Callable

from ..script import Script
from .async_runs import AsyncRuns
from .concurrency import InFlight, check_quota
from .configs import Configs
from .errors import (FcError, entity_too_large, function_not_found, injected, invalid_argument, qualifier_not_found,
                     resource_throttled, service_not_found)
from .functions import DEFAULT_MEMORY, DEFAULT_TIMEOUT, Function
from .names import LATEST, FunctionKey, check_invocation_id, check_name, check_qualifier, parse_key
from .records import ASYNC, SYNC, AsyncInvocation, Invocation, InvocationLog, InvokeResult
from .runtime import FunctionResponse, Context, FunctionMeta, ServiceMeta

SYNC_PAYLOAD_LIMIT = 6 * 1024 * 1024
ASYNC_PAYLOAD_LIMIT = 128 * 1024


def _payload(value: Any) -> bytes:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    if isinstance(value, str):
        return value.encode("utf-8")
    raise invalid_argument(f"the invocation payload must be bytes or text, got {type(value).__name__}")


def _invocation_type(value: Any) -> str:
    if isinstance(value, str) and value.lower() in ("sync", "async"):
        return SYNC if value.lower() == "sync" else ASYNC
    raise invalid_argument(f"InvocationType must be 'Sync' or 'Async', got {value!r}")


class FcBackend:
    def __init__(self, clock, new_id: Callable[[str], str], *, region: str = "cn-hangzhou",
                 account_id: str = "1234567890123456", concurrency_quota: int = 300, async_retry_attempts: int = 3):
        self.clock = clock
        self._new_id = new_id
        self.region = region
        self.account_id = account_id
        self._quota = check_quota(concurrency_quota)
        if not isinstance(async_retry_attempts, int) or isinstance(async_retry_attempts, bool) \
                or not 0 <= async_retry_attempts <= 8:
            raise invalid_argument(f"async_retry_attempts must be an integer between 0 and 8, "
                                   f"got {async_retry_attempts!r}")
        self.async_retry_attempts = async_retry_attempts
        self.reset()

    def reset(self) -> None:
        """Forget every service, function, script, injected failure, invocation, instance in flight and the
        configurations the management API recorded."""
        self._services: set[str] = set()
        self._functions: dict[FunctionKey, Function] = {}
        self._failures: dict[FunctionKey, deque[FcError]] = {}
        self._attempts: Counter[tuple[str, str, str]] = Counter()
        self.in_flight = InFlight(lambda: self.clock.now_ms, self._quota)
        self.invocations = InvocationLog()
        self.asyncs = AsyncRuns(self)
        self.configs = Configs(self._new_id)

    # -- configuration ---------------------------------------------------------------------------------------
    @property
    def concurrency_quota(self) -> int:
        return self.in_flight.quota

    @concurrency_quota.setter
    def concurrency_quota(self, value: int) -> None:
        self.in_flight.quota = self._quota = check_quota(value)

    def services(self) -> list[str]:
        """Names of every service, sorted."""
        return sorted(self._services)

    def function_keys(self) -> list[FunctionKey]:
        """Every registered function, as (service, qualifier, function) keys, in registration order."""
        return list(self._functions)

    def find(self, key: FunctionKey) -> Function | None:
        """The registration under exactly `key`, or None."""
        return self._functions.get(key)

    def delete_service(self, name: str) -> None:
        """Forget a service that has no functions left."""
        self._services.discard(name)

    def create_service(self, name: str) -> None:
        """A service with no function yet (its functions' invocations answer FunctionNotFound)."""
        self._services.add(check_name("service", name))

    def register(self, name: str, handler: Callable | None = None, *, duration: float = 0,
                 timeout: int = DEFAULT_TIMEOUT, memory: int = DEFAULT_MEMORY, handler_name: str = "index.handler",
                 decode: bool = False):
        """Register `handler` under 'service/function' (every qualifier) or 'service.qualifier/function';
        usable as a decorator. The handler is `handler(event)` or `handler(event, context)`; the event is the
        payload bytes (the decoded JSON with ``decode=True``). Returns the handler."""
        key = parse_key(name)
        if handler is None:
            return lambda fn: self.register(name, fn, duration=duration, timeout=timeout, memory=memory,
                                            handler_name=handler_name, decode=decode)
        fn = Function(key, handler, duration=duration, timeout=timeout, memory=memory, handler_name=handler_name,
                      decode=decode)
        old = self._functions.get(key)
        fn.script = old.script if old is not None else None
        self._services.add(key.service)
        self._functions[key] = fn
        return handler

    def script(self, name: str, *, duration: float = 0, timeout: int = DEFAULT_TIMEOUT) -> Script:
        """The scripted answers of 'service[.qualifier]/function' (created, without a handler, if unknown).
        Rules are chosen by attempt index and by predicate on the decoded event; a matching rule answers before
        the handler; ``Throw("FC.<Code>")`` is a system error, any other Throw a function error."""
        key = parse_key(name)
        fn = self._functions.get(key)
        if fn is None:
            fn = self._functions[key] = Function(key, None, duration=duration, timeout=timeout)
            self._services.add(key.service)
        if fn.script is None:
            fn.script = Script(str(key))
        return fn.script

    def function(self, name: str) -> Function:
        """The registration of 'service[.qualifier]/function' (FunctionNotFound when there is none)."""
        key = parse_key(name)
        fn = self._functions.get(key)
        if fn is None:
            raise function_not_found(key.service, key.function)
        return fn

    def unregister(self, name: str) -> None:
        """Delete a function (its queued async invocations become Invalid)."""
        key = parse_key(name)
        if self._functions.pop(key, None) is None:
            raise function_not_found(key.service, key.function)

    def fail_next(self, name: str, code: str, times: int = 1, message: str | None = None) -> None:
        """The next `times` invocation requests of 'service[.qualifier]/function' are answered with the system
        error `code` (e.g. "ResourceThrottled", "FC.InternalServerError") before the function runs."""
        key = parse_key(name)
        if not isinstance(code, str) or not code.removeprefix("FC."):
            raise invalid_argument(f"an error code is a non-empty string, got {code!r}")
        if not isinstance(times, int) or isinstance(times, bool) or times < 1:
            raise invalid_argument(f"times must be a positive integer, got {times!r}")
        if message is not None and not isinstance(message, str):
            raise invalid_argument(f"message must be a string, got {type(message).__name__}")
        queue = self._failures.setdefault(key, deque())
        queue.extend(injected(code.removeprefix("FC."), message) for _ in range(times))

    def unused(self) -> list[str]:
        """Scripted rules not used as scripted, and injected failures never delivered."""
        left = [text for fn in self._functions.values() if fn.script is not None for text in fn.script.unused()]
        left += [f"{key}: injected {q[0].code} x{len(q)} never delivered" for key, q in self._failures.items() if q]
        return left

    def assert_all_used(self) -> None:
        """Fail (AssertionError) when a scripted rule or an injected failure was not used as scripted."""
        left = self.unused()
        if left:
            raise AssertionError("FC answers not used:\n  " + "\n  ".join(left))

    # -- resolution --------------------------------------------------------------------------------------------
    def resolve(self, service: str, function: str, qualifier: str | None = None) -> Function:
        """The function an invocation of (service, qualifier, function) reaches, or the service's 404."""
        check_name("service", service)
        check_name("function", function)
        qualifier = check_qualifier(qualifier)
        if service not in self._services:
            raise service_not_found(service)
        fn = self._functions.get(FunctionKey(service, qualifier, function)) or \
            self._functions.get(FunctionKey(service, None, function))
        if fn is not None:
            return fn
        keys = [k for k in self._functions if k.service == service]
        if qualifier != LATEST and any(k.function == function for k in keys) \
                and not any(k.qualifier in (qualifier, None) for k in keys):
            raise qualifier_not_found(service, qualifier)
        raise function_not_found(service, function)

    def _injected(self, service: str, qualifier: str, function: str) -> FcError | None:
        for key in (FunctionKey(service, qualifier, function), FunctionKey(service, None, function)):
            queue = self._failures.get(key)
            if queue:
                return queue.popleft()
        return None

    def context(self, fn: Function, service: str, qualifier: str, request_id: str) -> Context:
        meta = FunctionMeta(fn.key.function, fn.handler_name, fn.memory, fn.timeout)
        return Context(request_id, meta, ServiceMeta(service, qualifier, qualifier if qualifier.isdigit() else ""),
                       self.region, self.account_id)

    def new_request_id(self) -> str:
        return self._new_id("request")

    # -- invocation --------------------------------------------------------------------------------------------
    def invoke(self, service: str, function: str, payload: bytes | str = b"", qualifier: str | None = None, *,
               invocation_type: str = SYNC, stateful_invocation_id: str | None = None, attempt: int | None = None,
               execution: str | None = None, step: str | None = None) -> InvokeResult:
        """InvokeFunction. Sync: runs the function now and answers 200 with its output, or with
        ``error_type`` set for a function error. Async: answers 202 at once and runs it later in virtual time
        (see `asyncs`). System errors raise FcError. ``attempt`` is the 0-based index scripts select on (by
        default, how many invocations of the function came before)."""
        kind = _invocation_type(invocation_type)
        data = _payload(payload)
        check_name("service", service)
        check_name("function", function)
        qualifier = check_qualifier(qualifier)
        if stateful_invocation_id is not None and kind == ASYNC:
            check_invocation_id(stateful_invocation_id)
        if attempt is not None and (not isinstance(attempt, int) or isinstance(attempt, bool) or attempt < 0):
            raise invalid_argument(f"an attempt index is an integer >= 0, got {attempt!r}")
        counter = (service, qualifier, function)
        if attempt is None:
            attempt = self._attempts[counter]
        self._attempts[counter] += 1
        record = Invocation(self.new_request_id(), service, qualifier, function, data, kind, attempt,
                            self.clock.now(), execution, step)
        self.invocations.append(record)
        try:
            fn = self.resolve(service, function, qualifier)
            limit = SYNC_PAYLOAD_LIMIT if kind == SYNC else ASYNC_PAYLOAD_LIMIT
            if len(data) > limit:
                raise entity_too_large(len(data), limit, kind.lower())
            failure = self._injected(service, qualifier, function)
            if failure is not None:
                raise failure
            if kind == ASYNC:
                run = self.asyncs.submit(fn, record, stateful_invocation_id)
                record.status, record.invocation_id = 202, run.invocation_id
                return InvokeResult(202, b"", None, record.request_id, 0.0, run.invocation_id)
            if self.in_flight.full():
                raise resource_throttled(self.in_flight.quota)
            answer, record.script_misses = fn.answer(data, self.context(fn, service, qualifier, record.request_id),
                                                     attempt)
            if answer.error is not None:
                raise answer.error
        except FcError as err:
            err.request_id = record.request_id
            record.status, record.error = err.status, err
            raise
        self.in_flight.occupy(round(answer.duration * 1000))
        record.status, record.body, record.error_type, record.duration = 200, answer.body, answer.error_type, \
            answer.duration
        return InvokeResult(200, answer.body, answer.error_type, record.request_id, answer.duration)

    def run_async(self, fn: Function, run: AsyncInvocation) -> FunctionResponse:
        """One run of an async invocation (called by `asyncs` when an instance is free)."""
        answer, misses = fn.answer(run.payload, self.context(fn, run.service, run.qualifier, run.request_id),
                                   run.attempt)
        if run.record is not None and misses:
            run.record.script_misses = misses
        return answer

    # -- stateful async invocations ----------------------------------------------------------------------------
    def get_async_invocation(self, service: str, function: str, invocation_id: str,
                             qualifier: str | None = None) -> AsyncInvocation:
        """GetStatefulAsyncInvocation (StatefulAsyncInvocationNotFound when unknown)."""
        return self.asyncs.get(service, function, invocation_id, qualifier)

    def list_async_invocations(self, service: str, function: str, qualifier: str | None = None, *,
                               status: str | None = None, prefix: str | None = None) -> list[AsyncInvocation]:
        """ListStatefulAsyncInvocations: in submission order, optionally by status and invocation id prefix."""
        return self.asyncs.list(service, function, qualifier, status, prefix)

    def stop_async_invocation(self, service: str, function: str, invocation_id: str,
                              qualifier: str | None = None) -> AsyncInvocation:
        """StopStatefulAsyncInvocation: an enqueued or running invocation becomes Stopped (its instance is freed);
        a finished one is left as it is."""
        return self.asyncs.stop(service, function, invocation_id, qualifier)
