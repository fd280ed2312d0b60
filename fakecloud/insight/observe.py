"""What one execution exercised of its flow's shape, read from the engine's record of it (the step tree that
`fakecloud.testing.trace` builds from the execution history): the steps that ran, the choice branches, retry
policies and catch rules taken, the edges followed, each task's outcomes and how many iterations each foreach
ran. The result is a Counter of goal keys (see `shape`), plus the visits of each node for pictures of the run."""
from __future__ import annotations

from collections import Counter

from fakecloud.testing.trace import CAUGHT, SUCCEEDED, StepRun, Trace

from .shape import ITERATING, FlowShape, Node, edge_key, iterations_key, matching_rule, outcome_key, ran_key, retry_key


class Observation:
    def __init__(self, shape: FlowShape):
        self.shape = shape
        self.hits: Counter = Counter()
        self.visits: dict[str, list[StepRun]] = {}

    def edge_followed(self, edge) -> bool:
        return edge_key(edge.source, edge.reason) in self.hits


def observe(shape: FlowShape, trace: Trace, into: Observation | None = None) -> Observation:
    """Add what `trace` (one execution of the flow `shape` describes) exercised to `into` (a new Observation
    when None). Step runs the shape does not know (another version of the definition) are left out."""
    seen = into if into is not None else Observation(shape)
    if trace.roots:
        seen.hits[edge_key("start", "next")] += 1
    _sequence(seen, trace.roots, "", "")
    return seen


def _sequence(seen: Observation, runs: list[StepRun], parent: str, scope: str) -> None:
    shape = seen.shape
    for run in runs:
        node = shape.member(parent, scope, run.name)
        if node is not None:
            _visit(seen, node, run, parent, scope)


def _visit(seen: Observation, node: Node, run: StepRun, parent: str, scope: str) -> None:
    hits, shape = seen.hits, seen.shape
    seen.visits.setdefault(node.id, []).append(run)
    hits[ran_key(node.id)] += 1
    last = len(run.attempts) - 1
    for index, attempt in enumerate(run.attempts):
        if attempt.ok:
            hits[outcome_key(node.id, "success")] += 1
        elif attempt.error is not None:
            hits[outcome_key(node.id, attempt.error)] += 1
            policy = matching_rule(node.retry, attempt.error, shape.all_errors)
            if index < last and policy is not None:
                hits[retry_key(node.id, policy)] += 1
    if run.status == CAUGHT:
        rule = matching_rule(node.catch, run.error or "", shape.all_errors)
        if rule is not None:
            hits[edge_key(node.id, f"catch[{rule}]")] += 1
    if node.decide is not None and run.input is not None:
        reason = node.decide(run.input) or _went(shape, node, run)
        if reason is not None:
            hits[edge_key(node.id, reason)] += 1
        _sequence(seen, run.steps, node.id, reason)
        after = shape.member(parent, scope, run.next) if run.next is not None else None
        if after is not None:
            hits[f"goto:{node.id}:{after.id}"] += 1
        return
    if run.children:
        for index, child in enumerate(run.children):
            reason = "each" if run.child_kind == "iteration" else f"branch[{index}]"
            hits[edge_key(node.id, reason)] += 1
            _sequence(seen, child, node.id, reason)
    if run.status != SUCCEEDED:
        return
    if node.kind in ITERATING:
        hits[iterations_key(node.id, len(run.children))] += 1
    if node.kind == "parallel":
        hits[edge_key(f"{node.id}.join", "next")] += 1
    else:
        hits[edge_key(node.id, "next")] += 1


def _went(shape: FlowShape, node: Node, run: StepRun) -> str | None:
    """The first choice edge of `node` to the state the run went to next (a state machine's Choice whose
    conditions read what the history does not keep)."""
    for edge in shape.edges_from(node.id):
        if edge.kind == "choice" and shape.nodes[edge.target].name == run.next:
            return edge.reason
    return None
