"""A sweep as a table (terminal), as JSON, and as an HTML page: the flow's graph with each swept step coloured by
whether its faults were handled, and the table with each fault's run a click away."""
from __future__ import annotations

import json
import os
from html import escape

from .dialects import shape_of
from .graph import node_detail
from .layout import layout
from .page import detail, page, section
from .svg import render

COLUMNS = ("step", "fault", "attempts", "status", "error", "handled by", "path")


def _cells(outcome) -> list[str]:
    f = outcome.fault
    path = " > ".join(outcome.path)
    if len(path) > 60:
        path = "…" + path[-59:]
    return [f.path, f.error, f.when, outcome.status if outcome.handled else f"{outcome.status} !",
            outcome.error or "-", outcome.handled_by or "-", path]


def rows(outcomes) -> list[str]:
    cells = [list(COLUMNS)] + [_cells(o) for o in outcomes]
    widths = [max(len(row[i]) for row in cells) for i in range(len(COLUMNS) - 1)]
    return ["  ".join(c.ljust(w) for c, w in zip(row, widths)) + "  " + row[-1] for row in cells]


def table(result) -> str:
    left = result.unhandled()
    head = (f"fault sweep of {result.flow}: baseline {result.baseline.status}, {len(result.steps)} task paths, "
            f"{len(result.outcomes)} faults, {len(left)} not handled (!)")
    if not result.steps:
        baseline = result.baseline
        why = f" ({baseline.error}: {baseline.cause})" if baseline.error else ""
        return f"{head}\nthe baseline run reached no task step{why}: no fault was injected"
    return "\n".join([head, ""] + rows(result.outcomes))


def write_json(result, path: str) -> str:
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(result.to_dict(), fh, indent=2, ensure_ascii=False)
        fh.write("\n")
    return path


def html(result) -> str:
    execution = result.baseline.execution
    shape = shape_of(execution.flow, execution.flow_name)
    by_name: dict[str, list] = {}
    for outcome in result.outcomes:
        by_name.setdefault(outcome.fault.path.rsplit("/", 1)[-1], []).append(outcome)
    nodes, details = {}, {}
    for node in shape.nodes.values():
        mine = by_name.get(node.name, []) if node.kind == "task" else []
        if mine:
            handled = [o.handled for o in mine]
            nodes[node.id] = "cov-full" if all(handled) else "cov-part" if any(handled) else "cov-none"
        lines = "\n".join(f"{'✓' if o.handled else '✗'} {o.fault.error} ({o.fault.when}): {o.status}"
                          for o in mine)
        details[f"flow|{node.id}"] = node_detail(shape, node, ("faults", lines or None))
    body_rows = []
    for index, outcome in enumerate(result.outcomes):
        key = f"fault|{index}"
        f = outcome.fault
        details[key] = detail(f"{f.error} at {f.path} ({f.when} attempt{'s' if f.when == 'every' else ''})",
                              ("why", f.why), ("cause injected", f.cause or None), ("status", outcome.status),
                              ("error", outcome.error), ("cause", outcome.run.cause if outcome.run else None),
                              ("handled by", outcome.handled_by or "nothing"), ("path", " > ".join(outcome.path)))
        css = "ok" if outcome.handled else "bad"
        cells = "".join(f"<td>{escape(c)}</td>" for c in _cells(outcome))
        body_rows.append(f'<tr class="{css}" data-detail="{key}">{cells}</tr>')
    head = "".join(f"<th>{escape(c)}</th>" for c in COLUMNS)
    table_html = f'<div class="scroll"><table class="faults"><tr>{head}</tr>{"".join(body_rows)}</table></div>'
    svg = render(layout(shape), nodes, graph_id="flow")
    left = len(result.unhandled())
    subtitle = f"{len(result.outcomes)} faults at {len(result.steps)} task paths, {left} not handled"
    body = section(f"flow {shape.name}", f'<div class="scroll">{svg}</div>') + section("faults", table_html)
    return page(f"fault sweep of {result.flow}", subtitle, body, details)


def write_html(result, path) -> str:
    folder = os.path.dirname(os.fspath(path))
    if folder:
        os.makedirs(folder, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(html(result))
    return os.fspath(path)
