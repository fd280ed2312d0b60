"""One adapter per flow dialect turns its parsed model into the neutral FlowShape; this picks it: `fdl_shape` for
the `version: v1` dialect (`type: flow`, `steps:`), `machine_shape` for CloudFlow state machines."""
from __future__ import annotations

from fakecloud.fdl import model as m
from fakecloud.fdl.statemachine import StateMachine

from . import fdl_shape, machine_shape
from .shape import FlowShape


def shape_of(flow, name: str | None = None) -> FlowShape:
    """The shape of a parsed flow of any dialect fakecloud reads."""
    if isinstance(flow, m.Flow):
        return fdl_shape.shape_of(flow, name)
    if isinstance(flow, StateMachine):
        return machine_shape.shape_of(flow, name)
    raise TypeError(f"no flow shape for {type(flow).__name__}: not a flow of a dialect fakecloud knows")
