"""What Function Compute answers and what the fake remembers: the InvokeResult of a request, the record of every
invocation (with filtered views), and stateful asynchronous invocations with the service's status names."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from ... import jsontext
from .errors import FcError

SYNC, ASYNC = "Sync", "Async"

# StatefulAsyncInvocation statuses (FC API names).
ENQUEUED, RUNNING, SUCCEEDED, FAILED, STOPPED, RETRYING, INVALID = (
    "Enqueued", "Running", "Succeeded", "Failed", "Stopped", "Retrying", "Invalid")
ASYNC_STATUSES = (ENQUEUED, RUNNING, SUCCEEDED, FAILED, STOPPED, "Stopping", INVALID, "Expired", RETRYING)
TERMINAL = (SUCCEEDED, FAILED, STOPPED, INVALID)


def decode(payload: bytes) -> Any:
    """A payload as a test reads it: its JSON value, else its text."""
    try:
        return jsontext.loads(payload)
    except ValueError:
        return payload.decode("utf-8", "replace")


@dataclass(frozen=True)
class InvokeResult:
    """InvokeFunction's answer: 200 with the function's output (``error_type`` set for a function error), or 202
    with an empty body for an accepted asynchronous invocation (``invocation_id`` names it)."""
    status: int
    body: bytes
    error_type: str | None
    request_id: str
    duration: float = 0.0
    invocation_id: str | None = None

    @property
    def ok(self) -> bool:
        return self.error_type is None

    def json(self) -> Any:
        return jsontext.loads(self.body)

    @property
    def headers(self) -> dict[str, str]:
        headers = {"x-fc-request-id": self.request_id}
        if self.error_type is not None:
            headers["x-fc-error-type"] = self.error_type
        if self.invocation_id is not None:
            headers["x-fc-stateful-async-invocation-id"] = self.invocation_id
        if self.status == 200:
            headers["x-fc-invocation-duration"] = str(round(self.duration * 1000))
        return headers


@dataclass(eq=False)
class Invocation:
    """One invocation request. ``time`` is its virtual time (epoch seconds); ``attempt`` the 0-based attempt
    index scripts select on. A sync invocation holds its answer (``status``, ``body``, ``error_type``) or its
    ``error``; an async one holds 202 at once and, when its run ends, the run's body, error type or error."""
    request_id: str
    service: str
    qualifier: str
    function: str
    payload: bytes
    invocation_type: str
    attempt: int
    time: float
    execution: str | None = None
    step: str | None = None
    status: int | None = None
    body: bytes | None = None
    error_type: str | None = None
    error: FcError | None = None
    duration: float = 0.0
    invocation_id: str | None = None
    script_misses: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return f"{self.service}/{self.function}"

    @property
    def event(self) -> Any:
        return decode(self.payload)

    @property
    def ok(self) -> bool:
        return self.error is None and self.error_type is None

    def result(self) -> Any:
        """The decoded body (the function's output, or its error body), None when there is none."""
        return None if self.body is None else decode(self.body)

    def __repr__(self) -> str:
        how = f"error {self.error.code}" if self.error is not None else \
            f"errorType {self.error_type}" if self.error_type else f"status {self.status}"
        event = repr(self.event)
        event = event if len(event) <= 60 else event[:57] + "..."
        return f"Invocation({self.name}, {self.invocation_type}, attempt {self.attempt}, {how}, event {event})"


class InvocationLog(list):
    """Every invocation in order, with filtered views."""

    def of(self, name: str | None = None, *, invocation_type: str | None = None, execution: str | None = None,
           step: str | None = None) -> list[Invocation]:
        """Invocations of 'service/function' (any qualifier), of one type, from one execution or step."""
        return [i for i in self if (name is None or i.name == name)
                and (invocation_type is None or i.invocation_type == invocation_type)
                and (execution is None or i.execution == execution) and (step is None or i.step == step)]

    def events(self, name: str | None = None) -> list[Any]:
        """The decoded payloads of the invocations of `name`, in order."""
        return [i.event for i in self.of(name)]


@dataclass(eq=False)
class AsyncInvocation:
    """A stateful asynchronous invocation: status (FC names), times in epoch milliseconds (0 while unset), the
    result of its last run (``body``, ``error_type`` or ``error``) and how often it was retried."""
    invocation_id: str
    request_id: str
    service: str
    qualifier: str
    function: str
    payload: bytes
    attempt: int
    enqueued_ms: int
    status: str = ENQUEUED
    started_ms: int = 0
    ended_ms: int = 0
    retried: int = 0
    body: bytes | None = None
    error_type: str | None = None
    error: FcError | None = None
    record: Invocation | None = None
    timer: Any = None
    listeners: list = field(default_factory=list)

    @property
    def done(self) -> bool:
        return self.status in TERMINAL

    @property
    def error_message(self) -> str:
        """invocationErrorMessage: the error type of a failed function, the code of a system error."""
        if self.error is not None:
            return self.error.code
        return self.error_type or ""

    def result(self) -> Any:
        return None if self.body is None else decode(self.body)

    def as_dict(self) -> dict[str, Any]:
        """The StatefulAsyncInvocation structure as GetStatefulAsyncInvocation returns it."""
        return {"serviceName": self.service, "functionName": self.function, "qualifier": self.qualifier,
                "invocationId": self.invocation_id, "requestId": self.request_id, "status": self.status,
                "startedTime": self.started_ms, "endTime": self.ended_ms, "alreadyRetriedTimes": self.retried,
                "invocationErrorMessage": self.error_message,
                "invocationPayload": self.payload.decode("utf-8", "replace"),
                "returnPayload": "" if self.body is None or self.error_type else self.body.decode("utf-8", "replace")}


def matching(invocations: Iterable[AsyncInvocation], status: str | None) -> list[AsyncInvocation]:
    return [a for a in invocations if status is None or a.status == status]
