"""Where each node of a FlowShape goes on a picture and the path each edge takes: a layered (Sugiyama) layout by
grandalf, top to bottom from the start node, loops drawn back up; pieces of the graph that are not connected
side by side. Coordinates are pixels, boxes given by their centre."""
from __future__ import annotations

from dataclasses import dataclass

from grandalf.graphs import Edge as GEdge
from grandalf.graphs import Graph, Vertex
from grandalf.layouts import SugiyamaLayout
from grandalf.routing import EdgeViewer, route_with_lines

from .shape import END, JOIN, START, Edge, FlowShape, Node

CHAR = 7.0           # width of a character of the 12 px label font, near enough
MARGIN = 24.0
GAP = 48.0           # between pieces that are not connected


@dataclass
class Box:
    node: Node
    x: float
    y: float
    w: float
    h: float
    title: str
    subtitle: str


@dataclass
class Route:
    edge: Edge
    points: list[tuple[float, float]]


@dataclass
class Layout:
    boxes: dict[str, Box]
    routes: list[Route]
    width: float
    height: float


def title_of(node: Node) -> tuple[str, str]:
    if node.kind == START:
        return "start", ""
    if node.kind == END:
        return "end", ""
    if node.kind == JOIN:
        return "join", ""
    detail = node.detail if len(node.detail) <= 34 else node.detail[:33] + "…"
    return node.name, f"{node.kind}" + (f" · {detail}" if detail else "")


def _size(node: Node, title: str, subtitle: str) -> tuple[float, float]:
    if node.kind in (START, END):
        return 56.0, 28.0
    if node.kind == JOIN:
        return 60.0, 14.0
    width = max(len(title) * (CHAR + 0.5), len(subtitle) * (CHAR - 0.8)) + 28
    if node.kind == "choice":
        width += 24
    return max(width, 90.0), 42.0


class _View:
    __slots__ = ("w", "h", "xy")

    def __init__(self, w: float, h: float):
        self.w, self.h, self.xy = w, h, (0.0, 0.0)


def layout(shape: FlowShape) -> Layout:
    vertices: dict[str, Vertex] = {}
    titles = {}
    for node in shape.nodes.values():
        title, subtitle = titles[node.id] = title_of(node)
        vertex = vertices[node.id] = Vertex(node.id)
        vertex.view = _View(*_size(node, title, subtitle))
    pairs = []
    for edge in shape.edges:
        if edge.source in vertices and edge.target in vertices and edge.source != edge.target:
            g_edge = GEdge(vertices[edge.source], vertices[edge.target])
            g_edge.view = EdgeViewer()
            pairs.append((edge, g_edge))
    graph = Graph(list(vertices.values()), [g for _, g in pairs])
    offset = MARGIN
    height = 0.0
    placed: dict[str, tuple[float, float]] = {}
    for piece in graph.C:
        members = list(piece.sV)
        if len(members) == 1:
            view = members[0].view
            view.xy = (view.w / 2, view.h / 2)
        else:
            sugiyama = SugiyamaLayout(piece)
            sugiyama.xspace, sugiyama.yspace = 28, 34
            roots = [v for v in members if v.data == "start"] or None
            sugiyama.init_all(roots=roots)
            sugiyama.route_edge = route_with_lines
            sugiyama.draw(3)
        xs = [x for v in members for x in (v.view.xy[0] - v.view.w / 2, v.view.xy[0] + v.view.w / 2)]
        ys = [y for v in members for y in (v.view.xy[1] - v.view.h / 2, v.view.xy[1] + v.view.h / 2)]
        for g_edge in piece.sE:
            for px, py in getattr(g_edge.view, "_pts", None) or ():
                xs.append(px)
                ys.append(py)
        left, right, top, bottom = min(xs) - 40, max(xs) + 40, min(ys), max(ys)
        dx, dy = offset - left, MARGIN - top
        for v in members:
            placed[v.data] = (dx, dy)
        offset += right - left + GAP
        height = max(height, bottom - top)
    boxes = {}
    for node_id, vertex in vertices.items():
        dx, dy = placed[node_id]
        x, y = vertex.view.xy
        boxes[node_id] = Box(shape.nodes[node_id], x + dx, y + dy, vertex.view.w, vertex.view.h, *titles[node_id])
    routes = []
    for edge, g_edge in pairs:
        dx, dy = placed[edge.source]
        points = getattr(g_edge.view, "_pts", None) or _straight(boxes[edge.source], boxes[edge.target], dx, dy)
        routes.append(Route(edge, [(px + dx, py + dy) for px, py in points]))
    return Layout(boxes, routes, offset - GAP + MARGIN, height + 2 * MARGIN)


def _straight(a: Box, b: Box, dx: float, dy: float) -> list[tuple[float, float]]:
    """An edge the layout did not route (a piece of one node): centre to centre, before the piece's offset."""
    return [(a.x - dx, a.y - dy), (b.x - dx, b.y - dy)]
