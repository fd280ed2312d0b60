"""A readable timeline of an execution's history: the step tree (branches and iterations indented), outputs,
errors, task attempts and retries, with the virtual time elapsed since the start. Each child execution a task
attempt started is shown under that attempt, with its own steps and how it ended; `sent` (when given) tells what
an attempt sent, its resolved serviceParams, which the history does not keep."""
from __future__ import annotations

from typing import Any, Callable

from ..fdl.statemachine.model import walk
from . import history as h
from .rendering import Rendering

NOTHING = object()
Sent = Callable[[Any, int], Any]      # (execution, TaskScheduled event id) -> the serviceParams sent, or NOTHING

_WIDTH = 160
_OPEN = (h.STEP_ENTERED, h.BRANCH_ENTERED, h.ITERATION_ENTERED)
_CLOSE = (h.BRANCH_EXITED, h.ITERATION_EXITED, h.STEP_FAILED)


def elapsed(ms: int) -> str:
    """'+0s', '+1m30s', '+2d03h00m00s', '+1.5s'."""
    days, rest = divmod(ms, 86400_000)
    hours, rest = divmod(rest, 3600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds = f"{rest / 1000:g}s"
    if days:
        return f"+{days}d{hours:02d}h{minutes:02d}m{rest // 1000:02d}s"
    if hours:
        return f"+{hours}h{minutes:02d}m{rest // 1000:02d}s"
    if minutes:
        return f"+{minutes}m{rest // 1000:02d}s"
    return "+" + seconds


class _Short:
    """Values as a line shows them: a string as is, anything else as JSON, cut to `width` characters. The JSON
    comes from one Rendering of the execution's history, so data its events share is encoded once."""
    __slots__ = ("_json",)

    def __init__(self, history):
        self._json = Rendering(history.payloads).text

    def __call__(self, value, width: int = _WIDTH) -> str:
        text = value if isinstance(value, str) else self._json(value)
        return text if len(text) <= width else text[: width - 3] + "..."


def render(execution, sent: Sent | None = None) -> str:
    """The execution as indented text lines (no trailing newline)."""
    events = list(execution.history)
    start = events[0].time_ms if events else execution.started_ms
    kids: dict[tuple[int, int], list] = {}
    for child in execution.engine.executions.values():
        if child.parent is not None:
            kids.setdefault((id(child.parent.execution), child.parent.event_id), []).append(child)
    return "\n".join(_lines(execution, events, Context(start, sent, kids), 0, (execution,)))


def _machine(execution):
    return getattr(execution.program, "machine", None)


class Context:
    """What every level of a timeline shares: its start, what tasks sent, and the children of each attempt."""
    __slots__ = ("start", "sent", "kids")

    def __init__(self, start: int, sent: Sent | None, kids: dict):
        self.start, self.sent, self.kids = start, sent, kids


def _lines(execution, events, ctx: Context, base: int, shown: tuple) -> list[str]:
    short = _Short(execution.history)
    if _machine(execution) is not None:
        return _machine_lines(execution, events, ctx, base, shown, short)
    depth_after = {0: 0}
    children: dict[int, int] = {}
    attempts: dict[int, int] = {}
    lines: list[str] = []
    started: dict[int, tuple] = {}      # TaskScheduled id -> (indent, children): shown after the attempt's next event

    def show(indent: int, kids) -> None:
        _children(lines, kids, ctx, base + indent, shown)

    for e in events:
        before = depth_after.get(e.schedule_event_id, 0)
        t = e.type
        if t in _OPEN:
            after = before + 1
        elif t == h.STEP_EXITED:
            prior = events[e.schedule_event_id - 1].type if e.schedule_event_id else ""
            after = before if prior == h.STEP_FAILED else before - 1
        elif t in _CLOSE:
            after = before - 1
        else:
            after = before
        depth_after[e.event_id] = after
        params = ctx.sent(execution, e.event_id) if ctx.sent is not None and t == h.TASK_SCHEDULED else NOTHING
        text, indent = _line(e, short, children, attempts, before, params)
        if text is not None:
            lines.append(f"{elapsed(e.time_ms - ctx.start):>14}  {'  ' * max(base + indent, 0)}{text}")
        if e.schedule_event_id in started:
            show(*started.pop(e.schedule_event_id))
        if t == h.TASK_SCHEDULED and (id(execution), e.event_id) in ctx.kids:
            started[e.event_id] = (indent, ctx.kids[(id(execution), e.event_id)])
    for indent, kids in started.values():
        show(indent, kids)
    return lines


def _children(lines: list, kids, ctx: Context, indent: int, shown: tuple) -> None:
    for child in kids:
        if child not in shown:
            lines.append(f"{elapsed(child.started_ms - ctx.start):>14}  {'  ' * max(indent + 1, 0)}"
                         f"child execution {child.flow_name}/{child.name}")
            lines.extend(_lines(child, list(child.history), ctx, indent + 2, shown + (child,)))


def _machine_lines(execution, events, ctx: Context, base: int, shown: tuple, short: _Short) -> list[str]:
    """A state machine's timeline. Branches and iterations record no events of their own: a StateEntered
    scheduled by a StateStarted begins one (docs/semantics.md, "History of a state machine"); any other event
    belongs to the state of its name that its ScheduleEventId leads to, or to the Parallel or Map around it."""
    states = {state.name: state for state in walk(_machine(execution).scope)}
    state_of = {0: 0}        # EventId -> the StateEntered EventId of its state
    owner = {0: 0}           # StateEntered EventId -> that of the Parallel or Map it runs in (0: the top level)
    depth = {0: -1}
    children: dict[int, int] = {}
    lines: list[str] = []

    def add(e, indent: int, text: str) -> None:
        lines.append(f"{elapsed(e.time_ms - ctx.start):>14}  {'  ' * max(base + indent, 0)}{text}")

    for e in events:
        t, name, sched, d = e.type, e.step_name, e.schedule_event_id, e.detail
        if t == h.STATE_ENTERED:
            before = state_of.get(sched, 0)
            if before and events[sched - 1].type == h.STATE_STARTED:
                owner[e.event_id], at = before, depth[before] + 2
                n = children[before] = children.get(before, 0) + 1
                owner_state = states.get(events[before - 1].step_name)
                word = "iteration" if owner_state is not None and owner_state.type == "Map" else "branch"
                add(e, at - 1, f"{word} {n - 1}")
            else:
                owner[e.event_id], at = owner.get(before, 0), max(depth[before], 0) if before else 0
            state_of[e.event_id], depth[e.event_id] = e.event_id, at
            add(e, at, name)
            continue
        state = state_of.get(sched, 0)
        while state and events[state - 1].step_name != name:
            state = owner[state]
        state_of[e.event_id] = state
        if not state:
            text, _ = _line(e, short, {}, {}, 0)
            if text is not None:
                add(e, 0, text)
            continue
        at = depth[state]
        if t == h.STATE_SUCCEEDED:
            add(e, at, f"{name}: ok, output {short(d['output'])}")
        elif t in (h.STATE_FAILED, h.STATE_TIMED_OUT):
            word = "FAILED" if t == h.STATE_FAILED else "TIMED OUT"
            add(e, at, f"{name}: {word} {d['error'] or '(no error name)'}: {short(d['cause'])}")
        elif t == h.STATE_ABORTED:
            add(e, at, f"{name}: aborted: {short(d['cause'])}")
        elif t in (h.TASK_SUCCEEDED, h.TASK_FAILED):
            add(e, at + 1, _line(e, short, {}, {}, 0)[0])
        if t == h.STATE_STARTED and getattr(states.get(name), "type", "") == "Task":
            add(e, at + 1, _call(states[name], short, ctx.sent(execution, e.event_id) if ctx.sent else NOTHING))
        if t == h.STATE_STARTED and (id(execution), e.event_id) in ctx.kids:
            _children(lines, ctx.kids[(id(execution), e.event_id)], ctx, base + at, shown)
    return lines


def _call(state, short: _Short, params) -> str:
    """A Task's first call: its Action and TaskMode, and the Parameters it sent when known."""
    sent = "" if params is NOTHING else f", Parameters {short(params, 100)}"
    return f"call {state.action.action} ({state.task_mode}){sent}"


def _line(e, short: _Short, children: dict, attempts: dict, depth: int, params: Any = NOTHING):
    d, t, name = e.detail, e.type, e.step_name
    if t == h.EXECUTION_STARTED:
        return f"execution started, input {short(d['input'])}", 0
    if t == h.EXECUTION_SUCCEEDED:
        return f"execution succeeded, output {short(d['output'])}", 0
    if t in (h.EXECUTION_FAILED, h.EXECUTION_STOPPED, h.EXECUTION_TIMED_OUT):
        word = {h.EXECUTION_FAILED: "failed", h.EXECUTION_STOPPED: "stopped", h.EXECUTION_TIMED_OUT: "timed out"}[t]
        return f"execution {word}: {d['error'] or '(no error name)'}: {short(d['cause'])}", 0
    if t == h.STEP_ENTERED:
        attempts[(depth + 1, name)] = 0
        return f"{name}", depth
    if t == h.STEP_SUCCEEDED:
        return f"{name}: ok, output {short(d['output'])}", depth - 1
    if t == h.STEP_FAILED:
        return f"{name}: FAILED {d['error'] or '(no error name)'}: {short(d['cause'])}", depth - 1
    if t in (h.BRANCH_ENTERED, h.ITERATION_ENTERED):
        n = children.get(e.schedule_event_id, 0)
        children[e.schedule_event_id] = n + 1
        return f"{'branch' if t == h.BRANCH_ENTERED else 'iteration'} {n}", depth
    if t == h.TASK_SCHEDULED:
        target = d.get("resourceArn") or d.get("action")
        n = attempts[(depth, name)] = attempts.get((depth, name), 0) + 1
        retry = f"retry {n - 1}: " if n > 1 else ""
        what = f"input {short(d['input'], 100)}" if params is NOTHING else f"serviceParams {short(params, 100)}"
        return f"{retry}call {target} ({d['pattern']}), {what}", depth
    if t == h.TASK_SUBMITTED:
        return "submitted, waiting", depth
    if t == h.TASK_SUCCEEDED:
        return f"result {short(d['output'])}", depth
    if t in (h.TASK_FAILED, h.TASK_TIMED_OUT, h.TASK_SUBMIT_FAILED):
        what = {h.TASK_FAILED: "error", h.TASK_TIMED_OUT: "timed out", h.TASK_SUBMIT_FAILED: "submit failed"}[t]
        return f"{what} {d['error'] or '(no error name)'}: {short(d['cause'])}", depth
    return None, depth
