"""Checking a run against a scenario's expectations and reporting the first divergence in execution order
(a step's data, the path, then the execution's status, error and output), with the others listed after it."""
from __future__ import annotations

from typing import Any

from .assertions import FlowAssertionError, path_divergence
from .diff import differences, same
from .explain import cut, explain
from .paths import PathPattern

_END = 10 ** 9


def _step_problems(node, spec: dict) -> list[str]:
    out = []
    if "status" in spec and node.status != spec["status"]:
        out.append(f"status: expected {spec['status']}, got {node.status}")
    if "output" in spec:
        out += [f"output {line}" for line in differences(spec["output"], node.output, subset=True)]
    if "output_exact" in spec:
        out += [f"output {line}" for line in differences(spec["output_exact"], node.output)]
    if "attempts" in spec and len(node.attempts) != spec["attempts"]:
        out.append(f"attempts: expected {spec['attempts']}, got {len(node.attempts)}")
    if "retries" in spec and node.retries != spec["retries"]:
        out.append(f"retries: expected {spec['retries']}, got {node.retries}")
    if "delays" in spec and not same([float(d) for d in spec["delays"]], node.delays):
        out.append(f"delays: expected {spec['delays']}, got {[f'{d:g}' for d in node.delays]}")
    if "error" in spec and node.error != spec["error"]:
        out.append(f"error: expected {spec['error']}, got {node.error}")
    caught = spec.get("caught")
    if caught is not None:
        want = caught if isinstance(caught, dict) else {"error": caught}
        if not node.caught:
            out.append(f"caught: expected a catch of {want.get('error', 'an error')}, the step {node.status}")
        else:
            if "error" in want and node.error != want["error"]:
                out.append(f"caught: expected {want['error']}, got {node.error}")
            if "goto" in want and node.goto != want["goto"]:
                out.append(f"caught: expected goto {want['goto']}, got {node.goto}")
    if "goto" in spec and node.goto != spec["goto"]:
        out.append(f"goto: expected {spec['goto']}, got {node.goto}")
    return out


def divergences(run, expect: dict) -> list[tuple[int, str, list[str], Any]]:
    """(position in execution order, headline, detail lines, step run to mark) of every expectation that fails."""
    found = []
    every = run.trace.every()
    position = {id(n): i for i, n in enumerate(every)}
    for key, spec in (expect.get("steps") or {}).items():
        pattern = PathPattern(key)
        visits = [n for n in every if pattern.matches(n.path)]
        if not visits:
            found.append((_END, f"step {key} did not run", [], None))
            continue
        node = visits[-1]
        lines = _step_problems(node, spec or {})
        if lines:
            found.append((position[id(node)], f"step {node.path} differs:", [f"  {line}" for line in lines], node))
    if "path" in expect:
        want, got = list(expect["path"]), run.path
        if want != got:
            index, node = path_divergence(run, want)
            found.append((position[id(node)] if node is not None else _END,
                          f"path differs at step {index + 1}:",
                          [f"  expected: {', '.join(want)}", f"  actual:   {', '.join(got)}"], node))
    status = expect.get("status")
    if status is not None and run.status != status:
        detail = [f"  error: {run.error}", f"  cause: {cut(run.cause or '')}"] if run.error else []
        found.append((_END + 1, f"status: expected {status}, got {run.status}", detail, None))
    for key in ("error", "cause"):
        if key in expect and getattr(run, key) != expect[key]:
            found.append((_END + 1, f"{key}: expected {expect[key]}, got {getattr(run, key)}", [], None))
    if "output" in expect:
        lines = differences(expect["output"], run.output, subset=True)
        if lines:
            found.append((_END + 2, "output differs:", [f"  {line}" for line in lines], None))
    if "output_exact" in expect:
        lines = differences(expect["output_exact"], run.output)
        if lines:
            found.append((_END + 2, "output differs:", [f"  {line}" for line in lines], None))
    found.sort(key=lambda item: item[0])
    return found


def check_expectations(run, expect: dict, what: str) -> None:
    __tracebackhide__ = True
    found = divergences(run, expect)
    if not found:
        return
    _, headline, details, node = found[0]
    lines = [f"{what}: {headline}", *details]
    if len(found) > 1:
        lines.append("also differing:")
        lines.extend(f"  {h.rstrip(':')}" for _, h, _, _ in found[1:])
    raise FlowAssertionError("\n".join(lines + [explain(run, node)]), run, node)
