"""In-process interception, moto-style: `mock_cloud()` routes the official SDKs' calls to ``*.aliyuncs.com`` into a
WireApp in front of one FakeCloud, without a server.

    with fakecloud.mock_cloud() as cloud:          # or: m = mock_cloud(); @m def test(): ... m.cloud ...
        client = fnf_client.Client(Config(access_key_id="ak", access_key_secret="sk", region_id="cn-hangzhou"))

What is intercepted: every sync Tea/darabonba client (``alibabacloud-*``) and aliyun-fc2 (plain ``requests``, via
``responses``), the legacy ``aliyunsdkcore`` clients (its private copy of requests), and aliyun-mns-sdk
(``MNSHttp.send_request``; the raw query string passes through untouched). A request to any other host fails
loudly with `NotIntercepted` unless its URL starts with one of ``passthrough``. The ``*_async`` methods use
aiohttp, which cannot be intercepted: their calls to ``*.aliyuncs.com`` fail with `NotIntercepted`; use
`FakeCloudServer` for them. Time is in-process virtual time (see `fakecloud.wire.timekeeping`).
"""
from __future__ import annotations

import functools
import io
import re
import sys
from contextlib import ExitStack
from typing import Any, Iterable
from unittest import mock
from urllib.parse import unquote, urlsplit

import requests
import responses

from ..cloud import FakeCloud
from .access import ANY_IMPORT
from .app import WireApp

METHODS = ("GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS")
VENDORED_SEND = "aliyunsdkcore.vendored.requests.adapters.HTTPAdapter.send"


class NotIntercepted(requests.exceptions.ConnectionError):
    """A request inside `mock_cloud` that fakecloud does not answer (another host, or an aiohttp call)."""


def is_aliyun_host(host: str) -> bool:
    name = (host or "").rsplit("@", 1)[-1].split(":")[0].lower().rstrip(".")
    return name == "aliyuncs.com" or name.endswith(".aliyuncs.com")


def call_app(app, method: str, url: str, headers: Iterable[tuple[str, str]] | Any, body: Any
             ) -> tuple[int, list[tuple[str, str]], bytes]:
    """Hand one HTTP request to a WSGI app as the werkzeug server would; returns (status, headers, body)."""
    parts = urlsplit(url)
    data = _bytes(body)
    host = parts.netloc
    environ = {
        "REQUEST_METHOD": method.upper(), "SCRIPT_NAME": "",
        "PATH_INFO": unquote(parts.path or "/").encode("utf-8").decode("latin-1"),
        "QUERY_STRING": parts.query,
        "REQUEST_URI": (parts.path or "/") + ("?" + parts.query if parts.query else ""),
        "SERVER_NAME": parts.hostname or "localhost",
        "SERVER_PORT": str(parts.port or (443 if parts.scheme == "https" else 80)),
        "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.version": (1, 0), "wsgi.url_scheme": parts.scheme or "http",
        "wsgi.input": io.BytesIO(data), "wsgi.errors": sys.stderr, "wsgi.multithread": False,
        "wsgi.multiprocess": False, "wsgi.run_once": False, "CONTENT_LENGTH": str(len(data)),
    }
    environ["RAW_URI"] = environ["REQUEST_URI"]
    items = headers.items() if hasattr(headers, "items") else headers
    for name, value in items:
        key = name.upper().replace("-", "_")
        value = value.decode("latin-1") if isinstance(value, bytes) else str(value)
        if key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            environ[key] = value
        elif key == "HOST":
            host = value
        else:
            environ["HTTP_" + key] = value
    environ["HTTP_HOST"] = host
    environ["CONTENT_LENGTH"] = str(len(data))
    captured: dict[str, Any] = {}

    def start_response(status, response_headers, exc_info=None):
        captured["status"], captured["headers"] = int(status.split(None, 1)[0]), list(response_headers)

    chunks = app(environ, start_response)
    try:
        content = b"".join(chunks)
    finally:
        if hasattr(chunks, "close"):
            chunks.close()
    return captured["status"], captured["headers"], content


class MockCloud:
    """Turns interception on (``start``/``stop``, a context manager, or a decorator). Each start serves a new
    FakeCloud unless one was given; ``cloud`` and ``app`` are the world and the WireApp while it is on."""

    def __init__(self, cloud: FakeCloud | None = None, *, verify_signatures: bool = False,
                 credentials: dict[str, str] | None = None, passthrough: Iterable[str] = ()):
        self._given = cloud
        self.verify_signatures, self.credentials = verify_signatures, credentials
        self.passthrough = tuple(passthrough)
        self.cloud: FakeCloud | None = cloud
        self.app: WireApp | None = None
        self._stack: ExitStack | None = None

    def start(self) -> FakeCloud:
        if self._stack is not None:
            raise RuntimeError("mock_cloud is already active")
        self.cloud = self._given if self._given is not None else FakeCloud()
        # nothing listens: only this process reaches the control plane, so it needs no token and may import
        self.app = WireApp(self.cloud, verify_signatures=self.verify_signatures, credentials=self.credentials,
                           handler_imports=ANY_IMPORT)
        stack = ExitStack()
        try:
            stack.enter_context(self._requests_mock(responses.RequestsMock(assert_all_requests_are_fired=False)))
            if _importable("aliyunsdkcore.vendored.requests.adapters"):
                stack.enter_context(self._requests_mock(
                    responses.RequestsMock(assert_all_requests_are_fired=False, target=VENDORED_SEND)))
            if _importable("mns.mns_http"):
                stack.enter_context(mock.patch("mns.mns_http.MNSHttp.send_request", _mns_sender(self.app)))
            if _importable("aiohttp"):
                stack.enter_context(mock.patch("aiohttp.ClientSession._request", _aiohttp_guard()))
        except BaseException:
            stack.close()
            raise
        self._stack = stack
        return self.cloud

    def stop(self) -> None:
        stack, self._stack = self._stack, None
        if stack is not None:
            stack.close()

    def __enter__(self) -> FakeCloud:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def __call__(self, func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with self:
                return func(*args, **kwargs)
        return wrapper

    def _requests_mock(self, rmock: responses.RequestsMock) -> responses.RequestsMock:
        for prefix in self.passthrough:
            rmock.add_passthru(prefix)
        not_passthrough = _not_passthrough(self.passthrough)
        for method in METHODS:
            rmock.add_callback(method, re.compile(r".*"), callback=self._answer, content_type=None,
                               match=[not_passthrough])
        return rmock

    def _answer(self, request) -> tuple[int, list[tuple[str, str]], bytes]:
        parts = urlsplit(request.url)
        if not is_aliyun_host(parts.netloc):
            raise NotIntercepted(f"fakecloud.mock_cloud() answers only *.aliyuncs.com; {request.method} "
                                 f"{request.url} was not sent anywhere (pass mock_cloud(passthrough=[...]) to let it "
                                 f"through)")
        return call_app(self.app, request.method, request.url, request.headers, request.body)


def mock_cloud(cloud: FakeCloud | None = None, *, verify_signatures: bool = False,
               credentials: dict[str, str] | None = None, passthrough: Iterable[str] = ()) -> MockCloud:
    """Route the official SDKs' calls to ``*.aliyuncs.com`` into ``cloud`` (a new FakeCloud by default), in
    process: ``with mock_cloud() as cloud:``, or ``@mock_cloud()`` on a function. See the module docstring."""
    return MockCloud(cloud, verify_signatures=verify_signatures, credentials=credentials, passthrough=passthrough)


# -- the pieces each HTTP stack needs ---------------------------------------------------------------------------
def _mns_sender(app):
    from mns.mns_http import ResponseInternal

    def send_request(self, req_inter):
        scheme = "https" if getattr(self, "is_https", False) else "http"
        url = f"{scheme}://{self.host}{req_inter.uri}"
        if not is_aliyun_host(self.host):
            raise NotIntercepted(f"fakecloud.mock_cloud() answers only *.aliyuncs.com; MNS {req_inter.method} "
                                 f"{url} was not sent anywhere")
        status, headers, body = call_app(app, req_inter.method, url, dict(req_inter.header), req_inter.data)
        response = ResponseInternal(status=status, header=dict(headers), data=body.decode("utf-8"))
        self.request_size, self.response_size = len(_bytes(req_inter.data)), len(response.data)
        return response
    return send_request


def _aiohttp_guard():
    from aiohttp import ClientSession
    original = ClientSession._request

    async def _request(self, method, str_or_url, *args, **kwargs):
        if is_aliyun_host(urlsplit(str(str_or_url)).netloc):
            raise NotIntercepted(f"fakecloud.mock_cloud() cannot intercept aiohttp (the SDKs' *_async methods): "
                                 f"{method} {str_or_url}; run a fakecloud.FakeCloudServer and point the client at "
                                 f"it")
        return await original(self, method, str_or_url, *args, **kwargs)
    return _request


def _not_passthrough(prefixes: tuple[str, ...]):
    def match(request) -> tuple[bool, str]:
        through = any(request.url.startswith(p) for p in prefixes)
        return (not through, "passed through" if through else "")
    return match


def _importable(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def _bytes(body: Any) -> bytes:
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode("utf-8")
    if isinstance(body, (bytes, bytearray, memoryview)):
        return bytes(body)
    if hasattr(body, "read"):
        return _bytes(body.read())
    return b"".join(_bytes(chunk) for chunk in body)
