"""`FakeCloud`: one offline world — a virtual clock, a deterministic id source, the execution engine and the
fakes of every service a flow calls (Function Compute, MNS queues and topics, vision APIs, subflows) — with a
`reset()` that returns it to a clean state.

    cloud = FakeCloud(seed=0)
    cloud.mns.create_queue("approvals")
    cloud.fnf.create_flow(...) / cloud.engine.add_flow("order", text)
    execution = cloud.run("order", {"orderId": 7})
"""
from __future__ import annotations

from typing import Any, Callable

from .engine import DEFAULT_EPOCH, Engine, IdSource, Limits, RealClock, VirtualClock
from .services.fc import FcBackend, FcIntegration
from .services.fnf import FnfActionIntegration, FnfService
from .services.fnf.waiting import advance_to_next_event
from .services.ids import ServiceIds
from .services.mns import MnsBackend
from .services.mns.flow_tasks import QueueTasks, TopicTasks
from .services.viapi import VisionBackend
from .services.viapi.flow_tasks import VisionTasks


class FakeCloud:
    """Everything lives on this object; nothing is global. `reset()` replaces the clock, the engine and every
    service fake with fresh ones built from the same settings (references taken before are stale)."""

    def __init__(self, *, seed: int | str = 0, start: str | int = DEFAULT_EPOCH, limits: Limits | None = None,
                 region: str = "cn-hangzhou", account_id: str = "1234567890123456", clock=None):
        self.seed, self.epoch, self.limits = seed, start, limits
        self.region, self.account_id = region, account_id
        self._clock_factory = _clocks(clock, start)
        self._build()

    def _build(self) -> None:
        self.clock = self._clock_factory()
        self.ids = IdSource(self.seed)
        self.service_ids = ServiceIds(self.seed)
        self.engine = Engine(clock=self.clock, ids=self.ids, limits=self.limits)
        # Long polls (DescribeExecution, ReceiveMessage) move time by this: up to the next timer at the most.
        self._advance = advance_to_next_event(self.clock)
        new_id, now = self.service_ids.new, self.clock.now
        self.mns = MnsBackend(now, new_id, region=self.region, account_id=self.account_id)
        self.viapi = VisionBackend(now, new_id)
        self.fc = FcBackend(self.clock, new_id, region=self.region, account_id=self.account_id)
        engine = self.engine
        engine.register_integration("fc", FcIntegration(self.fc))
        engine.register_integration("mns-queue", QueueTasks(self.mns))
        engine.register_integration("mns-topic", TopicTasks(self.mns))
        self.fnf = FnfService(engine, advance=self._advance)
        engine.register_integration("action", FnfActionIntegration(self.fnf, fallback=VisionTasks(self.viapi)))

    def reset(self) -> None:
        """Back to a clean world: time at the start, no flows, executions, functions, queues or scripts."""
        self._build()

    # -- conveniences over the engine ----------------------------------------------------------------
    def add_flow(self, name: str, definition, *, replace: bool = False):
        return self.engine.add_flow(name, definition, replace=replace)

    def start(self, flow_name: str, input: Any = None, name: str | None = None):
        return self.engine.start_execution(flow_name, input, name)

    def run(self, flow_name: str, input: Any = None, name: str | None = None):
        """Start an execution and run it to its end, skipping all time."""
        return self.engine.run(flow_name, input, name)

    def run_until_idle(self) -> None:
        """Run everything runnable, skipping engine-owned timers; stop where only outside events can help."""
        self.engine.run_until_idle()

    def advance(self, seconds: float) -> None:
        self.clock.advance(seconds)

    def report_task_succeeded(self, token: str, output) -> None:
        self.engine.report_task_succeeded(token, output)
        self.engine.run_until_idle()

    def report_task_failed(self, token: str, error: str, cause: str = "") -> None:
        self.engine.report_task_failed(token, error, cause)
        self.engine.run_until_idle()

    def receive_message(self, queue: str, wait_seconds: float | None = None):
        """ReceiveMessage with long polling in virtual time: while it waits, the clock moves from timer to
        timer (running the flows those timers wake), so a message sent meanwhile is received when it is sent."""
        self.clock.run_ready()
        return self.mns.receive_message_waiting(queue, None, wait_seconds, self._advance)

    def batch_receive_message(self, queue: str, n: int, wait_seconds: float | None = None):
        self.clock.run_ready()
        return self.mns.receive_message_waiting(queue, n, wait_seconds, self._advance)


def _clocks(given, start: str | int) -> Callable[[], Any]:
    """The clock of each build. Without a given clock: a new VirtualClock at ``start``. With one: the given clock
    first, then a new clock of its kind, so that a reset world never shares a clock (and with it the old engine's
    runner and timers) with the world before it: a VirtualClock restarts at the time the given clock showed when
    the world was made, a RealClock at the wall-clock time of the reset, with the same scale."""
    if given is None:
        return lambda: VirtualClock(start)
    if isinstance(given, RealClock):
        scale = given.scale
        restart: Callable[[], Any] = lambda: RealClock(scale=scale)
    elif isinstance(given, VirtualClock):
        start_ms = given.now_ms
        restart = lambda: VirtualClock(start_ms)
    else:                   # a clock of another kind cannot be remade: it is reused as it is
        return lambda: given
    first = [given]
    return lambda: first.pop() if first else restart()
