"""Fixtures for the vision fake: a hand-driven virtual clock and a counting id source."""
from __future__ import annotations

import itertools

import pytest

from fakecloud.services.viapi import VisionBackend


class Clock:
    """Virtual seconds that move only when a test moves them."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Ids:
    """Ids like ``request-1``, ``job-2``: one counter for all kinds, so the order of ids is visible too."""

    def __init__(self) -> None:
        self._count = itertools.count(1)
        self.kinds: list[str] = []

    def __call__(self, kind: str) -> str:
        self.kinds.append(kind)
        return f"{kind}-{next(self._count)}"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def ids() -> Ids:
    return Ids()


@pytest.fixture
def vision(clock, ids) -> VisionBackend:
    return VisionBackend(clock, ids)


@pytest.fixture
def vision_2021(clock, ids) -> VisionBackend:
    """Retired APIs served as they worked when they were current."""
    return VisionBackend(clock, ids, retired="answer")
