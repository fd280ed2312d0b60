"""Fixtures of the RPC wire tests: `where` (a FakeCloudServer, or intercepted in-process) and `fnf`, one FnF client
driver per (client, where) pair: Tea sync and legacy core SDK both ways, Tea async against the server."""
from __future__ import annotations

import pytest
from rpc_wire_support import DRIVERS, intercepted, served

from fakecloud.cloud import FakeCloud

FNF_CLIENTS = [("tea", "server"), ("tea", "inprocess"), ("legacy", "server"), ("legacy", "inprocess"),
               ("async", "server")]


@pytest.fixture(params=["server", "inprocess"])
def where(request):
    make = served if request.param == "server" else intercepted
    with make(FakeCloud(seed=0)) as w:
        yield w


@pytest.fixture(params=FNF_CLIENTS, ids=[f"{c}-{w}" for c, w in FNF_CLIENTS])
def fnf(request):
    client, kind = request.param
    make = served if kind == "server" else intercepted
    with make(FakeCloud(seed=0)) as w:
        yield DRIVERS[client](w)
