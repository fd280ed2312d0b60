"""Helpers of the tests of services called from state machines: a one-Task state machine, running it on a world,
and its history as (type, state, detail) rows."""
from __future__ import annotations

import json


def one_task(name: str, action: str, parameters: str, mode: str = "RequestComplete", extra: str = "",
             end: str = "    End: true\n") -> str:
    """A state machine `m` whose only state is the Task `name` calling `action`; `parameters` are its Parameters'
    lines (indented six spaces), `extra` more lines of the Task (Retry, Catch, constructors), `end` its last line."""
    head = (f"Type: StateMachine\nName: m\nSpecVersion: v1\nStartAt: {name}\nStates:\n  - Type: Task\n"
            f"    Name: {name}\n    Action: {action}\n    TaskMode: {mode}\n    Parameters:\n")
    return head + parameters + extra + end


def then_done(text: str) -> str:
    """`text` whose Task goes on to a Succeed state `Done` (the target of a Catch rule)."""
    return text.replace("    End: true\n", "    Next: Done\n") + "  - Type: Succeed\n    Name: Done\n"


def run(cloud, text: str, input=None):
    cloud.add_flow("m", text, replace=True)
    return cloud.run("m", input or {})


def rows(execution) -> list[tuple]:
    return [(e.type, e.step_name, json.loads(e.event_detail)) for e in execution.history]
