"""Helpers of the MNS backend tests: a fake clock, counter ids, the MD5 the service reports and an exact
MnsError matcher."""
from __future__ import annotations

import hashlib
from collections import Counter

import pytest

from fakecloud.services.mns import MnsError

START = 1_700_000_000          # epoch seconds of every test's start
START_MS = START * 1000


class FakeClock:
    """Virtual time in integer milliseconds; ``advance`` records every step it is asked to take."""

    def __init__(self, start_ms: int = START_MS):
        self.ms = start_ms
        self.steps: list[float] = []
        self.on_advance = None          # optional hook(clock) run after each advance, to make things happen

    def now(self) -> float:
        return self.ms / 1000

    def advance(self, seconds: float) -> None:
        self.steps.append(seconds)
        self.ms += round(seconds * 1000)
        if self.on_advance is not None:
            self.on_advance(self)


class Ids:
    """``kind-n`` with a counter per kind."""

    def __init__(self):
        self.counts: Counter[str] = Counter()

    def __call__(self, kind: str) -> str:
        self.counts[kind] += 1
        return f"{kind}-{self.counts[kind]}"


def md5(text: str) -> str:
    """MessageBodyMD5 / MessageMD5: upper-case hex MD5 of the UTF-8 text."""
    return hashlib.md5(text.encode()).hexdigest().upper()


def raises(code: str, message: str, status: int):
    """pytest.raises for an MnsError with exactly this code, message and status."""
    return _Raises(code, message, status)


class _Raises:
    def __init__(self, code, message, status):
        self.expected = (code, message, status)
        self._cm = pytest.raises(MnsError)

    def __enter__(self):
        self.info = self._cm.__enter__()
        return self.info

    def __exit__(self, *exc):
        result = self._cm.__exit__(*exc)
        e = self.info.value
        assert (e.code, e.message, e.status) == self.expected
        return result
