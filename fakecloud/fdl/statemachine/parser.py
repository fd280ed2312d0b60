"""Builds the typed StateMachine from a YAML source, checking the flow's own fields and every scope (the top level,
each Parallel branch, each Map processor): StartAt, unique state names, and transitions that stay in the scope.
All problems are collected; a definition with any error is rejected as a whole."""
from __future__ import annotations

import re

from ..diagnostics import did_you_mean, format_path
from ..limits import DEFAULTS, Limits
from ..reader import Reader, describe
from . import fields as f
from . import model as m
from .constructors import ConstructorCompiler
from .states import StateParser
from .tasks import TaskReader

SPEC_VERSIONS = ("v1",)
EXECUTION_MODES = ("Standard", "Express")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,127}$")
_PLACEHOLDER = re.compile(r"\$\{[^}]*\}")
_SHOWN = 8          # state names listed in a message about a scope


def parse_state_machine(source, limits: Limits | None = None, execution_mode: str | None = None) -> m.StateMachine | None:
    """The state machine of `source` (None when it is not usable); problems go to source.diagnostics."""
    return MachineParser(source, limits if limits is not None else DEFAULTS, execution_mode).machine()


class MachineParser:
    def __init__(self, source, limits: Limits, execution_mode: str | None):
        if execution_mode not in (None,) + EXECUTION_MODES:
            raise ValueError(f"execution_mode must be one of {', '.join(EXECUTION_MODES)} or None")
        self.r = Reader(source)
        self.limits, self.mode = limits, execution_mode
        self.states = StateParser(self.r, limits, execution_mode, ConstructorCompiler(self.r, limits), self.scope,
                                  TaskReader)

    def machine(self) -> m.StateMachine | None:
        r, raw = self.r, self.r.source.value
        f.check(r, raw, (), f.MACHINE_FIELDS, "the state machine")
        if r.require(raw, (), "Type", "the state machine"):
            kind = r.string(raw, (), "Type")
            if kind is not None and kind != "StateMachine":
                r.error("value", ("Type",), f"a state machine's 'Type' is 'StateMachine', not {kind!r}")
        name = self._name(raw)
        if r.require(raw, (), "SpecVersion", "the state machine"):
            version = raw["SpecVersion"]
            if version not in SPEC_VERSIONS:
                number = isinstance(version, (int, float)) and not isinstance(version, bool)
                shown = f"'{version}'" if isinstance(version, str) else str(version) if number else describe(version)
                r.error("value", ("SpecVersion",), f"unsupported SpecVersion {shown}: use 'v1'")
        timeout = self._timeout(raw)
        description = r.string(raw, (), "Description", nonempty=False) if "Description" in raw else None
        scope = self.scope(raw, (), "the state machine")
        if scope is None:
            return None
        return m.StateMachine(name=name or "", spec_version="v1", scope=scope, description=description,
                              timeout=timeout, execution_mode=self.mode, file=r.source.file, loc=r.loc(()))

    def _name(self, raw: dict) -> str | None:
        r = self.r
        if not r.require(raw, (), "Name", "the state machine"):
            return None
        name = r.string(raw, (), "Name")
        if name is not None and not _NAME.match(_PLACEHOLDER.sub("x", name.strip())):
            r.error("value", ("Name",), f"'{name}' is not a flow name: 1-128 letters, digits, '_' or '-', starting "
                                        f"with a letter or '_'")
        return name.strip() if name else name

    def _timeout(self, raw: dict) -> int | None:
        if "Timeout" not in raw:
            return None
        limit = self.limits.max_express_seconds if self.mode == "Express" else self.limits.max_execution_seconds
        value = raw["Timeout"]
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        return self.r.number({"Timeout": value}, (), "Timeout", 1, limit, integer=True, unit=" s")

    # -- scopes --------------------------------------------------------------------------------------
    def scope(self, raw, path: tuple, what: str) -> m.Scope | None:
        r = self.r
        if not isinstance(raw, dict):
            r.error("type", path, f"{what} must be a mapping with 'StartAt' and 'States', not {describe(raw)}")
            return None
        if path:
            f.check(r, raw, path, f.SCOPE_FIELDS, what)
        start = r.string(raw, path, "StartAt") if r.require(raw, path, "StartAt", what) else None
        items = r.listof(raw, path, "States") if r.require(raw, path, "States", what) else None
        if items is not None and not items:
            r.error("value", path + ("States",), f"{what} needs at least one state in 'States'")
        spath = path + ("States",)
        states, first, broken, nameless = [], {}, set(), False
        for i, item in enumerate(items or ()):
            state = self.states.state(item, spath + (i,))
            if state is None:      # reported already: names that may be its own are not a second error
                name = item.get("Name") if isinstance(item, dict) else None
                if isinstance(name, str) and name.strip():
                    broken.add(name)
                else:
                    nameless = True
                continue
            if state.name in first:
                at = spath + (first[state.name],)
                r.error("duplicate-state", spath + (i, "Name"), f"duplicate state name '{state.name}' in this scope "
                                                                f"(first used by {format_path(at)} at line "
                                                                f"{r.source.where(at)[0]})")
                continue
            first[state.name] = i
            states.append((i, state))
        index = {s.name: s for _, s in states}
        known = set(index) | broken
        if nameless:
            return None
        if start is not None and items and start not in known:
            r.error("start-at", path + ("StartAt",), f"StartAt '{start}' is not a state of {_scope_name(what)}"
                                                     f"{did_you_mean(start, index)}; its states are {_names(index)}")
        for i, state in states:
            self._transitions(state, spath + (i,), index, known, what)
        if start is None or items is None:
            return None
        return m.Scope(start, tuple(s for _, s in states), r.loc(path), index)

    def _transitions(self, state: m.State, path: tuple, index: dict, known: set, what: str) -> None:
        for tpath, target in _targets(state, path):
            if target and target not in known:
                self.r.error("next", tpath, f"'{target}' is not a state of {_scope_name(what)}"
                                            f"{did_you_mean(target, index)}; a state can only go to a state of its "
                                            f"own scope ({_names(index)})")


def _targets(state: m.State, path: tuple):
    if state.next:
        yield path + ("Next",), state.next
    if isinstance(state, m.ChoiceState):
        for i, branch in enumerate(state.branches):
            yield path + ("Branches", i, "Next"), branch.next
        yield path + ("Default",), state.default
    for i, rule in enumerate(getattr(state, "catch", ())):
        yield path + ("Catch", i, "Next"), rule.next


def _scope_name(what: str) -> str:
    return "the top level" if what == "the state machine" else f"this {what.split(' ', 1)[1]}"


def _names(index: dict) -> str:
    names = list(index)
    return ", ".join(names[:_SHOWN]) + (f", ... ({len(names)} states)" if len(names) > _SHOWN else "")
