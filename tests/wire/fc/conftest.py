"""Fixtures of the FC wire tests: a fresh FakeCloud, its WSGI app, and `target` — the world behind a
FakeCloudServer or intercepted in-process (parametrized), with the official FC clients pointed at it."""
from __future__ import annotations

from contextlib import contextmanager

import pytest

from fakecloud.cloud import FakeCloud
from fakecloud.engine import RealClock
from fakecloud.wire.intercept import mock_cloud
from fakecloud.wire.server import FakeCloudServer
from fc_wire_support import AK, ALIYUN_HOST, SECRET, Target

# The server's ticker would run the world concurrently with a test's own calls into it; requests alone keep
# it up to date here (each one syncs the world before and after).
QUIET_TICK = 3600.0


@contextmanager
def served(cloud, **options):
    clock = "virtual" if cloud.clock.is_virtual else "real"
    with FakeCloudServer(cloud, clock=clock, tick_seconds=QUIET_TICK, handler_modules=["fc_wire_support"],
                         **options) as server:
        yield Target("server", server.endpoint, server.app, cloud, server.settings)


@contextmanager
def intercepted(cloud, **options):
    """In-process through `fakecloud.mock_cloud` (the SDKs' own *.aliyuncs.com endpoints)."""
    mocked = mock_cloud(cloud, **options)
    with mocked:
        yield Target("inprocess", ALIYUN_HOST, mocked.app, cloud)


WHERE = {"server": served, "inprocess": intercepted}


@pytest.fixture
def cloud() -> FakeCloud:
    return FakeCloud(seed=0)


@pytest.fixture(scope="session")
def shared_server():
    """One server for the tests of a plain world; each test starts from a reset one."""
    with served(FakeCloud(seed=0)) as target:
        yield target


@pytest.fixture
def server(shared_server):
    shared_server.app.reset()
    return shared_server


@pytest.fixture(params=["server", "inprocess"])
def target(request):
    """The same tests against the local server and in-process."""
    if request.param == "server":
        yield request.getfixturevalue("server")
        return
    with intercepted(FakeCloud(seed=0)) as target:
        yield target


@pytest.fixture(params=["server", "inprocess"])
def real_target(request):
    """A world on a real clock, where simulated durations take real time (an async run stays Running)."""
    with WHERE[request.param](FakeCloud(seed=0, clock=RealClock())) as target:
        yield target


@pytest.fixture(params=["server", "inprocess"])
def signed_target(request, cloud):
    """Signatures verified against the key pair the test clients use by default."""
    with WHERE[request.param](cloud, verify_signatures=True, credentials={AK: SECRET}) as target:
        yield target
