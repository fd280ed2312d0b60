"""Pictures of a flow, as `fakecloud graph` draws them: Mermaid text, a standalone SVG, or an HTML page whose
nodes show their definition (kind, path, line, target, retry and catch rules) when clicked."""
from __future__ import annotations

from .layout import layout
from .mermaid import mermaid
from .page import detail, page, section
from .shape import FlowShape, Node
from .svg import render

FORMATS = ("mermaid", "svg", "html")


def node_detail(shape: FlowShape, node: Node, *extra: tuple[str, str]) -> dict:
    """What the details panel shows of a node of `shape`: its definition, then `extra` fields."""
    where = f"{shape.file}:{node.line}" if node.line else None
    fields = [("kind", node.kind), ("path", node.path), ("definition", where), ("does", node.detail or None),
              ("starts flow", node.calls)]
    fields += [(f"retry policy {i + 1}", ", ".join(errors)) for i, errors in enumerate(node.retry)]
    fields += [(f"catch {i + 1}", ", ".join(errors) + f" -> {_target(shape, node, i)}") for i, errors in
               enumerate(node.catch)]
    if node.timeout is not None:
        fields.append(("timeoutSeconds", f"{node.timeout:g}"))
    return detail(node.name or node.path, *fields, *extra)


def _target(shape: FlowShape, node: Node, index: int) -> str:
    edge = next((e for e in shape.edges_from(node.id) if e.reason == f"catch[{index}]"), None)
    return shape.nodes[edge.target].name if edge is not None else "?"


def graph_details(shape: FlowShape, graph_id: str) -> dict:
    return {f"{graph_id}|{node.id}": node_detail(shape, node) for node in shape.nodes.values()}


def draw(shape: FlowShape, format: str = "mermaid") -> str:
    if format == "mermaid":
        return mermaid(shape)
    svg = render(layout(shape), graph_id="flow")
    if format == "svg":
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n"
    if format == "html":
        body = section(f"flow {shape.name}", f'<div class="scroll">{svg}</div>')
        return page(f"flow {shape.name}", shape.file, body, graph_details(shape, "flow"))
    raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
