"""Failure text: the executed path as a compact tree (virtual time since the start, retries with their times,
the step where expectation and reality diverge marked `>`), tasks no mock answered and mocks not used."""
from __future__ import annotations

from fakecloud.engine.timeline import elapsed

from .step_run import CANCELLED_STATUS, CAUGHT, FAILED, RUNNING, StepRun

_KEEP_HEAD = 3


def cut(text: str, limit: int = 100) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def step_status(node: StepRun) -> str:
    if node.status == FAILED:
        return f"FAILED {node.error or '(no error name)'}: {cut(node.cause or '')}"
    if node.status == CAUGHT:
        cause = f": {cut(node.cause)}" if node.cause else ""
        return f"caught {node.error or '(no error name)'}{cause} -> {node.next or '(end)'}"
    if node.status == CANCELLED_STATUS:
        return "cancelled"
    if node.status == RUNNING:
        last = node.attempts[-1] if node.attempts else None
        if last is not None and last.outcome == "waiting" and last.pattern == "waitForCallback":
            return "waiting for a callback"
        return "running"
    return "ok" if len(node.attempts) < 2 else f"ok after {len(node.attempts)} attempts"


def _attempt_text(attempt) -> str:
    if attempt.ok:
        return "ok"
    if attempt.error is not None:
        return attempt.error or "(no error name)"
    return attempt.outcome


def _interesting(node: StepRun, mark) -> bool:
    if node is mark or node.status not in ("succeeded",) or len(node.attempts) > 1:
        return True
    return any(_interesting(n, mark) for n in node.steps) or \
        any(_interesting(n, mark) for child in node.children for n in child) or \
        any(_interesting(n, mark) for sub in node.subflows for n in sub.roots)


class TreeWriter:
    def __init__(self, start_ms: int, mark: StepRun | None = None):
        self.start_ms, self.mark, self.lines = start_ms, mark, []

    def line(self, ms: int | None, depth: int, text: str, marked: bool = False) -> None:
        when = "" if ms is None else elapsed(ms - self.start_ms)
        self.lines.append(("> " if marked else "  ", when, "  " * depth + text))

    def render(self) -> str:
        width = max((len(when) for _, when, _ in self.lines), default=0)
        return "\n".join(f"{mark}{when:>{width}}  {text}" for mark, when, text in self.lines)

    def nodes(self, nodes, depth: int, label: str = "") -> None:
        for node in nodes:
            self.node(node, depth, label)

    def node(self, node: StepRun, depth: int, label: str = "") -> None:
        until = ""
        if node.ended_ms is not None and node.ended_ms > node.entered_ms:
            until = f" (until {elapsed(node.ended_ms - self.start_ms)})"
        self.line(node.entered_ms, depth, f"{label}{node.name}: {step_status(node)}{until}", node is self.mark)
        if len(node.attempts) > 1 or (node.attempts and node.status in (FAILED, CAUGHT)):
            for a in node.attempts:
                self.line(None, depth + 1, f"attempt {a.number} at {elapsed(a.scheduled_ms - self.start_ms)}: "
                                           f"{_attempt_text(a)}")
        self.nodes(node.steps, depth + 1)
        self.children(node, depth + 1)
        for sub in node.subflows:
            execution = sub.execution
            self.line(execution.started_ms, depth + 1, f"subflow {execution.flow_name}: {execution.status}")
            self.nodes(sub.roots, depth + 2)

    def children(self, node: StepRun, depth: int) -> None:
        kids = node.children
        if not kids:
            return
        foreach = node.child_kind == "iteration"
        keep = set(range(min(_KEEP_HEAD, len(kids)))) | {len(kids) - 1}
        keep |= {i for i, k in enumerate(kids) if any(_interesting(n, self.mark) for n in k)}
        skipped = 0
        for i, runs in enumerate(kids):
            if i not in keep:
                skipped += 1
                continue
            if skipped:
                self.line(None, depth, f"... {skipped} more ok")
                skipped = 0
            self.nodes(runs, depth, f"[{i}] " if foreach else f"branch[{i}] ")


def tree(trace, mark: StepRun | None = None) -> str:
    """The executed path of `trace` as text lines (no trailing newline)."""
    writer = TreeWriter(trace.started_ms, mark)
    writer.nodes(trace.roots, 0)
    execution = trace.execution
    end = execution.stopped_ms if execution.stopped_ms is not None else execution.engine.clock.now_ms
    if execution.is_terminal:
        what = execution.status if execution.error is None else f"{execution.status} {execution.error or ''}".rstrip()
        writer.line(end, 0, f"execution {what}")
    else:
        writer.line(end, 0, f"execution {execution.status} (blocked: nothing left to run without a callback)")
    return writer.render()


def task_problems(router, hint: bool = False) -> list[str]:
    """Tasks no mock answered and mocks not used as scripted (empty list when neither); `hint` adds how to answer
    the tasks."""
    out = []
    unmocked = router.unmocked_calls()
    if unmocked:
        out.append(f"tasks no mock answered (unmocked=\"{router.unmocked}\"):")
        for call in unmocked:
            out.append(f"  {call.path} (attempt {call.attempt}): {call.target}")
            out.extend(f"    {reason}" for reason in call.reasons)
        if hint:
            out.append("  mock them (flow_runner.mock(...) or mocks={...}), set their target up in the world, "
                       "or use unmocked=\"default\"")
    missing = router.missing_calls()
    if missing:
        out.append("tasks whose target does not exist:")
        out.extend(f"  {call.path} (attempt {call.attempt}): {call.target}: {call.missing}" for call in missing)
    unused = router.unused()
    if unused:
        out.append("mocks not used as scripted:")
        out.extend(f"  {line}" for line in unused)
    return out


def explain(run, mark: StepRun | None = None) -> str:
    parts = [f"executed path of {run.flow_name} (virtual time since the start):", tree(run.trace, mark)]
    parts.extend(task_problems(run.router))
    return "\n".join(parts)
