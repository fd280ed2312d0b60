"""Fixtures of the MNS wire tests: `target` runs a test against a FakeCloudServer and intercepted in-process
(parametrized); `server` is the server alone (raw HTTP tests); `signed_target` verifies signatures."""
from __future__ import annotations

from contextlib import contextmanager

import pytest

from fakecloud.cloud import FakeCloud
from fakecloud.wire.intercept import mock_cloud
from fakecloud.wire.server import FakeCloudServer
from mns_wire_support import AK, ALIYUN_HOST, SECRET, Target


@contextmanager
def served(cloud, **options):
    with FakeCloudServer(cloud, **options) as server:
        yield Target("server", server.url, server.app, {"server": server})


@contextmanager
def intercepted(cloud, **options):
    """In-process through `fakecloud.wire.intercept.mock_cloud` (the SDK's own *.aliyuncs.com endpoint)."""
    mocked = mock_cloud(cloud, **options)
    with mocked:
        yield Target("inprocess", ALIYUN_HOST, mocked.app)


WHERE = {"server": served, "inprocess": intercepted}


@pytest.fixture(scope="session")
def shared_server():
    """One server for the tests of a plain world; each test starts from a reset one."""
    with served(FakeCloud(seed=0)) as target:
        yield target


@pytest.fixture
def server(shared_server) -> Target:
    shared_server.app.reset()
    return shared_server


@pytest.fixture(params=["server", "inprocess"])
def target(request):
    """The same test against the local server and in-process."""
    if request.param == "server":
        yield request.getfixturevalue("server")
        return
    with intercepted(FakeCloud(seed=0)) as where:
        yield where


@pytest.fixture
def inprocess():
    """In-process alone (virtual time that waits skip)."""
    with intercepted(FakeCloud(seed=0)) as where:
        yield where


@pytest.fixture(params=["server", "inprocess"])
def signed_target(request):
    """Signatures verified against {AK: SECRET}."""
    with WHERE[request.param](FakeCloud(seed=0), verify_signatures=True, credentials={AK: SECRET}) as where:
        yield where


@pytest.fixture
def signed_server():
    """A server alone that verifies signatures against {AK: SECRET} (raw HTTP tests)."""
    with served(FakeCloud(seed=0), verify_signatures=True, credentials={AK: SECRET}) as where:
        yield where


@pytest.fixture
def account(target):
    return target.account()
