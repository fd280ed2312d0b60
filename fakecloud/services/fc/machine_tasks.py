"""`FC:InvokeFunction` from a state machine's Task: the function is `Parameters.resourceArn` (FC 2.0 or FC 3.0),
`invocationType` is `Sync` or `Async`, `body` is the event (a string as is, anything else as compact JSON), and
the task result is the function's response wrapped as `{"Body": ...}`: its JSON value, or its text when it is not
JSON. RequestComplete waits for a Sync invocation (Async: the result is `{"Body": ""}` at once),
WaitForSystemCallback for the end of an Async invocation, WaitForCustomCallback for a ReportTask* call."""
from __future__ import annotations

import json

from fakecloud.engine.integrations import TaskRequest, deliver
from fakecloud.engine.outcomes import Pending, Return, Throw
from fakecloud.fdl.targets import REQUEST_RESPONSE, SYNC, WAIT_FOR_CALLBACK, TargetError, parse_function_arn

from .errors import FcError
from .records import SUCCEEDED

INVALID_ARGUMENT = "FC.InvalidArgument"


def function_of(request: TaskRequest):
    """The typed function `Parameters.resourceArn` names, or the Throw that fails the task."""
    params = request.params if isinstance(request.params, dict) else {}
    arn = params.get("resourceArn")
    if not isinstance(arn, str):
        return Throw(INVALID_ARGUMENT, f"Parameters.resourceArn must be a function ARN, not {arn!r}")
    try:
        return parse_function_arn(arn)
    except TargetError as exc:
        return Throw(INVALID_ARGUMENT, str(exc))


def wrap(body: bytes, duration: float = 0) -> Return:
    """The task result of a function's response: `{"Body": <its JSON value, or its text>}`."""
    text = body.decode("utf-8", "replace")
    try:
        value = json.loads(text) if text.strip() else text
    except ValueError:
        value = text
    return Return({"Body": value}, duration)


def event_of(params: dict) -> bytes:
    body = params.get("body", {})
    if isinstance(body, str):
        return body.encode("utf-8")
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def invoke_for_machine(fc, request: TaskRequest):
    """One attempt of an `FC:InvokeFunction` Task through the FC integration `fc`."""
    target = function_of(request)
    if isinstance(target, Throw):
        return target
    params = request.params
    kind = params.get("invocationType", "Sync")
    if kind not in ("Sync", "Async"):
        return Throw(INVALID_ARGUMENT, f"Parameters.invocationType must be 'Sync' or 'Async', not {kind!r}")
    backend, handle = fc.backend, request.handle
    payload = event_of(params)
    call = dict(qualifier=target.qualifier, attempt=request.attempt, execution=request.execution_name,
                step=request.step_name)

    def invoke():
        return backend.invoke(target.service, target.function, payload, invocation_type=kind, **call)

    if kind == "Sync" and request.pattern == WAIT_FOR_CALLBACK:
        def run() -> None:
            if handle.done:
                return
            try:
                result = invoke()
            except FcError as err:
                deliver(handle, Throw(err.flow_error, err.message))
                return
            if result.error_type is not None:
                failure = fc.function_failure(result.body)
                backend.clock.call_later(result.duration, lambda: deliver(handle, failure))
        backend.clock.call_later(0, run)
        return Pending()
    try:
        result = invoke()
    except FcError as err:
        return Throw(err.flow_error, err.message)
    if kind == "Sync":
        if result.error_type is not None:
            return fc.function_failure(result.body, result.duration)
        return wrap(result.body, result.duration)
    if request.pattern == REQUEST_RESPONSE:
        return Return({"Body": ""})
    run = backend.get_async_invocation(target.service, target.function, result.invocation_id, target.qualifier)
    if request.pattern == SYNC:
        def finished(ended) -> None:
            deliver(handle, wrap(ended.body or b"") if ended.status == SUCCEEDED else fc.run_outcome(ended))
        backend.asyncs.when_done(run, finished)
    return Pending(lambda: backend.asyncs.halt(run))
