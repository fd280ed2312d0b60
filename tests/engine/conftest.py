"""Fixtures of the engine tests (helpers live in engine_support)."""
import pytest
from engine_support import Harness


@pytest.fixture
def h():
    return Harness()
