"""The adapter of the `version: v1` dialect (FDL `type: flow`, `steps:`): a parsed Flow as a FlowShape.

Where a step goes next follows the engine's rules: the next sibling, `end: true` or the last step leaving the
sequence, `goto` of a choice option or catch rule naming a sibling, a `succeed` ending the innermost parallel
branch, foreach iteration or the flow, a `fail` ending everything. A foreach body loops back to the foreach
step; parallel branches meet at a join point."""
from __future__ import annotations

from fakecloud.fdl import model as m

from .shape import (END, JOIN, START, FlowShape, Node, edge_key, iterations_key, outcome_key, ran_key,
                    retry_key)

DIALECT = "fdl-v1"


def shape_of(flow: m.Flow, name: str | None = None) -> FlowShape:
    shape = FlowShape(name or flow.name or "flow", flow.file, DIALECT, m.ALL_ERRORS)
    shape.add_node(Node("start", "", START, 1, path="start", detail="execution started"))
    _Builder(shape).sequence(flow.steps, None, "", "", "steps", exit="end", succeed_exit="end")
    shape.add_node(Node("end", "", END, 0, path="end", detail="execution succeeded"))
    first = next(iter(shape.sequences.get("", {}).get("", {}).values()), "end")
    shape.add_edge("start", first, "next", "next")
    return shape


def _errors(errors: tuple[str, ...]) -> str:
    return ", ".join(errors)


def _detail(step: m.Step) -> str:
    if isinstance(step, m.TaskStep):
        target = step.target
        what = {"fc": lambda t: f"FC {t.service}/{t.function}", "subflow": lambda t: f"flow {t.flow}",
                "mns-queue": lambda t: f"MNS queue {t.queue}", "mns-topic": lambda t: f"MNS topic {t.topic}",
                "action": lambda t: t.action}[target.kind](target)
        return what if step.pattern == "requestResponse" else f"{what} ({step.pattern})"
    if isinstance(step, m.WaitStep):
        value = step.duration if step.duration is not None else step.timestamp
        text = getattr(value, "text", value)
        return f"{text:g} s" if isinstance(text, (int, float)) else f"until {text}"
    if isinstance(step, m.FailStep):
        return f"error {step.error or '(none)'}"
    if isinstance(step, m.ForeachStep):
        return f"each {step.item} in {step.collection.text}"
    return ""


def _calls(step: m.Step) -> str | None:
    if not isinstance(step, m.TaskStep):
        return None
    target = step.target
    if target.kind == "subflow":
        return target.flow
    if target.kind == "action" and target.product == "fnf" and step.service_params is not None:
        value = step.service_params.value
        if isinstance(value, dict) and isinstance(value.get("FlowName"), str):
            return value["FlowName"]
    return None


def _decider(step: m.ChoiceStep):
    options = [(f"option[{i}]", o.condition) for i, o in enumerate(step.choices)]
    fallback = "default" if step.default is not None else "nomatch"

    def decide(step_input) -> str:
        for reason, condition in options:
            if condition.evaluate(step_input):
                return reason
        return fallback
    return decide


class _Builder:
    def __init__(self, shape: FlowShape):
        self.shape = shape

    def sequence(self, steps, parent: str | None, scope: str, prefix: str, base: str, exit: str,
                 succeed_exit: str, exit_kind: str = "next") -> str:
        """Add the steps of one sequence, the last leaving it for `exit` along an edge of `exit_kind`; returns the
        id of its first node (`exit` when it is empty)."""
        ids = [f"{base}[{i}]" for i in range(len(steps))]
        siblings = {step.name: node_id for step, node_id in zip(steps, ids)}
        for i, (step, node_id) in enumerate(zip(steps, ids)):
            following = ids[i + 1] if i + 1 < len(ids) and not step.end else exit
            kind = exit_kind if following == exit else "next"
            self.step(step, node_id, parent, scope, prefix, siblings, (following, kind), succeed_exit)
        return ids[0] if ids else exit

    def step(self, step: m.Step, node_id: str, parent, scope, prefix, siblings, leave, succeed_exit) -> None:
        shape = self.shape
        following, leave_kind = leave
        line = step.loc.line
        path = prefix + step.name
        extra = {}
        if isinstance(step, m.TaskStep):
            extra = dict(retry=tuple(p.errors for p in step.retry), catch=tuple(c.errors for c in step.catch),
                         timeout=step.timeout_seconds, target_kind=step.target.kind)
        elif isinstance(step, m.ChoiceStep):
            extra = dict(decide=_decider(step))
        shape.add_node(Node(node_id, step.name, step.type, line, parent, path, _detail(step), _calls(step), **extra),
                       scope)
        shape.add_goal(ran_key(node_id), "step", node_id, line, f"{step.name} ran")
        if isinstance(step, m.SucceedStep):
            shape.add_edge(node_id, succeed_exit, "next", "next")
        elif not isinstance(step, (m.FailStep, m.ChoiceStep, m.ParallelStep, m.ForeachStep)):
            shape.add_edge(node_id, following, "next", leave_kind)
        if isinstance(step, m.TaskStep):
            self.task(step, node_id, siblings)
        elif isinstance(step, m.ChoiceStep):
            self.choice(step, node_id, prefix, siblings, following, succeed_exit)
        elif isinstance(step, m.ParallelStep):
            self.parallel(step, node_id, path, following)
        elif isinstance(step, m.ForeachStep):
            self.foreach(step, node_id, path, following)

    def task(self, step: m.TaskStep, node_id: str, siblings) -> None:
        shape, name = self.shape, step.name
        named: dict[str, int] = {}
        for i, policy in enumerate(step.retry):
            shape.add_goal(retry_key(node_id, i), "retry", node_id, policy.loc.line,
                           f"{name} retried (policy {i + 1})")
            for error in policy.errors:
                named.setdefault(error, policy.loc.line)
        for i, rule in enumerate(step.catch):
            reason = f"catch[{i}]"
            shape.add_edge(node_id, siblings.get(rule.goto), reason, "catch", _errors(rule.errors))
            shape.add_goal(edge_key(node_id, reason), "catch", node_id, rule.loc.line,
                           f"{name} caught by catch {i + 1} -> {rule.goto}")
            for error in rule.errors:
                named.setdefault(error, rule.loc.line)
        shape.add_goal(outcome_key(node_id, "success"), "outcome", node_id, step.loc.line, f"{name} succeeded")
        for error, line in named.items():
            if error != m.ALL_ERRORS:
                shape.add_goal(outcome_key(node_id, error), "outcome", node_id, line, f"{name} failed with {error}")

    def choice(self, step: m.ChoiceStep, node_id: str, prefix, siblings, following, succeed_exit) -> None:
        shape = self.shape
        options = [(f"option[{i}]", f"choices[{i}]", o, o.condition.text) for i, o in enumerate(step.choices)]
        if step.default is not None:
            options.append(("default", "default", step.default, "default"))
        for reason, part, option, label in options:
            after = siblings.get(option.goto) if option.goto is not None else following
            base = f"{node_id}.{part}.steps"
            first = self.sequence(option.steps, node_id, reason, prefix, base, after, succeed_exit,
                                  "goto" if option.goto is not None else "next")
            kind = "goto" if option.goto is not None and not option.steps else "choice"
            shape.add_edge(node_id, first, reason, kind, label)
            shape.add_goal(edge_key(node_id, reason), "branch", node_id, option.loc.line or step.loc.line,
                           f"{step.name}: {label}")
            if option.goto is not None and option.steps and after is not None:
                shape.add_goal(f"goto:{node_id}:{after}", "transition", node_id, option.loc.line,
                               f"{step.name}: goto {option.goto} after {label}")
        if step.default is None:
            shape.add_edge(node_id, following, "nomatch", "choice", "no condition matched")
            shape.add_goal(edge_key(node_id, "nomatch"), "branch", node_id, step.loc.line,
                           f"{step.name}: no condition matched")

    def parallel(self, step: m.ParallelStep, node_id: str, path: str, following) -> None:
        shape = self.shape
        join = f"{node_id}.join"
        for i, branch in enumerate(step.branches):
            reason = f"branch[{i}]"
            first = self.sequence(branch.steps, node_id, reason, f"{path}.branch[{i}]/",
                                  f"{node_id}.branches[{i}].steps", join, join)
            shape.add_edge(node_id, first, reason, "fork", f"branch {i}")
        shape.add_node(Node(join, "", JOIN, 0, node_id, f"{path} (join)", "all branches done"))
        shape.add_edge(join, following, "next", "next")

    def foreach(self, step: m.ForeachStep, node_id: str, path: str, following) -> None:
        shape = self.shape
        first = self.sequence(step.steps, node_id, "each", f"{path}[*]/", f"{node_id}.steps", node_id, node_id,
                              "loop")
        shape.add_edge(node_id, first, "each", "fork", "each item")
        shape.add_edge(node_id, following, "next", "next", "done")
        for count, word in ((0, "0 iterations"), (1, "1 iteration"), (2, "2 or more iterations")):
            shape.add_goal(iterations_key(node_id, count), "iterations", node_id, step.loc.line,
                           f"{step.name} ran {word}")
