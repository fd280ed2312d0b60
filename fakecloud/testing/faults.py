"""The assertion over a fault sweep (`flow_runner.sweep(...)`, fakecloud.insight.sweep): every injected fault is
handled: the execution ended and either succeeded or a catch rule took the error."""
from __future__ import annotations

from typing import Iterable


class FaultsNotHandled(AssertionError):
    """A sweep found faults that end the execution unhandled or leave it running."""


def assert_every_fault_handled(sweep, allow: Iterable = ()) -> None:
    """Fail listing every fault of `sweep` that ended the execution with no catch taking it, or left it running.
    `allow` entries are step path patterns (`"checkPhoto"`, `"child:ship/*"`) or (pattern, error) pairs."""
    __tracebackhide__ = True
    left = sweep.unhandled(allow)
    if not left:
        return
    from fakecloud.insight.sweep_report import rows
    lines = [f"{len(left)} of {len(sweep.outcomes)} injected faults of {sweep.flow} are not handled:"]
    lines += [f"  {line}" for line in rows(left)]
    raise FaultsNotHandled("\n".join(lines))
