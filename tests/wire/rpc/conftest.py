"""Fixtures of the RPC wire tests: `where` runs a test against a FakeCloudServer and intercepted in-process."""
from __future__ import annotations

from contextlib import contextmanager, nullcontext

import pytest
from alibabacloud_tea_openapi.models import Config

import fakecloud
from fakecloud.cloud import FakeCloud
from fakecloud.wire.server import FakeCloudServer

AK, SECRET = "fakecloud", "fakecloud-secret"


class Where:
    """A world and how a Tea client reaches it (`config(product)`), plus the legacy AcsClient settings."""

    def __init__(self, kind, cloud, server=None):
        self.kind, self.cloud, self.server = kind, cloud, server

    def world(self):
        """Touch the world safely: through the server's lock when one is serving."""
        return self.server.world() if self.server is not None else nullcontext(self.cloud)

    def config(self, product: str, **extra) -> Config:
        if self.server is not None:
            return Config(**{**self.server.settings["tea"], **extra})
        return Config(access_key_id=AK, access_key_secret=SECRET, region_id="cn-hangzhou",
                      endpoint=f"{product}.cn-hangzhou.aliyuncs.com", **extra)


@contextmanager
def served(cloud, **options):
    with FakeCloudServer(cloud, **options) as server:
        yield Where("server", server.cloud, server)


@contextmanager
def intercepted(cloud, **options):
    with fakecloud.mock_cloud(cloud, **options) as world:
        yield Where("inprocess", world)


@pytest.fixture(params=["server", "inprocess"])
def where(request):
    make = served if request.param == "server" else intercepted
    with make(FakeCloud(seed=0)) as w:
        yield w
