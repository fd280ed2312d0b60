"""FnF execution operations (StartExecution, DescribeExecution, ListExecutions, StopExecution, GetExecutionHistory)
through every FnF client, against the server and intercepted in-process."""
import json

import pytest
from rpc_wire_support import CALLBACK_FLOW, PASS_FLOW, REQUEST_ID, Failure

EXECUTION_KEYS = {"Name", "FlowName", "FlowDefinition", "Input", "Output", "Status", "StartedTime"}


def setup(fnf, name="greeter", definition=PASS_FLOW):
    fnf.call("CreateFlow", Name=name, Definition=definition, Description="d", Type="FDL")


def waiting_flow(fnf, tokens=None):
    """The flow `approval`, whose executions wait for a callback (their task tokens are collected)."""
    tokens = [] if tokens is None else tokens
    with fnf.where.world() as cloud:
        cloud.fc.register("svc/ask", lambda event: tokens.append(event["token"]) or {}, decode=True)
    setup(fnf, "approval", CALLBACK_FLOW)
    return tokens


def finish(fnf, flow, name, seconds=10):
    return fnf.call("DescribeExecution", FlowName=flow, ExecutionName=name, WaitTimeSeconds=seconds)


def test_start_then_describe_waits_for_the_end(fnf):
    setup(fnf)
    started = fnf.call("StartExecution", FlowName="greeter", ExecutionName="e1", Input='{"name":"ann"}')
    assert set(started) == EXECUTION_KEYS | {"RequestId"}
    assert (started["Name"], started["FlowName"], started["Status"], started["Output"]) == (
        "e1", "greeter", "Starting", "")
    assert json.loads(started["Input"]) == {"name": "ann"} and started["FlowDefinition"] == PASS_FLOW
    done = finish(fnf, "greeter", "e1")
    assert (done["Status"], json.loads(done["Output"])) == ("Succeeded", {"greeting": "hello"})
    assert done["StoppedTime"] >= done["StartedTime"] == started["StartedTime"]
    assert REQUEST_ID.match(done["RequestId"])


def test_start_without_a_name_generates_one(fnf):
    setup(fnf)
    started = fnf.call("StartExecution", FlowName="greeter")
    assert len(started["Name"]) >= 8
    assert finish(fnf, "greeter", started["Name"])["Status"] == "Succeeded"


def test_same_name_running_is_returned_finished_is_already_exists(fnf):
    waiting_flow(fnf)
    first = fnf.call("StartExecution", FlowName="approval", ExecutionName="a1", Input='{"n":1}')
    again = fnf.call("StartExecution", FlowName="approval", ExecutionName="a1", Input='{"n":2}')
    assert (again["Name"], again["StartedTime"], json.loads(again["Input"])) == ("a1", first["StartedTime"], {"n": 1})
    assert again["Status"] in ("Starting", "Running")
    setup(fnf)
    fnf.call("StartExecution", FlowName="greeter", ExecutionName="once")
    finish(fnf, "greeter", "once")
    with pytest.raises(Failure) as info:
        fnf.call("StartExecution", FlowName="greeter", ExecutionName="once")
    assert (info.value.code, info.value.status, info.value.message) == (
        "ExecutionAlreadyExists", 400, "Execution once for flow greeter already exists.")


def test_start_errors(fnf):
    with pytest.raises(Failure) as info:
        fnf.call("StartExecution", FlowName="ghost")
    assert (info.value.code, info.value.status, info.value.message) == (
        "FlowNotExists", 404, "Flow ghost does not exist.")
    setup(fnf)
    with pytest.raises(Failure) as info:
        fnf.call("StartExecution", FlowName="greeter", Input="[1, 2]")
    assert (info.value.code, info.value.status, info.value.message) == (
        "InvalidArgument", 400, "Parameter Input must be a JSON object.")
    with pytest.raises(Failure) as info:
        fnf.call("StartExecution", ExecutionName="x")
    assert (info.value.code, info.value.message) == (
        "MissingRequiredParams", "The required parameter FlowName is missing.")


def test_describe_errors(fnf):
    setup(fnf)
    with pytest.raises(Failure) as info:
        fnf.call("DescribeExecution", FlowName="greeter", ExecutionName="nope")
    assert (info.value.code, info.value.status) == ("ExecutionNotExists", 404)
    fnf.call("StartExecution", FlowName="greeter", ExecutionName="e1")
    with pytest.raises(Failure) as info:
        fnf.call("DescribeExecution", FlowName="greeter", ExecutionName="e1", WaitTimeSeconds=61)
    assert (info.value.code, info.value.status, info.value.message) == (
        "InvalidArgument", 400, "Parameter WaitTimeSeconds must be between 0 and 60; it is 61.")


def test_describe_waits_no_longer_than_asked(fnf):
    waiting_flow(fnf)
    fnf.call("StartExecution", FlowName="approval", ExecutionName="a1")
    assert finish(fnf, "approval", "a1", seconds=1)["Status"] == "Running"


def test_list_executions_filters_and_pages(fnf):
    tokens = waiting_flow(fnf)
    for name in ("c3", "a1", "b2", "x9"):
        fnf.call("StartExecution", FlowName="approval", ExecutionName=name)
    fnf.where.settle(lambda cloud: len(tokens) == 4)
    fnf.call("StopExecution", FlowName="approval", ExecutionName="x9", Error="E", Cause="c")
    page = fnf.call("ListExecutions", FlowName="approval", Limit=2)
    assert [e["Name"] for e in page["Executions"]] == ["a1", "b2"] and page["NextToken"] == "c3"
    assert EXECUTION_KEYS <= set(page["Executions"][0])
    page = fnf.call("ListExecutions", FlowName="approval", Limit=2, NextToken="c3")
    assert [e["Name"] for e in page["Executions"]] == ["c3", "x9"] and page.get("NextToken") is None
    assert [e["Name"] for e in fnf.call("ListExecutions", FlowName="approval", Status="Running")["Executions"]] == [
        "a1", "b2", "c3"]
    assert [e["Name"] for e in fnf.call("ListExecutions", FlowName="approval", Status="Stopped")["Executions"]] == [
        "x9"]
    assert [e["Name"] for e in fnf.call("ListExecutions", FlowName="approval",
                                        ExecutionNamePrefix="b")["Executions"]] == ["b2"]
    started = fnf.call("DescribeExecution", FlowName="approval", ExecutionName="c3")["StartedTime"]   # the first
    assert len(fnf.call("ListExecutions", FlowName="approval", StartedTimeBegin=started)["Executions"]) == 4
    assert fnf.call("ListExecutions", FlowName="approval",
                    StartedTimeEnd="2000-01-01T00:00:00.000Z")["Executions"] == []
    with pytest.raises(Failure) as info:
        fnf.call("ListExecutions", FlowName="approval", Status="Sleeping")
    assert (info.value.code, info.value.status) == ("InvalidArgument", 400)
    assert info.value.message.startswith("Parameter Status must be one of Starting, Running, Stopped")
    with pytest.raises(Failure) as info:
        fnf.call("ListExecutions", FlowName="approval", StartedTimeBegin="yesterday")
    assert (info.value.code, info.value.status) == ("InvalidArgument", 400)


def test_stop_execution(fnf):
    tokens = waiting_flow(fnf)
    fnf.call("StartExecution", FlowName="approval", ExecutionName="a1")
    fnf.where.settle(lambda cloud: tokens)
    stopped = fnf.call("StopExecution", FlowName="approval", ExecutionName="a1", Error="Cancelled", Cause="test")
    assert (stopped["Name"], stopped["Status"]) == ("a1", "Stopped") and stopped["StoppedTime"]
    history = fnf.call("GetExecutionHistory", FlowName="approval", ExecutionName="a1")["Events"]
    assert history[-1]["Type"] == "ExecutionStopped"
    assert json.loads(history[-1]["EventDetail"])["error"] == "Cancelled"
    with pytest.raises(Failure) as info:
        fnf.call("StopExecution", FlowName="approval", ExecutionName="a1")
    assert (info.value.code, info.value.status, info.value.message) == (
        "ExecutionAlreadyCompleted", 400, "Execution a1 for flow approval has already completed.")


def test_history_pages_by_event_id(fnf):
    setup(fnf)
    fnf.call("StartExecution", FlowName="greeter", ExecutionName="e1")
    finish(fnf, "greeter", "e1")
    page = fnf.call("GetExecutionHistory", FlowName="greeter", ExecutionName="e1", Limit=4)
    assert [(e["EventId"], e["Type"], e["StepName"]) for e in page["Events"]] == [
        (1, "ExecutionStarted", ""), (2, "StepEntered", "greet"), (3, "StepStarted", "greet"),
        (4, "StepSucceeded", "greet")]
    assert page["NextToken"] == "5"
    assert {"EventId", "ScheduleEventId", "Type", "StepName", "Time", "EventDetail"} <= set(page["Events"][0])
    rest = fnf.call("GetExecutionHistory", FlowName="greeter", ExecutionName="e1", NextToken="5")
    assert [e["Type"] for e in rest["Events"]] == ["StepExited", "ExecutionSucceeded"]
    assert rest.get("NextToken") is None
    assert json.loads(rest["Events"][-1]["EventDetail"])["output"] == {"greeting": "hello"}
    with pytest.raises(Failure) as info:
        fnf.call("GetExecutionHistory", FlowName="greeter", ExecutionName="e1", NextToken="abc")
    assert (info.value.code, info.value.status, info.value.message) == (
        "InvalidArgument", 400, "Parameter NextToken 'abc' is not a token this API returned.")
