"""Which of the two flow languages a definition is written in, told by its content as the service does (CreateFlow
takes both with `Type=FDL`): the old FDL flow (`version`, `type: flow`, `steps`) or a CloudFlow state machine
(`Type: StateMachine`, `SpecVersion`, `StartAt`, `States`). The one place that decides."""
from __future__ import annotations

from types import MappingProxyType

from typing import Any

FLOW = "flow"
STATE_MACHINE = "StateMachine"

_FLOW_MARKS = ("version", "type", "steps")
_MACHINE_MARKS = ("Type", "SpecVersion", "StartAt", "States")
_NAMES = MappingProxyType({FLOW: "an FDL flow (version, type: flow, steps)",
          STATE_MACHINE: "a CloudFlow state machine (Type: StateMachine, SpecVersion, StartAt, States)"})


def detect(value: Any) -> str:
    """The dialect of a parsed document: a state machine when its top-level keys say so, else an FDL flow (whose
    parser explains anything that is neither)."""
    if not isinstance(value, dict):
        return FLOW
    machine = any(k in value for k in _MACHINE_MARKS) or value.get("type") == STATE_MACHINE
    flow = any(k in value for k in _FLOW_MARKS) and value.get("type") != STATE_MACHINE
    if machine and flow:
        return _looks_like(value)
    return STATE_MACHINE if machine else FLOW


def _looks_like(value: dict) -> str:
    if value.get("Type") == STATE_MACHINE:
        return STATE_MACHINE
    if value.get("type") == "flow":
        return FLOW
    machine = sum(k in value for k in _MACHINE_MARKS)
    flow = sum(k in value for k in _FLOW_MARKS)
    return STATE_MACHINE if machine > flow else FLOW


def foreign_keys(value: Any) -> tuple[str, tuple[str, ...]] | None:
    """(the dialect the document looks like, its top-level keys that belong to the other one) when it mixes
    both, else None."""
    if not isinstance(value, dict):
        return None
    machine = [k for k in _MACHINE_MARKS if k in value]
    flow = [k for k in _FLOW_MARKS if k in value and not (k == "type" and value[k] == STATE_MACHINE)]
    if not machine or not flow:
        return None
    looks = _looks_like(value)
    return looks, tuple(flow if looks == STATE_MACHINE else machine)


def mixed_message(looks: str, keys: tuple[str, ...]) -> str:
    other = FLOW if looks == STATE_MACHINE else STATE_MACHINE
    named = ", ".join(f"'{k}'" for k in keys)
    verb = "belongs" if len(keys) == 1 else "belong"
    return (f"this definition mixes the two flow languages: it looks like {_NAMES[looks]}, but {named} {verb} to "
            f"{_NAMES[other]}; write it in one of them")
