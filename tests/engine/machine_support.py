"""Helpers of the state-machine engine tests: an engine with a scripted integration answering every OpenAPI
Action (`Test:Call`), and the history of an execution as (type, state, detail) rows."""
from __future__ import annotations

import json
import textwrap

from fakecloud.engine import Engine
from fakecloud.engine.outcomes import Return, Throw
from fakecloud.fdl.actions import ActionTarget


class Scripted:
    """Answers `Test:*` Actions (and `HTTP:Request`, which takes callbacks): `script[state name]` is an outcome, a list of outcomes (one per attempt, the last
    repeats) or a callable `request -> outcome`; every request is kept in `calls`."""
    name = "scripted"

    def __init__(self):
        self.script: dict = {}
        self.calls: list = []

    def answers(self, target) -> bool:
        return isinstance(target, ActionTarget) and target.product in ("Test", "HTTP")

    def invoke(self, request):
        self.calls.append(request)
        answer = self.script.get(request.step_name, Return({"ok": True}))
        if callable(answer):
            return answer(request)
        if isinstance(answer, list):
            return answer[min(request.attempt, len(answer) - 1)]
        return answer


def machine(states: str, start: str | None = None, name: str = "m") -> str:
    body = textwrap.dedent(states).strip("\n")
    first = start or body.split("Name:", 1)[1].split("\n", 1)[0].strip()
    return (f"Type: StateMachine\nName: {name}\nSpecVersion: v1\nStartAt: {first}\nStates:\n"
            + textwrap.indent(body, "  ") + "\n")


class Harness:
    def __init__(self, **engine_options):
        self.engine = Engine(**engine_options)
        self.tasks = Scripted()
        self.engine.register_integration(self.tasks)

    def run(self, text: str, input=None, name: str = "m", **add):
        self.engine.add_flow(name, text, replace=True, **add)
        return self.engine.run(name, input)


def rows(execution) -> list[tuple]:
    return [(e.type, e.step_name, json.loads(e.event_detail)) for e in execution.history]


def types(execution) -> list[str]:
    return [e.type for e in execution.history]


__all__ = ("Harness", "Return", "Throw", "machine", "rows", "types")
