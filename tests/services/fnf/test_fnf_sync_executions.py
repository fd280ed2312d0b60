"""StartSyncExecution on Express flows: the outcome in one call (output, or ErrorCode and ErrorMessage), names
made unique with a suffix, Standard flows refused, and the Express limits (5 minutes, Wait at most 20 s)."""
import json

from fnf_support import World, raises

EXPRESS = """\
Type: StateMachine
Name: quick
SpecVersion: v1
StartAt: Shape
States:
  - Type: Pass
    Name: Shape
    InputConstructor:
      total.$: intAdd($Input.a, $Input.b)
      nap.$: $Input.nap
    Next: Nap
  - Type: Wait
    Name: Nap
    Seconds.$: $Input.nap
    End: true
"""


def test_a_sync_execution_answers_its_output(world: World):
    world.create("quick", EXPRESS, ExecutionMode="Express")
    answer = world.fnf.start_sync_execution(FlowName="quick", ExecutionName="run", Input='{"a": 1, "b": 2, "nap": 0}')
    assert (answer["Status"], answer["Output"], answer["FlowName"]) == ("Succeeded", '{"total":3,"nap":0}', "quick")
    assert answer["Name"].startswith("run:") and len(answer["Name"]) == len("run:") + 36
    assert "ErrorCode" not in answer and answer["StoppedTime"] == answer["StartedTime"]
    again = world.fnf.start_sync_execution(FlowName="quick", ExecutionName="run", Input='{"a": 1, "b": 2, "nap": 0}')
    assert again["Name"] != answer["Name"]
    history = world.fnf.get_execution_history(FlowName="quick", ExecutionName=answer["Name"])["Events"]
    assert [e["Type"] for e in history][:2] == ["ExecutionStarted", "StateEntered"]


def test_a_failed_sync_execution_answers_its_error(world: World):
    world.create("quick", EXPRESS, ExecutionMode="Express")
    answer = world.fnf.start_sync_execution(FlowName="quick", Input='{"a": 1}')
    assert (answer["Status"], answer["ErrorCode"], answer["Output"]) == ("Failed", "FnF.RuntimeError", "")
    assert answer["ErrorMessage"].startswith("state 'Shape': InputConstructor: ")


def test_a_dynamic_wait_over_20_seconds_fails_in_an_express_flow(world: World):
    world.create("quick", EXPRESS, ExecutionMode="Express")
    answer = world.fnf.start_sync_execution(FlowName="quick", Input=json.dumps({"a": 1, "b": 1, "nap": 21}))
    assert (answer["Status"], answer["ErrorCode"]) == ("Failed", "FnF.WaitLimitExceeded")
    ok = world.fnf.start_sync_execution(FlowName="quick", Input=json.dumps({"a": 1, "b": 1, "nap": 20}))
    assert (ok["Status"], ok["StoppedTime"][-13:]) == ("Succeeded", "00:00:20.000Z")


def test_an_express_execution_times_out_after_five_minutes(world: World):
    world.create("slow", EXPRESS.replace("quick", "slow").replace("Seconds.$: $Input.nap", "Seconds: 20")
                 .replace("    End: true\n", "    Next: Nap\n"), ExecutionMode="Express")
    answer = world.fnf.start_sync_execution(FlowName="slow", Input='{"a": 1, "b": 1, "nap": 0}')
    assert (answer["Status"], answer["ErrorCode"]) == ("TimedOut", "FnF.Timeout")
    assert answer["StoppedTime"][-13:] == "00:05:00.000Z"


def test_standard_flows_are_refused(world: World):
    world.create("std", EXPRESS.replace("quick", "std"))
    raises("InvalidArgument", "Flow std is a Standard flow; StartSyncExecution runs Express flows only.", 400,
           world.fnf.start_sync_execution, FlowName="std")
