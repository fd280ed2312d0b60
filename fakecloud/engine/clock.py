"""Clocks: a virtual clock with a deterministic timer heap (the default, shared by a whole fake cloud) and a
real-time clock, optionally scaled, for server use. Times are integer milliseconds since the Unix epoch."""
from __future__ import annotations

import heapq
import time
from datetime import datetime, timezone
from functools import lru_cache
from typing import Callable

DEFAULT_EPOCH = "2024-01-01T00:00:00Z"


def parse_time(text: str) -> int:
    """An RFC 3339 time ('2024-01-01T00:00:00Z', offsets allowed) as epoch milliseconds."""
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return round(value.timestamp() * 1000)


@lru_cache(maxsize=4096)
def format_time(ms: int) -> str:
    """Epoch milliseconds as the service writes times: RFC 3339, UTC, milliseconds ('...T01:01:01.001Z'). The
    cache holds strings, which no caller can change."""
    seconds, millis = divmod(ms, 1000)
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S") + f".{millis:03d}Z"


def to_ms(seconds: float) -> int:
    return round(seconds * 1000)


class Timer:
    """One scheduled callback. `auto` timers belong to the engine (waits, back-off, simulated work) and may be
    skipped to; the others are deadlines that wait on the outside world and fire only when time passes them."""
    __slots__ = ("when", "seq", "callback", "auto", "cancelled", "tally")

    def __init__(self, when: int, seq: int, callback: Callable[[], None], auto: bool, tally: list[int]):
        self.when, self.seq, self.callback, self.auto, self.cancelled = when, seq, callback, auto, False
        self.tally = tally          # [cancelled timers waiting in the heap], shared with it (no cycle)

    def cancel(self) -> None:
        if self.cancelled:          # already cancelled, or fired
            return
        self.cancelled = True
        self.callback = None        # a cancelled timer may wait in the heap for long: it keeps nothing alive
        self.tally[0] += 1

    def __lt__(self, other: "Timer") -> bool:
        return (self.when, self.seq) < (other.when, other.seq)

    def __repr__(self) -> str:
        return f"Timer({format_time(self.when)}, auto={self.auto}{', cancelled' if self.cancelled else ''})"


class _TimerHeap:
    """Timers ordered by (time, creation order): ties fire in the order they were scheduled. A cancelled timer
    leaves the heaps when it reaches the top, or when cancelled timers make up more than half of them (every
    execution cancels its timeout when it ends, often long before it would fall due): they are then rebuilt
    without them, the order unchanged."""
    COMPACT_AT = 64            # cancelled timers tolerated before the heaps are rebuilt, at the least

    def __init__(self):
        self._heap: list[Timer] = []
        self._auto: list[Timer] = []
        self._seq = 0
        self._cancelled = [0]       # cancelled timers still in _heap

    def add(self, when: int, callback: Callable[[], None], auto: bool) -> Timer:
        cancelled = self._cancelled[0]
        if cancelled > self.COMPACT_AT and 2 * cancelled > len(self._heap):
            self._compact()
        self._seq += 1
        timer = Timer(when, self._seq, callback, auto, self._cancelled)
        heapq.heappush(self._heap, timer)
        if auto:
            heapq.heappush(self._auto, timer)
        return timer

    def _compact(self) -> None:
        self._heap = [t for t in self._heap if not t.cancelled]
        self._auto = [t for t in self._auto if not t.cancelled]
        heapq.heapify(self._heap)
        heapq.heapify(self._auto)
        self._cancelled[0] = 0

    def _peek(self, heap: list[Timer]) -> Timer | None:
        while heap and heap[0].cancelled:
            heapq.heappop(heap)
            if heap is self._heap:      # fired timers leave _heap when they fire: this one was cancelled
                self._cancelled[0] -= 1
        return heap[0] if heap else None

    def next(self, auto_only: bool = False) -> Timer | None:
        return self._peek(self._auto if auto_only else self._heap)

    def pop_due(self, until: int) -> Timer | None:
        timer = self._peek(self._heap)
        if timer is None or timer.when > until:
            return None
        heapq.heappop(self._heap)
        timer.cancelled = True          # fired: also drops it from the auto heap lazily
        return timer

    def __len__(self) -> int:
        return sum(1 for t in self._heap if not t.cancelled)


class VirtualClock:
    """Virtual time: nothing sleeps. `advance()` moves time forward, firing due timers in order and letting
    every registered runner (the engine, later other fakes) run what became runnable after each timer."""

    is_virtual = True

    def __init__(self, start: str | int = DEFAULT_EPOCH):
        self.now_ms = parse_time(start) if isinstance(start, str) else int(start)
        self._timers = _TimerHeap()
        self._runners: list[Callable[[], None]] = []

    def restart(self, start_ms: int) -> None:
        """Back to `start_ms` with no timers (the runners stay registered)."""
        self.now_ms = int(start_ms)
        self._timers = _TimerHeap()

    # -- reading ----------------------------------------------------------------------------
    def now(self) -> float:
        """Seconds since the Unix epoch."""
        return self.now_ms / 1000

    def iso(self) -> str:
        return format_time(self.now_ms)

    # -- scheduling -------------------------------------------------------------------------
    def call_at(self, when_ms: int, callback: Callable[[], None], auto: bool = True) -> Timer:
        return self._timers.add(max(when_ms, self.now_ms), callback, auto)

    def call_later(self, seconds: float, callback: Callable[[], None], auto: bool = True) -> Timer:
        return self.call_at(self.now_ms + to_ms(seconds), callback, auto)

    def next_timer(self, auto_only: bool = False) -> Timer | None:
        return self._timers.next(auto_only)

    def pending_timers(self) -> int:
        return len(self._timers)

    def add_runner(self, runner: Callable[[], None]) -> None:
        """`runner()` is called after every fired timer to run what became runnable."""
        self._runners.append(runner)

    def run_ready(self) -> None:
        for runner in self._runners:
            runner()

    # -- moving time ------------------------------------------------------------------------
    def advance(self, seconds: float) -> None:
        """Move time forward by `seconds`, firing every timer that falls due, in order."""
        if seconds < 0:
            raise ValueError("the clock cannot go backwards")
        self.advance_to(self.now_ms + to_ms(seconds))

    def advance_to(self, when_ms: int) -> None:
        self.run_ready()
        while True:
            timer = self._timers.pop_due(when_ms)
            if timer is None:
                break
            self.now_ms = max(self.now_ms, timer.when)
            callback, timer.callback = timer.callback, None     # fired: nothing left for the auto heap to hold
            callback()
            self.run_ready()
        self.now_ms = max(self.now_ms, when_ms)

    def skip_to_next(self, auto_only: bool = True) -> bool:
        """Jump to the next timer (only engine-owned ones when `auto_only`) and fire it; False if none."""
        timer = self._timers.next(auto_only)
        if timer is None:
            return False
        self.advance_to(timer.when)
        return True


class RealClock(VirtualClock):
    """Wall-clock time (optionally `scale`d: 60 makes a minute pass per second) for a long-running server.
    Timers fire when `poll()` is called after they fall due; nothing sleeps here either."""

    is_virtual = False

    def __init__(self, start: str | int | None = None, scale: float = 1.0):
        origin = round(time.time() * 1000) if start is None else start
        super().__init__(origin)
        self._origin = self.now_ms
        self._started = time.monotonic()
        self.scale = scale

    def restart(self, start_ms: int | None = None) -> None:
        """Back to the wall-clock time (or `start_ms`) with no timers, keeping the scale."""
        super().restart(round(time.time() * 1000) if start_ms is None else start_ms)
        self._origin = self.now_ms
        self._started = time.monotonic()

    def poll(self) -> None:
        """Fire everything that is due by now."""
        elapsed = (time.monotonic() - self._started) * self.scale
        self.advance_to(max(self.now_ms, self._origin + to_ms(elapsed)))

    def skip_to_next(self, auto_only: bool = True) -> bool:   # real time cannot be skipped
        self.poll()
        return False
