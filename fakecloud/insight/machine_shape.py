"""The adapter of the CloudFlow state-machine dialect (`Type: StateMachine`): a parsed StateMachine as a FlowShape.

Where a state goes next follows the engine's rules: its `Next`; `End: true` or a Succeed leaving its scope (the
flow's end, a Parallel branch's join point, or back to its Map); a Choice's branches and `Default`; each Catch
rule's `Next`; a Fail ending everything. Node ids are the states' definition paths (`States[2].Processor.States[0]`),
node kinds the state types in lower case. Goals (docs/pytest-plugin.md, "Flow coverage"): every state ran, every
Choice branch and Default taken, every Task's Retry rule used, every Catch rule taken, every `Next` followed, each
Task's success and every error its rules name, every Map run over 0, 1 and 2 or more items."""
from __future__ import annotations

from types import MappingProxyType

from fakecloud.fdl.model import ALL_ERRORS
from fakecloud.fdl.statemachine import model as sm
from fakecloud.fdl.statemachine.expressions import EvaluationError
from fakecloud.fdl.targets import Subflow

from .shape import (END, JOIN, START, FlowShape, Node, edge_key, iterations_key, outcome_key, ran_key,
                    retry_key)

DIALECT = "cloudflow-statemachine"
_KINDS = MappingProxyType({"Task": "task", "Pass": "pass", "Wait": "wait", "Choice": "choice",
                           "Succeed": "succeed", "Fail": "fail", "Parallel": "parallel", "Map": "map"})


def shape_of(machine: sm.StateMachine, name: str | None = None) -> FlowShape:
    shape = FlowShape(name or machine.name or "flow", machine.file, DIALECT, ALL_ERRORS)
    shape.add_node(Node("start", "", START, 1, path="start", detail="execution started"))
    first = _Builder(shape).scope(machine.scope, None, "", "", "States", ("end", "next"))
    shape.add_node(Node("end", "", END, 0, path="end", detail="execution succeeded"))
    shape.add_edge("start", first, "next", "next")
    return shape


def _detail(state: sm.State) -> str:
    if isinstance(state, sm.TaskState):
        resource = state.resource
        what = state.action.action
        if isinstance(resource, Subflow):
            what += f" flow {resource.flow}"
        elif resource is not None and resource.kind == "fc":
            service = getattr(resource, "service", None)
            what += f" {service}/{resource.function}" if service else f" {resource.function}"
        elif resource is not None and getattr(resource, "arn", None):
            what += " " + resource.arn.rsplit(":", 1)[-1]
        return what if state.task_mode == "RequestComplete" else f"{what} ({state.task_mode})"
    if isinstance(state, sm.WaitState):
        seconds = state.seconds
        return f"{seconds} s" if isinstance(seconds, int) else f"{seconds.text} s"
    if isinstance(state, sm.FailState):
        return f"error {state.code or '(none)'}"
    if isinstance(state, sm.MapState):
        return f"each item of {state.items_path.text}" if state.items_path is not None else "each item"
    return ""


def _target_kind(state: sm.TaskState) -> str:
    resource = state.resource
    if resource is not None:
        return resource.kind
    kind = state.action.kind
    return "action" if kind in ("openapi", "vision") else kind


def _decider(state: sm.ChoiceState):
    """The branch a Choice takes for its input, when its conditions read `$Input` only; None when they read
    `$Context` or `$Global` (not in the history: the branch is then told by where the Choice went)."""
    branches = [(f"option[{i}]", b.condition) for i, b in enumerate(state.branches)]

    def decide(state_input):
        for reason, condition in branches:
            if not condition.variables <= {"Input"}:
                return None
            try:
                if condition.evaluate({"Input": state_input}):
                    return reason
            except (EvaluationError, RecursionError):
                return None
        return "default"
    return decide


class _Builder:
    def __init__(self, shape: FlowShape):
        self.shape = shape

    def scope(self, scope: sm.Scope, parent: str | None, label: str, prefix: str, base: str, leave) -> str:
        """Add the states of one scope; `leave` is (node id, edge kind) where its ending states go. Returns the id
        of its StartAt state."""
        ids = {state.name: f"{base}[{i}]" for i, state in enumerate(scope.states)}
        for state in scope.states:
            self.state(state, ids[state.name], parent, label, prefix, ids, leave)
        return ids.get(scope.start_at, leave[0])

    def state(self, state: sm.State, node_id: str, parent, label: str, prefix: str, ids, leave) -> None:
        shape = self.shape
        line, path = state.loc.line, prefix + state.name
        extra: dict = {}
        if isinstance(state, (sm.TaskState, sm.ParallelState, sm.MapState)):
            extra = dict(catch=tuple(c.errors for c in state.catch))
        if isinstance(state, sm.TaskState):
            timeout = state.timeout if isinstance(state.timeout, int) and state.timeout > 0 else None
            extra.update(retry=tuple(r.errors for r in state.retry), timeout=timeout, target_kind=_target_kind(state))
        elif isinstance(state, sm.ChoiceState):
            extra = dict(decide=_decider(state))
        calls = state.resource.flow if isinstance(getattr(state, "resource", None), Subflow) else None
        shape.add_node(Node(node_id, state.name, _KINDS[state.type], line, parent, path, _detail(state), calls,
                            **extra), label)
        shape.add_goal(ran_key(node_id), "step", node_id, line, f"{state.name} ran")
        following = (ids.get(state.next), "next") if state.next else leave
        source = node_id
        if isinstance(state, sm.ParallelState):
            source = self.parallel(state, node_id, path)
        elif isinstance(state, sm.MapState):
            self.map(state, node_id, path)
        if isinstance(state, sm.ChoiceState):
            self.choice(state, node_id, ids)
        elif not isinstance(state, sm.FailState):
            shape.add_edge(source, following[0], "next", following[1], "done" if isinstance(state, sm.MapState) else "")
            if state.next:
                shape.add_goal(edge_key(source, "next"), "transition", node_id, line,
                               f"{state.name}: Next {state.next}")
        if isinstance(state, sm.TaskState):
            self.task(state, node_id, ids)
        elif isinstance(state, (sm.ParallelState, sm.MapState)):
            self.catches(state, node_id, ids)

    def task(self, state: sm.TaskState, node_id: str, ids) -> None:
        shape, name = self.shape, state.name
        named: dict[str, int] = {}
        for i, rule in enumerate(state.retry):
            shape.add_goal(retry_key(node_id, i), "retry", node_id, rule.loc.line or state.loc.line,
                           f"{name} retried (rule {i + 1})")
            for error in rule.errors:
                named.setdefault(error, rule.loc.line or state.loc.line)
        for error, line in self.catches(state, node_id, ids).items():
            named.setdefault(error, line)
        shape.add_goal(outcome_key(node_id, "success"), "outcome", node_id, state.loc.line, f"{name} succeeded")
        for error, line in named.items():
            if error != ALL_ERRORS:
                shape.add_goal(outcome_key(node_id, error), "outcome", node_id, line, f"{name} failed with {error}")

    def catches(self, state, node_id: str, ids) -> dict[str, int]:
        """The Catch rules' edges and goals; returns the errors they name with their lines."""
        shape, named = self.shape, {}
        for i, rule in enumerate(state.catch):
            reason, line = f"catch[{i}]", rule.loc.line or state.loc.line
            shape.add_edge(node_id, ids.get(rule.next), reason, "catch", ", ".join(rule.errors))
            shape.add_goal(edge_key(node_id, reason), "catch", node_id, line,
                           f"{state.name} caught by Catch {i + 1} -> {rule.next}")
            for error in rule.errors:
                named.setdefault(error, line)
        return named

    def choice(self, state: sm.ChoiceState, node_id: str, ids) -> None:
        shape = self.shape
        options = [(f"option[{i}]", b.next, b.condition.text, b.loc.line) for i, b in enumerate(state.branches)]
        options.append(("default", state.default, "Default", state.loc.line))
        for reason, goto, label, line in options:
            shape.add_edge(node_id, ids.get(goto), reason, "choice", label)
            shape.add_goal(edge_key(node_id, reason), "branch", node_id, line or state.loc.line,
                           f"{state.name}: {label} -> {goto}")

    def parallel(self, state: sm.ParallelState, node_id: str, path: str) -> str:
        shape = self.shape
        join = f"{node_id}.join"
        for i, branch in enumerate(state.branches):
            reason = f"branch[{i}]"
            first = self.scope(branch, node_id, reason, f"{path}.branch[{i}]/", f"{node_id}.Branches[{i}].States",
                               (join, "next"))
            shape.add_edge(node_id, first, reason, "fork", f"branch {i}")
        shape.add_node(Node(join, "", JOIN, 0, node_id, f"{path} (join)", "all branches done"))
        return join

    def map(self, state: sm.MapState, node_id: str, path: str) -> None:
        shape = self.shape
        first = self.scope(state.processor, node_id, "each", f"{path}[*]/", f"{node_id}.Processor.States",
                           (node_id, "loop"))
        shape.add_edge(node_id, first, "each", "fork", "each item")
        for count, word in ((0, "0 items"), (1, "1 item"), (2, "2 or more items")):
            shape.add_goal(iterations_key(node_id, count), "iterations", node_id, state.loc.line,
                           f"{state.name} ran over {word}")
