"""Time in the wire layer: how the world's clock moves between and during requests, the long-poll helper the
protocols use (`Timekeeper.wait_until`), and the background ticker of a running server.

Three regimes, chosen by the world's clock and by whether real time is followed:

* in-process (virtual clock, ``follow_real_time=False``; `mock_cloud`, a bare WireApp): time moves only when
  something waits. Engine-owned timers (waits, retry back-off, simulated durations) are skipped before and after
  every request; a long poll skips virtual time to its deadline, stopping at every timer and ``next_event`` on the
  way, so it ends at once either way.
* server, virtual clock (``follow_real_time=True``; `FakeCloudServer`, the default): engine-owned timers are
  skipped at once, before and after every request and on every tick; besides, the virtual clock moves forward by
  the real time that passes, so deadlines that wait on clients (callback timeouts, MNS visibility timeouts and
  delays, long polls) come due in real time, unless the control plane advances the clock first.
* server, real clock (``--clock real``, a FakeCloud on a RealClock): everything, engine waits included, happens
  in real (scaled) time; the ticker fires timers as they fall due.
"""
from __future__ import annotations

import logging
import threading
import time
from typing import Any, Callable

log = logging.getLogger("fakecloud.wire")

TICK_SECONDS = 0.05


class Timekeeper:
    """Moves the clock of ``app.cloud`` (always with ``app.lock`` held) and wakes long polls when state changes."""

    def __init__(self, app, *, follow_real_time: bool = False, tick_seconds: float = TICK_SECONDS):
        self.app = app
        self.follow_real_time = follow_real_time
        self.tick_seconds = tick_seconds
        self.changed = threading.Condition(app.lock)   # notified after every request and reset
        self.closing = False                           # set when the server stops: waits end at once
        self.generation = 0                            # bumped by every reset: waits of the old world end
        self._origin = time.monotonic()
        self._followed_ms = 0

    @property
    def clock(self):
        return self.app.cloud.clock

    @property
    def mode(self) -> str:
        return "virtual" if self.clock.is_virtual else "real"

    def sync(self) -> None:
        """Bring the world up to date (lock held): follow real time if asked, fire what is due, then run
        everything runnable, skipping engine-owned timers (a real clock fires only what is due)."""
        clock = self.clock
        if self.follow_real_time and clock.is_virtual:
            real_ms = round((time.monotonic() - self._origin) * 1000)
            delta, self._followed_ms = real_ms - self._followed_ms, real_ms
            if delta > 0:
                clock.advance_to(clock.now_ms + delta)
        self.app.cloud.run_until_idle()

    def settle(self) -> None:
        """After a request (lock held): sync, then wake every long poll to look again. Never raises."""
        try:
            self.sync()
        except Exception:    # a fakecloud bug while running the flows must not take the response with it
            log.exception("fakecloud: error while running the world after a request")
        self.changed.notify_all()

    def reset(self) -> None:
        """After the world was reset (lock held): waits on the old world end, the new clock follows from now."""
        self.generation += 1
        self._origin, self._followed_ms = time.monotonic(), 0
        self.changed.notify_all()

    def close(self) -> None:
        with self.app.lock:
            self.closing = True
            self.changed.notify_all()

    # -- long polls --------------------------------------------------------------------------------------------
    def wait_until(self, predicate: Callable[[], Any], timeout_seconds: float,
                   next_event: Callable[[], float | None] | None = None) -> Any:
        """Call ``predicate()`` (with ``app.lock`` held) until it returns a true value, and return that value; after
        ``timeout_seconds`` return its last (false) value. ``timeout_seconds <= 0`` checks once.

        In process, time is virtual and skipped: between checks the clock jumps to the next timer, to
        ``next_event()`` (epoch seconds at which the predicate may become true without a request, e.g. a delayed
        message turning visible; None when there is none) or to the deadline, whichever is first.
        In a server, the wait takes real time: the lock is released while sleeping and the predicate is checked
        again after every request, every tick and at the deadline (real seconds with the virtual clock, the
        clock's scaled seconds with a real clock). It also ends when the server stops or the world is reset.
        Exceptions from the predicate propagate."""
        with self.app.lock:
            if self.clock.is_virtual and not self.follow_real_time:
                return self._skip_wait(predicate, timeout_seconds, next_event)
            return self._real_wait(predicate, timeout_seconds)

    def _skip_wait(self, predicate, timeout_seconds: float, next_event) -> Any:
        self.sync()
        clock, generation = self.clock, self.generation
        deadline = clock.now_ms + max(0, round(timeout_seconds * 1000))
        while True:
            value = predicate()
            now = clock.now_ms
            if value or now >= deadline or generation != self.generation:
                return value
            target = deadline
            timer = clock.next_timer()
            if timer is not None:
                target = min(target, max(timer.when, now))
            event = next_event() if next_event is not None else None
            if event is not None and now < round(event * 1000) < target:
                target = round(event * 1000)
            clock.advance_to(target)
            self.app.cloud.run_until_idle()

    def _real_wait(self, predicate, timeout_seconds: float) -> Any:
        started, generation = time.monotonic(), self.generation
        deadline_ms = self.clock.now_ms + max(0, round(timeout_seconds * 1000))
        while True:
            self.sync()
            value = predicate()
            if value or self.closing or generation != self.generation:
                return value
            clock = self.clock
            if clock.is_virtual:
                left = timeout_seconds - (time.monotonic() - started)
            else:
                left = (deadline_ms - clock.now_ms) / 1000 / (clock.scale or 1.0)
            if left <= 0:
                return value
            self.changed.wait(min(left, self.tick_seconds))


class Ticker:
    """A daemon thread that brings the world up to date every ``tick_seconds`` while a server runs."""

    def __init__(self, app, tick_seconds: float = TICK_SECONDS):
        self.app = app
        self.tick_seconds = tick_seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="fakecloud-ticker", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.tick_seconds):
            with self.app.lock:
                try:
                    self.app.time.sync()
                except Exception:
                    log.exception("fakecloud: error while running the world on a clock tick")
