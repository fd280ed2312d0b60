"""Fuzzed FDL documents through the front end and, when valid, the engine: structured flows with wrong kinds and
odd values, mutations of real flows, and YAML-ish noise. Checking never raises, every diagnostic is one located
line, and a valid flow runs to an end (or a wait) without an exception."""
import json
import re
from pathlib import Path

import yaml
from conftest import examples
from hypothesis import given
from hypothesis import strategies as st

from fakecloud.cloud import FakeCloud
from fakecloud.fdl import check_text

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted(p.read_text() for p in [*ROOT.glob("tests/fdl/flows/*.yaml"), *ROOT.glob("examples/**/*.yaml")])
LINE = re.compile(r"^fuzz\.yaml:\d+:\d+: (error|warning): [^\n]*$")
YAML_CHARS = " \n\t:-[]{}&*!|>'\"#%@,?<=$.()0123456789abcdefxyz\\\u00e9\u2028\ufeff\U0001f600"

names = st.text("abcdefgh_-0123456789", min_size=0, max_size=6)
paths = st.builds(lambda root, parts: root + "".join(parts), st.sampled_from(["$", "$input", "$local", "$context",
                  "$inptu", "", "$.", "$input.", "$["]),
                  st.lists(st.sampled_from([".a", ".b", "[0]", "[*]", ".*", "['x y']", "[", "]", "..", "[-1]",
                                            "[1:2]", " ", ".é"]), max_size=6))
conditions = st.builds(" ".join, st.lists(st.one_of(paths, st.sampled_from(
    ["==", "!=", "<", ">=", "&&", "||", "!", "(", ")", "true", "null", "1", "1.5e3", '"s"', "'t'", "=", "and",
     "+", "\"\\u12\"", "((((", "!!!!"])), max_size=8))
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10, 10 ** 9), st.floats(allow_nan=True), names, paths,
                    st.text(max_size=10))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(names, inner, max_size=3)), max_leaves=8)
mappings = st.lists(st.fixed_dictionaries({}, optional={"target": st.one_of(names, scalars),
                                                        "source": st.one_of(paths, values)}), max_size=3)
ARNS = ["acs:fc:::services/s/functions/f", "acs:fnf:::flow/child", "acs:mns:::/queues/q/messages",
        "acs:mns:::/topics/t/messages", "acs:fc:::services/s", "acs:oss:::bucket", "nonsense"]


def step(children):
    common = {"name": st.one_of(names, scalars), "inputMappings": st.one_of(mappings, values),
              "outputMappings": mappings, "end": st.one_of(st.booleans(), scalars)}
    kinds = {
        "pass": {},
        "task": {"resourceArn": st.sampled_from(ARNS), "action": st.sampled_from(["facebody:DetectFace",
                 "fnf:StartExecution", "nope:X", "x"]), "pattern": st.sampled_from(["requestResponse", "sync",
                 "waitForCallback", "other"]), "serviceParams": st.one_of(st.dictionaries(names, values, max_size=3),
                 values), "timeoutSeconds": scalars, "retry": st.lists(st.fixed_dictionaries({"errors": st.lists(
                 st.sampled_from(["FnF.ALL", "FC.Unknown", ""]), max_size=2)}, optional={"maxAttempts": scalars,
                 "intervalSeconds": scalars, "multiplier": scalars}), max_size=2),
                 "catch": st.lists(st.fixed_dictionaries({"errors": st.just(["FnF.ALL"]), "goto": names}), max_size=2)},
        "wait": {"duration": st.one_of(scalars, paths), "timestamp": st.sampled_from(
                 ["2024-01-01T00:00:01Z", "2024-01-01", "$.t", "x"])},
        "choice": {"choices": st.lists(st.fixed_dictionaries({"condition": st.one_of(conditions, scalars)},
                   optional={"steps": children, "goto": names}), max_size=3),
                   "default": st.fixed_dictionaries({}, optional={"steps": children, "goto": names})},
        "succeed": {}, "fail": {"error": scalars, "cause": scalars},
        "parallel": {"branches": st.lists(st.fixed_dictionaries({"steps": children}), max_size=3)},
        "foreach": {"iterationMapping": st.fixed_dictionaries({"collection": paths, "item": names},
                                                              optional={"index": names}),
                    "steps": children, "maxConcurrency": scalars},
    }
    return st.sampled_from(sorted(kinds)).flatmap(lambda kind: st.fixed_dictionaries(
        {"type": st.just(kind)}, optional={**common, **kinds[kind], "colour": scalars}))


steps = st.recursive(st.lists(step(st.just([])), max_size=3), lambda inner: st.lists(step(inner), max_size=3),
                     max_leaves=12)
flows = st.fixed_dictionaries({"version": st.sampled_from(["v1", "v1beta1", "v2", 1]), "type": st.just("flow"),
                               "steps": steps},
                              optional={"inputMappings": mappings, "outputMappings": mappings,
                                        "timeoutSeconds": scalars, "Type": scalars})


def render(flow, style):
    if style == "json":
        return json.dumps(flow, ensure_ascii=False, default=str)
    return yaml.safe_dump(flow, allow_unicode=True, default_flow_style=style == "flow", sort_keys=False)


@st.composite
def mutated(draw):
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "replace", "nest", "alias"]))
        if kind == "insert":
            text = text[:at] + draw(st.text(YAML_CHARS, max_size=8)) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 20)):]
        elif kind == "replace":
            text = text[:at] + draw(st.text(YAML_CHARS, min_size=1, max_size=3)) + text[at + 1:]
        elif kind == "nest":
            n = draw(st.sampled_from([50, 250, 1200]))
            text = text[:at] + draw(st.sampled_from(["[", "{a: ", "(", "!", "- "])) * n + text[at:]
        else:
            text = text[:at] + " &a [x, x] *a *b <<: *a " + text[at:]
    return text


def check(text, tally, kind):
    tally("FDL documents")
    report = check_text(text, "fuzz.yaml")
    for d in report.diagnostics:
        assert LINE.match(d.format()), d.format()
    if report.ok:
        cloud = FakeCloud(seed=0)
        cloud.add_flow("fuzzed", text)
        execution = cloud.start("fuzzed", {"a": [1, 2], "b": {"x": "y"}})
        cloud.run_until_idle()
        assert execution.status in ("Succeeded", "Failed", "TimedOut", "Running"), execution
        assert execution.error != "FnF.InternalError", execution.cause
        tally("valid FDL documents run")


@examples(quick=15, campaign=4000)
@given(flows, st.sampled_from(["block", "flow", "json"]))
def test_structured_flows(tally, flow, style):
    check(render(flow, style), tally, "structured")


@examples(quick=15, campaign=4000)
@given(mutated())
def test_mutated_real_flows(tally, text):
    check(text, tally, "mutated")


@examples(quick=10, campaign=2500)
@given(st.one_of(st.text(YAML_CHARS, max_size=300), st.binary(max_size=200)))
def test_yaml_noise(tally, data):
    check(data, tally, "noise")
