"""Long polling in virtual time (DescribeExecution's WaitTimeSeconds): move the world's clock from event to event
until the execution ends or the wait elapses, so the answer comes at the virtual moment the execution ended."""
from __future__ import annotations

import time
from typing import Callable

Advance = Callable[[float], None]


def advance_to_next_event(clock) -> Advance:
    """The default hook: advance by `seconds`, but stop at the first timer that falls due before then."""

    def advance(seconds: float) -> None:
        clock.run_ready()          # work made runnable since the last step may schedule the next timer
        target = clock.now_ms + round(seconds * 1000)
        timer = clock.next_timer()
        clock.advance_to(min(target, timer.when) if timer is not None else target)

    return advance


def wait_for_end(execution, seconds: float, clock, advance: Advance) -> None:
    """Return when `execution` has ended or `seconds` of (virtual) time have passed, whichever comes first."""
    clock.run_ready()
    if seconds <= 0 or execution.is_terminal:
        return
    if not getattr(clock, "is_virtual", True):
        _wait_real(execution, seconds, clock)
        return
    deadline = clock.now_ms + round(seconds * 1000)
    step = advance_to_next_event(clock)
    while not execution.is_terminal and clock.now_ms < deadline:
        before = clock.now_ms
        advance((deadline - before) / 1000)
        if clock.now_ms == before and not execution.is_terminal:
            step((deadline - before) / 1000)      # the hook did not move time: take one step ourselves


def _wait_real(execution, seconds: float, clock) -> None:
    """A real-time clock (server use): poll until the execution ends or the wait elapses."""
    end = time.monotonic() + seconds
    while not execution.is_terminal:
        clock.poll()
        remaining = end - time.monotonic()
        if remaining <= 0 or execution.is_terminal:
            return
        time.sleep(min(0.02, remaining))
