"""Fixtures of the FC fake tests: a backend on a virtual clock with counter ids, and an engine whose "fc" tasks
go to an FcBackend through FcIntegration."""
from __future__ import annotations

import pytest

from fakecloud.engine import VirtualClock
from fakecloud.services.fc import FcBackend
from fc_support import Ids, World


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock("2024-01-01T00:00:00Z")


@pytest.fixture
def fc(clock) -> FcBackend:
    return FcBackend(clock, Ids())


@pytest.fixture
def world() -> World:
    return World()
