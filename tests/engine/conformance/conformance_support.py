"""Helpers for the conformance tests: fixture flows, compact exact history traces, event details.

A trace is the exact sequence of (Type, StepName) of an execution's history, written one line per run of
consecutive events of the same step, in history order:

    : ExecutionStarted
    start: StepEntered StepStarted StepSucceeded StepExited
    : ExecutionSucceeded

(an empty name before the colon is an execution-level event). `trace(execution)` prints that form and
`events(text)` reads it back, so a test compares the two exactly, event by event.
"""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

HERE = Path(__file__).parent
FDL_FLOWS = HERE.parent.parent / "fdl" / "flows"      # the front end's construct fixtures
OWN_FLOWS = HERE / "flows"                            # flows written for these tests


def fixture(name: str, **placeholders: str) -> str:
    """The text of tests/fdl/flows/`name`, with deploy-time placeholders replaced as a deploy tool would
    (`placeholders` maps the placeholder text, e.g. '<signOffFlow>', to its value)."""
    text = (FDL_FLOWS / name).read_text(encoding="utf-8")
    for key, value in placeholders.items():
        assert key in text, f"{key} does not occur in {name}"
        text = text.replace(key, value)
    return text


def own(name: str) -> str:
    return (OWN_FLOWS / name).read_text(encoding="utf-8")


def flow(steps_yaml: str, head: str = "") -> str:
    """A flow from an indented YAML list of steps (and optional flow-level fields in `head`)."""
    return ("version: v1\ntype: flow\n" + textwrap.dedent(head) + "steps:\n"
            + textwrap.indent(textwrap.dedent(steps_yaml).strip("\n") + "\n", "  "))


def pairs(execution) -> list[tuple[str, str]]:
    return [(e.type, e.step_name) for e in execution.history]


def trace(execution) -> str:
    lines: list[str] = []
    current, types = None, []
    for type_, step in pairs(execution):
        if types and step != current:
            lines.append(f"{current}: " + " ".join(types))
            types = []
        current = step
        types.append(type_)
    if types:
        lines.append(f"{current}: " + " ".join(types))
    return "\n".join(lines)


def events(text: str) -> list[tuple[str, str]]:
    out = []
    for line in textwrap.dedent(text).strip().splitlines():
        step, _, types = line.strip().partition(":")
        assert types.strip(), f"not a trace line: {line!r}"
        out += [(t, step.strip()) for t in types.split()]
    return out


def assert_trace(execution, expected: str) -> None:
    """The execution's history is exactly `expected` (compared event by event, shown as traces on failure)."""
    want = events(expected)
    got = pairs(execution)
    if got != want:
        raise AssertionError("history differs\n--- expected\n" + textwrap.dedent(expected).strip()
                             + "\n--- actual\n" + trace(execution))


def detail(execution, type_: str, step: str | None = None) -> list[dict]:
    """The decoded EventDetail of every event of `type_` (of `step`, when given), in history order."""
    return [json.loads(e.event_detail) for e in execution.history
            if e.type == type_ and (step is None or e.step_name == step)]


def times(execution, type_: str, step: str | None = None) -> list[str]:
    return [e.time for e in execution.history if e.type == type_ and (step is None or e.step_name == step)]


def history_bytes(execution) -> bytes:
    return json.dumps(execution.history.to_list(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
