"""Helpers of the FC wire tests: the WSGI app over a FakeCloud, a threaded local server, in-process routing of
`requests` into the app, and the three official FC clients pointed at either."""
from __future__ import annotations

import importlib
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

import responses
from werkzeug.serving import make_server
from werkzeug.test import Client

from fakecloud.wire import app as wire_app

AK, SECRET = "fakecloud-ak", "fakecloud-secret"
INPROCESS_HOST = "fc.fakecloud.invalid"
ALIYUN_HOST = "1234567890123456.cn-hangzhou.fc.aliyuncs.com"     # what mock_cloud intercepts


def _importable(path: str) -> bool:
    module, name = path.split(":")
    try:
        return hasattr(importlib.import_module(module), name)
    except ImportError:
        return False


def make_app(cloud, **options) -> wire_app.WireApp:
    """WireApp(cloud, ...); protocols of the wire layer that do not exist yet are left out."""
    available = tuple(p for p in wire_app.PROTOCOLS if _importable(p))
    saved = wire_app.PROTOCOLS
    wire_app.PROTOCOLS = available
    try:
        return wire_app.WireApp(cloud, **options)
    finally:
        wire_app.PROTOCOLS = saved


class Server:
    """The app on 127.0.0.1 and an ephemeral port, in a thread."""

    def __init__(self, app):
        self.app = app
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.host = f"127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02},
                                        daemon=True)

    def __enter__(self) -> "Server":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)


def wsgi_callback(app):
    """A `responses` callback that hands the request to the app and returns its answer."""
    client = Client(app)

    def callback(prepared):
        split = urlsplit(prepared.url)
        body = prepared.body
        if body is None:
            body = b""
        elif isinstance(body, str):
            body = body.encode("utf-8")
        elif hasattr(body, "read"):
            body = body.read()
        answer = client.open(split.path, base_url=f"{split.scheme}://{split.netloc}", query_string=split.query,
                             method=prepared.method, headers=list(prepared.headers.items()), data=body)
        headers = {k: v for k, v in answer.headers.items() if k.lower() != "content-length"}
        return answer.status_code, headers, answer.get_data()

    return callback


def intercept(app) -> responses.RequestsMock:
    """Route every `requests` call to http://fc.fakecloud.invalid into the app (no socket)."""
    mock = responses.RequestsMock(assert_all_requests_are_fired=False)
    pattern = __import__("re").compile(rf"https?://{INPROCESS_HOST.replace('.', r'[.]')}(:\d+)?/.*")
    for method in ("GET", "POST", "PUT", "DELETE", "HEAD", "PATCH"):
        mock.add_callback(method, pattern, callback=wsgi_callback(app), content_type=None)
    return mock


@dataclass
class Target:
    """Where the clients talk to: ``host`` is host[:port] without scheme; ``mode`` is server or inprocess."""
    mode: str
    host: str
    app: object
    cloud: object
    settings: dict | None = None      # FakeCloudServer.settings, for a server

    @property
    def url(self) -> str:
        return f"http://{self.host}"

    def fc2(self, ak: str = AK, secret: str = SECRET):
        import fc2
        return fc2.Client(endpoint=self.url, accessKeyID=ak, accessKeySecret=secret, Timeout=10)

    def _config(self, ak: str, secret: str):
        from alibabacloud_tea_openapi.models import Config
        return Config(access_key_id=ak, access_key_secret=secret, endpoint=self.host, protocol="http",
                      region_id="cn-hangzhou", read_timeout=10000, connect_timeout=5000)

    def fc_open(self, ak: str = AK, secret: str = SECRET):
        from alibabacloud_fc_open20210406.client import Client as FcOpen
        return FcOpen(self._config(ak, secret))

    def fc3(self, ak: str = AK, secret: str = SECRET):
        from alibabacloud_fc20230330.client import Client as Fc3
        return Fc3(self._config(ak, secret))


@dataclass
class Reply:
    """An invocation answer as each client exposes it, normalized: status, lower-cased headers, body bytes."""
    status: int
    headers: dict
    body: bytes


def fc3_name(service: str, function: str) -> str:
    return function if service == "fc3" else f"{service}${function}"


def invoke(target: Target, client: str, service: str, function: str, payload: bytes = b"", *,
           invocation_type: str | None = None, qualifier: str | None = None, stateful_id: str | None = None,
           log_type: str | None = None) -> Reply:
    """InvokeFunction through one official client ("fc2", "fc_open" or "fc3"); fc2's FcError propagates."""
    if client == "fc2":
        headers = {}
        if invocation_type:
            headers["x-fc-invocation-type"] = invocation_type
        if stateful_id:
            headers["x-fc-stateful-async-invocation-id"] = stateful_id
        if log_type:
            headers["x-fc-log-type"] = log_type
        resp = target.fc2().invoke_function(service, function, payload=payload, headers=headers,
                                            qualifier=qualifier)
        return Reply(200 if invocation_type != "Async" else 202, {k.lower(): v for k, v in resp.headers.items()},
                     resp.data)
    if client == "fc_open":
        from alibabacloud_fc_open20210406 import models
        from alibabacloud_tea_util.models import RuntimeOptions
        headers = models.InvokeFunctionHeaders(x_fc_invocation_type=invocation_type, x_fc_log_type=log_type,
                                               x_fc_stateful_async_invocation_id=stateful_id)
        resp = target.fc_open().invoke_function_with_options(
            service, function, models.InvokeFunctionRequest(body=payload, qualifier=qualifier), headers,
            RuntimeOptions())
        return Reply(resp.status_code, {k.lower(): v for k, v in resp.headers.items()}, resp.body)
    from alibabacloud_fc20230330 import models as fc3_models
    from darabonba.runtime import RuntimeOptions as DaraRuntime
    headers = fc3_models.InvokeFunctionHeaders(x_fc_invocation_type=invocation_type, x_fc_log_type=log_type,
                                               x_fc_async_task_id=stateful_id)
    resp = target.fc3().invoke_function_with_options(
        fc3_name(service, function), fc3_models.InvokeFunctionRequest(body=payload, qualifier=qualifier), headers,
        DaraRuntime())
    return Reply(resp.status_code, {k.lower(): v for k, v in resp.headers.items()}, resp.body.read())


CLIENTS = ("fc2", "fc_open", "fc3")


def echo_handler(event, context):
    """A handler the control plane imports as ``fc_wire_support:echo_handler``."""
    import json
    return {"echo": json.loads(event or b"null"), "function": context.function.name}
