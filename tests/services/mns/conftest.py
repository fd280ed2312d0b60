"""Fixtures of the MNS backend tests: a fresh backend on a fake clock with counter ids, a queue and a topic."""
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


@pytest.fixture
def q(mns) -> str:
    mns.create_queue("q")
    return "q"


@pytest.fixture
def topic(mns) -> str:
    mns.create_topic("news")
    return "news"
