"""A CloudFlow state machine compiled once for execution: every scope with its name index, every state with its
handler, its constructors and whether they read `$Context`; and the execution's body (the top-level scope on the
execution input). Shared by all executions of the flow."""
from __future__ import annotations

import random
from types import MappingProxyType

from ..fdl.statemachine import model as m
from . import state_fanout, states
from .statedata import CONTEXT, MachineData, uses
from .state_task import run_task

HANDLERS = MappingProxyType({"Pass": states.run_pass, "Succeed": states.run_pass, "Fail": states.run_fail,
                             "Wait": states.run_wait, "Choice": states.run_choice, "Task": run_task,
                             "Parallel": state_fanout.run_parallel, "Map": state_fanout.run_map})
EXPRESS = "Express"


NEVER_SUSPEND = frozenset({"Pass", "Succeed", "Fail", "Choice"})


class ScopePlan:
    """`StartAt` and `States` of one scope, compiled; `never_suspends`: every state is a Pass, Succeed, Fail or
    Choice, so running the scope never yields."""
    __slots__ = ("start", "index", "never_suspends")

    def __init__(self, scope: m.Scope):
        self.index = {state.name: StatePlan(state) for state in scope.states}
        self.start = self.index[scope.start_at]
        self.never_suspends = all(plan.type in NEVER_SUSPEND for plan in self.index.values())


class StatePlan:
    __slots__ = ("state", "name", "type", "next", "end", "handler", "input_constructor", "output_constructor",
                 "global_constructor", "ic_context", "oc_context", "gc_context", "params_context", "catch",
                 "scopes", "scopes_never_suspend", "passes", "fused")

    def __init__(self, state: m.State):
        self.state = state
        self.name = state.name
        self.type = state.type
        self.next = state.next
        self.end = state.end or state.type in ("Succeed", "Fail")
        self.handler = HANDLERS[state.type]
        self.passes = self.handler is states.run_pass     # run_scope takes a Pass's output without a generator
        self.input_constructor = state.input_constructor
        self.output_constructor = state.output_constructor
        self.global_constructor = state.global_constructor
        self.ic_context = uses(state.input_constructor, CONTEXT)
        self.oc_context = uses(state.output_constructor, CONTEXT)
        self.gc_context = uses(state.global_constructor, CONTEXT)
        self.params_context = uses(getattr(state, "parameters", None), CONTEXT)
        self.catch = getattr(state, "catch", ())
        self.scopes = tuple(ScopePlan(inner) for _, inner in m.child_scopes(state))
        self.scopes_never_suspend = all(inner.never_suspends for inner in self.scopes)    # branches, processor
        # a Pass or Succeed on its own input setting no $Global: run_scope computes its output before recording
        # its events (nothing its OutputConstructor can read, $Context included, depends on them)
        self.fused = self.passes and self.input_constructor is None and self.global_constructor is None

    def catch_rule(self, error: str):
        for rule in self.catch:
            if rule.matches(error):
                return rule
        return None


class MachineProgram:
    """The compiled form of one StateMachine; `express` when its flow was created with ExecutionMode Express."""
    __slots__ = ("machine", "mode", "root", "express")

    def __init__(self, machine: m.StateMachine, execution_mode: str | None = None):
        self.machine = machine
        self.mode = execution_mode
        self.root = ScopePlan(machine.scope)
        self.express = (execution_mode or machine.execution_mode) == EXPRESS

    @property
    def definition(self) -> m.StateMachine:
        return self.machine

    @property
    def timeout_seconds(self) -> float | None:
        return self.machine.timeout

    def max_seconds(self, limits) -> float:
        return limits.max_express_seconds if self.express else limits.max_execution_seconds

    @staticmethod
    def data_bytes(limits) -> tuple[int, int]:
        return limits.max_state_data_bytes, limits.max_state_data_bytes

    def body(self, execution, scope):
        engine = execution.engine
        scope.data = MachineData(random.Random(f"fakecloud-expressions:{engine.ids.seed}:{execution.flow_name}:"
                                               f"{execution.name}"))
        return (yield from states.run_scope(scope, self.root, execution.input))
