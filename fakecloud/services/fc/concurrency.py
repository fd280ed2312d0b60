"""Instances in flight on the virtual clock: an invocation occupies one from its start until its virtual duration
has elapsed (or it is stopped); a new one beyond the account's quota is throttled."""
from __future__ import annotations

import heapq
import itertools
from typing import Callable

from .errors import invalid_argument


def check_quota(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise invalid_argument(f"the concurrency quota must be a positive integer, got {value!r}")
    return value


class InFlight:
    """The instances busy now (sync and async runs alike) against the per-account, per-region quota."""

    def __init__(self, now_ms: Callable[[], int], quota: int):
        self._now_ms = now_ms
        self.quota = check_quota(quota)
        self._ends: dict[int, int] = {}          # slot -> end time (ms)
        self._heap: list[tuple[int, int]] = []   # (end time, slot), lazily cleaned
        self._ids = itertools.count(1)

    def _purge(self) -> None:
        """Drop the instances that have ended, and heap entries of released ones: afterwards the top of the
        heap is the busy instance that ends first."""
        now = self._now_ms()
        heap = self._heap
        while heap and (heap[0][0] <= now or heap[0][1] not in self._ends):
            self._ends.pop(heapq.heappop(heap)[1], None)

    def busy(self) -> int:
        """How many instances are in flight now."""
        self._purge()
        return len(self._ends)

    def full(self) -> bool:
        return self.busy() >= self.quota

    def occupy(self, seconds_ms: int) -> int | None:
        """Take an instance for `seconds_ms` from now; returns the slot (None for a run that takes no time)."""
        if seconds_ms <= 0:
            return None
        slot = next(self._ids)
        end = self._now_ms() + seconds_ms
        self._ends[slot] = end
        heapq.heappush(self._heap, (end, slot))
        return slot

    def release(self, slot: int | None) -> None:
        """Free an instance early (a stopped run)."""
        if slot is not None:
            self._ends.pop(slot, None)

    def next_free_ms(self) -> int:
        """When the earliest busy instance frees up (now, if none is busy)."""
        self._purge()
        return self._heap[0][0] if self._heap else self._now_ms()
