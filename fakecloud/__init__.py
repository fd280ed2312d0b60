"""fakecloud: an offline, deterministic test double of Alibaba Cloud Serverless Workflow (FnF).

The supported names, each loaded from its module on first use (so ``import fakecloud`` loads nothing else):

    FakeCloud                  the world: clock, ids, engine and every service fake (fakecloud.cloud)
    mock_cloud                 routes the official SDKs to a world in process (fakecloud.wire.intercept)
    FakeCloudServer            a world behind a local HTTP server (fakecloud.wire.server)
    Limits                     the service limits a world and the definition check apply (fakecloud.fdl)
    parse_flow, check_file     the flow definition check (fakecloud.fdl)
    FlowDefinitionError        what parse_flow raises for an invalid definition (fakecloud.fdl)
    Return, Throw              scripted answers and mocks (fakecloud.testing)
    ServiceError               the base of every service's errors (fakecloud.services.errors)
    FcError, FnfError, MnsError, VisionError   the errors of Function Compute, FnF, MNS and the vision APIs

Everything else is reachable through its own module (``fakecloud.testing`` for the test helpers, ``fakecloud.fdl``
for the flow model) and may change between versions."""
from types import MappingProxyType as _read_only

from .version import __version__

_HOMES = _read_only({
    "FakeCloud": "fakecloud.cloud",
    "mock_cloud": "fakecloud.wire.intercept",
    "FakeCloudServer": "fakecloud.wire.server",
    "Limits": "fakecloud.fdl",
    "parse_flow": "fakecloud.fdl",
    "check_file": "fakecloud.fdl",
    "FlowDefinitionError": "fakecloud.fdl",
    "Return": "fakecloud.testing",
    "Throw": "fakecloud.testing",
    "ServiceError": "fakecloud.services.errors",
    "FcError": "fakecloud.services.fc",
    "FnfError": "fakecloud.services.fnf",
    "MnsError": "fakecloud.services.mns",
    "VisionError": "fakecloud.services.viapi",
})

__all__ = tuple(_HOMES)


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'fakecloud' has no attribute {name!r}")
    import importlib
    return getattr(importlib.import_module(home), name)


def __dir__() -> list[str]:
    return sorted({*__all__, "__version__", *(name for name in globals() if name.startswith("__"))})
