"""A document nested deeper than any flow (but not so deep that YAML itself refuses it) is one error, not a crash,
in both dialects."""
import pytest

from fakecloud.fdl import check_text


def machine(depth: int) -> str:
    return ("Type: StateMachine\nName: m\nSpecVersion: v1\nStartAt: A\nStates:\n  - {Type: Pass, Name: A, End: true, "
            "InputConstructor: {a: " + "[" * depth + "]" * depth + "}}\n")


def flow(depth: int) -> str:
    return ("version: v1\ntype: flow\nsteps:\n  - {type: pass, name: a, outputMappings: [{target: x, source: "
            + "[" * depth + "]" * depth + "}]}\n")


@pytest.mark.parametrize("text, at", [(machine(600), (6, 256)), (flow(600), (4, 259))], ids=["machine", "flow"])
def test_too_deep_is_one_error(text, at):
    report = check_text(text, "m.yaml")
    assert [(d.line, d.column, d.code, d.message) for d in report.diagnostics] == [
        at + ("too-deep", "YAML values nest more than 200 levels deep here")]


@pytest.mark.parametrize("text", [machine(100), flow(100)], ids=["machine", "flow"])
def test_deep_but_reasonable_is_fine(text):
    assert check_text(text, "m.yaml").ok
