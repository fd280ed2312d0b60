"""What a flow's FC task step calls, per pattern and `serviceParams.InvocationType`: a sync invocation whose JSON
object result becomes $local; or an async invocation that the flow leaves at once (requestResponse), waits for
(sync) or leaves to a ReportTask* callback (waitForCallback); cancelling the task stops the async invocation."""
from __future__ import annotations

import json
from typing import Any

from fakecloud.engine.errors import INVALID_LOCAL
from fakecloud.engine.integrations import TaskRequest, deliver
from fakecloud.engine.outcomes import Pending, Return, Throw
from fakecloud.fdl.actions import FcInvokeFunction
from fakecloud.fdl.targets import REQUEST_RESPONSE, SYNC, WAIT_FOR_CALLBACK, Fc3Function, FcFunction

from ..integration import ServiceIntegration

from .backend import FcBackend
from .errors import FcError
from .machine_tasks import function_of, invoke_for_machine
from .records import FAILED, INVALID, SUCCEEDED, AsyncInvocation

UNKNOWN = "FC.Unknown"
STOPPED_ERROR = "FC.AsyncInvocationStopped"
CAUSES = ("body", "message")


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", int: "a number",
            float: "a number", type(None): "null"}.get(type(value), type(value).__name__)


class FcIntegration(ServiceIntegration):
    """The "fc" task integration over an FcBackend. ``cause`` picks the cause of a function error: "body" (the
    error body as FC returns it, the default) or "message" (its errorMessage)."""

    name = "fc"
    targets = (FcFunction, Fc3Function, FcInvokeFunction)
    remote = "fc"
    missing_errors = ("FC.ServiceNotFound", "FC.FunctionNotFound", "FC.QualifierNotFound")

    def __init__(self, backend: FcBackend, *, cause: str = "body"):
        if cause not in CAUSES:
            raise FcError("InvalidArgument", f"cause must be one of {', '.join(CAUSES)}, got {cause!r}")
        self.backend = backend
        self.cause = cause

    def is_set_up_for(self, request) -> bool:
        if isinstance(request.target, FcInvokeFunction):
            target = function_of(request)
            return not isinstance(target, Throw) and self.is_set_up(target)
        return self.is_set_up(request.target)

    def is_set_up(self, target) -> bool:
        try:
            self.backend.resolve(target.service, target.function, target.qualifier)
            return True
        except FcError:
            return False

    def default(self, request):
        """A function the test did not register answers `{}` (a state machine's `{"Body": {}}`; a waitForCallback
        task just waits)."""
        if self.is_set_up_for(request):
            return None
        if request.pattern == WAIT_FOR_CALLBACK:
            return Pending()
        return Return({"Body": {}}) if isinstance(request.target, FcInvokeFunction) else Return({})

    # -- outcomes ----------------------------------------------------------------------------------------------
    def function_failure(self, body: bytes, duration: float = 0) -> Throw:
        return function_failure(body, self.cause, duration)

    def outcome(self, body: bytes, error_type: str | None, duration: float = 0) -> Return | Throw:
        return read_outcome(body, error_type, self.cause, duration)

    def run_outcome(self, run: AsyncInvocation) -> Return | Throw:
        """What a finished async invocation means to a task waiting on it (the sync pattern)."""
        if run.status == SUCCEEDED:
            return self.outcome(run.body or b"", None)
        if run.status in (FAILED, INVALID) and run.error is not None:
            return Throw(run.error.flow_error, run.error.message)
        if run.status == FAILED:
            return self.function_failure(run.body or b"")
        return Throw(STOPPED_ERROR, f"asynchronous invocation {run.invocation_id} was stopped")

    # -- the task step -----------------------------------------------------------------------------------------
    def invoke(self, request: TaskRequest) -> Return | Throw | Pending:
        if isinstance(request.target, FcInvokeFunction):
            return invoke_for_machine(self, request)
        kind = invocation_type(request)
        if isinstance(kind, Throw):
            return kind
        params = request.params or {}
        payload = event_bytes(request)
        target = request.target
        call = dict(qualifier=target.qualifier, attempt=request.attempt,
                    execution=request.execution_name, step=request.step_name)
        if kind == "Sync" and request.pattern == WAIT_FOR_CALLBACK:
            return self._invoke_then_wait(request, payload, call)
        try:
            result = self.backend.invoke(target.service, target.function, payload, invocation_type=kind,
                                         stateful_invocation_id=params.get("StatefulAsyncInvocationID"), **call)
        except FcError as err:
            return Throw(err.flow_error, err.message)
        if kind == "Sync":
            return self.outcome(result.body, result.error_type, result.duration)
        if request.pattern == REQUEST_RESPONSE:
            return Return({})
        run = self.backend.get_async_invocation(target.service, target.function, result.invocation_id,
                                                target.qualifier)
        if request.pattern == SYNC:
            handle = request.handle
            self.backend.asyncs.when_done(run, lambda r: deliver(handle, self.run_outcome(r)))
        return Pending(lambda: self._stop(run))

    def _invoke_then_wait(self, request: TaskRequest, payload: bytes, call: dict) -> Pending:
        """waitForCallback with a synchronous invocation: the function is invoked right after the task is
        submitted (so it can report with the token it was given); an FC error or a function error fails the
        task, a result is ignored: the task waits for ReportTaskSucceeded / ReportTaskFailed."""
        handle, target, clock = request.handle, request.target, self.backend.clock

        def run() -> None:
            if handle.done:
                return
            try:
                result = self.backend.invoke(target.service, target.function, payload, **call)
            except FcError as err:
                deliver(handle, Throw(err.flow_error, err.message))
                return
            if result.error_type is not None:
                failure = self.function_failure(result.body)
                clock.call_later(result.duration, lambda: deliver(handle, failure))

        clock.call_later(0, run)
        return Pending()

    def _stop(self, run: AsyncInvocation) -> None:
        self.backend.asyncs.halt(run)


def invocation_type(request: TaskRequest) -> str | Throw:
    """"Sync" or "Async" from ``serviceParams.InvocationType`` (default Sync), or the task's failure."""
    params = {} if request.params is None else request.params
    if not isinstance(params, dict):
        return Throw("FC.InvalidArgument", f"serviceParams must be an object, got {_kind(params)}")
    kind = params.get("InvocationType", "Sync")
    if kind not in ("Sync", "Async"):
        return Throw("FC.InvalidArgument", f"InvocationType must be 'Sync' or 'Async', got {kind!r}")
    return kind


def event_bytes(request: TaskRequest) -> bytes:
    """The event a task step sends: its mapped input as compact UTF-8 JSON."""
    return json.dumps(request.input, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def function_failure(body: bytes, cause: str = "body", duration: float = 0) -> Throw:
    """A function error: named by the body's errorType (FC.Unknown without one); the cause is the body ("body")
    or its errorMessage ("message")."""
    text = body.decode("utf-8", "replace")
    try:
        parsed = json.loads(text)
    except ValueError:
        parsed = None
    parsed = parsed if isinstance(parsed, dict) else {}
    name = parsed.get("errorType")
    name = name if isinstance(name, str) and name else UNKNOWN
    if cause == "message" and isinstance(parsed.get("errorMessage"), str):
        text = parsed["errorMessage"]
    return Throw(name, text, duration)


def read_outcome(body: bytes, error_type: str | None, cause: str = "body", duration: float = 0) -> Return | Throw:
    """$local from a function's response: a JSON object; an empty body is {}; anything else is FnF.InvalidLocal.
    A function error (``error_type`` set, as the x-fc-error-type header) fails the task."""
    if error_type is not None:
        return function_failure(body, cause, duration)
    if not body.strip():
        return Return({}, duration)
    try:
        value = json.loads(body)
    except ValueError:
        return Throw(INVALID_LOCAL, "the function's result is not valid JSON: "
                                      f"{body[:200].decode('utf-8', 'replace')}", duration)
    if not isinstance(value, dict):
        return Throw(INVALID_LOCAL, f"the function's result must be a JSON object, got {_kind(value)}", duration)
    return Return(value, duration)
