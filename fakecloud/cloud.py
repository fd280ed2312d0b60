"""`FakeCloud`: one offline world — a virtual clock, a deterministic id source, the execution engine and the
fakes of every service a flow calls (Function Compute, MNS queues and topics, vision APIs, subflows)
— with a `reset()` that returns it to a clean state in place.

    cloud = FakeCloud(seed=0)
    cloud.mns.create_queue("approvals")
    cloud.fnf.create_flow(...) / cloud.engine.add_flow("order", text)
    execution = cloud.run("order", {"orderId": 7})
"""
from __future__ import annotations

from typing import Any

import importlib

from .engine import DEFAULT_EPOCH, Engine, IdSource, Limits, RealClock, VirtualClock
from .services.fnf.waiting import advance_to_next_event
from .services.ids import ServiceIds


def _plugs(*folders: str) -> tuple:
    """The plug (`PLUG` of `fakecloud.services.<folder>.plug`) of each service folder named."""
    return tuple(importlib.import_module(f"fakecloud.services.{folder}.plug").PLUG for folder in folders)


# Every service of a world, in the order its integrations are asked whether they answer a task's target; the
# catch-all OpenAPI integration is last, so every specific one wins.
SERVICES = _plugs("fc", "mns", "fnf", "viapi", "eventbridge", "http", "oss", "sms", "openapi")


def service_actions() -> tuple:
    """The `action:` names the services add to what a definition may call (for the front end)."""
    return tuple(spec for plug in SERVICES for spec in plug.actions())


class FakeCloud:
    """Everything lives on this object; nothing is global. `reset()` returns every part to a clean state in
    place, so references taken before (`cloud.fc`, `cloud.mns`, `cloud.engine`, fixtures, servers) stay valid."""

    def __init__(self, *, seed: int | str = 0, start: str | int = DEFAULT_EPOCH, limits: Limits | None = None,
                 region: str = "cn-hangzhou", account_id: str = "1234567890123456", clock=None):
        self.seed, self.epoch, self.limits = seed, start, limits
        self.region, self.account_id = region, account_id
        self.clock = clock if clock is not None else VirtualClock(start)
        self._restart = _restart(self.clock)
        self.ids = IdSource(self.seed)
        self.service_ids = ServiceIds(self.seed)
        self.engine = Engine(clock=self.clock, ids=self.ids, limits=self.limits, actions=service_actions())
        # Long polls (DescribeExecution, ReceiveMessage) move time by this: up to the next timer at the most.
        self.advance_hook = advance_to_next_event(self.clock)
        self.services: dict[str, Any] = {}
        for plug in SERVICES:
            state = plug.build(self)
            self.services[plug.attribute] = state
            setattr(self, plug.attribute, state)
            for integration in plug.integrations(state, self):
                self.engine.register_integration(integration)

    def reset(self) -> None:
        """Back to a clean world: time at the start, no flows, executions, functions, queues or scripts. Every
        object keeps its identity; the engine keeps its integrations and drops its interceptors."""
        self._restart()
        self.ids.reset()
        self.service_ids.reset()
        self.engine.reset()
        self.engine.interceptors.clear()
        for plug in SERVICES:
            plug.reset(self.services[plug.attribute])

    def plugs(self):
        """(plug, state) for every service of this world."""
        return [(plug, self.services[plug.attribute]) for plug in SERVICES]

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
        return self.mns.receive_message_waiting(queue, None, wait_seconds, self.advance_hook)

    def batch_receive_message(self, queue: str, n: int, wait_seconds: float | None = None):
        self.clock.run_ready()
        return self.mns.receive_message_waiting(queue, n, wait_seconds, self.advance_hook)


def _restart(clock):
    """How a reset restarts `clock` in place (dropping every timer): a virtual clock at the time it showed when
    the world was made, a real clock at the wall-clock time of the reset, keeping its scale."""
    if isinstance(clock, RealClock):
        return clock.restart
    if isinstance(clock, VirtualClock):
        start_ms = clock.now_ms
        return lambda: clock.restart(start_ms)
    return getattr(clock, "restart", lambda: None)
