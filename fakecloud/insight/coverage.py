"""Flow coverage: for every flow definition file that executions ran (subflows included), which of its goals
(see `shape`) those executions exercised, read from each execution's history after the fact. Data from several
processes (pytest-xdist workers) combines with `merge`.

    coverage = Coverage()
    coverage.add_world(cloud)             # every execution of the world, each on its own flow's file
    coverage.flows["/abs/flows/order.yaml"].percent
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from fakecloud.engine import history as h
from fakecloud.fdl import check_file
from fakecloud.testing.trace import Trace

from .dialects import shape_of
from .observe import observe
from .shape import GOAL_KINDS, FlowShape, Goal

_FAILURES = frozenset({h.TASK_FAILED, h.TASK_TIMED_OUT, h.TASK_SUBMIT_FAILED, h.STEP_FAILED, h.STATE_FAILED,
                       h.STATE_TIMED_OUT})
MEMO_SIZE = 4096


class FlowCoverage:
    """One definition file: its shape and how often each goal key was hit."""

    def __init__(self, shape: FlowShape, hits: Counter | None = None):
        self.shape = shape
        self.hits: Counter = hits if hits is not None else Counter()
        self.deciders: dict[str, list] = {}      # choice step name -> the decide functions of choices so named
        for node in shape.nodes.values():
            if node.decide is not None:
                self.deciders.setdefault(node.name, []).append(node.decide)

    @property
    def file(self) -> str:
        return self.shape.file

    def covered(self, goal: Goal) -> bool:
        return self.hits.get(goal.key, 0) > 0

    @property
    def missed(self) -> list[Goal]:
        return [g for g in self.shape.goals if not self.covered(g)]

    def counts(self) -> dict[str, tuple[int, int]]:
        """(covered, total) goals of each kind, in GOAL_KINDS order (kinds with no goal left out)."""
        out: dict[str, list[int]] = {}
        for goal in self.shape.goals:
            entry = out.setdefault(goal.kind, [0, 0])
            entry[0] += self.covered(goal)
            entry[1] += 1
        return {k: (out[k][0], out[k][1]) for k in GOAL_KINDS if k in out}

    @property
    def totals(self) -> tuple[int, int]:
        goals = self.shape.goals
        return sum(self.covered(g) for g in goals), len(goals)

    @property
    def percent(self) -> float:
        covered, total = self.totals
        return 100.0 if total == 0 else 100.0 * covered / total

    def lines(self) -> dict[int, str]:
        """Each line that holds a goal: "covered" (all its goals exercised), "partial" or "missed"."""
        seen: dict[int, list[int]] = {}
        for goal in self.shape.goals:
            entry = seen.setdefault(goal.line, [0, 0])
            entry[0] += self.covered(goal)
            entry[1] += 1
        return {line: "covered" if c == t else "partial" if c else "missed" for line, (c, t) in sorted(seen.items())}


class Coverage:
    """Coverage of every definition file the observed executions ran. Inline definitions (FDL text or data given
    to a runner, flows created through the API) have no file and are not counted."""

    def __init__(self):
        self.flows: dict[str, FlowCoverage] = {}
        self._known: dict[int, tuple[object, FlowShape | None]] = {}   # id(Flow) -> (the Flow, its file's shape)
        self._memo: dict[tuple, Counter] = {}       # what a history of the same steps, errors and choices hit

    # -- observing -----------------------------------------------------------------------------------------
    def add_world(self, cloud) -> None:
        """Every execution of `cloud` (a FakeCloud or anything with an `engine`); call it once per world."""
        for execution in list(cloud.engine.executions.values()):
            self.add_execution(execution)

    def add_execution(self, execution) -> Counter | None:
        shape = self._shape(execution.flow, execution.flow_name)
        if shape is None:
            return None
        entry = self.flows[shape.file]
        key = _signature(entry, execution.history)
        hits = self._memo.get(key)
        if hits is None:
            hits = observe(entry.shape, Trace(execution)).hits
            if len(self._memo) >= MEMO_SIZE:
                self._memo.clear()
            self._memo[key] = hits
        entry.hits.update(hits)
        return hits

    def _shape(self, flow, name: str) -> FlowShape | None:
        known = self._known.get(id(flow))
        if known is not None and known[0] is flow:
            return known[1]
        shape = self._file_shape(flow, name)
        self._known[id(flow)] = (flow, shape)
        return shape

    def _file_shape(self, flow, name: str) -> FlowShape | None:
        path = Path(getattr(flow, "file", "") or "")
        if not path.is_file():
            return None
        shape = shape_of(flow, name)
        shape.file = str(path.resolve())
        entry = self.flows.get(shape.file)
        if entry is not None:
            return entry.shape if entry.shape.same_as(shape) else None
        report = check_file(shape.file)    # the definition must be the file's, not text that shares its name
        if report.flow is not None and not shape_of(report.flow, name).same_as(shape):
            return None
        self.flows[shape.file] = FlowCoverage(shape)
        return shape

    # -- totals ----------------------------------------------------------------------------------------------
    @property
    def totals(self) -> tuple[int, int]:
        pairs = [f.totals for f in self.flows.values()]
        return sum(c for c, _ in pairs), sum(t for _, t in pairs)

    @property
    def percent(self) -> float:
        covered, total = self.totals
        return 100.0 if total == 0 else 100.0 * covered / total

    def sorted(self) -> list[FlowCoverage]:
        return [self.flows[k] for k in sorted(self.flows)]

    # -- between processes -----------------------------------------------------------------------------------
    def to_dict(self) -> dict:
        return {"flows": [{"shape": f.shape.to_dict(), "hits": dict(f.hits)} for f in self.sorted()]}

    def merge(self, data: dict) -> None:
        """Add what another process observed (`to_dict` of its Coverage)."""
        for item in data.get("flows", []):
            shape = FlowShape.from_dict(item["shape"])
            entry = self.flows.get(shape.file)
            if entry is None:
                entry = self.flows[shape.file] = FlowCoverage(shape)
            elif not entry.shape.same_as(shape):
                continue
            entry.hits.update(item["hits"])


def _signature(entry: FlowCoverage, history) -> tuple:
    """All a history's goals depend on: its events' types, step names and links, the error of each failure and the
    option each choice took. Two histories with the same signature hit the same goals."""
    types, names, payloads = history.types, history.names, history.payloads
    extra = []
    deciders = entry.deciders
    for index, kind in enumerate(types):
        if kind in _FAILURES:
            extra.append(payloads[index]["error"])
        elif (kind == h.STEP_STARTED or kind == h.STATE_STARTED) and names[index] in deciders:
            extra.append(tuple(decide(payloads[index]) for decide in deciders[names[index]]))
    return (id(entry), tuple(types), tuple(names), tuple(history.scheds), tuple(extra))
