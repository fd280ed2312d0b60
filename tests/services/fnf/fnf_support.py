"""Helpers of the FnF API tests: readable counter ids, flow texts, and an engine with the API on top."""
from __future__ import annotations

import json
import textwrap

import pytest

from fakecloud.engine import Engine, IdSource
from fakecloud.services.fc.callables import PythonFunctions
from fakecloud.services.fnf import FnfError, FnfService, SubflowTasks

T0 = "2024-01-01T00:00:00.000Z"


class Ids(IdSource):
    """Ids that say what they are: flow-1, exec-1, REQ-1, ... (one counter per kind); tokens stay signed."""

    def __init__(self, seed=0):
        super().__init__(seed)
        self.counts: dict[str, int] = {}

    def _next(self, kind: str) -> str:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        return f"{kind}-{self.counts[kind]}"

    def execution_name(self) -> str:
        return self._next("exec")

    def flow_id(self) -> str:
        return self._next("flow")

    def request_id(self) -> str:
        return self._next("REQ")


def flow_text(steps_yaml: str, head: str = "") -> str:
    return "version: v1\ntype: flow\n" + textwrap.dedent(head) + "steps:\n" + textwrap.indent(
        textwrap.dedent(steps_yaml), "  ")


PASS = flow_text("""\
    - type: pass
      name: p
    """)

WAIT = flow_text("""\
    - type: wait
      name: w
      duration: 10
    """)


class World:
    """An engine with counter ids, the FnF API over it, subflow tasks routed through the API, and Python functions."""

    def __init__(self, fallback=None):
        self.ids = Ids()
        self.engine = Engine(ids=self.ids)
        self.fnf = FnfService(self.engine)
        self.engine.register_integration(SubflowTasks(self.fnf))
        if fallback is not None:
            self.engine.register_integration(fallback)
        self.functions = PythonFunctions(self.engine)
        self.engine.register_integration(self.functions)
        self.functions.register("s/hold", lambda event: None)     # for tasks that wait for a callback

    def create(self, name: str, definition: str = PASS, **extra) -> dict:
        params = {"Name": name, "Definition": definition, "Description": f"{name} flow", "Type": "FDL", **extra}
        return self.fnf.create_flow(**params)

    def start(self, flow: str, name: str | None = None, input=None, **extra) -> dict:
        params = {"FlowName": flow, **extra}
        if name is not None:
            params["ExecutionName"] = name
        if input is not None:
            params["Input"] = input if isinstance(input, str) else json.dumps(input)
        return self.fnf.start_execution(**params)

    def describe(self, flow: str, name: str, **extra) -> dict:
        return self.fnf.describe_execution(FlowName=flow, ExecutionName=name, **extra)

    def execution(self, flow: str, name: str):
        return self.engine.executions[(flow, name)]

    def run(self) -> None:
        self.engine.run_until_idle()


def events(page: dict) -> list[tuple]:
    """(EventId, Type, StepName, EventDetail as data) of a GetExecutionHistory page."""
    return [(e["EventId"], e["Type"], e["StepName"], json.loads(e["EventDetail"])) for e in page["Events"]]


def raises(code: str, message: str, status: int, fn, **params) -> FnfError:
    """Call `fn(**params)`, expecting exactly this FnF error (with a RequestId)."""
    with pytest.raises(FnfError) as info:
        fn(**params)
    assert (info.value.code, info.value.message, info.value.status) == (code, message, status)
    assert info.value.request_id.startswith("REQ-")
    return info.value
