import pytest

from fakecloud.wire.server import FakeCloudServer


@pytest.fixture(scope="module")
def server():
    """A fakecloud server that checks every signature, standing in for the cloud."""
    with FakeCloudServer(verify_signatures=True) as running:
        yield running
