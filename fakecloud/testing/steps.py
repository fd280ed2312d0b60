"""The step paths a flow can run, read from its definition before it runs: every step of the flow and of the
subflows it can start (as far as the world knows them), with `[*]` for foreach iterations
(`reserveItems[*]/reserve`, `fanout.branch[1]/notify`, `child:ship/label`). Mock keys, callback and scenario step
keys and `run.step(...)` are checked against them, and a key that matches none is named with the nearest paths."""
from __future__ import annotations

import re
from difflib import get_close_matches
from typing import Iterable

from fakecloud.fdl import StateMachine
from fakecloud.fdl import model as m
from fakecloud.fdl.actions import FnfStartExecution
from fakecloud.fdl.statemachine import model as sm
from fakecloud.fdl.targets import Subflow

from .flows import subflow_names_of
from .paths import PathPattern, child_prefix, step_name

ANY_INDEX = "[*]"


class NoSuchStep(LookupError):
    """A step key (a mock, a callback, an expectation, `run.step(...)`) that matches no step of the flow."""


class FlowSteps:
    """The step paths `flow_name` (and the subflows it starts) can run in `engine`."""

    def __init__(self, engine, flow_names: Iterable[str]):
        self.flows = [name for name in dict.fromkeys(flow_names) if name in engine.flows]
        self.paths: list[str] = []
        self.unknown: list[str] = []     # tasks that start a child the world does not know (yet): any key may be in it
        for name in self.flows:
            self._add(engine, name, "", (name,))
        self.paths = list(dict.fromkeys(self.paths))
        self._segments = [p.split("/") for p in self.paths]

    def _add(self, engine, flow_name: str, prefix: str, stack: tuple) -> None:
        flow = engine.flows[flow_name].flow
        if isinstance(flow, StateMachine):
            self._walk(engine, flow.scope.states, prefix, stack, self._inside_state)
        else:
            self._walk(engine, flow.steps, prefix, stack, self._inside_step)

    def _walk(self, engine, nodes, prefix: str, stack: tuple, inside) -> None:
        """Add the paths of `nodes` (steps or states) and of what runs inside them: `inside(engine, node, path,
        prefix, stack)` gives the (prefix, nodes) nested in one and adds the subflow it starts."""
        for node in nodes:
            path = prefix + node.name
            self.paths.append(path)
            for inner_prefix, inner in inside(engine, node, path, prefix, stack):
                self._walk(engine, inner, inner_prefix, stack, inside)

    def _inside_state(self, engine, state, path: str, prefix: str, stack: tuple) -> list:
        """Map processors under `Name[*]/`, Parallel branches under `Name.branch[i]/`; the states of the flow an
        `FNF:StartExecution` task starts under `child:Name/`."""
        if isinstance(state, sm.MapState):
            return [(f"{path}{ANY_INDEX}/", state.processor.states)]
        if isinstance(state, sm.ParallelState):
            return [(f"{path}.branch[{i}]/", branch.states) for i, branch in enumerate(state.branches)]
        if isinstance(state, sm.TaskState) and isinstance(state.action, FnfStartExecution):
            self._child(engine, state.resource.flow if isinstance(state.resource, Subflow) else None, path, stack)
        return []

    def _inside_step(self, engine, step, path: str, prefix: str, stack: tuple) -> list:
        if isinstance(step, m.ForeachStep):
            return [(f"{path}{ANY_INDEX}/", step.steps)]
        if isinstance(step, m.ParallelStep):
            return [(f"{path}.branch[{i}]/", branch.steps) for i, branch in enumerate(step.branches)]
        if isinstance(step, m.ChoiceStep):
            options = list(step.choices) + ([step.default] if step.default is not None else [])
            return [(prefix, option.steps) for option in options]
        if isinstance(step, m.TaskStep):
            children = subflow_names_of(step)
            if _starts_child(step) and not children:
                self.unknown.append(path)           # a FlowName read from the input
            for child in sorted(children):
                self._child(engine, child, path, stack)
        return []

    def _child(self, engine, child: str | None, path: str, stack: tuple) -> None:
        """The steps of the flow `child` the task at `path` starts (None: a name read from the input)."""
        if child is None or child not in engine.flows:
            self.unknown.append(path)
        elif child not in stack:
            self._add(engine, child, child_prefix(path), stack + (child,))

    # -- matching ----------------------------------------------------------------------------------------------
    def matching(self, pattern: PathPattern) -> list[str]:
        """The step paths `pattern` can select."""
        return [path for path, parts in zip(self.paths, self._segments) if _may_match(pattern, parts)]

    def nearest(self, key: str, limit: int = 3) -> list[str]:
        """The step paths closest to `key`: those ending with its step name, else the closest in spelling."""
        name = step_name(key.rstrip("/"))
        same = [p for p in self.paths if step_name(p) == name]
        if same:
            return same[:limit]
        segments = key.strip("/").count("/") + 1
        tails: dict[str, str] = {}
        for path in self.paths:
            tails.setdefault("/".join(path.split("/")[-segments:]), path)
            tails.setdefault(path, path)
        close = get_close_matches(key.strip("/"), list(tails), n=limit, cutoff=0.6)
        if not close:
            names = {step_name(p): p for p in self.paths}
            close = [names[n] for n in get_close_matches(name, list(names), n=limit, cutoff=0.6)]
            return close
        return list(dict.fromkeys(tails[c] for c in close))

    def check(self, key: str, what: str) -> None:
        """NoSuchStep when `key` matches no step path; `what` says where the key was given ("mock 'x'"). While
        a task may start a child flow the world does not know, nothing is refused: the key may be one of its."""
        if self.unknown or self.matching(PathPattern(key)):
            return
        raise NoSuchStep(self.explain(key, what))

    def explain(self, key: str, what: str) -> str:
        paths = self.nearest(key)
        near = [_suggestion(key, path) for path in paths]
        hint = f" (did you mean {' or '.join(near)}?)" if near else ""
        flows = self.describe()
        rule = ""
        if paths and step_name(paths[0]) == step_name(key.rstrip("/")):
            rule = "; a key matches the last segments of a path, each segment whole"
        return f"{what}: {key!r} matches no step of {flows}{hint}{rule}"

    def describe(self) -> str:
        if not self.flows:
            return "any flow"
        head = f"flow {self.flows[0]}" if len(self.flows) == 1 else f"flows {', '.join(self.flows)}"
        return head + " or the subflows it starts" * bool(self.has_subflows)

    @property
    def has_subflows(self) -> bool:
        return any("child:" in p for p in self.paths)


def _starts_child(step) -> bool:
    target = step.target
    return target.kind == "subflow" or (target.kind == "action" and target.product == "fnf")


def _suggestion(key: str, path: str) -> str:
    """How to write `path` in the shape of `key`: as many last segments (the whole path for an anchored key)."""
    if key.startswith("/"):
        return repr("/" + path)
    tail = "/".join(path.split("/")[-(key.strip("/").count("/") + 1):])
    return repr(tail) if tail == path else f"{tail!r} (at {path})"


def _may_match(pattern: PathPattern, parts: list[str]) -> bool:
    """Whether some run of the template path `parts` (`[*]` standing for any iteration) matches `pattern`."""
    n = len(pattern.segments)
    if len(parts) < n or (pattern.anchored and len(parts) != n):
        return False
    for want, got in zip(pattern.segments, parts[-n:]):
        if want == got:
            continue
        if "*" in want:
            wild = _wildcard(want)
            if not wild.fullmatch(got.replace(ANY_INDEX, "[0]")) and not wild.fullmatch(got):
                return False
        elif ANY_INDEX not in got or not _any_index(got).fullmatch(want):
            return False
    return True


def _wildcard(segment: str):
    return re.compile(re.escape(segment).replace(r"\*", "[^/]*"))


def _any_index(segment: str):
    """The concrete segments a template segment with `[*]` stands for (`items[*]` is any iteration)."""
    return re.compile(re.escape(segment).replace(re.escape(ANY_INDEX), r"\[\d+\]"))
