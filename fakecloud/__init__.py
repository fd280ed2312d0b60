"""fakecloud: an offline, deterministic test double of Alibaba Cloud Serverless Workflow (FnF)."""

from .version import __version__


def __getattr__(name: str):
    """`mock_cloud` and `FakeCloudServer` load the wire layer on first use."""
    if name == "mock_cloud":
        from .wire.intercept import mock_cloud
        return mock_cloud
    if name == "FakeCloudServer":
        from .wire.server import FakeCloudServer
        return FakeCloudServer
    raise AttributeError(f"module 'fakecloud' has no attribute {name!r}")
