"""`WireApp`: the WSGI application in front of one FakeCloud. It hands each request to the first protocol that
claims it; each protocol answers in its service's own format, errors included.

Generic behaviour, whatever the protocol: a path no protocol claims gets a neutral JSON 404; a body larger than
the protocol's limit gets a 413 from ``protocol.error_response``, and one that cannot be read whole (a broken
chunked encoding, a client that stops sending or goes away) a 400 ``InvalidArgument`` from it, on a connection then
closed; an exception inside a protocol becomes that protocol's ``internal_error`` (a 500 without traceback, logged
on the ``fakecloud.wire`` logger) and the app keeps serving. Bodies are read whole before the lock is taken, so a
slow client stalls only itself; requests are then handled one at a time under ``lock``, the world brought up to
date before and after each one (see `fakecloud.wire.timekeeping`).
"""
from __future__ import annotations

import io
import logging
import threading
from contextlib import contextmanager
from types import MappingProxyType
from typing import Any, Callable, Iterator

from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.wrappers import Request, Response
from werkzeug.wsgi import get_content_length

from .access import NO_IMPORTS, HandlerImports, check_token
from .control import ControlPlane
from .fc import FcProtocol
from .mns import MnsProtocol
from .protocol import BODY, Answer, json_error
from .rpc import RpcProtocol
from .timekeeping import TICK_SECONDS, Timekeeper

log = logging.getLogger("fakecloud.wire")

# Protocols in the order they are asked.
PROTOCOLS = (
    ControlPlane,   # /_fakecloud/...
    MnsProtocol,    # /queues/..., /topics/...
    FcProtocol,     # /2016-08-15/..., /2021-04-06/..., /2023-03-30/...
    RpcProtocol,    # / with Action (query) or x-acs-action (header): FnF and vision
)
MAX_BODY_BYTES = 1024 * 1024 + 64 * 1024      # an API request carries at most 1024 KiB (+ envelope)
# Checked when signatures are verified and none are given.
DEFAULT_CREDENTIALS = MappingProxyType({"fakecloud": "fakecloud-secret"})


class WireApp:
    """``follow_real_time`` makes the virtual clock also move with real time (server mode); see timekeeping.
    ``control_token``: the token control-plane requests must carry (None: none needed, for in-process use);
    ``handler_imports``: which ``module:function`` handlers the control plane may import (none by default)."""

    def __init__(self, cloud, *, verify_signatures: bool = False, credentials: dict[str, str] | None = None,
                 max_body_bytes: int = MAX_BODY_BYTES, follow_real_time: bool = False,
                 tick_seconds: float = TICK_SECONDS, protocols: tuple | None = None,
                 control_token: str | None = None, handler_imports: HandlerImports = NO_IMPORTS):
        self.cloud = cloud
        self.control_token = None if control_token is None else check_token(control_token)
        self.handler_imports = handler_imports
        self.verify_signatures = verify_signatures
        self.credentials = dict(credentials or (DEFAULT_CREDENTIALS if verify_signatures else {}))
        self.max_body_bytes = max_body_bytes
        self.lock = threading.RLock()                  # the world is single-threaded: one request at a time
        self.time = Timekeeper(self, follow_real_time=follow_real_time, tick_seconds=tick_seconds)
        self.reset_hooks: list[Callable[[Any], None]] = []   # called with the cloud after every reset
        self.protocols = [cls(self) for cls in (PROTOCOLS if protocols is None else protocols)]

    # -- helpers for protocols, the control plane and servers ----------------------------------------------------
    def wait_until(self, predicate: Callable[[], Any], timeout_seconds: float,
                   next_event: Callable[[], float | None] | None = None) -> Any:
        """Long-poll helper; see `Timekeeper.wait_until`."""
        return self.time.wait_until(predicate, timeout_seconds, next_event)

    def reset(self) -> None:
        """Back to a clean world (see FakeCloud.reset), then run the reset hooks (a server reloads its flows)."""
        with self.lock:
            self.cloud.reset()             # a new clock of the same kind, so the old engine stops with the old one
            for hook in self.reset_hooks:
                hook(self.cloud)
            self.time.reset()

    @contextmanager
    def world(self) -> Iterator[Any]:
        """Use the world from another thread while a server runs: holds the lock, brings the world up to date,
        and afterwards runs what became runnable and wakes long polls."""
        with self.lock:
            self.time.sync()
            try:
                yield self.cloud
            finally:
                self.time.settle()

    # -- WSGI ----------------------------------------------------------------------------------------------------
    def __call__(self, environ, start_response):
        request = Request(environ)
        protocol = self._route(request)
        if protocol is None:
            response = json_error(404, "InvalidRequestURL", "no fakecloud service answers "
                                  + request.path.replace('"', "'"))
        else:
            response = self._handle(protocol, request)
        return response(environ, start_response)

    def _route(self, request: Request):
        for protocol in self.protocols:
            try:
                if protocol.matches(request):
                    return protocol
            except Exception:
                log.exception("fakecloud: %s.matches failed", type(protocol).__name__)
        return None

    def _handle(self, protocol, request: Request) -> Response | Answer:
        limit = protocol.max_body_bytes or self.max_body_bytes
        length = get_content_length(request.environ)   # request.content_length would cache the sent length
        if length is None or length <= limit:
            try:
                length = read_body(request.environ, limit)      # outside the lock: a slow client waits alone
            except (OSError, ValueError) as exc:                # broken chunks, a read timeout, a client gone
                return _closing(self._error(protocol, request, 400, "InvalidArgument",
                                            f"the request body could not be read: {_reason(exc)}"))
        request.max_content_length = limit   # the same Request: routing read nothing of the body read_body replaced
        if length > limit:
            return self._error(protocol, request, 413, "EntityTooLarge",
                               f"the request body has {length} bytes; at most {limit} are accepted")
        with self.lock:
            try:
                self.time.sync()
                return protocol.handle(request)
            except RequestEntityTooLarge:
                return self._error(protocol, request, 413, "EntityTooLarge",
                                   f"the request body is larger than {limit} bytes")
            except HTTPException as exc:
                return self._error(protocol, request, exc.code or 400, _code(exc), exc.description or exc.name)
            except Exception as exc:   # a fakecloud bug must reach the client in the service's format
                log.exception("fakecloud: %s failed on %s %s", type(protocol).__name__, request.method, request.path)
                try:
                    return protocol.internal_error(request, exc)
                except Exception:
                    log.exception("fakecloud: %s.internal_error failed", type(protocol).__name__)
                    return json_error(500, "InternalError", "internal error in fakecloud")
            finally:
                self.time.settle()

    def _error(self, protocol, request: Request, status: int, code: str, message: str) -> Response | Answer:
        try:
            with self.lock:                              # error bodies take request ids from the world
                return protocol.error_response(request, status, code, message)
        except Exception:
            log.exception("fakecloud: %s.error_response failed", type(protocol).__name__)
            return json_error(status, code, message)


def read_body(environ, limit: int) -> int:
    """Read the whole body into memory, so that no protocol reads from the client while it holds the lock, and
    return its size. A body sent without Content-Length (chunked) is read up to ``limit + 1`` bytes, so that its
    size is known (werkzeug would cut it at the limit without a word); one that ends before its Content-Length is a
    ValueError. The bytes are also left under ``environ[BODY]`` (see `fakecloud.wire.protocol.body_of`)."""
    stream = environ["wsgi.input"]
    if environ.get("wsgi.input_terminated") and not environ.get("CONTENT_LENGTH"):
        wanted, chunked = limit + 1, True
    else:
        wanted, chunked = int(environ.get("CONTENT_LENGTH") or 0), False
    chunks, size = [], 0
    while size < wanted:
        chunk = stream.read(min(65536, wanted - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if not chunked and size < wanted:
        raise ValueError(f"the body ended after {size} of its {wanted} bytes")
    environ[BODY] = data = b"".join(chunks)
    environ["wsgi.input"] = io.BytesIO(data)
    environ["CONTENT_LENGTH"] = str(size)
    environ.pop("wsgi.input_terminated", None)
    environ.pop("HTTP_TRANSFER_ENCODING", None)     # werkzeug ignores Content-Length on a chunked request
    return size


def _closing(response):
    """``response`` (a WSGI app) with ``Connection: close`` after its headers: after a body that could not be read,
    where the next request would start is unknown."""
    def closing(environ, start_response):
        def start(status, headers, exc_info=None):
            return start_response(status, [*headers, ("Connection", "close")], exc_info)
        return response(environ, start)
    return closing


def _reason(exc: Exception) -> str:
    if isinstance(exc, TimeoutError):
        return "the client stopped sending it"
    return str(exc) or type(exc).__name__


def _code(exc: HTTPException) -> str:
    return "".join(word[:1].upper() + word[1:] for word in (exc.name or "BadRequest").split())
