"""Flow coverage read from executions: exact goals for small flows whose branches are known."""
from pathlib import Path

from fakecloud.cloud import FakeCloud
from fakecloud.insight.coverage import Coverage
from fakecloud.insight.coverage_report import document, text
from fakecloud.testing import FlowRunner, Return, Throw

FLOWS = Path(__file__).parent / "flows"


def _run(flow, input, mocks, unmocked="error"):
    cloud = FakeCloud()
    runner = FlowRunner(cloud, base_dirs=[FLOWS], unmocked=unmocked)
    run = runner.run(flow, input, mocks=mocks)
    return cloud, run


def _coverage(*clouds) -> Coverage:
    coverage = Coverage()
    for cloud in clouds:
        coverage.add_world(cloud)
    return coverage


def test_an_express_payment_covers_five_of_twelve_goals():
    cloud, run = _run("pay.yaml", {"express": True}, {"charge": Return({"paid": True})})
    assert run.status == "Succeeded"
    flow = _coverage(cloud).flows[str((FLOWS / "pay.yaml").resolve())]
    assert flow.totals == (5, 12)
    assert flow.counts() == {"step": (3, 5), "branch": (1, 2), "retry": (0, 1), "catch": (0, 1), "outcome": (1, 3)}
    assert [(g.line, g.label) for g in flow.missed] == [
        (8, "charge retried (policy 1)"), (11, "charge caught by catch 1 -> refuse"),
        (8, "charge failed with FC.ResourceThrottled"), (11, "charge failed with CardDeclined"),
        (19, "route: default"), (23, "slow ran"), (26, "refuse ran")]
    assert flow.lines() == {4: "covered", 8: "missed", 11: "missed", 13: "covered", 16: "covered", 19: "missed",
                            20: "covered", 23: "missed", 26: "missed"}


def test_runs_add_up_and_the_text_report_lists_the_lines_not_covered():
    first, _ = _run("pay.yaml", {"express": True}, {"charge": Return({})})
    second, _ = _run("pay.yaml", {"express": False}, {"charge": [Throw("FC.ResourceThrottled"), Return({})]})
    third, run = _run("pay.yaml", {}, {"charge": Throw("CardDeclined", "no funds")})
    assert run.error == "Refused"
    coverage = _coverage(first, second, third)
    assert coverage.totals == (12, 12)
    assert "not covered" not in text(coverage, str(FLOWS))
    partial = _coverage(first, second)
    assert text(partial, str(FLOWS)).splitlines() == [
        "flow         steps  branches   retries   catches     gotos  outcomes     loops   cover",
        "--------------------------------------------------------------------------------------",
        "pay.yaml       4/5       2/2       1/1       0/1         -       2/3         -     75%",
        "--------------------------------------------------------------------------------------",
        "TOTAL                                                               9/12 goals     75%",
        "",
        "not covered:",
        "  pay.yaml:11: never charge caught by catch 1 -> refuse; charge failed with CardDeclined",
        "  pay.yaml:26: never refuse ran"]


def test_foreach_parallel_choice_branches_and_a_subflow_are_each_counted():
    cloud, run = _run("fanout.yaml", {"items": ["a", "b"], "phone": "1", "express": True},
                      {"items[1]/reserve": Throw("OutOfStock"), "reserve": Return({"ok": 1}),
                       "charge": Return({})}, unmocked="default")
    assert run.status == "Succeeded"
    coverage = _coverage(cloud)
    fanout = coverage.flows[str((FLOWS / "fanout.yaml").resolve())]
    assert fanout.counts() == {"step": (10, 12), "branch": (1, 2), "catch": (1, 1), "transition": (1, 1),
                               "outcome": (4, 4), "iterations": (1, 3)}
    assert [(g.line, g.label) for g in fanout.missed] == [
        (4, "items ran 0 iterations"), (4, "items ran 1 iteration"), (42, "nophone ran"), (41, "sms: default"),
        (44, "unreachable ran")]
    assert fanout.hits["ran:steps[0].steps[0]"] == 2          # reserve ran in both iterations
    child = coverage.flows[str((FLOWS / "pay.yaml").resolve())]    # the subflow `ship` started
    assert child.totals == (5, 12)


def test_a_foreach_over_nothing_and_over_one_item_cover_those_counts():
    none, _ = _run("fanout.yaml", {"items": []}, {"charge": Return({})}, unmocked="default")
    one, _ = _run("fanout.yaml", {"items": ["a"]}, {"reserve": Return({}), "charge": Return({})}, unmocked="default")
    fanout = _coverage(none, one).flows[str((FLOWS / "fanout.yaml").resolve())]
    assert fanout.counts()["iterations"] == (2, 3)
    assert {g.label for g in fanout.missed} >= {"items ran 2 or more iterations"}


def test_coverage_of_two_processes_merges_to_the_coverage_of_one():
    first, _ = _run("pay.yaml", {"express": True}, {"charge": Return({})})
    second, _ = _run("pay.yaml", {"express": False}, {"charge": [Throw("FC.ResourceThrottled"), Return({})]})
    combined = Coverage()
    for cloud in (first, second):
        combined.merge(_coverage(cloud).to_dict())
    assert document(combined, str(FLOWS)) == document(_coverage(first, second), str(FLOWS))
    assert combined.totals == (9, 12)


def test_inline_definitions_and_text_that_only_shares_a_file_name_are_not_counted(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "flow.yaml").write_text((FLOWS / "pay.yaml").read_text())   # a file an inline flow's name names
    cloud = FakeCloud()
    runner = FlowRunner(cloud, base_dirs=[tmp_path])
    runner.run("version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: only\n", {})
    assert _coverage(cloud).flows == {}
    runner.run("flow.yaml", {"express": True}, mocks={"charge": Return({})})
    assert list(_coverage(cloud).flows) == [str((tmp_path / "flow.yaml").resolve())]
