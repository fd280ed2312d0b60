"""Hostile definitions: alias and merge-key bombs, deep nesting of YAML values, steps, conditions and paths, and
keys or values that would break a one-line diagnostic. Each is refused with a located error, quickly, without
exhausting memory or the stack."""
import json
import time
import tracemalloc

import pytest

from fakecloud.cli import main
from fakecloud.fdl import check_text
from fakecloud.fdl.bounds import MAX_ALIAS_NODES, MAX_CONDITION_DEPTH, MAX_PATH_SEGMENTS, MAX_STEP_DEPTH
from fakecloud.fdl.source import load_source

HEAD = "version: v1\ntype: flow\n"
PASS = "steps:\n  - type: pass\n    name: p\n"


def alias_bomb(width: int = 9, depth: int = 8) -> str:
    """Anchors a0..a{depth}, each a list of `width` aliases of the one before; the step's source names the last."""
    lines = ["# a8 stands for 9 ** 8 values", "x:", "  a0: &a0 [x]"]
    for d in range(1, depth + 1):
        lines.append(f"  a{d}: &a{d} [" + ", ".join([f"*a{d - 1}"] * width) + "]")
    return (HEAD + "\n".join(lines) + "\nsteps:\n  - type: pass\n    name: p\n    inputMappings:\n"
            f"      - target: t\n        source: *a{depth}\n")


def merge_bomb(width: int = 8, depth: int = 8) -> str:
    lines = ["x:", "  m0: &m0 {k0: v, k1: v}"]
    for d in range(1, depth + 1):
        lines.append(f"  m{d}: &m{d} {{<<: [" + ", ".join([f"*m{d - 1}"] * width) + f"], k{d + 1}: v}}")
    return HEAD + "\n".join(lines) + "\n" + PASS


def only_error(report):
    assert not report.ok and len(report.diagnostics) == 1, [d.format() for d in report.diagnostics]
    d = report.diagnostics[0]
    return d.line, d.column, d.code, d.path, d.message


def measured(text: str):
    start = time.perf_counter()
    report = check_text(text, "bomb.yaml")
    seconds = time.perf_counter() - start
    tracemalloc.start()
    try:
        check_text(text, "bomb.yaml")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return report, seconds, peak


def test_a_600_byte_alias_bomb_is_refused_fast_and_small_at_the_alias():
    text = alias_bomb()
    assert 590 <= len(text.encode()) <= 610
    report, seconds, peak = measured(text)
    assert seconds < 1 and peak < 100 * 1024 * 1024
    # a1..a4 add 15,678 values, each alias of a4 13,942 more: the 7th alias in a5 passes 100,000
    assert only_error(report) == (
        10, 42, "too-large", "",
        f"YAML aliases and merge keys expand the definition by more than {MAX_ALIAS_NODES} values "
        f"(alias '*a4' passes the limit)")


def test_a_merge_key_bomb_is_refused_fast_and_small():
    text = merge_bomb()
    report, seconds, peak = measured(text)
    assert seconds < 1 and peak < 100 * 1024 * 1024
    line, col, code, _, message = only_error(report)
    assert (line, code) == (9, "too-large") and message.endswith("(alias '*m4' passes the limit)")
    assert text.splitlines()[line - 1][col - 1:].startswith("*m4")


def test_aliases_within_the_bound_still_expand():
    report = check_text(alias_bomb(width=9, depth=4))
    assert only_error(report)[2:4] == ("unknown-field", "x")       # accepted as YAML; 'x' is no FDL field
    assert load_source(alias_bomb(width=9, depth=4)).value["x"]["a2"] == [[["x"]] * 9] * 9


def test_merging_one_mapping_many_times_costs_no_more_than_once():
    text = merge_bomb(width=8, depth=3)
    source = load_source(text)
    assert source.value["x"]["m3"] == {"k0": "v", "k1": "v", "k2": "v", "k3": "v", "k4": "v"}


def test_a_merged_mapping_brings_its_own_keys_over_the_ones_it_merges():
    source = load_source("a: &a {x: 1, <<: {x: 2, y: 2}}\nb: {<<: *a, z: 3}\n")
    assert source.value["b"] == {"x": 1, "y": 2, "z": 3}


def source_step(value: str) -> str:
    return HEAD + f"steps:\n  - type: pass\n    name: p\n    inputMappings:\n      - target: t\n        source: {value}\n"


@pytest.mark.parametrize("opening, closing", [("[", "]"), ("{a: ", "}")])
def test_yaml_values_nested_500_deep_are_refused_where_they_pass_200(opening, closing):
    report = check_text(source_step(opening * 500 + "1" + closing * 500))
    # the source value is level 6: its 196th opening is level 201
    line, col, code, path, message = only_error(report)
    assert (line, col, code, message) == (8, 17 + 195 * len(opening), "too-deep",
                                          "YAML values nest more than 200 levels deep here")
    assert path.startswith("steps[0].inputMappings[0].source")


def test_block_lists_nested_600_deep_are_refused():
    text = HEAD + "steps:\n" + "".join("  " * i + "- \n" for i in range(600))
    line, col, code, path, message = only_error(check_text(text))
    assert (line, col, code, message) == (203, 399, "too-deep", "YAML values nest more than 200 levels deep here")


def nested_steps(kind: str, levels: int) -> str:
    step = {"type": "pass", "name": "leaf"}
    for i in range(levels):
        if kind == "parallel":
            step = {"type": "parallel", "name": f"n{i}", "branches": [{"steps": [step]}]}
        elif kind == "foreach":
            step = {"type": "foreach", "name": f"n{i}", "iterationMapping": {"collection": "$.xs", "item": "x"},
                    "steps": [step]}
        else:
            step = {"type": "choice", "name": f"n{i}", "choices": [{"condition": "$.x", "steps": [step]}]}
    return json.dumps({"version": "v1", "type": "flow", "steps": [step]}, indent=1)


@pytest.mark.parametrize("kind, inner", [("parallel", "branches[0].steps"), ("foreach", "steps"),
                                         ("choice", "choices[0].steps")])
def test_steps_nest_at_most_32_sequences(kind, inner):
    assert check_text(nested_steps(kind, MAX_STEP_DEPTH - 1)).ok
    text = nested_steps(kind, MAX_STEP_DEPTH)
    line, col, code, path, message = only_error(check_text(text))
    assert (code, message) == ("too-deep", "steps nest more than 32 sequences deep here (choice options, "
                                           "parallel branches and foreach steps)")
    assert path == "steps" + f"[0].{inner}" * MAX_STEP_DEPTH
    assert text.splitlines()[line - 1][col - 1:].startswith(f'"{inner.rsplit(".", 1)[-1]}"')


def condition_step(condition: str) -> str:
    return HEAD + ("steps:\n  - type: choice\n    name: c\n    choices:\n      - condition: '" + condition
                   + "'\n        steps: [{type: pass, name: x}]\n")


@pytest.mark.parametrize("opening, closing, token", [("(", ")", "("), ("!", "", "!"), ("(!", ")", "(")])
def test_conditions_nest_at_most_32_levels(opening, closing, token):
    def condition(levels):
        return opening * levels + "$.a" + closing * levels
    n = MAX_CONDITION_DEPTH // len(opening)
    assert check_text(condition_step(condition(n))).ok
    text = condition(1000)
    line, col, code, path, message = only_error(check_text(condition_step(text)))
    assert (line, col, code, path) == (7, 21 + MAX_CONDITION_DEPTH, "condition", "steps[0].choices[0].condition")
    assert message == (f"invalid condition {text!r}: '{token}' nests more than 32 levels of parentheses and '!'")


@pytest.mark.parametrize("segment", [".a", "[0]", "[*]"])
def test_paths_have_at_most_100_parts(segment):
    assert check_text(condition_step("$" + segment * MAX_PATH_SEGMENTS + " == 1")).ok
    text = "$" + segment * 5000 + " == 1"
    line, col, code, path, message = only_error(check_text(condition_step(text)))
    assert (line, col, code) == (7, 21 + 1 + MAX_PATH_SEGMENTS * len(segment), "condition")
    assert message == f"invalid condition {text!r}: a path has at most 100 parts ('.name', '[n]', '[*]')"


def test_validate_reports_deep_nesting_as_a_located_error(tmp_path, capsys):
    for name, text in [("brackets.yaml", source_step("[" * 500 + "]" * 500)),
                       ("parallels.yaml", nested_steps("parallel", 124)),
                       ("parens.yaml", condition_step("(" * 140 + "$.a" + ")" * 140)),
                       ("nots.yaml", condition_step("!" * 980 + "$.a"))]:
        (tmp_path / name).write_text(text)
    files = sorted(str(p) for p in tmp_path.iterdir())
    assert main(["validate", *files]) == 1
    out = capsys.readouterr().out
    assert "internal error" not in out and len(out.splitlines()) == 4
    assert all(line.split(":")[3] == " error" for line in out.splitlines())


@pytest.mark.parametrize("text, expected", [
    (HEAD + '"a\\nb": 1\n' + PASS, "<string>:3:1: error: a\\nb: unknown field 'a\\nb' in the flow"),
    (HEAD + PASS + '    "k\\r\\u2028": 2\n', "<string>:6:5: error: steps[0].k\\r\\u2028: unknown field 'k\\r\\u2028' "
                                             "in a pass step"),
    (HEAD + "steps:\n  - type: \"pa\\nss\"\n    name: p\n",
     "<string>:4:11: error: steps[0].type: unknown step type 'pa\\nss' (did you mean 'pass'?); step types are task, pass, wait, choice, "
     "succeed, fail, parallel, foreach"),
])
def test_a_diagnostic_is_one_line_whatever_the_keys_and_values_hold(text, expected):
    (d,) = check_text(text).diagnostics
    assert d.format() == expected and len(d.format().splitlines()) == 1
