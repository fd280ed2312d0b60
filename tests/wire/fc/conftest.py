"""Fixtures of the FC wire tests: a fresh FakeCloud, its WSGI app, and `target` — the app behind a real local
server or intercepted in-process (parametrized), with the official FC clients pointed at it."""
from __future__ import annotations

import pytest

from fakecloud.cloud import FakeCloud
from fakecloud.engine import RealClock
from fc_wire_support import AK, INPROCESS_HOST, SECRET, Server, Target, intercept, make_app


@pytest.fixture
def cloud() -> FakeCloud:
    return FakeCloud(seed=0)


@pytest.fixture
def app(cloud):
    return make_app(cloud)


@pytest.fixture
def server(app):
    with Server(app) as server:
        yield Target("server", server.host, app, app.cloud)


@pytest.fixture
def inprocess(app):
    with intercept(app):
        yield Target("inprocess", INPROCESS_HOST, app, app.cloud)


@pytest.fixture(params=["server", "inprocess"])
def target(request):
    """The same tests against the local server and in-process."""
    return request.getfixturevalue(request.param)


@pytest.fixture(params=["server", "inprocess"])
def real_target(request):
    """A world on a real clock, where simulated durations take real time (an async run stays Running)."""
    cloud = FakeCloud(seed=0, clock=RealClock())
    app = make_app(cloud)
    if request.param == "server":
        with Server(app) as server:
            yield Target("server", server.host, app, cloud)
    else:
        with intercept(app):
            yield Target("inprocess", INPROCESS_HOST, app, cloud)


@pytest.fixture(params=["server", "inprocess"])
def signed_target(request):
    """An app that verifies signatures against the key pair the test clients use by default."""
    cloud = FakeCloud(seed=0)
    app = make_app(cloud, verify_signatures=True, credentials={AK: SECRET})
    if request.param == "server":
        with Server(app) as server:
            yield Target("server", server.host, app, cloud)
    else:
        with intercept(app):
            yield Target("inprocess", INPROCESS_HOST, app, cloud)
