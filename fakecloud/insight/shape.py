"""The dialect-neutral description of a flow that coverage, pictures and the fault sweep are built on: its nodes
(steps or states, plus start, end and join points) with the definition line of each, the edges between them, the
sequences that tell a run's step names apart, and the coverage goals with their lines.

One adapter per dialect builds a FlowShape from its parsed model (`fdl_shape` for `version: v1` flows). A shape
is plain data (`to_dict` / `from_dict`, for pytest-xdist workers), except the per-choice `decide` functions that
only the process observing runs needs."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

# Node kinds beyond the dialect's own step/state types.
START, END, JOIN = "start", "end", "join"
ITERATING = ("foreach", "map")         # node kinds whose body runs once per item
# Goal kinds, in the order reports list them.
GOAL_KINDS = ("step", "branch", "retry", "catch", "transition", "outcome", "iterations")


@dataclass(frozen=True)
class Node:
    id: str                      # unique in the flow: the definition path (`steps[2].choices[0].steps[0]`)
    name: str                    # the step/state name a run records ("" for start, end and join points)
    kind: str                    # task, pass, wait, choice, succeed, fail, parallel, foreach, map, start, end, join
    line: int = 0
    parent: str | None = None    # the node whose sequence holds this one
    path: str = ""               # the step path pattern mocks and reports use (`reserveItems[*]/reserve`)
    detail: str = ""             # a short second line: a task's target, a wait's duration, a fail's error
    calls: str | None = None     # the flow a task starts (a subflow call)
    retry: tuple[tuple[str, ...], ...] = ()   # the error names of each retry policy, in order
    catch: tuple[tuple[str, ...], ...] = ()   # the error names of each catch rule, in order
    timeout: float | None = None              # a task's timeoutSeconds
    target_kind: str = ""                     # a task's integration: fc, mns-queue, mns-topic, action, subflow
    decide: Callable[[Any], str] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    reason: str                  # next, option[i], default, nomatch, catch[i], each, done, branch[i]
    kind: str                    # next, choice, goto, catch, loop, fork
    label: str = ""

    @property
    def id(self) -> str:
        return f"{self.source}>{self.reason}"


@dataclass(frozen=True)
class Goal:
    """One thing a test may or may not exercise: `key` is what an observed run records when it does."""
    key: str
    kind: str                    # one of GOAL_KINDS
    node: str
    line: int
    label: str


def ran_key(node: str) -> str:
    return f"ran:{node}"


def edge_key(node: str, reason: str) -> str:
    return f"edge:{node}>{reason}"


def retry_key(node: str, index: int) -> str:
    return f"retry:{node}:{index}"


def outcome_key(node: str, outcome: str) -> str:
    return f"outcome:{node}:{outcome}"


def iterations_key(node: str, count: int) -> str:
    return f"iterations:{node}:{'0' if count == 0 else '1' if count == 1 else 'many'}"


@dataclass
class FlowShape:
    name: str
    file: str
    dialect: str
    all_errors: str                               # the wildcard error name of retry and catch rules
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    # sequences[node id][scope] = {step name: node id}; the flow's own sequence is under node "" and scope "".
    sequences: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)

    # -- building (adapters) -------------------------------------------------------------------------------
    def add_node(self, node: Node, scope: str | None = None) -> Node:
        self.nodes[node.id] = node
        if scope is not None:
            self.sequences.setdefault(node.parent or "", {}).setdefault(scope, {})[node.name] = node.id
        return node

    def add_edge(self, source: str, target: str | None, reason: str, kind: str, label: str = "") -> None:
        if target is not None:
            self.edges.append(Edge(source, target, reason, kind, label))

    def add_goal(self, key: str, kind: str, node: str, line: int, label: str) -> None:
        self.goals.append(Goal(key, kind, node, line, label))

    # -- reading ---------------------------------------------------------------------------------------------
    def member(self, parent: str, scope: str, name: str) -> Node | None:
        """The node called `name` in the sequence `scope` of `parent` ("" and "" for the flow's own)."""
        node_id = self.sequences.get(parent, {}).get(scope, {}).get(name)
        return self.nodes.get(node_id) if node_id is not None else None

    @property
    def steps(self) -> list[Node]:
        """The flow's own nodes (no start, end or join points), in definition order."""
        return [n for n in self.nodes.values() if n.kind not in (START, END, JOIN)]

    def edges_from(self, node: str) -> list[Edge]:
        return [e for e in self.edges if e.source == node]

    # -- plain data ------------------------------------------------------------------------------------------
    def to_dict(self) -> dict:
        nodes = []
        for n in self.nodes.values():
            data = {"id": n.id, "name": n.name, "kind": n.kind, "line": n.line, "parent": n.parent,
                    "path": n.path, "detail": n.detail, "calls": n.calls, "retry": [list(r) for r in n.retry],
                    "catch": [list(c) for c in n.catch], "timeout": n.timeout, "target_kind": n.target_kind}
            nodes.append(data)
        return {"name": self.name, "file": self.file, "dialect": self.dialect, "all_errors": self.all_errors,
                "nodes": nodes,
                "edges": [[e.source, e.target, e.reason, e.kind, e.label] for e in self.edges],
                "goals": [[g.key, g.kind, g.node, g.line, g.label] for g in self.goals],
                "sequences": self.sequences}

    @classmethod
    def from_dict(cls, data: dict) -> "FlowShape":
        shape = cls(data["name"], data["file"], data["dialect"], data["all_errors"])
        for n in data["nodes"]:
            shape.nodes[n["id"]] = Node(
                n["id"], n["name"], n["kind"], n["line"], n["parent"], n["path"], n["detail"], n["calls"],
                tuple(tuple(r) for r in n["retry"]), tuple(tuple(c) for c in n["catch"]), n["timeout"],
                n["target_kind"])
        shape.edges = [Edge(*e) for e in data["edges"]]
        shape.goals = [Goal(*g) for g in data["goals"]]
        shape.sequences = data["sequences"]
        return shape

    def same_as(self, other: "FlowShape") -> bool:
        """Both describe the same definition (nodes, lines, edges and goals)."""
        mine, theirs = self.to_dict(), other.to_dict()
        return all(mine[k] == theirs[k] for k in ("nodes", "edges", "goals", "sequences"))


def matching_rule(rules: tuple[tuple[str, ...], ...], error: str, all_errors: str) -> int | None:
    """The index of the first rule (retry policy or catch rule) that names `error` or the wildcard."""
    for index, errors in enumerate(rules):
        if error in errors or all_errors in errors:
            return index
    return None
