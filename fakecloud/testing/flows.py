"""Finding and parsing the flows a test runs: a file path (relative to the test's own directory, the rootdir
or the working directory), definition text, a mapping or a parsed Flow or StateMachine (both dialects are read);
subflows named by a flow are found next to its file. Parsed files are cached by path, size and modification time,
definition text (and mappings) by the text. An inline state machine is named by its `Name`."""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Iterable

import yaml

from fakecloud.fdl import Flow, StateMachine, load_flow, parse_flow
from fakecloud.fdl import model as m
from fakecloud.fdl import statemachine
from fakecloud.fdl.targets import Subflow

_BAD = re.compile(r"[^A-Za-z0-9_-]+")
_FLOW_NAME = re.compile(r"^[A-Za-z0-9_-]{1,128}$")
SUFFIXES = (".yaml", ".yml", ".json")
Rules = tuple            # (Limits | None, action specs): what a definition is checked against
NO_RULES: Rules = (None, ())
_TEXT_STARTS = ("version:", "Type:", "{")


def flow_name_for(path: Path) -> str:
    """A valid flow name from a file name: `order.yaml` -> `order`, `order.v2.yaml` -> `order-v2`."""
    stem = path.name
    for suffix in SUFFIXES:
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    return _BAD.sub("-", stem).strip("-")[:128] or "flow"


class LoadedFlow:
    __slots__ = ("name", "flow", "file")

    def __init__(self, name: str, flow: Flow | StateMachine, file: Path | None):
        self.name, self.flow, self.file = name, flow, file


class FlowLoader:
    """Turns what a test names into parsed flows; one loader may serve a whole test session."""

    def __init__(self):
        self._cache: dict[tuple, Flow] = {}
        self._texts: dict[tuple[str, str], Flow] = {}
        self._programs: dict[int, Any] = {}     # id of a parsed definition -> its compiled program

    def program(self, flow: Flow | StateMachine):
        """The engine's compiled form of a definition this loader parsed, compiled once: worlds share it (it
        holds nothing of a world and never changes). Kept while the definition is (the program holds it)."""
        program = self._programs.get(id(flow))
        if program is None or program.definition is not flow:
            from fakecloud.engine import compile_program
            program = self._programs[id(flow)] = compile_program(flow)
        return program

    def find(self, ref: str | os.PathLike, base_dirs: Iterable[Path]) -> Path:
        path = Path(ref)
        if path.is_absolute():
            if path.is_file():
                return path
            raise FileNotFoundError(f"flow file {path} does not exist")
        tried = []
        for base in base_dirs:
            candidate = Path(base) / path
            if candidate.is_file():
                return candidate.resolve()
            tried.append(str(candidate))
        raise FileNotFoundError(f"flow file {str(ref)!r} not found (looked in: {', '.join(tried) or '(nowhere)'})")

    def parse_file(self, path: Path, rules: Rules = NO_RULES) -> Flow | StateMachine:
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size, rules)
        flow = self._cache.get(key)
        if flow is None:
            flow = self._cache[key] = load_flow(str(path), limits=rules[0], actions=rules[1])
        return flow

    def parse_text(self, text: str, name: str | None, rules: Rules = NO_RULES) -> Flow | StateMachine:
        """An inline definition, parsed once per loader (tests of a session often run the same text)."""
        file = f"{name or 'flow'}.yaml"
        flow = self._texts.get((text, file, rules))
        if flow is None:
            flow = self._texts[(text, file, rules)] = parse_flow(text, file, limits=rules[0], actions=rules[1])
        return flow

    def load(self, source: Any, base_dirs: Iterable[Path], name: str | None = None,
             rules: Rules = NO_RULES) -> LoadedFlow:
        """`source`: a path, definition text, a mapping (a definition as data), a Flow or a StateMachine. `rules`
        are the world's (limits, action specs) the definition is checked against."""
        if isinstance(source, (Flow, StateMachine)):
            return LoadedFlow(name or source.name or "flow", source, None)
        if isinstance(source, dict):
            flow = self.parse_text(yaml.safe_dump(source, sort_keys=False), name, rules)
            return LoadedFlow(name or _own_name(flow) or source.get("name") or "flow", flow, None)
        if isinstance(source, str) and ("\n" in source or source.lstrip().startswith(_TEXT_STARTS)):
            flow = self.parse_text(source, name, rules)
            return LoadedFlow(name or _own_name(flow) or "flow", flow, None)
        if isinstance(source, (str, os.PathLike)):
            path = self.find(source, base_dirs)
            return LoadedFlow(name or flow_name_for(path), self.parse_file(path, rules), path)
        raise TypeError(f"a flow is a file path, definition text, a mapping or a parsed Flow or StateMachine, "
                        f"not {type(source).__name__}")

    def subflow_files(self, loaded: LoadedFlow, known: set[str], rules: Rules = NO_RULES) -> list[LoadedFlow]:
        """The subflows `loaded` starts that are not in `known`, found as `<name>.yaml` next to its file
        (recursively); names with no such file are left for the engine to report."""
        found: list[LoadedFlow] = []
        queue = [loaded]
        while queue:
            current = queue.pop()
            if current.file is None:
                continue
            for child in sorted(subflow_names(current.flow)):
                if child in known:
                    continue
                for suffix in SUFFIXES[:2]:
                    candidate = current.file.parent / f"{child}{suffix}"
                    if candidate.is_file():
                        known.add(child)
                        sub = LoadedFlow(child, self.parse_file(candidate.resolve(), rules), candidate.resolve())
                        found.append(sub)
                        queue.append(sub)
                        break
        return found


def rules_of(engine) -> Rules:
    """What an engine checks definitions against: its limits and its world's action specs."""
    return engine.limits, engine.actions


def _own_name(flow: Flow | StateMachine) -> str | None:
    """A state machine's `Name`, when it is usable as a flow name (CreateFlow requires the two to be equal)."""
    if isinstance(flow, StateMachine) and _FLOW_NAME.match(flow.name):
        return flow.name
    return None


def subflow_names(flow: Flow | StateMachine) -> set[str]:
    """The flow names `flow` starts: `acs:fnf:::flow/{name}` targets and literal `fnf:StartExecution` FlowNames (a
    state machine: `FNF:StartExecution` tasks with a constant `resourceArn`)."""
    if isinstance(flow, StateMachine):
        return {s.resource.flow for s in statemachine.walk(flow.scope) if isinstance(getattr(s, "resource", None),
                                                                                        Subflow)}
    return {name for step in m.walk(flow.steps) for name in subflow_names_of(step)}


def subflow_names_of(step) -> set[str]:
    """The flow name a task step starts (its subflow target, or a literal `fnf:StartExecution` FlowName)."""
    if not isinstance(step, m.TaskStep):
        return set()
    target = step.target
    if target.kind == "subflow":
        return {target.flow}
    if target.kind == "action" and target.product == "fnf" and step.service_params is not None:
        value = step.service_params.value
        if isinstance(value, dict) and isinstance(value.get("FlowName"), str):
            return {value["FlowName"]}
    return set()
