"""FnF flow operations (CreateFlow, DescribeFlow, ListFlows, UpdateFlow, DeleteFlow) through every FnF client, against
the server and intercepted in-process: answers, paging and the service's errors."""
import re

import pytest
from rpc_wire_support import PASS_FLOW, REQUEST_ID, WAIT_FLOW, Failure

FLOW_KEYS = {"Name", "Id", "Definition", "Description", "Type", "CreatedTime", "LastModifiedTime", "ExecutionMode",
             "RequestId"}
TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def create(fnf, name="greeter", definition=PASS_FLOW, **extra):
    return fnf.call("CreateFlow", **{"Name": name, "Definition": definition, "Description": "d", "Type": "FDL",
                                     **extra})


def test_create_and_describe(fnf):
    created = create(fnf, RoleArn="acs:ram::1:role/fnf")
    assert set(created) == FLOW_KEYS | {"RoleArn"}
    assert (created["Name"], created["Definition"], created["Description"], created["Type"]) == (
        "greeter", PASS_FLOW, "d", "FDL")
    assert (created["ExecutionMode"], created["RoleArn"]) == ("Standard", "acs:ram::1:role/fnf")
    assert created["CreatedTime"] == created["LastModifiedTime"]
    assert TIME.match(created["CreatedTime"])
    assert REQUEST_ID.match(created["RequestId"])
    described = fnf.call("DescribeFlow", Name="greeter")
    assert {k: v for k, v in described.items() if k != "RequestId"} == \
        {k: v for k, v in created.items() if k != "RequestId"}
    assert described["RequestId"] != created["RequestId"]


def test_create_errors(fnf):
    create(fnf)
    with pytest.raises(Failure) as info:
        create(fnf)
    assert (info.value.code, info.value.status, info.value.message) == (
        "FlowAlreadyExists", 409, "Flow greeter already exists.")
    assert REQUEST_ID.match(info.value.request_id)
    with pytest.raises(Failure) as info:
        fnf.call("CreateFlow", Name="x", Definition=PASS_FLOW, Type="FDL")
    assert (info.value.code, info.value.status, info.value.message) == (
        "MissingRequiredParams", 400, "The required parameter Description is missing.")
    with pytest.raises(Failure) as info:
        create(fnf, "9lives")
    assert (info.value.code, info.value.status) == ("InvalidArgument", 400)
    assert info.value.message.startswith("Parameter Name '9lives' is not a valid flow name")
    with pytest.raises(Failure) as info:
        create(fnf, "broken", "version: v1\ntype: flow\nsteps:\n  - type: nope\n    name: a\n")
    assert (info.value.code, info.value.status) == ("InvalidArgument", 400)
    assert info.value.message.startswith("The flow definition is invalid: ")
    with pytest.raises(Failure) as info:
        create(fnf, "typed", Type="ASL")
    assert info.value.code == "InvalidArgument" and "Type must be one of FDL" in info.value.message


def test_list_flows_pages_in_name_order(fnf):
    for name in ("charlie", "alpha", "bravo"):
        create(fnf, name)
    first = fnf.call("ListFlows", Limit=2)
    assert [f["Name"] for f in first["Flows"]] == ["alpha", "bravo"]
    assert first["NextToken"] == "charlie"
    rest = fnf.call("ListFlows", Limit=2, NextToken=first["NextToken"])
    assert [f["Name"] for f in rest["Flows"]] == ["charlie"]
    assert rest.get("NextToken") is None
    assert set(rest["Flows"][0]) == FLOW_KEYS - {"RequestId"}
    assert [f["Name"] for f in fnf.call("ListFlows")["Flows"]] == ["alpha", "bravo", "charlie"]
    with pytest.raises(Failure) as info:
        fnf.call("ListFlows", Limit=0)
    assert (info.value.code, info.value.status, info.value.message) == (
        "InvalidArgument", 400, "Parameter Limit must be between 1 and 1000; it is 0.")


def test_update_flow(fnf):
    created = create(fnf)
    updated = fnf.call("UpdateFlow", Name="greeter", Definition=WAIT_FLOW, Description="new")
    assert (updated["Id"], updated["Definition"], updated["Description"]) == (created["Id"], WAIT_FLOW, "new")
    assert updated["CreatedTime"] == created["CreatedTime"]
    described = fnf.call("DescribeFlow", Name="greeter")
    assert (described["Definition"], described["Description"]) == (WAIT_FLOW, "new")
    with pytest.raises(Failure) as info:
        fnf.call("UpdateFlow", Name="ghost", Description="x")
    assert (info.value.code, info.value.status, info.value.message) == (
        "FlowNotExists", 404, "Flow ghost does not exist.")


def test_delete_flow_forgets_it(fnf):
    create(fnf)
    fnf.call("StartExecution", FlowName="greeter", ExecutionName="e1")
    assert set(fnf.call("DeleteFlow", Name="greeter")) == {"RequestId"}
    for action, params in (("DescribeFlow", {"Name": "greeter"}), ("DeleteFlow", {"Name": "greeter"}),
                           ("ListExecutions", {"FlowName": "greeter"})):
        with pytest.raises(Failure) as info:
            fnf.call(action, **params)
        assert (info.value.code, info.value.status, info.value.message) == (
            "FlowNotExists", 404, "Flow greeter does not exist."), action
    create(fnf)       # the same name again: the old executions stay gone
    with pytest.raises(Failure) as info:
        fnf.call("DescribeExecution", FlowName="greeter", ExecutionName="e1")
    assert (info.value.code, info.value.status, info.value.message) == (
        "ExecutionNotExists", 404, "Execution e1 for flow greeter does not exist.")
