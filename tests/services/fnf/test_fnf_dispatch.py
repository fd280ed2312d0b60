"""Serving requests by action name (what the wire layer calls), unknown actions and parameters, bad input of every
kind as the service's errors, the error body, and the API inside the FakeCloud world chained with the vision
integration."""
from __future__ import annotations

import json

import pytest

from fakecloud.cloud import FakeCloud
from fakecloud.services.fnf import OPERATIONS, STATUS, FnfError, FnfService
from fnf_support import PASS, T0, WAIT, World, flow_text


def test_call_serves_every_operation_by_action_name(world: World):
    call = world.fnf.call
    assert call("CreateFlow", {"Name": "f", "Definition": WAIT, "Description": "d", "Type": "FDL"})["Id"] == "flow-1"
    assert call("DescribeFlow", {"Name": "f"})["Name"] == "f"
    assert call("ListFlows", {"Limit": "10"})["Flows"][0]["Name"] == "f"
    assert call("UpdateFlow", {"Name": "f", "Description": "e"})["Description"] == "e"
    assert call("StartExecution", {"FlowName": "f", "ExecutionName": "e1", "Input": "{}"})["Status"] == "Starting"
    assert call("DescribeExecution", {"FlowName": "f", "ExecutionName": "e1", "WaitTimeSeconds": "1"})["Status"] \
        == "Running"
    assert call("ListExecutions", {"FlowName": "f", "Limit": "5", "Status": "Running"})["Executions"][0]["Name"] \
        == "e1"
    assert len(call("GetExecutionHistory", {"FlowName": "f", "ExecutionName": "e1", "Limit": "2"})["Events"]) == 2
    assert call("StopExecution", {"FlowName": "f", "ExecutionName": "e1", "Error": "E"})["Status"] == "Stopped"
    assert call("DeleteFlow", {"Name": "f"}) == {"RequestId": "REQ-10"}


def test_call_reports_tasks(world: World):
    world.create("f", flow_text("""\
        - type: task
          name: t
          resourceArn: acs:fc:::services/s/functions/hold
          pattern: waitForCallback
          inputMappings:
            - target: token
              source: $context.task.token
        """))
    world.start("f", "e1")
    world.run()
    token = world.functions.calls[0][1]["token"]
    assert world.fnf.call("ReportTaskFailed", {"TaskToken": token, "Error": "E", "Cause": "c"}) == {
        "EventId": 6, "RequestId": "REQ-3"}
    with pytest.raises(FnfError) as info:
        world.fnf.call("ReportTaskSucceeded", {"TaskToken": token, "Output": "{}"})
    assert info.value.code == "TaskAlreadyCompleted"


def test_call_ignores_parameters_the_operation_does_not_take(world: World):
    assert world.fnf.call("ListFlows", {"RegionId": "cn-hangzhou", "Format": "JSON"}) == {"Flows": [],
                                                                                         "RequestId": "REQ-1"}


def test_direct_calls_reject_unknown_parameters(world: World):
    with pytest.raises(FnfError) as info:
        world.fnf.list_flows(Limt=5)
    assert (info.value.code, info.value.message, info.value.status) == (
        "InvalidArgument", "ListFlows takes no parameter Limt.", 400)


@pytest.mark.parametrize("action", ["CreateSchedule", "ListSchedules", "", None, 7])
def test_unknown_actions(world: World, action):
    with pytest.raises(FnfError) as info:
        world.fnf.call(action, {})
    assert (info.value.code, info.value.message, info.value.status) == (
        "ActionNotSupported", f"The action {action} is not supported.", 400)
    assert info.value.request_id == "REQ-1"


def test_parameters_must_be_a_mapping(world: World):
    with pytest.raises(FnfError) as info:
        world.fnf.call("ListFlows", [("Limit", 1)])
    assert (info.value.code, info.value.message) == ("InvalidArgument", "The request parameters must be a mapping.")


@pytest.mark.parametrize("action, params", [
    ("DescribeFlow", {"Name": ["f"]}),
    ("DescribeFlow", {"Name": b"f"}),
    ("StartExecution", {"FlowName": "f", "ExecutionName": 5}),
    ("StartExecution", {"FlowName": "f", "CallbackFnFTaskToken": 5}),
    ("DescribeExecution", {"FlowName": "f", "ExecutionName": "e", "WaitTimeSeconds": [1]}),
    ("ListExecutions", {"FlowName": "f", "Status": 1}),
    ("ListExecutions", {"FlowName": "f", "StartedTimeBegin": 1700000000}),
    ("StopExecution", {"FlowName": "f", "ExecutionName": "e", "Cause": 3.5}),
    ("ReportTaskFailed", {"TaskToken": {"t": 1}, "Error": "E"}),
    ("UpdateFlow", {"Name": "f", "Environment": 12}),
])
def test_wrong_types_are_invalid_argument(world: World, action, params):
    world.create("f")
    with pytest.raises(FnfError) as info:
        world.fnf.call(action, params)
    assert (info.value.code, info.value.status) == ("InvalidArgument", 400)


def test_error_values():
    error = FnfError("FlowNotExists", "Flow f does not exist.", request_id="R")
    assert error.status == 404 and error.flow_error == "fnf.FlowNotExists"
    assert error.body() == {"Code": "FlowNotExists", "Message": "Flow f does not exist.", "RequestId": "R"}
    assert error == FnfError("FlowNotExists", "Flow f does not exist.")
    assert str(error) == "FlowNotExists: Flow f does not exist."
    assert FnfError("Whatever", "x").status == 500
    assert {code: STATUS[code] for code in ("ExecutionAlreadyExists", "ExecutionAlreadyCompleted",
                                            "TaskAlreadyCompleted", "FlowAlreadyExists", "TaskInvalidState")} == {
        "ExecutionAlreadyExists": 400, "ExecutionAlreadyCompleted": 400, "TaskAlreadyCompleted": 400,
        "FlowAlreadyExists": 409, "TaskInvalidState": 409}


def test_operations_table_names_every_method():
    fnf = FnfService(World().engine)
    assert all(callable(getattr(fnf, method)) for method, _ in OPERATIONS.values())
    assert len(OPERATIONS) == 13


def test_the_api_in_the_fake_cloud_world_chained_with_the_vision_apis():
    cloud = FakeCloud(seed=1)
    fnf = cloud.fnf
    fnf.create_flow(Name="child", Definition=PASS, Description="d", Type="FDL")
    fnf.create_flow(Name="main", Description="d", Type="FDL", Definition=flow_text("""\
        - type: task
          name: look
          action: goodstech:ClassifyCommodity
          serviceParams:
            ImageURL: http://example.com/a.jpg
        - type: task
          name: child
          action: fnf:StartExecution
          pattern: sync
          serviceParams:
            FlowName: child
            ExecutionName: kid
        - type: wait
          name: later
          duration: 30
        """))
    fnf.start_execution(FlowName="main", ExecutionName="m1")
    done = fnf.describe_execution(FlowName="main", ExecutionName="m1", WaitTimeSeconds=60)
    assert (done["Status"], done["StartedTime"], done["StoppedTime"]) == ("Succeeded", T0,
                                                                        "2024-01-01T00:00:30.000Z")
    assert "Data" in json.loads(done["Output"])
    assert fnf.describe_execution(FlowName="child", ExecutionName="kid")["Status"] == "Succeeded"
    assert [c.api for c in cloud.viapi.calls] == ["ClassifyCommodity"]
