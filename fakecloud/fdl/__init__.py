"""The FDL front end: YAML text -> typed, validated flow model (with compiled paths and conditions).

    flow = parse_flow(text, "order.yaml")     # raises FlowDefinitionError listing every problem
    report = check_file("order.yaml")          # never raises: report.flow, report.diagnostics
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, replace

from .limits import Limits
from .diagnostics import ERROR, WARNING, Diagnostic, FlowDefinitionError
from .lint import lint
from .model import Flow
from .parser import Parser
from .source import SourceError, load_source, read_file
from .tasks import TaskParser

__all__ = ("Diagnostic", "Flow", "FlowDefinitionError", "Limits", "Report", "check_file", "check_text",
           "load_flow", "parse_flow", "ERROR", "WARNING")


@dataclass(frozen=True)
class Report:
    """The outcome of checking one definition: the flow when it is valid, and every diagnostic."""
    file: str
    flow: Flow | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == ERROR)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == WARNING)

    @property
    def ok(self) -> bool:
        return self.flow is not None


def check_text(text: str | bytes, file: str = "<string>", *, limits: Limits | None = None,
               actions: tuple = ()) -> Report:
    """Check a definition against `limits` (the documented defaults when None); `actions` are the ActionSpecs a
    world's services add to the vision catalog and fnf:StartExecution. Never raises."""
    with _collector_paused():
        return _check(text, file, limits, actions)


@contextmanager
def _collector_paused():
    """Checking builds a large, acyclic object graph (YAML nodes, values, the model); the cyclic garbage collector
    would traverse it again and again as it grows, making validation cost grow faster than the definition. Nothing
    checking makes needs the collector: reference counting frees it all."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _check(text: str | bytes, file: str, limits: Limits | None, actions: tuple) -> Report:
    try:
        source = load_source(text, file)
    except SourceError as exc:
        return Report(file, None, (exc.diagnostic,))
    flow = Parser(source, TaskParser, limits, actions).flow()
    diagnostics = sorted(source.diagnostics, key=lambda d: (d.line, d.column))
    if flow is None or any(d.severity == ERROR for d in diagnostics):
        return Report(file, None, tuple(diagnostics))
    diagnostics = sorted(diagnostics + lint(flow), key=lambda d: (d.line, d.column))
    return Report(file, replace(flow, warnings=tuple(diagnostics)), tuple(diagnostics))


def check_file(path: str, *, limits: Limits | None = None, actions: tuple = ()) -> Report:
    try:
        data = read_file(path)
    except SourceError as exc:
        return Report(path, None, (exc.diagnostic,))
    return check_text(data, path, limits=limits, actions=actions)


def _flow_or_raise(report: Report) -> Flow:
    if report.flow is None:
        raise FlowDefinitionError(list(report.diagnostics))
    return report.flow


def parse_flow(text: str | bytes, file: str = "<string>", *, limits: Limits | None = None,
               actions: tuple = ()) -> Flow:
    """Parse and validate a definition; raise FlowDefinitionError when it has any error."""
    return _flow_or_raise(check_text(text, file, limits=limits, actions=actions))


def load_flow(path: str, *, limits: Limits | None = None, actions: tuple = ()) -> Flow:
    """Read, parse and validate a definition file; raise FlowDefinitionError when it has any error."""
    return _flow_or_raise(check_file(path, limits=limits, actions=actions))
