"""Helpers of the RPC wire tests: where a world is reached (a FakeCloudServer, or intercepted in-process) and one
driver per FnF client (the Tea client sync and async, the legacy core SDK) with the same call/failure shape."""
from __future__ import annotations

import asyncio
import importlib
import json
import re
import time
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass

from alibabacloud_fnf20190315 import models as fnf_models
from alibabacloud_fnf20190315.client import Client as FnfClient
from alibabacloud_tea_openapi.exceptions import ClientException, ServerException
from alibabacloud_tea_openapi.models import Config

import fakecloud
from fakecloud.wire.server import FakeCloudServer

AK, SECRET = "fakecloud", "fakecloud-secret"
REQUEST_ID = re.compile(r"^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$")

PASS_FLOW = ("version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: greet\n    outputMappings:\n"
             "      - target: greeting\n        source: hello\n")
WAIT_FLOW = "version: v1\ntype: flow\nsteps:\n  - type: wait\n    name: nap\n    duration: 3600\n"
CALLBACK_FLOW = """\
version: v1
type: flow
steps:
  - type: task
    name: approve
    resourceArn: acs:fc:::services/svc/functions/ask
    pattern: waitForCallback
    serviceParams:
      InvocationType: Async
    inputMappings:
      - target: token
        source: $context.task.token
"""


class Where:
    """A world and how clients reach it: `config(product)` for a Tea client, `acs()` for an AcsClient."""

    def __init__(self, kind: str, cloud, server: FakeCloudServer | None = None):
        self.kind, self.cloud, self.server = kind, cloud, server

    def world(self):
        """Touch the world safely: through the server's lock when one is serving."""
        return self.server.world() if self.server is not None else nullcontext(self.cloud)

    def config(self, product: str, **extra) -> Config:
        if self.server is not None:
            return Config(**{**self.server.settings["tea"], **extra})
        settings = {"access_key_id": AK, "access_key_secret": SECRET, "region_id": "cn-hangzhou",
                    "endpoint": f"{product}.cn-hangzhou.aliyuncs.com", **extra}
        return Config(**settings)

    def acs(self, **extra):
        from aliyunsdkcore.client import AcsClient
        if self.server is not None:
            return AcsClient(**{**self.server.settings["acs"], **extra})
        return AcsClient(**{"ak": AK, "secret": SECRET, "region_id": "cn-hangzhou", **extra})

    @property
    def acs_endpoint(self) -> str | None:
        return self.server.settings["acs_endpoint"] if self.server is not None else None

    def settle(self, ready, timeout: float = 3.0) -> None:
        """Let the world run until `ready(cloud)` is true (a server runs it in the background)."""
        deadline = time.monotonic() + timeout
        while True:
            with self.world() as cloud:
                if self.server is None:
                    cloud.run_until_idle()
                if ready(cloud):
                    return
            if time.monotonic() > deadline:
                raise AssertionError("the world did not get there in time")
            time.sleep(0.02)


@contextmanager
def served(cloud=None, **options):
    with FakeCloudServer(cloud, **options) as server:
        yield Where("server", server.cloud, server)


@contextmanager
def intercepted(cloud=None, **options):
    with fakecloud.mock_cloud(cloud, **options) as world:
        yield Where("inprocess", world)


# -- FnF drivers ---------------------------------------------------------------------------------------------------

@dataclass
class Failure(Exception):
    """An error answer as a client reported it: the service's message without the client's decoration."""
    code: str
    message: str
    status: int
    request_id: str


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class TeaFnf:
    """alibabacloud-fnf20190315, sync: `call` returns the response body's map (the model's view of it)."""
    kind = "tea"

    def __init__(self, where: Where, **config):
        self.where = where
        self.client = FnfClient(where.config("fnf", **config))
        self.last = None

    def request(self, action: str, params: dict):
        return getattr(fnf_models, f"{action}Request")().from_map(params)

    def invoke(self, action: str, request):
        return getattr(self.client, _snake(action))(request)

    def call(self, action: str, **params) -> dict:
        try:
            self.last = self.invoke(action, self.request(action, params))
        except (ClientException, ServerException) as exc:
            prefix, suffix = f"code: {exc.status_code}, ", f" request id: {exc.request_id}"
            assert exc.message.startswith(prefix) and exc.message.endswith(suffix), exc.message
            raise Failure(exc.code, exc.message[len(prefix):-len(suffix)], exc.status_code, exc.request_id) from None
        assert self.last.status_code == 200
        assert self.last.headers["x-acs-request-id"] == self.last.body.request_id
        return self.last.body.to_map()


class TeaFnfAsync(TeaFnf):
    """alibabacloud-fnf20190315, the `*_async` methods (aiohttp: against a server only)."""
    kind = "async"

    def invoke(self, action: str, request):
        return asyncio.run(getattr(self.client, _snake(action) + "_async")(request))


class LegacyFnf:
    """aliyun-python-sdk-fnf on aliyunsdkcore: `call` returns the parsed JSON of the raw body."""
    kind = "legacy"

    def __init__(self, where: Where, **acs):
        self.where = where
        self.client = where.acs(**acs)

    def call(self, action: str, **params) -> dict:
        from aliyunsdkcore.acs_exception.exceptions import ServerException as AcsServerException
        module = importlib.import_module(f"aliyunsdkfnf.request.v20190315.{action}Request")
        request = getattr(module, f"{action}Request")()
        for name, value in params.items():
            getattr(request, f"set_{name}")(value)
        if self.where.acs_endpoint:
            request.set_endpoint(self.where.acs_endpoint)
        try:
            raw = self.client.do_action_with_exception(request)
        except AcsServerException as exc:
            raise Failure(exc.get_error_code(), exc.get_error_msg(), exc.get_http_status(),
                          exc.get_request_id()) from None
        assert isinstance(raw, bytes)
        return json.loads(raw)


DRIVERS = {"tea": TeaFnf, "async": TeaFnfAsync, "legacy": LegacyFnf}
