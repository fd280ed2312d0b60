"""A FlowShape as a Mermaid flowchart (`flowchart TD`): a shape per node kind, dashed catch, goto and loop edges,
edge labels for choice conditions, catch errors and forks, and one class per node kind for styling."""
from __future__ import annotations

from types import MappingProxyType

from .layout import title_of
from .shape import END, JOIN, START, FlowShape

_BRACKETS = MappingProxyType({
    START: ('(["', '"])'), END: ('(["', '"])'), JOIN: ('(("', '"))'), "choice": ('{{"', '"}}'),
    "foreach": ('[["', '"]]'), "map": ('[["', '"]]'), "parallel": ('[["', '"]]'), "fail": ('>"', '"]'), "task": ('("', '")')})
_DASHED = ("catch", "goto", "loop")


def _quote(text: str) -> str:
    return text.replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


def mermaid(shape: FlowShape) -> str:
    ids = {node_id: f"n{i}" for i, node_id in enumerate(shape.nodes)}
    lines = ["flowchart TD"]
    for node_id, node in shape.nodes.items():
        title, subtitle = title_of(node)
        text = _quote(title) + (f"<br/><small>{_quote(subtitle)}</small>" if subtitle else "")
        opening, closing = _BRACKETS.get(node.kind, ('["', '"]'))
        if node.calls:
            opening, closing = '[["', '"]]'
        lines.append(f"  {ids[node_id]}{opening}{text}{closing}:::k_{node.kind}")
    for edge in shape.edges:
        if edge.source not in ids or edge.target not in ids:
            continue
        source, target = ids[edge.source], ids[edge.target]
        label = _quote(edge.label)
        if edge.kind in _DASHED:
            arrow = f'-. "{label}" .->' if label else "-.->"
        else:
            arrow = f'-- "{label}" -->' if label else "-->"
        lines.append(f"  {source} {arrow} {target}")
    lines += ["  classDef k_fail stroke:#c62828,stroke-width:2px",
              "  classDef k_succeed stroke:#2e7d32,stroke-width:2px",
              "  classDef k_start fill:#f0f4f8", "  classDef k_end fill:#f0f4f8"]
    return "\n".join(lines) + "\n"
