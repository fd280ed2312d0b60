"""The fault sweep: every fault each task step claims to handle, per path, its outcome exact."""
import json
import sys
import time
from pathlib import Path

import pytest

from fakecloud.cli import main
from fakecloud.cloud import FakeCloud
from fakecloud.testing import FlowRunner, Return, assert_every_fault_handled

FLOWS = Path(__file__).parent / "flows"
ORDER = Path(__file__).parents[2] / "examples" / "order"

TABLE = """\
fault sweep of fanout: baseline Succeeded, 6 task paths, 17 faults, 9 not handled (!)

step                   fault                    attempts  status     error                    handled by                            path
items[0]/reserve       FakeCloud.InjectedError  first     Succeeded  -                        catch at items[0]/reserve -> skip     items > notify > ship
items[0]/reserve       FC.ResourceThrottled     first     Succeeded  -                        catch at items[0]/reserve -> skip     items > notify > ship
items[0]/reserve       FC.Unknown               first     Succeeded  -                        catch at items[0]/reserve -> skip     items > notify > ship
items[*]/reserve       FakeCloud.InjectedError  first     Succeeded  -                        catch at items[0]/reserve -> skip     items > notify > ship
items[*]/reserve       FC.ResourceThrottled     first     Succeeded  -                        catch at items[0]/reserve -> skip     items > notify > ship
items[*]/reserve       FC.Unknown               first     Succeeded  -                        catch at items[0]/reserve -> skip     items > notify > ship
notify.branch[0]/mail  FakeCloud.InjectedError  first     Failed !   FakeCloud.InjectedError  -                                     items > notify
notify.branch[0]/mail  MNS.TopicNotExist        first     Failed !   MNS.TopicNotExist        -                                     items > notify
notify.branch[1]/text  FakeCloud.InjectedError  first     Failed !   FakeCloud.InjectedError  -                                     items > notify
notify.branch[1]/text  MNS.QueueNotExist        first     Failed !   MNS.QueueNotExist        -                                     items > notify
ship                   FakeCloud.InjectedError  first     Failed !   FakeCloud.InjectedError  -                                     items > notify > ship
ship                   fnf.FlowNotExists        first     Failed !   fnf.FlowNotExists        -                                     items > notify > ship
child:ship/charge      FC.ResourceThrottled     first     Succeeded  -                        retry                                 items > notify > ship
child:ship/charge      FC.ResourceThrottled     every     Failed !   FC.ResourceThrottled     -                                     items > notify > ship
child:ship/charge      CardDeclined             first     Failed     Refused                  catch at child:ship/charge -> refuse  items > notify > ship
child:ship/charge      FakeCloud.InjectedError  first     Failed !   FakeCloud.InjectedError  -                                     items > notify > ship
child:ship/charge      FC.Unknown               first     Failed !   FC.Unknown               -                                     items > notify > ship"""


def _sweep():
    runner = FlowRunner(FakeCloud(), base_dirs=[FLOWS], unmocked="default")
    return runner.sweep("fanout.yaml", {"items": ["a", "b"], "phone": "1"},
                        mocks={"reserve": Return({"ok": 1}), "charge": Return({})})


def test_every_task_path_gets_each_fault_its_rules_name_a_wildcard_one_and_its_service_errors():
    result = _sweep()
    assert result.table() == TABLE
    assert result.steps == ["items[0]/reserve", "items[*]/reserve", "notify.branch[0]/mail", "notify.branch[1]/text",
                            "ship", "child:ship/charge"]
    every = next(o for o in result.outcomes if o.fault.path == "items[*]/reserve" and o.fault.error == "FC.Unknown")
    assert [n.status for n in every.run.visits("items[*]/reserve")] == ["caught", "caught"]   # both iterations


def test_the_sweep_runs_each_fault_in_a_fresh_world_and_leaves_the_test_world_alone():
    runner = FlowRunner(FakeCloud(), base_dirs=[FLOWS], unmocked="default")
    result = runner.sweep("pay.yaml", {"express": True}, mocks={"charge": [Return({"first": 1})]})
    assert runner.runs == [] and runner.cloud.engine.executions == {}
    assert [o.run.step("charge").output for o in result.outcomes if o.status == "Succeeded"] == [{"first": 1}]
    assert {o.run.cloud is result.baseline.cloud for o in result.outcomes} == {False}


def test_assert_every_fault_handled_lists_the_faults_left_unhandled():
    result = _sweep()
    with pytest.raises(AssertionError) as failure:
        assert_every_fault_handled(result, allow=["notify.branch[*]/*", ("ship", "fnf.FlowNotExists")])
    lines = str(failure.value).splitlines()
    assert lines[0] == "4 of 17 injected faults of fanout are not handled:"
    assert [line.split()[:3] for line in lines[2:]] == [
        ["ship", "FakeCloud.InjectedError", "first"], ["child:ship/charge", "FC.ResourceThrottled", "every"],
        ["child:ship/charge", "FakeCloud.InjectedError", "first"], ["child:ship/charge", "FC.Unknown", "first"]]
    assert_every_fault_handled(result, allow=["notify.branch[*]/*", "ship", "child:ship/charge"])


def test_a_timeout_is_a_real_one_where_the_step_sets_timeoutSeconds():
    definition = ("version: v1\ntype: flow\nsteps:\n  - type: task\n    name: approve\n"
                  "    resourceArn: acs:mns:::/queues/approvals/messages\n    pattern: waitForCallback\n"
                  "    timeoutSeconds: 3600\n    serviceParams: {MessageBody: $}\n")
    runner = FlowRunner(FakeCloud(), unmocked="default")
    result = runner.sweep(definition, {}, callbacks=[{"step": "approve", "after": 60, "output": {"ok": True}}])
    assert [(o.fault.error, o.fault.why, o.status, o.error) for o in result.outcomes] == [
        ("FnF.TaskTimeout", "timeoutSeconds", "Failed", "FnF.TaskTimeout"),
        ("FakeCloud.InjectedError", "FnF.ALL", "Failed", "FakeCloud.InjectedError"),
        ("MNS.QueueNotExist", "service", "Failed", "MNS.QueueNotExist")]
    timed_out = result.outcomes[0].run.step("approve").attempts[0]
    assert (timed_out.outcome, timed_out.ended_ms - timed_out.scheduled_ms) == ("timed out", 3600_000)


def test_a_fault_that_leaves_the_execution_running_is_not_handled():
    definition = ("version: v1\ntype: flow\nsteps:\n  - type: task\n    name: charge\n"
                  "    resourceArn: acs:fc:::services/shop/functions/charge\n    catch:\n"
                  "      - errors: [FC.Unknown]\n        goto: wait\n  - type: task\n    name: wait\n"
                  "    resourceArn: acs:mns:::/queues/q/messages\n    pattern: waitForCallback\n"
                  "    serviceParams: {MessageBody: $}\n")
    runner = FlowRunner(FakeCloud(), unmocked="default")
    result = runner.sweep(definition, {}, mocks={"wait": {"return": {}, "duration": 5}})
    caught = next(o for o in result.outcomes if o.fault.error == "FC.Unknown" and o.fault.path == "charge")
    assert (caught.status, caught.handled_by, caught.handled) == ("Succeeded", "catch at charge -> wait", True)
    unmocked = FlowRunner(FakeCloud(), unmocked="default").sweep(definition, {})
    assert unmocked.baseline.status == "Running"
    assert [o.handled for o in unmocked.outcomes if o.fault.path == "charge"] == [False, False, False]


def test_a_sweep_of_the_order_flow_takes_less_than_a_second(capsys):
    sys.path.insert(0, str(ORDER))
    try:
        started = time.perf_counter()
        code = main(["sweep", str(ORDER / "flows" / "order.yaml"), "--scenario",
                     str(ORDER / "tests" / "rush-order.scenario.yaml"), "--format", "json"])
        elapsed = time.perf_counter() - started
    finally:
        sys.path.remove(str(ORDER))
    assert elapsed < 1.0
    assert code == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["baseline"] == {"status": "Succeeded", "path": ["validateOrder", "checkPhoto", "needsApproval",
                                                               "autoApprove", "reserveItems", "ship"]}
    assert len(doc["faults"]) == 19
    assert doc["faults"][8] == {"step": "validateOrder", "fault": "InvalidOrder", "attempts": "first",
                                "why": "catch 1", "status": "Failed", "error": "OrderRejected", "handled": True,
                                "handled_by": "catch at validateOrder -> rejectOrder",
                                "path": ["validateOrder", "rejectOrder"]}


def test_a_baseline_that_reaches_no_task_step_sweeps_nothing_and_says_why(capsys):
    assert main(["sweep", str(ORDER / "flows" / "order.yaml")]) == 1       # no input: the flow fails at once
    assert capsys.readouterr().out == (
        "fault sweep of order: baseline Failed, 0 task paths, 0 faults, 0 not handled (!)\n"
        "the baseline run reached no task step (FnF.InvalidMapping: flow inputMappings 'orderId': source "
        "$input.orderId: key 'orderId' not found in $input): no fault was injected\n")


def test_the_command_refuses_a_bad_scenario_and_writes_html(tmp_path, capsys):
    flow = str(FLOWS / "pay.yaml")
    bad = tmp_path / "bad.scenario.yaml"
    bad.write_text("flow: x.yaml\nnonsense: 1\n")
    assert main(["sweep", flow, "--scenario", str(bad)]) == 2
    assert "unknown field 'nonsense'" in capsys.readouterr().err
    assert main(["sweep", flow, "--format", "html"]) == 2
    blocked = tmp_path / "file"
    blocked.write_text("")
    assert main(["sweep", flow, "--format", "json", "-o", str(blocked / "x.json")]) == 2
    assert "fakecloud sweep: error:" in capsys.readouterr().err
    out = tmp_path / "sweep.html"
    assert main(["sweep", flow, "--input", '{"express": true}', "--format", "html", "-o", str(out)]) == 1
    page = out.read_text()
    assert page.count('<tr class="bad" data-detail="fault|') == 3 and page.count('<tr class="ok"') == 2
