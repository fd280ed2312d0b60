"""Flow coverage as text (a table per flow file, then the lines not covered as `file:line`) and as JSON."""
from __future__ import annotations

from types import MappingProxyType

import json
import os

from .coverage import Coverage, FlowCoverage
from .shape import GOAL_KINDS

HEADINGS = MappingProxyType({"step": "steps", "branch": "branches", "retry": "retries", "catch": "catches",
            "transition": "gotos", "outcome": "outcomes", "iterations": "loops"})


def shown(file: str, base: str | None = None) -> str:
    """A file as reports name it: relative to `base` (the working directory) when it lies below it."""
    base = base or os.getcwd()
    try:
        relative = os.path.relpath(file, base)
    except ValueError:
        return file
    return file if relative.startswith("..") else relative


def percent(value: float) -> str:
    """Rounded down, so 99.6% is not shown as the 100% it is not."""
    return f"{int(value)}%" if value < 100 else "100%"


def text(coverage: Coverage, base: str | None = None) -> str:
    flows = coverage.sorted()
    if not flows:
        return "no flow definition file ran"
    names = [shown(f.file, base) for f in flows]
    width = max(len("flow"), len("TOTAL"), *(len(n) for n in names))
    head = f"{'flow':<{width}}  " + "  ".join(f"{HEADINGS[k]:>8}" for k in GOAL_KINDS) + "   cover"
    lines = [head, "-" * len(head)]
    for name, flow in zip(names, flows):
        counts = flow.counts()
        cells = [f"{counts[k][0]}/{counts[k][1]}" if k in counts else "-" for k in GOAL_KINDS]
        lines.append(f"{name:<{width}}  " + "  ".join(f"{c:>8}" for c in cells) + f"  {percent(flow.percent):>6}")
    covered, total = coverage.totals
    lines.append("-" * len(head))
    lines.append(f"{'TOTAL':<{width}}  {f'{covered}/{total} goals':>{len(head) - width - 10}}  "
                 f"{percent(coverage.percent):>6}")
    missing = [line for name, flow in zip(names, flows) for line in _missing(name, flow)]
    if missing:
        lines += ["", "not covered:"] + missing
    return "\n".join(lines)


def _missing(name: str, flow: FlowCoverage) -> list[str]:
    by_line: dict[int, list[str]] = {}
    for goal in flow.missed:
        by_line.setdefault(goal.line, []).append(goal.label)
    return [f"  {name}:{line}: never {'; '.join(merged(labels))}" for line, labels in sorted(by_line.items())]


def merged(labels: list[str]) -> list[str]:
    """`x failed with A`, `x failed with B` -> `x failed with A, B`."""
    out: list[str] = []
    for label in labels:
        head, sep, error = label.partition(" failed with ")
        if sep and out and out[-1].startswith(head + sep):
            out[-1] += f", {error}"
        else:
            out.append(label)
    return out


def document(coverage: Coverage, base: str | None = None) -> dict:
    """The JSON report: per flow file, totals per goal kind, each goal with its line and hit count, each line's
    state."""
    covered, total = coverage.totals
    flows = []
    for flow in coverage.sorted():
        c, t = flow.totals
        flows.append({
            "file": shown(flow.file, base), "flow": flow.shape.name, "dialect": flow.shape.dialect,
            "covered": c, "goals": t, "percent": round(flow.percent, 2),
            "kinds": {k: {"covered": a, "goals": b} for k, (a, b) in flow.counts().items()},
            "lines": {str(line): state for line, state in flow.lines().items()},
            "detail": [{"line": g.line, "kind": g.kind, "goal": g.label, "hits": flow.hits.get(g.key, 0)}
                       for g in flow.shape.goals]})
    return {"covered": covered, "goals": total, "percent": round(coverage.percent, 2), "flows": flows}


def write_json(coverage: Coverage, path: str, base: str | None = None) -> str:
    folder = os.path.dirname(path)
    if folder:
        os.makedirs(folder, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(document(coverage, base), fh, indent=2, ensure_ascii=False)
        fh.write("\n")
    return path
