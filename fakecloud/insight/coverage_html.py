"""The HTML coverage report: one self-contained page with, for each flow file, its figures, its graph coloured by
coverage (each node by the goals it holds, each branch and catch edge by whether a run took it) and its source
with every line that holds a goal marked covered, partly covered or not covered."""
from __future__ import annotations

import os
from html import escape

from .coverage import Coverage, FlowCoverage
from .coverage_report import HEADINGS, merged, percent, shown
from .graph import node_detail
from .layout import layout
from .page import LEGEND_COVERAGE, legend, page, section
from .shape import GOAL_KINDS
from .svg import render


def _marks(flow: FlowCoverage) -> tuple[dict, dict]:
    goals: dict[str, list[bool]] = {}
    for goal in flow.shape.goals:
        goals.setdefault(goal.node, []).append(flow.covered(goal))
    nodes = {node: "cov-full" if all(states) else "cov-part" if any(states) else "cov-none"
             for node, states in goals.items()}
    edges = {}
    for edge in flow.shape.edges:
        hit = flow.hits.get(f"edge:{edge.id}", 0) > 0
        if hit:
            edges[edge.id] = "cov-hit"
        elif edge.kind in ("choice", "catch", "goto"):
            edges[edge.id] = "cov-miss"
    return nodes, edges


def _figures(flow: FlowCoverage) -> str:
    counts = flow.counts()
    head = "".join(f"<th>{HEADINGS[k]}</th>" for k in GOAL_KINDS if k in counts)
    cells = "".join(f"<td>{counts[k][0]}/{counts[k][1]}</td>" for k in GOAL_KINDS if k in counts)
    covered, total = flow.totals
    return (f"<table><tr>{head}<th>goals</th><th>cover</th></tr><tr>{cells}<td>{covered}/{total}</td>"
            f"<td><b>{percent(flow.percent)}</b></td></tr></table>")


def _source(flow: FlowCoverage) -> str:
    try:
        with open(flow.file, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    except OSError:
        return "<p>(the file could not be read)</p>"
    states = flow.lines()
    missing: dict[int, list[str]] = {}
    for goal in flow.missed:
        missing.setdefault(goal.line, []).append(goal.label)
    rows = []
    for number, line in enumerate(lines, 1):
        state = states.get(number, "")
        why = "; ".join(merged(missing.get(number, [])))
        rows.append(f'<tr class="{state}" id="L{number}"><td class="ln">{number}</td><td class="code">'
                    f'{escape(line)}</td><td class="why">{escape("never " + why) if why else ""}</td></tr>')
    return f'<div class="scroll"><table class="source">{"".join(rows)}</table></div>'


def html(coverage: Coverage, base: str | None = None) -> str:
    details = {}
    parts = [section("all flows", _summary(coverage, base))]
    for index, flow in enumerate(coverage.sorted()):
        graph_id = f"flow{index}"
        nodes, edges = _marks(flow)
        svg = render(layout(flow.shape), nodes, edges, graph_id=graph_id)
        for node in flow.shape.nodes.values():
            goals = [g for g in flow.shape.goals if g.node == node.id]
            lines = "\n".join(f"{'✓' if flow.covered(g) else '✗'} {g.label} (line {g.line}, "
                              f"{flow.hits.get(g.key, 0)} times)" for g in goals)
            details[f"{graph_id}|{node.id}"] = node_detail(flow.shape, node, ("goals", lines or None))
        name = shown(flow.file, base)
        body = _figures(flow) + legend(LEGEND_COVERAGE) + f'<div class="scroll">{svg}</div>' + _source(flow)
        parts.append(f'<a id="{graph_id}"></a>' + section(f"{name} (flow {flow.shape.name})", body, "flow"))
    covered, total = coverage.totals
    return page("fakecloud flow coverage", f"{covered} of {total} goals covered ({percent(coverage.percent)})",
                "".join(parts), details)


def _summary(coverage: Coverage, base: str | None) -> str:
    rows = "".join(f'<tr><td><a href="#flow{i}">{escape(shown(f.file, base))}</a></td><td>{f.totals[0]}/'
                   f'{f.totals[1]}</td><td>{percent(f.percent)}</td></tr>' for i, f in enumerate(coverage.sorted()))
    return f"<table><tr><th>flow file</th><th>goals</th><th>cover</th></tr>{rows}</table>"


def write_html(coverage: Coverage, directory: str, base: str | None = None) -> str:
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, "index.html")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(html(coverage, base))
    return path
