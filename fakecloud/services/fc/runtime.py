"""The Python runtime as a handler sees it: the `context` object, calling `handler(event)` or
`handler(event, context)`, turning the return value into the response body and an exception into FC's error body."""
from __future__ import annotations

import json
import os
import traceback
from dataclasses import dataclass, field
from typing import Any, Callable

from fakecloud.engine.outcomes import TaskFailure

from .errors import FcError, injected

UNHANDLED = "UnhandledInvocationError"
HANDLED = "HandledInvocationError"
_HERE = os.path.dirname(os.path.abspath(__file__))


class FunctionCrash(Exception):
    """Raise from a handler to end the invocation the way a crash or `os._exit` does: FC answers an error body
    with only ``errorMessage`` (no ``errorType``), which a flow sees as ``FC.Unknown``."""


@dataclass(frozen=True)
class Credentials:
    """Placeholders where the runtime puts the service role's temporary credentials."""
    access_key_id: str = "STS.fakecloud-access-key-id"
    access_key_secret: str = "fakecloud-access-key-secret"
    security_token: str = "fakecloud-security-token"


@dataclass(frozen=True)
class FunctionMeta:
    name: str
    handler: str
    memory: int
    timeout: int
    initializer: str | None = None
    initialization_timeout: int | None = None


@dataclass(frozen=True)
class ServiceMeta:
    name: str
    qualifier: str
    version_id: str = ""
    log_project: str = ""
    log_store: str = ""


@dataclass(frozen=True)
class Context:
    """What the Python runtime passes as `context`: request id, function and service, region, account,
    credentials."""
    request_id: str
    function: FunctionMeta
    service: ServiceMeta
    region: str
    account_id: str
    credentials: Credentials = field(default_factory=Credentials)


@dataclass(frozen=True)
class FunctionResponse:
    """One run of a function: the response body, ``error_type`` (the x-fc-error-type header of a function
    error, else None), or ``error`` when the run ends in a system error; ``duration`` when the answer sets it."""
    body: bytes = b""
    error_type: str | None = None
    error: FcError | None = None
    duration: float | None = None

    @property
    def failed(self) -> bool:
        return self.error is not None or self.error_type is not None


def encode_body(value: Any) -> bytes:
    """The response body of a return value: bytes as they are, text as UTF-8, None as empty, JSON values as JSON.
    Anything else raises TypeError, as the runtime does."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    if isinstance(value, str):
        return value.encode("utf-8")
    if value is None:
        return b""
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


def error_body(error_type: str | None, message: str, stack: list | None = None) -> bytes:
    body: dict[str, Any] = {"errorMessage": message}
    if error_type is not None:
        body["errorType"] = error_type
    if stack is not None:
        body["stackTrace"] = stack
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def function_error(error_type: str, message: str, stack: list | None = None,
                   duration: float | None = None) -> FunctionResponse:
    return FunctionResponse(error_body(error_type, message, stack), UNHANDLED, None, duration)


def stack_trace(exc: BaseException) -> list[list[str]]:
    """The frames of the handler's code, as the Python runtime lists them (file under /code, line, function,
    source line); frames of this package are left out so the trace does not depend on where it is installed."""
    frames = []
    for frame in traceback.extract_tb(exc.__traceback__):
        if os.path.dirname(os.path.abspath(frame.filename)) == _HERE:
            continue
        frames.append([f'File "/code/{os.path.basename(frame.filename)}"', f"line {frame.lineno}",
                       f"in {frame.name}", (frame.line or "").strip()])
    return frames


def exception_answer(exc: BaseException) -> FunctionResponse:
    """An exception raised by a handler: an FcError (or a TaskFailure named ``FC.<Code>``) is a system error;
    a TaskFailure is a function error of exactly its error and cause; FunctionCrash has no errorType; any other
    exception is a function error named by its class."""
    if isinstance(exc, FcError):
        return FunctionResponse(error=exc)
    if isinstance(exc, TaskFailure):
        if exc.error.startswith("FC.") and len(exc.error) > 3:
            return FunctionResponse(error=injected(exc.error[3:], exc.cause or None))
        return function_error(exc.error, exc.cause)
    if isinstance(exc, FunctionCrash):
        return FunctionResponse(error_body(None, str(exc)), UNHANDLED)
    return function_error(type(exc).__name__, str(exc), stack_trace(exc))


def run_handler(fn: Callable, with_context: bool, event: Any, context: Context) -> FunctionResponse:
    """Call a handler the way the runtime does and turn what happens into an FunctionResponse."""
    try:
        value = fn(event, context) if with_context else fn(event)
        return FunctionResponse(encode_body(value))
    except Exception as exc:          # the runtime catches everything the handler raises
        return exception_answer(exc)


def timed_out(timeout: int) -> FunctionResponse:
    """A run that outlives the function's timeout: stopped at the timeout, error body without errorType."""
    return FunctionResponse(error_body(None, f"Function timed out after {timeout} seconds (maxMemoryUsage: 0.00MB)"),
                  UNHANDLED, None, float(timeout))
