"""The FDL front end: YAML text -> typed, validated flow model (with compiled paths and conditions). It reads both
flow languages, told apart by content: the FDL flow (`type: flow`, a `Flow`) and the CloudFlow state machine
(`Type: StateMachine`, a `StateMachine`).

    flow = parse_flow(text, "order.yaml")     # raises FlowDefinitionError listing every problem
    report = check_file("order.yaml")          # never raises: report.flow, report.diagnostics, report.dialect
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from .dialect import FLOW, STATE_MACHINE, detect, foreign_keys, mixed_message
from .limits import Limits
from .diagnostics import ERROR, WARNING, Diagnostic, FlowDefinitionError
from .lint import lint
from .model import Flow
from .parser import Parser
from .source import SourceError, cycle_collection_paused, load_source, read_file
from .statemachine import StateMachine, parse_state_machine
from .statemachine import lint as lint_machine
from .tasks import TaskParser

__all__ = ("Diagnostic", "FLOW", "Flow", "FlowDefinitionError", "Limits", "Report", "STATE_MACHINE",
           "StateMachine",
           "check_file", "check_text", "load_flow", "parse_flow", "ERROR", "WARNING")


@dataclass(frozen=True)
class Report:
    """The outcome of checking one definition: the flow when it is valid (a Flow or a StateMachine), every
    diagnostic, and the dialect it is written in (FLOW, STATE_MACHINE; None when the file could not be read)."""
    file: str
    flow: Flow | StateMachine | None
    diagnostics: tuple[Diagnostic, ...]
    dialect: str | None = None

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == ERROR)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == WARNING)

    @property
    def ok(self) -> bool:
        return self.flow is not None


def _position(d: Diagnostic) -> tuple[int, int]:
    return d.line, d.column


def check_text(text: str | bytes, file: str = "<string>", *, limits: Limits | None = None,
               execution_mode: str | None = None, actions: tuple = ()) -> Report:
    """Check a definition against `limits` (the documented defaults when None); never raises. `execution_mode`
    ("Standard" or "Express", as CreateFlow gives it) adds the Express restrictions to a state machine; `actions`
    are the ActionSpecs a world's services add to the vision catalog and fnf:StartExecution."""
    with cycle_collection_paused():
        return _check(text, file, limits, execution_mode, actions)


def _check(text: str | bytes, file: str, limits: Limits | None, execution_mode: str | None,
           actions: tuple = ()) -> Report:
    try:
        source = load_source(text, file)
    except SourceError as exc:
        return Report(file, None, (exc.diagnostic,))
    dialect = detect(source.value)
    mixed = foreign_keys(source.value)
    if mixed is not None:
        looks, keys = mixed
        source.diagnostics.append(source.diag(ERROR, "mixed-dialect", (keys[0],), mixed_message(looks, keys),
                                              key=True))
        return Report(file, None, tuple(sorted(source.diagnostics, key=_position)), looks)
    if dialect == STATE_MACHINE:
        flow, linter = parse_state_machine(source, limits, execution_mode), lint_machine
    else:
        flow, linter = Parser(source, TaskParser, limits, actions).flow(), lint
    diagnostics = sorted(source.diagnostics, key=_position)
    if flow is None or any(d.severity == ERROR for d in diagnostics):
        return Report(file, None, tuple(diagnostics), dialect)
    diagnostics = sorted(diagnostics + linter(flow), key=_position)
    return Report(file, replace(flow, warnings=tuple(diagnostics)), tuple(diagnostics), dialect)


def check_file(path: str, *, limits: Limits | None = None, execution_mode: str | None = None,
               actions: tuple = ()) -> Report:
    try:
        data = read_file(path)
    except SourceError as exc:
        return Report(path, None, (exc.diagnostic,))
    return check_text(data, path, limits=limits, execution_mode=execution_mode, actions=actions)


def _flow_or_raise(report: Report) -> Flow | StateMachine:
    if report.flow is None:
        raise FlowDefinitionError(list(report.diagnostics))
    return report.flow


def parse_flow(text: str | bytes, file: str = "<string>", *, limits: Limits | None = None,
               execution_mode: str | None = None, actions: tuple = ()) -> Flow | StateMachine:
    """Parse and validate a definition; raise FlowDefinitionError when it has any error."""
    return _flow_or_raise(check_text(text, file, limits=limits, execution_mode=execution_mode, actions=actions))


def load_flow(path: str, *, limits: Limits | None = None, execution_mode: str | None = None,
              actions: tuple = ()) -> Flow | StateMachine:
    """Read, parse and validate a definition file; raise FlowDefinitionError when it has any error."""
    return _flow_or_raise(check_file(path, limits=limits, execution_mode=execution_mode, actions=actions))
