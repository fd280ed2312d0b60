"""Helpers of the FC fake tests: counter ids, flows from inline YAML, an engine wired to an FcBackend."""
from __future__ import annotations

import itertools
import json
import textwrap

from fakecloud.engine import Engine
from fakecloud.services.fc import FcBackend, FcIntegration


class Ids:
    """Ids like ``request-1``: one counter for all kinds."""

    def __init__(self) -> None:
        self._count = itertools.count(1)

    def __call__(self, kind: str) -> str:
        return f"{kind}-{next(self._count)}"


def flow_text(steps_yaml: str) -> str:
    return "version: v1\ntype: flow\nsteps:\n" + textwrap.indent(textwrap.dedent(steps_yaml), "  ")


class World:
    """An engine with an FcBackend on its clock and ids; `run` adds a flow and runs it to its end."""

    def __init__(self, **backend_options):
        self.engine = Engine(seed=0)
        self.fc = FcBackend(self.engine.clock, lambda kind: self.engine.ids.request_id(), **backend_options)
        self.integration = FcIntegration(self.fc)
        self.engine.register_integration(self.integration)

    def add(self, steps_yaml: str, name: str = "f"):
        return self.engine.add_flow(name, flow_text(steps_yaml))

    def run(self, steps_yaml: str, input=None, name: str = "f"):
        self.add(steps_yaml, name)
        return self.engine.run(name, input)

    def start(self, steps_yaml: str, input=None, name: str = "f", execution: str | None = None):
        """Start an execution and run what is runnable now, without moving the clock."""
        self.add(steps_yaml, name)
        ex = self.engine.start_execution(name, input, execution)
        self.engine.run_until_idle(skip_time=False)
        return ex


def types(execution) -> list[str]:
    return execution.history.types_list()


def details(execution, type_: str) -> list[dict]:
    return [json.loads(e.event_detail) for e in execution.history if e.type == type_]
