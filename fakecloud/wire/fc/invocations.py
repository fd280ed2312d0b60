"""InvokeFunction (sync: 200 with the raw output, or 200 + ``x-fc-error-type`` for a function error; async: 202
with the invocation id) and the async-invocation calls: FC 2.0 StatefulAsyncInvocation get/list/stop, FC 3.0
AsyncTask get/list/stop."""
from __future__ import annotations

import base64
from contextlib import nullcontext
from typing import TYPE_CHECKING

from werkzeug.wrappers import Response

from fakecloud.services.fc import ASYNC

from . import errors
from .call import empty_response, json_response
from .management import _qualifier, fc3_names, split_service
from .shapes import bool_param, int_param, invocation_shape, split_fc3_name, task_shape

if TYPE_CHECKING:
    from .call import Call

ASYNC_TASK_HEADER = "x-fc-async-task-id"
STATEFUL_HEADER = "x-fc-stateful-async-invocation-id"


def _target(call: Call, function: str, service: str) -> tuple[str, str, str | None]:
    """(service, function, qualifier) of the function a path names (the model decides whether it exists)."""
    if call.fc3:
        service, function = split_fc3_name(function)
        return service, function, _qualifier(call, None)
    service, qualifier = split_service(service)
    return service, function, _qualifier(call, qualifier)


def _names(call: Call, function: str):
    return fc3_names(function) if call.fc3 else nullcontext()


def _log_result(request_id: str) -> str:
    """x-fc-log-result for ``x-fc-log-type: Tail``: the runtime's start and end lines, base64."""
    text = f"FC Invoke Start RequestId: {request_id}\nFC Invoke End RequestId: {request_id}\n"
    return base64.b64encode(text.encode()).decode()


def invoke(call: Call, function: str, service: str = "") -> Response:
    headers = call.request.headers
    name = function
    service, function, qualifier = _target(call, function, service)
    kind = headers.get("x-fc-invocation-type") or "Sync"
    stateful = headers.get(ASYNC_TASK_HEADER if call.fc3 else STATEFUL_HEADER) or None
    with _names(call, name):
        result = call.backend.invoke(service, function, call.body, qualifier, invocation_type=kind,
                                     stateful_invocation_id=stateful)
    out = dict(result.headers)
    call.request_id = result.request_id
    if result.status == 202:
        if call.fc3:
            out[ASYNC_TASK_HEADER] = result.invocation_id
        return Response(b"", status=202, headers=out)
    if kind.lower() != ASYNC.lower() and (headers.get("x-fc-log-type") or "").lower() == "tail":
        out["x-fc-log-result"] = _log_result(result.request_id)
    content_type = "application/json" if result.error_type else "application/octet-stream"
    return Response(result.body, status=200, headers=out, content_type=content_type)


def get_async(call: Call, function: str, invocation: str, service: str = "") -> Response:
    name = function
    service, function, qualifier = _target(call, function, service)
    with _names(call, name):
        run = call.backend.get_async_invocation(service, function, invocation, qualifier)
    shape = task_shape(run, call.backend) if call.fc3 else invocation_shape(run)
    return json_response(call, 200, shape)


def stop_async(call: Call, function: str, invocation: str, service: str = "") -> Response:
    name = function
    service, function, qualifier = _target(call, function, service)
    with _names(call, name):
        call.backend.stop_async_invocation(service, function, invocation, qualifier)
    return empty_response(call, 200)


def list_async(call: Call, function: str, service: str = "") -> Response:
    """The async invocations of a function in submission order (``sortOrderByTime=desc`` reverses it),
    filtered by status, id prefix and start time, a page of ``limit`` at a time."""
    name = function
    service, function, qualifier = _target(call, function, service)
    args = call.args
    prefix = args.get("prefix" if call.fc3 else "invocationIdPrefix") or None
    with _names(call, name):
        runs = call.backend.list_async_invocations(service, function, qualifier,
                                                   status=args.get("status") or None, prefix=prefix)
    order = (args.get("sortOrderByTime") or "asc").lower()
    if order not in ("asc", "desc"):
        raise errors.invalid_argument(f"sortOrderByTime must be asc or desc, got '{args['sortOrderByTime']}'")
    if order == "desc":
        runs.reverse()
    begin, end = int_param(args, "startedTimeBegin"), int_param(args, "startedTimeEnd")
    if begin is not None:
        runs = [r for r in runs if r.started_ms and r.started_ms >= begin]
    if end is not None:
        runs = [r for r in runs if r.started_ms and r.started_ms < end]
    token = args.get("nextToken") or ""
    if token:
        ids = [r.invocation_id for r in runs]
        if token not in ids:
            raise errors.invalid_argument(f"invalid nextToken '{token}'")
        runs = runs[ids.index(token):]
    limit = int_param(args, "limit", 20, 1, 100)
    shown, rest = runs[:limit], runs[limit:]
    payload = bool_param(args, "includePayload")
    next_token = rest[0].invocation_id if rest else ""
    if call.fc3:
        return json_response(call, 200, {"tasks": [task_shape(r, call.backend, payload) for r in shown],
                                         "nextToken": next_token})
    return json_response(call, 200, {"invocations": [invocation_shape(r, payload) for r in shown],
                                     "nextToken": next_token})
