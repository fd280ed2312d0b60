"""Coverage, pictures and the fault sweep of state machines (the `machine_shape` adapter): the goals of a small
machine and of the pipeline with their lines, coverage figures after known runs, the Mermaid graph of every state
type, a run report, and the sweep's table."""
from pathlib import Path

from fakecloud.cli import main
from fakecloud.cloud import FakeCloud
from fakecloud.fdl import load_flow
from fakecloud.insight.coverage import Coverage
from fakecloud.insight.dialects import shape_of
from fakecloud.insight.sweep import faults_of
from fakecloud.testing import FlowRunner, Return, Throw, assert_every_fault_handled

FLOWS = Path(__file__).parent / "flows"
MACHINES = Path(__file__).parents[1] / "plugin" / "machines"
SMALL = FLOWS / "machine_small.yaml"
SEGMENTS = {"Body": {"segments": ["a", "b", "c"]}}


def test_the_goals_of_a_small_state_machine_with_their_lines():
    shape = shape_of(load_flow(str(SMALL)))
    assert shape.dialect == "cloudflow-statemachine"
    assert [(g.kind, g.line, g.label) for g in shape.goals] == [
        ("step", 7, "Check ran"),
        ("branch", 10, "Check: $Input.n > 1 -> Call"),
        ("branch", 7, "Check: Default -> Stop"),
        ("step", 13, "Call ran"),
        ("retry", 21, "Call retried (rule 1)"),
        ("catch", 26, "Call caught by Catch 1 -> Stop"),
        ("outcome", 13, "Call succeeded"),
        ("outcome", 21, "Call failed with FC.Unknown"),
        ("step", 30, "Stop ran")]
    call = shape.member("", "", "Call")
    assert (call.id, call.kind, call.timeout, call.target_kind, call.retry, call.catch) == (
        "States[1]", "task", 30, "fc", (("FC.Unknown",),), (("FnF.ALL",),))


def test_graph_of_a_small_state_machine(capsys):
    assert main(["graph", str(SMALL)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:11] == [
        "flowchart TD",
        '  n0(["start"]):::k_start',
        '  n1{{"Check<br/><small>choice</small>"}}:::k_choice',
        '  n2("Call<br/><small>task · FC:InvokeFunction fc3/work</small>"):::k_task',
        '  n3>"Stop<br/><small>fail · error Stopped</small>"]:::k_fail',
        '  n4(["end"]):::k_end',
        '  n1 -- "$Input.n #gt; 1" --> n2',
        '  n1 -- "Default" --> n3',
        "  n2 --> n4",
        '  n2 -. "FnF.ALL" .-> n3',
        "  n0 --> n1"]
    assert [line.split()[1] for line in out[11:]] == ["k_fail", "k_succeed", "k_start", "k_end"]


def test_pipeline_graph_has_each_state_kind_and_the_map_loop(capsys):
    assert main(["graph", str(MACHINES / "pipeline.yaml")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1:13] == [
        '  n0(["start"]):::k_start',
        '  n1("Fetch<br/><small>task · FC:InvokeFunction media/fetch</small>"):::k_task',
        '  n2{{"Route<br/><small>choice</small>"}}:::k_choice',
        '  n3[["Encode<br/><small>map · each item of $Input.segments</small>"]]:::k_map',
        '  n4("Cut<br/><small>task · FC:InvokeFunction media/cut</small>"):::k_task',
        '  n5[["Publish<br/><small>parallel</small>"]]:::k_parallel',
        '  n6("Notify<br/><small>task · FC:InvokeFunction media/notify</small>"):::k_task',
        '  n7["Archive<br/><small>pass</small>"]:::k_pass',
        '  n8(("join")):::k_join',
        '  n9["Empty<br/><small>succeed</small>"]:::k_succeed',
        '  n10>"Missing<br/><small>fail · error Media.NotFound</small>"]:::k_fail',
        '  n11(["end"]):::k_end']
    assert {"  n4 -.-> n3", '  n3 -- "each item" --> n4', '  n3 -- "done" --> n5', '  n5 -- "branch 1" --> n7',
            "  n7 --> n8", "  n8 --> n11", '  n1 -. "FC.ResourceNotFound" .-> n10'} <= set(out)


def clip(params):
    return {"Body": {"clip": params["body"] + ".mp4"}}


def test_coverage_of_the_pipeline_after_two_runs():
    r = FlowRunner(FakeCloud(), base_dirs=[MACHINES])
    r.run("pipeline.yaml", {"id": 7}, mocks={
        "Fetch": [Throw("FC.ResourceThrottled", "slow"), Return(SEGMENTS)], "Cut": clip,
        "Notify": Return({"Body": ""})})
    r.run("pipeline.yaml", {"id": 8}, mocks={"Fetch": Throw("FC.ResourceNotFound", "gone")})
    coverage = Coverage()
    coverage.add_world(r.cloud)
    [flow] = coverage.sorted()
    assert flow.file == str((MACHINES / "pipeline.yaml").resolve())
    assert flow.counts() == {"step": (8, 9), "branch": (1, 2), "retry": (1, 1), "catch": (1, 1),
                             "transition": (2, 2), "outcome": (5, 5), "iterations": (1, 3)}
    assert [(g.line, g.label) for g in flow.missed] == [
        (30, "Route: Default -> Empty"), (36, "Encode ran over 0 items"), (36, "Encode ran over 1 item"),
        (72, "Empty ran")]
    assert flow.lines()[30] == "partial" and flow.lines()[72] == "missed" and flow.lines()[8] == "covered"


def test_a_choice_on_context_is_told_by_where_it_went(tmp_path):
    machine = tmp_path / "ctx.yaml"
    machine.write_text("""\
Type: StateMachine
Name: ctx
SpecVersion: v1
StartAt: Route
States:
  - Type: Choice
    Name: Route
    Branches:
      - Condition: length($Context.Execution.Name) > 100
        Next: Long
    Default: Short
  - {Type: Pass, Name: Long, End: true}
  - {Type: Pass, Name: Short, End: true}
""")
    r = FlowRunner(FakeCloud())
    r.run(str(machine), {})
    coverage = Coverage()
    coverage.add_world(r.cloud)
    assert [g.label for g in coverage.sorted()[0].missed] == ["Route: length($Context.Execution.Name) > 100 -> Long",
                                                             "Long ran"]


def test_a_run_report_of_a_state_machine_marks_the_failed_iteration(tmp_path):
    r = FlowRunner(FakeCloud(), base_dirs=[MACHINES])
    run = r.run("pipeline.yaml", {"id": 7}, mocks={"Fetch": Return(SEGMENTS), "Cut": clip,
                                                   "Encode[1]/Cut": Throw("FC.Unknown", "broken")})
    page = Path(run.report(tmp_path / "run.html")).read_text()
    assert 'class="node k-map failed"' in page and 'class="node k-task failed diverged"' in page
    assert 'class="node k-parallel notrun"' in page and "Encode[1]/Cut" in page




def test_the_sweep_of_a_small_state_machine():
    r = FlowRunner(FakeCloud(), base_dirs=[FLOWS], unmocked="default")
    sweep = r.sweep("machine_small.yaml", {"n": 2})
    assert [(o.fault.error, o.fault.when, o.fault.why, o.status, o.error, o.handled_by, o.path)
            for o in sweep.outcomes] == [
        ("FC.Unknown", "first", "retry 1", "Succeeded", None, "retry", ["Check", "Call"]),
        ("FC.Unknown", "every", "retry 1", "Failed", "Stopped", "catch at Call -> Stop", ["Check", "Call", "Stop"]),
        ("FnF.TaskTimeout", "first", "timeoutSeconds", "Failed", "Stopped", "catch at Call -> Stop",
         ["Check", "Call", "Stop"]),
        ("FakeCloud.InjectedError", "first", "FnF.ALL", "Failed", "Stopped", "catch at Call -> Stop",
         ["Check", "Call", "Stop"]),
        ("FC.ResourceThrottled", "first", "service", "Failed", "Stopped", "catch at Call -> Stop",
         ["Check", "Call", "Stop"])]
    assert sweep.steps == ["Call"]
    assert_every_fault_handled(sweep)
    assert sweep.table().splitlines()[0] == ("fault sweep of machine_small: baseline Succeeded, 1 task paths, "
                                             "5 faults, 0 not handled (!)")


def test_the_sweep_of_the_pipeline_sweeps_each_iteration_kind_and_branch():
    r = FlowRunner(FakeCloud(), base_dirs=[MACHINES])
    sweep = r.sweep("pipeline.yaml", {"id": 7}, mocks={"Fetch": Return(SEGMENTS), "Cut": clip,
                                                       "Notify": Return({"Body": ""})})
    assert sweep.steps == ["Fetch", "Encode[0]/Cut", "Encode[*]/Cut", "Publish.branch[0]/Notify"]
    assert [(o.fault.path, o.fault.error, o.fault.when, o.status, o.handled_by) for o in sweep.unhandled()][:3] == [
        ("Fetch", "FC.ResourceThrottled", "every", "Failed", None),
        ("Fetch", "FakeCloud.InjectedError", "first", "Failed", None),
        ("Fetch", "FC.Unknown", "first", "Failed", None)]
    assert (len(sweep.outcomes), len(sweep.unhandled())) == (14, 12)


def test_a_state_machine_shape_travels_as_plain_data():
    shape = shape_of(load_flow(str(MACHINES / "pipeline.yaml")))
    again = type(shape).from_dict(shape.to_dict())
    assert again.same_as(shape) and again.member("States[2]", "each", "Cut").path == "Encode[*]/Cut"


def test_fakecloud_sweep_of_a_state_machine_exits_0_when_every_fault_is_handled(capsys):
    assert main(["sweep", str(SMALL), "--input", '{"n": 2}']) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "fault sweep of machine_small: baseline Succeeded, 1 task paths, 5 faults, 0 not handled (!)"
    assert out[3].split() == ["Call", "FC.Unknown", "first", "Succeeded", "-", "retry", "Check", ">", "Call"]


def test_an_mns_task_of_a_state_machine_is_swept_with_the_queue_and_topic_errors():
    shape = shape_of(load_flow(str(MACHINES / "notify.yaml")))
    tell, announce = shape.steps
    assert (tell.target_kind, tell.detail) == ("mns-queue", "MNS:SendMessage /queues/approvals/messages")
    assert [f.error for f in faults_of(tell, "Tell", "MNS:SendMessage", "FnF.ALL")] == [
        "FakeCloud.InjectedError", "MNS.QueueNotExist"]
    assert [f.error for f in faults_of(announce, "Announce", "MNS:SendMessage", "FnF.ALL")] == [
        "FakeCloud.InjectedError", "MNS.TopicNotExist"]
