"""`HTTP:Request` tasks (state machines): Parameters `url`, `method` (any case), `headers`, `body` (a string is
sent as it is, any other JSON value as compact JSON). The request goes to the world's routes; the result is
`{"Header": ..., "Code": ..., "Body": <text>}`. A 4xx/5xx answer fails the task with `HTTP.<status>`; a request
no route answers fails with `FakeCloud.Unmocked`. Under WaitForCustomCallback the task token is sent in the
`X-FnF-Http-Callback-Task-Token` header and the task then waits for ReportTaskSucceeded / ReportTaskFailed."""
from __future__ import annotations

from typing import Any, Mapping
from urllib.parse import urlsplit

from ...engine.outcomes import Return, Throw
from ...fdl.actions import HttpRequest
from ...fdl.targets import WAIT_FOR_CALLBACK
from ..integration import ServiceIntegration
from .errors import HttpError
from ..jsonbody import compact_json
from .routes import METHODS, JSON_TYPE
from .world import CALLBACK_TOKEN_HEADER, HttpWorld


class HttpTasks(ServiceIntegration):
    name = "http"
    targets = (HttpRequest,)

    def __init__(self, world: HttpWorld):
        self.world = world

    def is_set_up(self, target) -> bool:
        """Any route counts: which URL a task requests is known only when it runs, and a URL no route answers is
        then reported with the routes there are."""
        return bool(self.world.routes)

    def invoke(self, request) -> Return | Throw:
        try:
            method, url, headers, body = _request_parts(request.params)
        except HttpError as exc:
            return Throw(exc.flow_error, exc.message)
        except ValueError as exc:           # a value that is not JSON (only Python callers can pass one)
            return Throw(HttpError("InvalidArgument", str(exc)).flow_error, str(exc))
        if request.pattern == WAIT_FOR_CALLBACK and request.token:
            headers[CALLBACK_TOKEN_HEADER] = request.token
        call = self.world.request(method, url, headers, body, execution=getattr(request.execution, "name", ""),
                                  path=request.path, attempt=request.attempt)
        if call.error is not None:
            return Throw(call.error, call.cause)
        wrapper = call.response.wrapper(method)
        if call.response.status >= 400:
            error = HttpError.for_status(call.response.status, compact_json(wrapper))
            return Throw(error.flow_error, error.message)
        return Return(wrapper)


def _request_parts(params: Any) -> tuple[str, str, dict[str, str], str]:
    if not isinstance(params, Mapping):
        raise HttpError("InvalidArgument", "the Parameters of HTTP:Request must be an object")
    url, method = params.get("url"), params.get("method")
    if not isinstance(url, str) or urlsplit(url).scheme.lower() not in ("http", "https") or not urlsplit(url).netloc:
        raise HttpError("InvalidArgument", f"url must be a full http:// or https:// URL, got {_shown(url)}")
    if not isinstance(method, str) or method.upper() not in METHODS:
        raise HttpError("InvalidArgument", f"method must be one of {', '.join(METHODS)}, got {_shown(method)}")
    given = params.get("headers")
    if given is not None and not isinstance(given, Mapping):
        raise HttpError("InvalidArgument", f"headers must be an object of names to values, got {_shown(given)}")
    headers = {str(k): v if isinstance(v, str) else compact_json(v) for k, v in (given or {}).items()}
    body = params.get("body")
    if body is None:
        text = ""
    elif isinstance(body, str):
        text = body
    else:
        text = compact_json(body)
        if not any(name.lower() == "content-type" for name in headers):
            headers["Content-Type"] = JSON_TYPE
    return method.upper(), url, headers, text


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
