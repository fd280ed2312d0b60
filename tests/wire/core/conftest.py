"""Fixtures of the wire core tests: every WireApp built here asks the test protocols of wire_core_helpers first."""
import pytest
from werkzeug.test import Client

import fakecloud.wire.app as wire_app
from fakecloud.cloud import FakeCloud
from fakecloud.wire.access import ANY_IMPORT
from fakecloud.wire.app import WireApp
from wire_core_helpers import TEST_PROTOCOLS, Echo


@pytest.fixture(autouse=True)
def test_protocols(monkeypatch):
    """Every WireApp built in these tests asks our protocols first, then the project's."""
    monkeypatch.setattr(wire_app, "PROTOCOLS", TEST_PROTOCOLS + wire_app.PROTOCOLS)
    Echo.seen = []


@pytest.fixture
def cloud():
    return FakeCloud()


@pytest.fixture
def app(cloud):
    return WireApp(cloud, handler_imports=ANY_IMPORT)      # as mock_cloud builds it: in process, no token


@pytest.fixture
def client(app):
    return Client(app)
