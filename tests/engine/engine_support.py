"""Helpers for the engine tests: an engine with Python functions and subflows, flows from inline YAML, history
views.

Test modules import these from here, not from `conftest`: when several test folders are collected together,
the module named `conftest` may be another folder's."""
import json
import textwrap

from fakecloud.engine import Engine
from fakecloud.services.fc.callables import PythonFunctions
from fakecloud.services.fnf import FnfService, SubflowTasks


def bare_engine(**kwargs) -> Engine:
    """An engine with the two integrations engine tests need: Python callables as FC functions, and subflows
    through the FnF API (the engine has none of its own)."""
    engine = Engine(**kwargs)
    engine.register_integration(PythonFunctions(engine))
    engine.register_integration(SubflowTasks(FnfService(engine)))
    return engine


def functions(engine) -> PythonFunctions:
    """The Python functions of an engine made by `bare_engine`."""
    return next(i for i in engine.integrations if isinstance(i, PythonFunctions))


def flow_text(steps_yaml: str, head: str = "") -> str:
    return "version: v1\ntype: flow\n" + textwrap.dedent(head) + "steps:\n" + textwrap.indent(
        textwrap.dedent(steps_yaml), "  ")


class Harness:
    def __init__(self, **kwargs):
        self.engine = bare_engine(**kwargs)
        self.functions = functions(self.engine)

    def add(self, name: str, steps_yaml: str, head: str = ""):
        return self.engine.add_flow(name, flow_text(steps_yaml, head))

    def run(self, steps_yaml: str, input=None, head: str = "", name: str = "f"):
        self.add(name, steps_yaml, head)
        return self.engine.run(name, input)


def types(execution) -> list[str]:
    return execution.history.types_list()


def steps_of(execution, type_: str) -> list[str]:
    return [e.step_name for e in execution.history if e.type == type_]


def details(execution, type_: str, step: str | None = None) -> list[dict]:
    return [json.loads(e.event_detail) for e in execution.history
            if e.type == type_ and (step is None or e.step_name == step)]


def rows(execution) -> list[tuple]:
    """(EventId, ScheduleEventId, StepName, Type, Time, EventDetail) of every event."""
    return [(e.event_id, e.schedule_event_id, e.step_name, e.type, e.time, e.event_detail)
            for e in execution.history]
