"""CloudFlow state machines through every FnF client: CreateFlow takes them with Type=FDL, refuses a definition
whose Name is not the flow's, and StartExecution runs them."""
import pytest
from rpc_wire_support import Failure

MACHINE = "Type: StateMachine\nName: {}\nSpecVersion: v1\nStartAt: Hi\nStates:\n  - {{Type: Pass, Name: Hi, End: true}}\n"


def create(fnf, name, definition):
    return fnf.call("CreateFlow", Name=name, Definition=definition, Description="d", Type="FDL")


def test_create_and_describe_a_state_machine(fnf):
    created = create(fnf, "hello", MACHINE.format("hello"))
    assert (created["Name"], created["Definition"], created["Type"]) == ("hello", MACHINE.format("hello"), "FDL")
    assert fnf.call("DescribeFlow", Name="hello")["Definition"] == MACHINE.format("hello")


def test_a_definition_named_otherwise_is_refused(fnf):
    with pytest.raises(Failure) as info:
        create(fnf, "hello", MACHINE.format("bye"))
    assert (info.value.code, info.value.status, info.value.message) == (
        "InvalidArgument", 400, "The Name in the flow definition (bye) must equal the flow's Name (hello).")


def test_start_execution_of_a_state_machine(fnf):
    create(fnf, "hello", MACHINE.format("hello"))
    assert fnf.call("StartExecution", FlowName="hello", ExecutionName="e1", Input='{"x":"y"}')["Name"] == "e1"
    described = fnf.call("DescribeExecution", FlowName="hello", ExecutionName="e1")
    assert (described["Status"], described["Output"]) == ("Succeeded", '{"x":"y"}')


EXPRESS = ("Type: StateMachine\nName: {}\nSpecVersion: v1\nStartAt: Hi\nStates:\n  - Type: Pass\n    Name: Hi\n"
           "    End: true\n    InputConstructor:\n      greeting.$: format('hi {{}}', $Input.who)\n")


def test_start_sync_execution_runs_an_express_flow(fnf):
    if fnf.kind == "legacy" and fnf.where.kind == "server":
        pytest.skip("aliyun-python-sdk-fnf's StartSyncExecutionRequest always uses HTTPS; the server speaks HTTP")
    fnf.call("CreateFlow", Name="hello", Definition=EXPRESS.format("hello"), Description="d", Type="FDL",
             ExecutionMode="Express")
    answer = fnf.call("StartSyncExecution", FlowName="hello", ExecutionName="x", Input='{"who":"Ann"}')
    assert (answer["Status"], answer["Output"], answer["FlowName"]) == ("Succeeded", '{"greeting":"hi Ann"}', "hello")
    assert answer["Name"].startswith("x:")
    history = fnf.call("GetExecutionHistory", FlowName="hello", ExecutionName=answer["Name"])
    assert [e["Type"] for e in history["Events"]] == ["ExecutionStarted", "StateEntered", "StateStarted",
                                                      "StateSucceeded", "ExecutionSucceeded"]
