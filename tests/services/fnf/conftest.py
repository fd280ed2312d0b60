"""Fixtures of the FnF API tests: a world (engine + FnfService with counter ids) per test."""
from __future__ import annotations

import pytest

from fnf_support import World


@pytest.fixture
def world() -> World:
    return World()


@pytest.fixture
def fnf(world):
    return world.fnf
