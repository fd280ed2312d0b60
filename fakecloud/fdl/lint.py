"""Warnings about definitions the service accepts but that are almost certainly not what was meant.

Lint never blocks a definition (unless `--strict` turns warnings into errors). It works on the typed
model, after parsing succeeded.
"""
from __future__ import annotations

from . import model as m
from .diagnostics import WARNING, Diagnostic
from .targets import MnsQueue

DEFAULT_MNS_PRIORITY = 8       # what MNS gives a message sent without a priority


def lint(flow: m.Flow) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    _sequence(flow, flow.steps, ("steps",), out)
    _names(flow, out)
    return out


def _warn(flow: m.Flow, code: str, loc: m.Loc, message: str, suffix: str = "") -> Diagnostic:
    return Diagnostic(WARNING, code, message, flow.file, loc.line, loc.column,
                      loc.path + suffix if loc.path else suffix)


def _sequence(flow: m.Flow, steps: tuple, path: tuple, out: list) -> None:
    reachable = _reachable(steps)
    for i, step in enumerate(steps):
        if i not in reachable:
            out.append(_warn(flow, "unreachable", step.loc,
                             f"step '{step.name}' is never reached: no step before it falls through to it "
                             f"and no goto names it"))
        if isinstance(step, (m.SucceedStep, m.FailStep)) and step.end:
            out.append(_warn(flow, "useless-end", step.loc,
                             f"'end' has no effect on a {step.type} step: it always ends the sequence"))
        if isinstance(step, m.ChoiceStep) and step.default is None and not any(o.goto for o in step.choices):
            out.append(_warn(flow, "choice-no-default", step.loc,
                             f"choice '{step.name}' has no default and no goto: when no condition holds it "
                             f"does nothing and the next step runs"))
        if isinstance(step, m.TaskStep):
            _shadowed(flow, step.retry, "retry policy", out)
            _shadowed(flow, step.catch, "catch entry", out)
            _queue_priority(flow, step, out)
        for label, seq in m.child_sequences(step):
            _sequence(flow, seq, path + (i, label), out)


def _reachable(steps: tuple) -> set[int]:
    """Indices of the steps control can reach from the start of the sequence (conservative)."""
    index = {s.name: i for i, s in enumerate(steps)}
    seen, todo = set(), [0] if steps else []
    while todo:
        i = todo.pop()
        if i in seen or i >= len(steps):
            continue
        seen.add(i)
        step = steps[i]
        gotos = []
        falls_through = not step.end and not isinstance(step, (m.SucceedStep, m.FailStep))
        if isinstance(step, m.ChoiceStep):
            options = step.choices + ((step.default,) if step.default else ())
            gotos = [o.goto for o in options if o.goto]
            all_jump = step.default is not None and all(o.goto for o in options)
            falls_through = falls_through and not all_jump
        elif isinstance(step, m.TaskStep):
            gotos = [c.goto for c in step.catch]
        todo.extend(index[g] for g in gotos if g in index)
        if falls_through:
            todo.append(i + 1)
    return seen


def _queue_priority(flow: m.Flow, step: m.TaskStep, out: list) -> None:
    """The MNS integration page marks a queue message's Priority required; the service sends it with 8 without."""
    params = step.service_params
    if isinstance(step.target, MnsQueue) and params is not None and "Priority" not in params.value:
        out.append(_warn(flow, "mns-priority", params.loc,
                         f"an MNS queue task without serviceParams.Priority: the integration marks Priority "
                         f"required; the service sends the message with priority {DEFAULT_MNS_PRIORITY}"))


def _shadowed(flow: m.Flow, rules: tuple, what: str, out: list) -> None:
    """Warn on rules that can never match because earlier rules take every error they name."""
    taken: set[str] = set()
    catch_all = None
    for i, rule in enumerate(rules):
        if catch_all is not None:
            out.append(_warn(flow, "shadowed", rule.loc,
                             f"this {what} is never used: {catch_all} before it matches "
                             f"{m.ALL_ERRORS}, and the first match wins"))
            continue
        dead = [e for e in rule.errors if e in taken]
        if dead and len(dead) == len(rule.errors):
            out.append(_warn(flow, "shadowed", rule.loc,
                             f"this {what} is never used: earlier entries already match "
                             f"{', '.join(dead)}, and the first match wins"))
        taken.update(rule.errors)
        if m.ALL_ERRORS in rule.errors:
            catch_all = rule.loc.path.rsplit(".", 1)[-1]


def _names(flow: m.Flow, out: list) -> None:
    """Step names used more than once in the tree make history and run.step() lookups ambiguous."""
    first: dict[str, m.Step] = {}
    for step in m.walk(flow.steps):
        if step.name in first and first[step.name].loc.path.rsplit("[", 1)[0] != step.loc.path.rsplit("[", 1)[0]:
            out.append(_warn(flow, "reused-name", step.loc,
                             f"step name '{step.name}' is also used at {first[step.name].loc.path} "
                             f"(line {first[step.name].loc.line}); names that repeat make history hard to read"))
        first.setdefault(step.name, step)

