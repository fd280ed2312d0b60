"""The HTML report of one run (`run.report("run.html")`): the flow's graph with the executed path highlighted (and
the graph of each subflow it started), the step where expectation and reality diverge marked on the graph and on
the timeline, and the virtual-time timeline; a click on a node or a row shows its input, output and error."""
from __future__ import annotations

from types import MappingProxyType

import json
import os
from html import escape

from fakecloud.engine.timeline import elapsed
from fakecloud.testing.trace import CAUGHT, FAILED, RUNNING, SUCCEEDED

from . import gantt
from .coverage_report import shown
from .dialects import shape_of
from .graph import node_detail
from .layout import layout
from .observe import observe
from .page import LEGEND_RUN, detail, legend, page, section
from .shape import END, JOIN, START
from .svg import render

_RANK = MappingProxyType({FAILED: 4, RUNNING: 3, CAUGHT: 2, SUCCEEDED: 1})
_CLASS = MappingProxyType({FAILED: "failed", RUNNING: "running", CAUGHT: "caught", SUCCEEDED: "ran"})
DIVERGES = "diverges here"


def _json(value, limit: int = 6000) -> str:
    """`value` pretty-printed, cut after `limit` characters. The encoding stops there too: every iteration of a
    big foreach shows the input holding the whole collection, and printing each in full made a report quadratic
    in the collection's size."""
    chunks, size = [], 0
    for chunk in json.JSONEncoder(indent=2, ensure_ascii=False, default=str).iterencode(value):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            return "".join(chunks)[:limit] + "\n… (cut)"
    return "".join(chunks)


def _graph(trace, graph_id: str, mark, details: dict) -> str:
    execution = trace.execution
    shape = shape_of(execution.flow, execution.flow_name)
    seen = observe(shape, trace)
    nodes, badges = {}, {}
    for node_id, node in shape.nodes.items():
        visits = seen.visits.get(node_id, [])
        if node.kind == START:
            nodes[node_id] = "ran"
        elif node.kind == END:
            nodes[node_id] = "ran" if execution.status == "Succeeded" else "notrun"
        elif node.kind == JOIN:
            nodes[node_id] = "ran" if seen.hits.get(f"edge:{node_id}>next") else "notrun"
        elif visits:
            worst = max((v.status for v in visits), key=lambda s: _RANK.get(s, 0))
            nodes[node_id] = _CLASS.get(worst, "notrun")
        else:
            nodes[node_id] = "notrun"
        if mark is not None and any(v is mark for v in visits):
            nodes[node_id] += " diverged"
            badges[node_id] = DIVERGES
        summary = ", ".join(f"{v.path}: {v.status}" for v in visits[:12]) + (" …" if len(visits) > 12 else "")
        last = visits[-1] if visits else None
        details[f"{graph_id}|{node_id}"] = node_detail(
            shape, node, ("this run", summary or "did not run"),
            ("last input", _json(last.input) if last is not None and last.input is not None else None),
            ("last output", _json(last.output) if last is not None and last.output is not None else None),
            ("error", f"{last.error}: {last.cause}" if last is not None and last.error is not None else None))
    edges = {e.id: "followed" if seen.edge_followed(e) else "unfollowed" for e in shape.edges}
    return render(layout(shape), nodes, edges, badges, graph_id=graph_id)


def _subtraces(trace):
    for node in trace.every():
        for sub in node.subflows:
            yield node, sub


def _attempt(a, start_ms: int) -> str:
    ended = f" to {elapsed(a.ended_ms - start_ms)}" if a.ended_ms is not None else ""
    if a.ok:
        what = "ok"
    elif a.error is not None:
        what = (a.error or "(no error name)") + (f": {a.cause}" if a.cause else "")
    else:
        what = a.outcome
    return f"{a.number}. {elapsed(a.scheduled_ms - start_ms)}{ended}: {what}"


def _row_detail(node, start_ms: int) -> dict:
    attempts = "\n".join(_attempt(a, start_ms) for a in node.attempts)
    return detail(node.path,
                  ("status", node.status + (f" -> {node.next}" if node.caught else "")),
                  ("entered", elapsed(node.entered_ms - start_ms)),
                  ("ended", elapsed(node.ended_ms - start_ms) if node.ended_ms is not None else "not yet"),
                  ("input", _json(node.input) if node.input is not None else None),
                  ("output", _json(node.output) if node.output is not None else None),
                  ("error", node.error), ("cause", node.cause),
                  ("attempts", attempts or None),
                  ("back-off before each retry", ", ".join(f"{d:g} s" for d in node.delays) or None))


def html(run, mark=None) -> str:
    """The report of `run` (a FlowRun); `mark` is the step run to mark as the divergence (default: the step where
    the first failure began)."""
    trace = run.trace
    execution = run.execution
    if mark is None:     # where the failure began: a failed step with no failed step inside it
        mark = next((n for n in trace.every() if n.status == FAILED and
                     not any(d.status == FAILED for d in n.descendants())), None)
    details: dict = {}
    graphs = [section(f"flow {run.flow_name}", legend(LEGEND_RUN) +
                      f'<div class="scroll">{_graph(trace, "flow", mark, details)}</div>')]
    for index, (starter, sub) in enumerate(_subtraces(trace)):
        child = sub.execution
        graph = _graph(sub, f"subflow{index}", mark, details)
        graphs.append(section(f"subflow {child.flow_name}, started by {starter.path} ({child.status})",
                              f'<div class="scroll">{graph}</div>'))
    now = execution.engine.clock.now_ms
    keys = {id(node): f"run|{i}" for i, node in enumerate(trace.every())}
    for node in trace.every():
        details[keys[id(node)]] = _row_detail(node, trace.started_ms)
    rows = gantt.rows_of(trace, now, mark, key=lambda node: keys[id(node)])
    timeline = section("timeline (virtual time)", gantt.legend() +
                       f'<div class="scroll">{gantt.render(rows, trace.started_ms)}</div>')
    end = execution.stopped_ms if execution.stopped_ms is not None else now
    facts = [("status", execution.status), ("error", execution.error), ("cause", execution.cause),
             ("virtual time", elapsed(end - trace.started_ms)), ("events", str(len(execution.history)))]
    if mark is not None:
        facts.append((DIVERGES, mark.path))
    table = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in facts if v)
    summary = section(f"execution {run.name}", f"<table>{table}</table>")
    first = keys.get(id(mark)) if mark is not None else None
    subtitle = f"{shown(execution.flow.file)} · {execution.status}" + (
        f" · {execution.error}" if execution.error else "")
    return page(f"run of {run.flow_name}", subtitle, summary + "".join(graphs) + timeline, details, first)


def write_report(run, path, mark=None) -> str:
    folder = os.path.dirname(os.fspath(path))
    if folder:
        os.makedirs(folder, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(html(run, mark))
    return os.fspath(path)
