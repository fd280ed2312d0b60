"""A run's virtual-time timeline as an SVG Gantt chart: a row per step visit (iterations, branches and subflows
nested under the step that ran them) with bars for the step, each task attempt, back-off waits between attempts,
waits for a callback and wait steps. Virtual time often jumps (a day's wait next to instant steps), so the time
axis grows with the logarithm of each gap between two moments something happened: every instant stays readable
and the order of events is exact; the tick labels give the real elapsed times."""
from __future__ import annotations

from types import MappingProxyType

import math
from dataclasses import dataclass, field
from html import escape

from fakecloud.engine.timeline import elapsed

LABEL_WIDTH = 250
ROW = 22
TOP = 34

BAR_STYLE = MappingProxyType({
    "step": "#bcccdc", "ok": "#2f8132", "error": "#c62828", "backoff": "#f0b429", "callback": "#186faf",
    "wait": "#829ab1", "running": "#62b0e8", "iteration": "#d9e2ec", "subflow": "#9fb3c8"})
LEGEND = (("step", "step"), ("ok", "attempt succeeded"), ("error", "attempt failed"), ("backoff", "back-off"),
          ("callback", "waiting for a callback"), ("wait", "wait step"), ("iteration", "iteration / branch"))


@dataclass
class Row:
    key: str                     # detail key of the row
    label: str
    depth: int
    status: str
    bars: list[tuple[str, int, int]] = field(default_factory=list)   # (style, from ms, to ms)
    marked: bool = False


def rows_of(trace, now_ms: int, mark=None, key=lambda node: "") -> list[Row]:
    """The rows of `trace` (a fakecloud.testing.trace.Trace) in the order steps were entered."""
    rows: list[Row] = []

    def visit(node, depth: int, label: str = "") -> None:
        end = node.ended_ms if node.ended_ms is not None else now_ms
        row = Row(key(node), label + node.name, depth, node.status, [("step", node.entered_ms, end)],
                  node is mark)
        if node.attempts:
            previous_end = None
            for attempt in node.attempts:
                if previous_end is not None and attempt.scheduled_ms > previous_end:
                    row.bars.append(("backoff", previous_end, attempt.scheduled_ms))
                done = attempt.ended_ms if attempt.ended_ms is not None else now_ms
                style = "ok" if attempt.ok else "error" if attempt.error is not None else "running"
                if attempt.pattern == "waitForCallback" and done > attempt.scheduled_ms:
                    row.bars.append(("callback", attempt.scheduled_ms, done))
                    row.bars.append((style, done, done))
                else:
                    row.bars.append((style, attempt.scheduled_ms, done))
                previous_end = done
        elif end > node.entered_ms and not node.children and not node.steps:
            row.bars.append(("wait", node.entered_ms, end))
        rows.append(row)
        for child in node.steps:
            visit(child, depth + 1)
        for index, runs in enumerate(node.children):
            word = f"[{index}]" if node.child_kind == "iteration" else f".branch[{index}]"
            if runs:
                start = min(n.entered_ms for n in runs)
                stop = max((n.ended_ms if n.ended_ms is not None else now_ms) for n in runs)
                rows.append(Row("", f"{node.name}{word}", depth + 1, "", [("iteration", start, stop)]))
            for child in runs:
                visit(child, depth + 2)
        for sub in node.subflows:
            execution = sub.execution
            stop = execution.stopped_ms if execution.stopped_ms is not None else now_ms
            rows.append(Row("", f"subflow {execution.flow_name}", depth + 1, execution.status.lower(),
                            [("subflow", execution.started_ms, stop)]))
            for child in sub.roots:
                visit(child, depth + 2)

    for root in trace.roots:
        visit(root, 0)
    return rows


class TimeAxis:
    """Virtual time (ms) to x: each gap between two moments that matter takes 10 + 22·log10(1 + seconds) px."""

    def __init__(self, moments, start_ms: int):
        self.start = start_ms
        self.times = sorted(set(moments) | {start_ms})
        self.xs = [0.0]
        for before, after in zip(self.times, self.times[1:]):
            self.xs.append(self.xs[-1] + 10 + 22 * math.log10(1 + (after - before) / 1000))

    def x(self, ms: int) -> float:
        for i, t in enumerate(self.times):
            if t >= ms:
                if t == ms or i == 0:
                    return self.xs[i]
                before = self.times[i - 1]
                return self.xs[i - 1] + (self.xs[i] - self.xs[i - 1]) * (ms - before) / (t - before)
        return self.xs[-1]

    @property
    def width(self) -> float:
        return self.xs[-1]


def render(rows: list[Row], start_ms: int, graph_id: str = "timeline") -> str:
    moments = [t for row in rows for _, a, b in row.bars for t in (a, b)]
    axis = TimeAxis(moments, start_ms)
    width = LABEL_WIDTH + axis.width + 60
    height = TOP + ROW * len(rows) + 10
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="fc-timeline" id="{graph_id}" width="{width:.0f}" '
           f'height="{height}" viewBox="0 0 {width:.0f} {height}" font-family="sans-serif" font-size="12">',
           '<style>.fc-timeline .row:hover .hit { fill: #f0f4f8; } .fc-timeline .row { cursor: pointer; } '
           '.fc-timeline .row.selected .hit { fill: #e4e7eb; } .fc-timeline .diverged .hit { fill: #f3e5f5; }'
           '</style>']
    last = -1000.0
    for t, x in zip(axis.times, axis.xs):
        if x - last >= 46:
            out.append(f'<text x="{LABEL_WIDTH + x:.1f}" y="14" font-size="10" fill="#52606d" '
                       f'text-anchor="middle">{escape(elapsed(t - start_ms))}</text>')
            last = x
        out.append(f'<line x1="{LABEL_WIDTH + x:.1f}" y1="20" x2="{LABEL_WIDTH + x:.1f}" y2="{height - 8}" '
                   f'stroke="#e4e7eb" stroke-width="1"/>')
    for index, row in enumerate(rows):
        y = TOP + index * ROW
        css = "row" + (" diverged" if row.marked else "") + (f" s-{row.status}" if row.status else "")
        attrs = f' data-detail="{escape(row.key)}"' if row.key else ""
        out.append(f'<g class="{css}"{attrs}><rect class="hit" x="0" y="{y}" width="{width:.0f}" height="{ROW}" '
                   f'fill="transparent"/>')
        color = "#7b1fa2" if row.marked else "#c62828" if row.status == "failed" else "#1f2933"
        prefix = "≠ " if row.marked else ""
        out.append(f'<text x="{8 + 14 * row.depth}" y="{y + 15}" fill="{color}"'
                   f'{" font-weight=" + chr(34) + "bold" + chr(34) if row.marked else ""}>'
                   f"{escape(prefix + row.label)}</text>")
        for style, a, b in sorted(row.bars, key=lambda bar: bar[0] in ("ok", "error", "running")):
            x0, x1 = LABEL_WIDTH + axis.x(a), LABEL_WIDTH + axis.x(b)
            inset = 7 if style == "step" or style == "iteration" else 5
            out.append(f'<rect class="bar b-{style}" x="{x0:.1f}" y="{y + inset}" width="{max(x1 - x0, 4):.1f}" '
                       f'height="{ROW - 2 * inset}" rx="2" fill="{BAR_STYLE[style]}"/>')
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


def legend() -> str:
    return '<p class="legend">' + "".join(
        f'<span><i style="border-color:{BAR_STYLE[style]};background:{BAR_STYLE[style]}"></i>{escape(text)}</span>'
        for style, text in LEGEND) + "</p>"
