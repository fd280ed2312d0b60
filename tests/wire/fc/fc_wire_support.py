"""Helpers of the FC wire tests: a threaded local server for any WSGI app, where the clients talk to, and the
three official FC clients pointed there."""
from __future__ import annotations

import threading
from dataclasses import dataclass

from werkzeug.serving import make_server

AK, SECRET = "fakecloud-ak", "fakecloud-secret"
ALIYUN_HOST = "1234567890123456.cn-hangzhou.fc.aliyuncs.com"     # what mock_cloud intercepts


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
