"""Warnings about state machines the service accepts but that are almost certainly not what was meant: states no
transition reaches, and $Global written inside a Map iteration (every iteration writes the same keys)."""
from __future__ import annotations

from ..diagnostics import WARNING, Diagnostic
from . import model as m


def lint(machine: m.StateMachine) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    _scope(machine, machine.scope, False, out)
    return out


def _warn(machine: m.StateMachine, code: str, loc, message: str, suffix: str = "") -> Diagnostic:
    return Diagnostic(WARNING, code, message, machine.file, loc.line, loc.column, loc.path + suffix)


def _scope(machine: m.StateMachine, scope: m.Scope, in_map: bool, out: list) -> None:
    reached = _reachable(scope)
    for state in scope.states:
        if state.name not in reached:
            out.append(_warn(machine, "unreachable", state.loc,
                             f"state '{state.name}' is never reached: neither StartAt nor any Next, Choice branch, "
                             f"Default or Catch rule of its scope names it"))
        if in_map and state.global_constructor is not None:
            keys = ", ".join(state.global_constructor.keys())
            out.append(_warn(machine, "global-in-map", state.global_constructor.loc,
                             f"GlobalConstructor inside a Map iteration: every iteration writes the same $Global "
                             f"keys ({keys}), and the last one to finish wins"))
        for _, inner in m.child_scopes(state):
            _scope(machine, inner, in_map or isinstance(state, m.MapState), out)


def _reachable(scope: m.Scope) -> set[str]:
    seen, todo = set(), [scope.start_at]
    while todo:
        name = todo.pop()
        if name in seen or scope.state(name) is None:
            continue
        seen.add(name)
        todo.extend(m.transitions(scope.state(name)))
    return seen
