"""`HttpWorld` (`cloud.http`): the routes a test registers and every request flows sent, in order. The first route
that matches a request answers it; a request no route answers is recorded too, with the reason each route gave."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from ...engine.outcomes import TaskFailure
from ..unmocked import UNMOCKED
from .routes import METHODS, HttpResponse, Route, as_pattern

CALLBACK_TOKEN_HEADER = "X-FnF-Http-Callback-Task-Token"
REQUEST_FAILED = "HTTP.RequestFailed"
_UNSET = object()


@dataclass(eq=False)
class HttpCall:
    """One request a flow sent, and how it was answered: `response`, or `error` and `cause` when it failed
    (no route, a callable that raised). `path` is the task's state path, `attempt` its 0-based attempt."""
    method: str
    url: str
    headers: dict[str, str]
    body: str
    time: float
    execution: str = ""
    path: str = ""
    attempt: int = 0
    route: Route | None = field(default=None, repr=False)
    response: HttpResponse | None = None
    error: str | None = None
    cause: str = ""

    def header(self, name: str) -> str | None:
        """A request header by name, in any case."""
        return next((v for k, v in self.headers.items() if k.lower() == name.lower()), None)

    @property
    def token(self) -> str | None:
        """The task token sent in `X-FnF-Http-Callback-Task-Token` (WaitForCustomCallback), or None."""
        return self.header(CALLBACK_TOKEN_HEADER)


class HttpWorld:
    def __init__(self, now: Callable[[], float]):
        self._now = now
        self.routes: list[Route] = []
        self.calls: list[HttpCall] = []

    def reset(self) -> None:
        self.routes.clear()
        self.calls.clear()

    # -- routes --------------------------------------------------------------------------------------------------
    def add(self, method: str | None, url: str | None = None, *, pattern: Any = None, status: int = 200,
            headers: Mapping[str, Any] | None = None, json: Any = _UNSET, body: Any = None,
            callback: Callable[[HttpCall], Any] | None = None, times: int | None = None) -> Route:
        """Answer `method url` (method None: any) or every URL `pattern` matches in full, with `status`,
        `headers` and `json` or `body`, or by calling `callback(call)`, which returns `(status, headers, body)` or
        an `HttpResponse` (raise `TaskFailure` to fail the request)."""
        if json is not _UNSET and body is not None:
            raise ValueError("a route answers with 'json' or 'body', not both")
        if callback is not None and (json is not _UNSET or body is not None):
            raise ValueError("a route with a callback takes no 'json' or 'body'")
        response = HttpResponse.of(status, headers, body, None if json is _UNSET else json,
                                   has_json=json is not _UNSET)
        route = Route(len(self.routes), method, url, None if pattern is None else as_pattern(pattern), response,
                      callback, times)
        self.routes.append(route)
        return route

    def get(self, url: str | None = None, **options) -> Route:
        return self.add("GET", url, **options)

    def post(self, url: str | None = None, **options) -> Route:
        return self.add("POST", url, **options)

    def put(self, url: str | None = None, **options) -> Route:
        return self.add("PUT", url, **options)

    def patch(self, url: str | None = None, **options) -> Route:
        return self.add("PATCH", url, **options)

    def delete(self, url: str | None = None, **options) -> Route:
        return self.add("DELETE", url, **options)

    def head(self, url: str | None = None, **options) -> Route:
        return self.add("HEAD", url, **options)

    def remove(self, route: Route) -> None:
        self.routes.remove(route)

    # -- requests ------------------------------------------------------------------------------------------------
    def request(self, method: str, url: str, headers: Mapping[str, str] | None = None, body: str = "", *,
                execution: str = "", path: str = "", attempt: int = 0) -> HttpCall:
        """Send one request: recorded, then answered by the first matching route (see `HttpCall`)."""
        call = HttpCall(method.upper(), url, dict(headers or {}), body, self._now(), execution, path, attempt)
        self.calls.append(call)
        reasons = []
        for route in self.routes:
            why = route.miss(call.method, url)
            if why is None:
                route.uses += 1
                call.route = route
                self._answer(call, route)
                return call
            reasons.append(f"{route.describe()}: {why}")
        call.error = UNMOCKED
        listed = "; ".join(reasons) if reasons else "no routes are registered"
        call.cause = f"no route answers {call.method} {url} ({listed})"
        return call

    def _answer(self, call: HttpCall, route: Route) -> None:
        if route.respond is None:
            call.response = route.response
            return
        try:
            answer = route.respond(call)
        except TaskFailure as exc:
            call.error, call.cause = exc.error, exc.cause
            return
        except Exception as exc:        # the test's callable failed: the request fails, the flow sees why
            call.error, call.cause = REQUEST_FAILED, f"the route's callback raised {type(exc).__name__}: {exc}"
            return
        try:
            call.response = _response(answer)
        except ValueError as exc:
            call.error, call.cause = REQUEST_FAILED, f"the route's callback gave no response: {exc}"

    def calls_to(self, url: str, method: str | None = None) -> list[HttpCall]:
        """The requests sent to exactly `url` (and `method`, when given), in order."""
        wanted = method.upper() if method else None
        return [c for c in self.calls if c.url == url and (wanted is None or c.method == wanted)]

    def unused(self) -> list[str]:
        return [text for route in self.routes if (text := route.unfinished())]


def _response(answer: Any) -> HttpResponse:
    if isinstance(answer, HttpResponse):
        return answer
    if isinstance(answer, tuple) and len(answer) == 3:
        status, headers, body = answer
        return HttpResponse.of(status, headers, body)
    raise ValueError(f"it returned {type(answer).__name__}; expected (status, headers, body) or an HttpResponse")


__all__ = ("CALLBACK_TOKEN_HEADER", "METHODS", "HttpCall", "HttpWorld", "REQUEST_FAILED")
