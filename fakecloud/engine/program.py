"""A flow compiled once for execution: every sequence with its sibling-name index, every step with its handler,
compiled mapping lists and the flags the hot path needs. Shared by all executions of the flow."""
from __future__ import annotations

from types import MappingProxyType

from ..fdl import model as m
from ..fdl.targets import WAIT_FOR_CALLBACK
from . import steps as s
from .dataflow import apply_mappings, compile_mappings, template_has_paths, uses_context
from .tasks import run_task

HANDLERS = MappingProxyType({"pass": s.run_pass, "wait": s.run_wait, "succeed": s.run_succeed, "fail": s.run_fail,
            "choice": s.run_choice, "parallel": s.run_parallel, "foreach": s.run_foreach, "task": run_task})


class SequencePlan:
    """`never_suspends`: no step of the sequence, at any depth, waits (only pass, succeed, fail and choices of
    those), so running it never yields."""
    __slots__ = ("steps", "index", "never_suspends")

    def __init__(self, steps: tuple):
        self.steps = steps
        self.index = {plan.name: i for i, plan in enumerate(steps)}
        if steps:
            steps[-1].last = True
        self.never_suspends = all(plan.sync or (plan.options is not None and all(
            seq.never_suspends for _, seq, _ in plan.options)) for plan in steps)


class StepPlan:
    """`last`: the sequence ends after this step when it goes on to the next (`end: true`, or no next step)."""
    __slots__ = ("step", "name", "type", "end", "last", "handler", "sync", "input_map", "output_map", "error_map",
                 "empty_default", "passes", "fused", "uses_context", "catch", "callback", "params_have_paths",
                 "target_key", "target_value", "options", "branches", "body", "children_never_suspend")

    def __init__(self, step: m.Step):
        self.step = step
        self.name = step.name
        self.type = step.type
        self.end = self.last = step.end
        self.handler = HANDLERS[step.type]
        self.sync = self.handler in s.SYNC_HANDLERS
        self.passes = self.handler is s.run_pass     # run_sequence does a pass step's nothing without a call
        self.input_map = compile_mappings(step.input_mappings)
        self.output_map = compile_mappings(step.output_mappings)
        self.error_map = None
        self.empty_default = step.type in ("parallel", "foreach")
        self.catch = ()
        self.callback = False
        self.params_have_paths = False
        self.target_key = self.target_value = None
        self.options = self.branches = self.body = None
        if isinstance(step, m.TaskStep):
            self.error_map = compile_mappings(step.error_mappings)
            self.catch = step.catch
            self.callback = step.pattern == WAIT_FOR_CALLBACK
            self.params_have_paths = template_has_paths(step.service_params)
            target = step.target
            if target.kind == "action":
                self.target_key, self.target_value = "action", target.action
            else:
                self.target_key, self.target_value = "resourceArn", target.arn
        elif isinstance(step, m.ChoiceStep):
            options = [(o.condition, compile_sequence(o.steps), o.goto) for o in step.choices]
            if step.default is not None:
                options.append((None, compile_sequence(step.default.steps), step.default.goto))
            self.options = tuple(options)
        elif isinstance(step, m.ParallelStep):
            self.branches = tuple(compile_sequence(b.steps) for b in step.branches)
        elif isinstance(step, m.ForeachStep):
            self.body = compile_sequence(step.steps)
        # a parallel's branches or a foreach's iterations can run inside the step's fiber (steps.Join)
        self.children_never_suspend = all(seq.never_suspends for seq in (
            self.branches or (() if self.body is None else (self.body,))))
        self.uses_context = (uses_context(self.input_map) or uses_context(self.output_map)
                             or uses_context(self.error_map))
        # a pass step on the default input whose mappings read no $context: once its output is known to be within
        # the limits, its four events are recorded by one call (Execution.emit_step)
        self.fused = self.passes and self.input_map is None and not self.uses_context

    def catch_rule(self, error: str) -> m.CatchRule | None:
        for rule in self.catch:
            if rule.matches(error):
                return rule
        return None


def compile_sequence(steps: tuple) -> SequencePlan:
    return SequencePlan(tuple(StepPlan(step) for step in steps))


class Program:
    """The compiled form of one Flow (`mode`: the ExecutionMode it was registered with, which a flow of the old
    dialect does not use)."""
    __slots__ = ("flow", "mode", "root", "input_map", "output_map", "uses_context")

    def __init__(self, flow: m.Flow, execution_mode: str | None = None):
        self.flow = flow
        self.mode = execution_mode
        self.root = compile_sequence(flow.steps)
        self.input_map = compile_mappings(flow.input_mappings)
        self.output_map = compile_mappings(flow.output_mappings)
        self.uses_context = uses_context(self.input_map) or uses_context(self.output_map)

    @property
    def definition(self) -> m.Flow:
        return self.flow

    @property
    def timeout_seconds(self) -> float | None:
        return self.flow.timeout_seconds

    @staticmethod
    def max_seconds(limits) -> float:
        """How long any execution of this flow may run."""
        return limits.max_execution_seconds

    @staticmethod
    def data_bytes(limits) -> tuple[int, int]:
        """The limits on a step's data and on the ExecutionStarted event's data."""
        return limits.max_step_data_bytes, limits.max_event_data_bytes

    def body(self, execution, scope):
        """The execution's work: flow inputMappings, the steps, flow outputMappings; returns the output."""
        ctx = execution.flow_context() if self.uses_context else None
        flow_input = execution.input
        lenient = execution.lenient
        input_size = execution.meter.size(flow_input)
        if self.input_map is not None:
            flow_input, input_size = apply_mappings(self.input_map, execution.input, {}, ctx, lenient,
                                                    "flow inputMappings", input_size, 2)
        local, _ = yield from s.run_sequence(scope, self.root, flow_input, input_size)
        output = local
        if self.output_map is not None:
            output, _ = apply_mappings(self.output_map, flow_input, local, ctx, lenient, "flow outputMappings")
        execution.check_size("the flow", flow_input, output, local)
        return output
