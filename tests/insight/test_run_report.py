"""run.report(): the flow graph with the executed path, the diverging step marked, and the virtual-time timeline."""
import json
import re
from pathlib import Path

from fakecloud.cloud import FakeCloud
from fakecloud.testing import FlowRunner, Return, Throw

FLOWS = Path(__file__).parent / "flows"


def _page(tmp_path, run, mark=None):
    path = run.report(tmp_path / "out" / "run.html", mark)
    page = Path(path).read_text()
    data = json.loads(re.search(r'<script type="application/json" id="fc-data">(.*?)</script>', page, re.S)[1])
    return page, data


def _nodes(page: str, graph: str) -> dict:
    svg = re.search(rf'<svg[^>]* id="{graph}".*?</svg>', page, re.S)[0]
    return {path: css for css, path in re.findall(r'<g class="node k-\w+ ([\w -]+)" data-node="[^"]*" '
                                                  r'data-path="([^"]*)"', svg)}


def _run(mocks, input):
    runner = FlowRunner(FakeCloud(), base_dirs=[FLOWS], unmocked="default")
    return runner.run("fanout.yaml", input, mocks=mocks)


def test_the_graph_shows_what_ran_what_was_caught_and_what_did_not_run(tmp_path):
    run = _run({"items[1]/reserve": Throw("OutOfStock", "none left"), "reserve": Return({"ok": 1}),
                "charge": [Throw("FC.ResourceThrottled"), Return({})]}, {"items": ["a", "b"], "express": False})
    assert run.status == "Succeeded"
    page, data = _page(tmp_path, run)
    assert _nodes(page, "flow") == {
        "start": "ran", "items": "ran", "items[*]/reserve": "caught", "items[*]/reserved": "ran",
        "items[*]/skip": "ran", "notify": "ran", "notify.branch[0]/mail": "ran", "notify.branch[1]/sms": "ran",
        "notify.branch[1]/text": "notrun", "notify.branch[1]/nophone": "ran", "notify.branch[1]/unreachable": "notrun",
        "notify.branch[1]/sent": "notrun", "notify (join)": "ran", "ship": "ran", "end": "ran"}
    assert _nodes(page, "subflow0") == {"start": "ran", "charge": "ran", "route": "ran", "fast": "notrun",
                                        "slow": "ran", "refuse": "notrun", "end": "ran"}
    followed = re.findall(r'<g class="edge k-(\w+) followed" data-edge="([^"]*)"', page)
    assert ("catch", "steps[0].steps[0]&gt;catch[0]") in followed
    assert ("choice", "steps[1].branches[1].steps[0]&gt;default") in followed
    assert "diverges here" not in page
    rows = re.findall(r'<g class="row[^"]*"(?: data-detail="[^"]*")?><rect class="hit"[^>]*/>\s*<text[^>]*>([^<]*)<',
                      page)
    assert rows == ["items", "items[0]", "reserve", "reserved", "items[1]", "reserve", "skip", "notify",
                    "notify.branch[0]", "mail", "notify.branch[1]", "sms", "nophone", "ship", "subflow pay", "charge",
                    "route", "slow"]
    charge = next(d for d in data["details"].values() if d["title"] == "child:ship/charge")
    assert dict(charge["fields"])["attempts"] == "0. +0s to +0s: FC.ResourceThrottled\n1. +1s to +1s: ok"
    assert dict(charge["fields"])["back-off before each retry"] == "1 s"
    caught = next(d for d in data["details"].values() if d["title"] == "items[1]/reserve")
    assert dict(caught["fields"])["status"] == "caught -> skip"
    assert dict(caught["fields"])["cause"] == "none left"


def test_a_failed_run_marks_the_failing_step_on_the_graph_and_the_timeline(tmp_path):
    runner = FlowRunner(FakeCloud(), base_dirs=[FLOWS])
    run = runner.run("pay.yaml", {}, mocks={"charge": Throw("FC.Unknown", "crashed")})
    assert (run.status, run.error) == ("Failed", "FC.Unknown")
    page, data = _page(tmp_path, run)
    assert _nodes(page, "flow") == {"start": "ran", "charge": "failed diverged", "route": "notrun",
                                    "fast": "notrun", "slow": "notrun", "refuse": "notrun", "end": "notrun"}
    assert page.count('<g class="badge">') == 1 and "diverges here</text></g>" in page
    assert re.search(r'<g class="row diverged s-failed" data-detail="run\|0">.*?≠ charge</text>', page, re.S)
    assert data["first"] == "run|0"
    assert "<tr><th>diverges here</th><td>charge</td></tr>" in page
    assert "<tr><th>error</th><td>FC.Unknown</td></tr>" in page


def test_a_run_waiting_for_a_callback_shows_the_wait_as_running(tmp_path):
    definition = ("version: v1\ntype: flow\nsteps:\n  - type: task\n    name: approve\n"
                  "    resourceArn: acs:mns:::/queues/approvals/messages\n    pattern: waitForCallback\n"
                  "    serviceParams: {MessageBody: $}\n")
    runner = FlowRunner(FakeCloud(), unmocked="default")
    run = runner.run(definition, {})
    run.advance(3600)
    page, _ = _page(tmp_path, run)
    assert _nodes(page, "flow") == {"start": "ran", "approve": "running", "end": "notrun"}
    assert 'class="bar b-callback"' in page


class _Counted:
    """Stands for a value the report prints with str(): counts how many were printed."""
    printed = 0

    def __str__(self):
        type(self).printed += 1
        return "counted"


def test_a_long_value_is_cut_and_printed_no_further_than_the_cut():
    from fakecloud.insight.run_report import _json
    value = {"items": [{"id": i, "name": f"item {i}"} for i in range(2000)]}
    full = json.dumps(value, indent=2, ensure_ascii=False)
    assert _json(value, limit=100) == full[:100] + "\n… (cut)"
    assert _json({"a": [1, "é"]}) == '{\n  "a": [\n    1,\n    "é"\n  ]\n}'
    _Counted.printed = 0
    _json([_Counted() for _ in range(10_000)], limit=200)
    # "[" then 13 characters per item ('\n  "counted"' and a comma): the 16th item crosses 200 characters
    assert _Counted.printed == 16
