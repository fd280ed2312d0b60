"""Fixtures of the MNS backend tests: a fresh backend on a fake clock with counter ids."""
from __future__ import annotations

import pytest

from fakecloud.services.mns import MnsBackend
from mns_support import FakeClock, Ids


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def mns(clock) -> MnsBackend:
    return MnsBackend(clock.now, Ids(), region="cn-hangzhou", account_id="1234567890123456")
