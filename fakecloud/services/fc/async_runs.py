"""Asynchronous invocations on the virtual clock: accepted at once, run when an instance is free (Enqueued →
Running → Succeeded/Failed, Retrying between runs of a function error, Stopped when stopped, Invalid when the
function is gone), with StatefulAsyncInvocationID unique per function."""
from __future__ import annotations

from typing import Any, Callable, Protocol

from .concurrency import InFlight
from .errors import FcError, async_invocation_exists, async_invocation_not_found, invalid_argument
from .functions import Function
from .names import check_invocation_id
from .records import (ASYNC_STATUSES, ENQUEUED, FAILED, INVALID, RETRYING, RUNNING, STOPPED, SUCCEEDED,
                      AsyncInvocation, Invocation, matching)
from .runtime import FunctionResponse

Listener = Callable[[AsyncInvocation], None]


class Owner(Protocol):
    """What the async runs use of the backend that owns them (the FcBackend)."""
    clock: Any
    in_flight: InFlight
    async_retry_attempts: int

    def resolve(self, service: str, function: str, qualifier: str | None = None) -> Function: ...

    def run_async(self, fn: Function, run: AsyncInvocation) -> Answer: ...


class AsyncRuns:
    """The async invocations of one backend, by (service, function) and invocation id."""

    def __init__(self, backend: Owner):
        self._backend = backend
        self._by_function: dict[tuple[str, str], dict[str, AsyncInvocation]] = {}
        self._slots: dict[AsyncInvocation, int | None] = {}

    @property
    def _clock(self):
        return self._backend.clock

    def submit(self, fn: Function, record: Invocation, invocation_id: str | None) -> AsyncInvocation:
        """Accept an invocation (the id defaults to the request id) and schedule its first run."""
        runs = self._by_function.setdefault((record.service, record.function), {})
        invocation_id = invocation_id or record.request_id
        if invocation_id in runs:
            raise async_invocation_exists(invocation_id, record.service, record.function)
        run = AsyncInvocation(invocation_id, record.request_id, record.service, record.qualifier, record.function,
                              record.payload, record.attempt, self._clock.now_ms, record=record)
        runs[invocation_id] = run
        run.timer = self._clock.call_later(0, lambda: self._start(run))
        return run

    def when_done(self, run: AsyncInvocation, listener: Listener) -> None:
        """Call `listener(run)` when the invocation reaches a final status (at once if it has)."""
        if run.done:
            listener(run)
        else:
            run.listeners.append(listener)

    # -- life cycle --------------------------------------------------------------------------------------------
    def _start(self, run: AsyncInvocation) -> None:
        if run.status not in (ENQUEUED, RETRYING):
            return
        backend = self._backend
        try:
            fn = backend.resolve(run.service, run.function, run.qualifier)
        except FcError as err:
            self._end(run, INVALID, FunctionResponse(error=err))
            return
        if backend.in_flight.full():           # throttled: try again when an instance frees up
            run.timer = self._clock.call_at(backend.in_flight.next_free_ms(), lambda: self._start(run))
            return
        run.status = RUNNING
        if not run.started_ms:
            run.started_ms = self._clock.now_ms
        answer = backend.run_async(fn, run)
        self._slots[run] = backend.in_flight.occupy(round(answer.duration * 1000))
        run.timer = self._clock.call_later(answer.duration, lambda: self._finish(run, answer))

    def _finish(self, run: AsyncInvocation, answer: FunctionResponse) -> None:
        self._backend.in_flight.release(self._slots.pop(run, None))
        if answer.error_type is not None and run.retried < self._backend.async_retry_attempts:
            run.retried += 1
            run.status = RETRYING
            run.body, run.error_type, run.error = answer.body, answer.error_type, None
            run.timer = self._clock.call_later(0, lambda: self._start(run))
            return
        self._end(run, FAILED if answer.failed else SUCCEEDED, answer)

    def _end(self, run: AsyncInvocation, status: str, answer: FunctionResponse | None) -> None:
        run.status = status
        run.ended_ms = self._clock.now_ms
        run.timer = None
        if answer is not None:
            run.body, run.error_type, run.error = (None if answer.error else answer.body), answer.error_type, \
                answer.error
        record = run.record
        if record is not None:
            record.body, record.error_type, record.error = run.body, run.error_type, run.error
            record.duration = (run.ended_ms - run.started_ms) / 1000 if run.started_ms else 0.0
        listeners, run.listeners = run.listeners, []
        for listener in listeners:
            listener(run)

    def stop(self, service: str, function: str, invocation_id: str, qualifier: str | None) -> AsyncInvocation:
        return self.halt(self.get(service, function, invocation_id, qualifier))

    def halt(self, run: AsyncInvocation) -> AsyncInvocation:
        """Stop an enqueued, running or retrying invocation (a finished one is left as it is)."""
        if run.done:
            return run
        if run.timer is not None:
            run.timer.cancel()
        self._backend.in_flight.release(self._slots.pop(run, None))
        self._end(run, STOPPED, None)
        return run

    # -- queries -----------------------------------------------------------------------------------------------
    def get(self, service: str, function: str, invocation_id: str, qualifier: str | None) -> AsyncInvocation:
        self._backend.resolve(service, function, qualifier)
        check_invocation_id(invocation_id)
        run = self._by_function.get((service, function), {}).get(invocation_id)
        if run is None:
            raise async_invocation_not_found(invocation_id, service, function)
        return run

    def list(self, service: str, function: str, qualifier: str | None, status: str | None,
             prefix: str | None) -> list[AsyncInvocation]:
        self._backend.resolve(service, function, qualifier)
        if status is not None and status not in ASYNC_STATUSES:
            raise invalid_argument(f"status must be one of {', '.join(ASYNC_STATUSES)}, got {status!r}")
        if prefix is not None and not isinstance(prefix, str):
            raise invalid_argument(f"invocationIdPrefix must be a string, got {type(prefix).__name__}")
        runs = self._by_function.get((service, function), {}).values()
        return [r for r in matching(runs, status) if not prefix or r.invocation_id.startswith(prefix)]
