"""Helpers for the engine tests: an engine with flows from inline YAML, history views.

Test modules import these from here, not from `conftest`: when several test folders are collected together,
the module named `conftest` may be another folder's."""
import json
import textwrap

from fakecloud.engine import Engine


def flow_text(steps_yaml: str, head: str = "") -> str:
    return "version: v1\ntype: flow\n" + textwrap.dedent(head) + "steps:\n" + textwrap.indent(
        textwrap.dedent(steps_yaml), "  ")


class Harness:
    def __init__(self, **kwargs):
        self.engine = Engine(**kwargs)

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
