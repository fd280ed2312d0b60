"""The contract every wire protocol implements: claim a request, answer it in the service's own format, and turn any
failure into the service's own error body (never a Python traceback).

What a protocol can rely on (``self.app`` is the WireApp):

* ``matches(request)`` runs before the body is read (see `fakecloud.wire.app.read_body`), on the same Request
  ``handle`` then gets: it may look at the method, path, query and headers, never at the body or its length.
* ``handle(request)`` runs with ``self.app.lock`` held (one request at a time touches the world); taking the lock
  again is harmless (it is re-entrant). Read the world through ``self.cloud`` on every request: a reset replaces
  the services (``self.cloud.mns`` before and after a reset are different objects).
* ``self.app.wait_until(predicate, timeout_seconds, next_event=None)`` for long polls (MNS ReceiveMessage
  waitseconds, DescribeExecution WaitTimeSeconds): see `fakecloud.wire.timekeeping.Timekeeper.wait_until`. It
  releases the lock while it sleeps, so other requests (the SendMessage that ends the poll) get through.
* ``self.app.verify_signatures`` (bool) and ``self.app.credentials`` (AccessKeyId -> AccessKeySecret).
* ``raw_uri(request)`` / ``raw_query(request)``: the request target and query string exactly as the client sent
  them (``request.args`` decodes ``+`` to a space, which breaks MNS receipt handles); ``body_of(request)`` the
  body the app read whole, without a second copy through werkzeug's stream.
* ``handle`` returns a werkzeug Response or an `Answer` (a finished one, for protocols that write every header
  themselves); the app calls it as a WSGI app.
* The app answers on the protocol's behalf, through ``error_response``, when the body is larger than
  ``max_body_bytes`` (413), and when werkzeug raises an HTTPException while the protocol reads the request;
  override ``error_response`` to write those in the service's format.
"""
from __future__ import annotations

import json
import typing
from typing import Any, Callable
from urllib.parse import quote

from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.wrappers import Request, Response


class Host(typing.Protocol):
    """What a protocol may use of the WireApp that serves it (see above)."""
    cloud: Any
    lock: Any
    verify_signatures: bool
    credentials: dict[str, str]

    def wait_until(self, predicate: Callable[[], Any], timeout_seconds: float,
                   next_event: Callable[[], float | None] | None = None) -> Any: ...


class Protocol:
    """Subclasses set `name` and implement `matches` and `handle`; `internal_error` and `error_response` should
    be overridden with the service's own error bodies."""
    name = "protocol"
    max_body_bytes: int | None = None      # None: the app's limit (MAX_BODY_BYTES)

    def __init__(self, app: Host):
        self.app = app

    @property
    def cloud(self):
        return self.app.cloud

    def matches(self, request: Request) -> bool:
        raise NotImplementedError

    def handle(self, request: Request) -> Response:
        raise NotImplementedError

    def internal_error(self, request: Request, exc: BaseException) -> Response:
        return Response('{"Code":"InternalError","Message":"internal error in fakecloud"}', status=500,
                        content_type="application/json")

    def error_response(self, request: Request, status: int, code: str, message: str) -> Response:
        """An error the app answers for this protocol (oversized body, unreadable request)."""
        return json_error(status, code, message)


def json_error(status: int, code: str, message: str, **headers: str) -> Response:
    """The neutral JSON error body ``{"Code": ..., "Message": ...}``."""
    body = json.dumps({"Code": code, "Message": message}, ensure_ascii=False)
    response = Response(body, status=status, content_type="application/json")
    for name, value in headers.items():
        response.headers[name.replace("_", "-")] = value
    return response


class Answer:
    """A finished answer, as WSGI app: the status, every header (Content-Length included, in the order given) and
    the body. werkzeug's Response works out and copies its headers again on every answer; a protocol whose headers
    are known uses this instead. As werkzeug's, it sends no body to a HEAD request or with a 204 (whose headers
    must then have no Content-Length: the server writes ``Content-Length: 0``)."""
    __slots__ = ("status_code", "headers", "body")

    def __init__(self, status: int, headers: list[tuple[str, str]], body: bytes = b""):
        self.status_code, self.headers, self.body = status, headers, body

    def __call__(self, environ, start_response):
        status = self.status_code
        start_response(f"{status} {HTTP_STATUS_CODES.get(status, 'Unknown').upper()}", self.headers)
        if status == 204 or environ["REQUEST_METHOD"] == "HEAD":
            return ()
        return (self.body,)


BODY = "fakecloud.body"      # the environ key under which the app leaves the body it read whole (see read_body)


def body_of(request: Request) -> bytes:
    """The request's body: the bytes the app read before handing the request over, else werkzeug's copy."""
    data = request.environ.get(BODY)
    return request.get_data(cache=True) if data is None else data


def raw_query(request: Request) -> str:
    """The query string exactly as sent (no decoding of ``+`` or ``%XX``)."""
    return request.environ.get("QUERY_STRING", "")


def raw_uri(request: Request) -> str:
    """The request target exactly as sent: path and query, undecoded."""
    uri = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI")
    if uri:
        return uri
    query = raw_query(request)
    return quote(request.path, safe="/:@!$&'()*+,;=-._~") + ("?" + query if query else "")
