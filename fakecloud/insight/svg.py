"""A laid-out flow drawn as SVG: one shape per node kind, edges as arrows styled by kind (catch, goto, loop, fork),
and CSS classes on every node and edge (`data-node`, `data-edge`) so a run or coverage report can colour the
executed path or what the tests covered. The style sheet travels inside the SVG: the file stands alone."""
from __future__ import annotations

from html import escape

from .layout import Box, Layout, Route
from .shape import END, JOIN, START

STYLE = """
.fc-graph text { font: 12px sans-serif; fill: #1f2933; }
.fc-graph .sub { font-size: 10.5px; fill: #52606d; }
.fc-graph .node .body { fill: #ffffff; stroke: #7b8794; stroke-width: 1.4; }
.fc-graph .k-start .body, .fc-graph .k-end .body { fill: #f0f4f8; }
.fc-graph .k-join .body { fill: #52606d; stroke: none; }
.fc-graph .k-fail .body { stroke: #c62828; }
.fc-graph .k-succeed .body { stroke: #2e7d32; }
.fc-graph .edge path { fill: none; stroke: #9aa5b1; stroke-width: 1.4; }
.fc-graph .edge text { font-size: 10.5px; fill: #52606d; }
.fc-graph .edge.k-catch path { stroke: #d64545; stroke-dasharray: 5 3; }
.fc-graph .edge.k-goto path { stroke: #2680c2; stroke-dasharray: 5 3; }
.fc-graph .edge.k-loop path { stroke-dasharray: 2 3; }
.fc-graph .node.ran .body { fill: #e3f9e5; stroke: #2f8132; stroke-width: 2; }
.fc-graph .node.caught .body { fill: #fff3c4; stroke: #cb6e17; stroke-width: 2.4; }
.fc-graph .node.failed .body { fill: #ffe3e3; stroke: #c62828; stroke-width: 2.6; }
.fc-graph .node.running .body { fill: #dceefb; stroke: #186faf; stroke-width: 2.4; }
.fc-graph .node.notrun { opacity: 0.5; }
.fc-graph .edge.followed path { stroke: #2f8132; stroke-width: 3; opacity: 1; }
.fc-graph .edge.unfollowed { opacity: 0.45; }
.fc-graph .node.diverged .body { stroke: #7b1fa2; stroke-width: 4; }
.fc-graph .badge rect { fill: #7b1fa2; }
.fc-graph .badge text { fill: #ffffff; font-size: 10.5px; font-weight: bold; }
.fc-graph .node.cov-full .body { fill: #e3f9e5; stroke: #2f8132; stroke-width: 2; }
.fc-graph .node.cov-part .body { fill: #fff3c4; stroke: #cb6e17; stroke-width: 2; }
.fc-graph .node.cov-none .body { fill: #ffe3e3; stroke: #c62828; stroke-width: 2; }
.fc-graph .edge.cov-hit path { stroke: #2f8132; stroke-width: 2.4; }
.fc-graph .edge.cov-miss path { stroke: #c62828; stroke-width: 2; stroke-dasharray: 4 3; }
.fc-graph .node.selected .body { stroke: #000000; stroke-width: 3; }
.fc-graph .node { cursor: pointer; }
"""


def _shape(box: Box) -> str:
    x, y, w, h = box.x - box.w / 2, box.y - box.h / 2, box.w, box.h
    kind = box.node.kind
    if kind in (START, END):
        return f'<rect class="body" x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="{h / 2:.1f}"/>'
    if kind == JOIN:
        return f'<rect class="body" x="{x:.1f}" y="{box.y - 3:.1f}" width="{w:.1f}" height="6" rx="3"/>'
    if kind == "choice":
        points = [(x + 12, y), (x + w - 12, y), (x + w, box.y), (x + w - 12, y + h), (x + 12, y + h), (x, box.y)]
        return '<polygon class="body" points="' + " ".join(f"{px:.1f},{py:.1f}" for px, py in points) + '"/>'
    radius = 9 if kind == "task" else 3
    body = f'<rect class="body" x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="{radius}"/>'
    if kind in ("foreach", "map", "parallel") or box.node.calls:
        body += (f'<rect class="inner" x="{x + 4:.1f}" y="{y + 4:.1f}" width="{w - 8:.1f}" height="{h - 8:.1f}" '
                 f'rx="{max(radius - 3, 1)}" fill="none" stroke="#9aa5b1" stroke-width="1"/>')
    return body


def _text(box: Box) -> str:
    if box.node.kind == JOIN:
        return ""
    if not box.subtitle:
        return f'<text x="{box.x:.1f}" y="{box.y + 4:.1f}" text-anchor="middle">{escape(box.title)}</text>'
    return (f'<text x="{box.x:.1f}" y="{box.y - 3:.1f}" text-anchor="middle" font-weight="bold">'
            f'{escape(box.title)}</text><text class="sub" x="{box.x:.1f}" y="{box.y + 12:.1f}" '
            f'text-anchor="middle">{escape(box.subtitle)}</text>')


def _badge(box: Box, text: str) -> str:
    width = len(text) * 6.6 + 12
    x, y = box.x + box.w / 2 - width + 8, box.y - box.h / 2 - 11
    return (f'<g class="badge"><rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="16" rx="8"/>'
            f'<text x="{x + width / 2:.1f}" y="{y + 12:.1f}" text-anchor="middle">{escape(text)}</text></g>')


def _route(route: Route, classes: str) -> str:
    points = route.points
    edge = route.edge
    if edge.kind == "loop" and len(points) == 2:     # back up to the loop's head: bend aside from the edge down
        (x0, y0), (x1, y1) = points
        bend = 34 + abs(y0 - y1) / 4
        d = f"M{x0 - 10:.1f},{y0:.1f} C{x0 - bend:.1f},{y0:.1f} {x1 - bend:.1f},{y1:.1f} {x1 - 10:.1f},{y1:.1f}"
    else:
        d = "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in points)
    out = [f'<g class="edge k-{edge.kind}{classes}" data-edge="{escape(edge.id)}"><path d="{d}" '
           f'marker-end="url(#fc-arrow)"/>']
    if edge.label:
        mx, my = points[len(points) // 2] if len(points) > 2 else (
            (points[0][0] + points[-1][0]) / 2, (points[0][1] + points[-1][1]) / 2)
        label = edge.label if len(edge.label) <= 30 else edge.label[:29] + "…"
        out.append(f'<text x="{mx + 4:.1f}" y="{my - 2:.1f}">{escape(label)}</text>')
    out.append("</g>")
    return "".join(out)


def render(layout: Layout, node_classes: dict[str, str] | None = None, edge_classes: dict[str, str] | None = None,
           badges: dict[str, str] | None = None, tips: dict[str, str] | None = None, graph_id: str = "") -> str:
    """The SVG of `layout`; `node_classes` / `edge_classes` add CSS classes by node id / edge id, `badges` put a
    label on a node's corner, `tips` a tooltip."""
    node_classes, edge_classes = node_classes or {}, edge_classes or {}
    badges, tips = badges or {}, tips or {}
    width, height = layout.width, layout.height + 12
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="fc-graph" id="{escape(graph_id)}" '
             f'width="{width:.0f}" height="{height:.0f}" viewBox="0 -12 {width:.0f} {height:.0f}">',
             f"<style>{STYLE}</style>",
             '<defs><marker id="fc-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
             'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#7b8794"/></marker></defs>']
    for route in layout.routes:
        extra = edge_classes.get(route.edge.id, "")
        parts.append(_route(route, f" {extra}" if extra else ""))
    for node_id, box in layout.boxes.items():
        extra = node_classes.get(node_id, "")
        tip = tips.get(node_id) or box.node.path
        parts.append(f'<g class="node k-{box.node.kind}{" " + extra if extra else ""}" data-node="{escape(node_id)}" '
                     f'data-path="{escape(box.node.path)}"><title>{escape(tip)}</title>{_shape(box)}{_text(box)}</g>')
    for node_id, text in badges.items():
        if node_id in layout.boxes:
            parts.append(_badge(layout.boxes[node_id], text))
    parts.append("</svg>")
    return "\n".join(parts)
