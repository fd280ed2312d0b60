"""CreateFlow, DescribeFlow, ListFlows, UpdateFlow and DeleteFlow: exact responses, every parameter check and
error code, paging, definitions checked by the FDL front end."""
from __future__ import annotations

import pytest

from fakecloud.services.fnf import FnfError
from fnf_support import PASS, T0, WAIT, World, raises


def flow_dict(name, definition=PASS, *, id="flow-1", description=None, created=T0, modified=T0, **extra):
    out = {"Name": name, "Id": id, "Definition": definition, "Description": description or f"{name} flow",
           "Type": "FDL"}
    if "RoleArn" in extra:
        out["RoleArn"] = extra.pop("RoleArn")
    out.update({"CreatedTime": created, "LastModifiedTime": modified, "ExecutionMode": "Standard"})
    out.update(extra)
    return out




# -- CreateFlow ------------------------------------------------------------------------------------------

def test_create_flow_returns_the_flow(world: World):
    assert world.create("order") == {**flow_dict("order"), "RequestId": "REQ-1"}


def test_create_flow_with_every_attribute(world: World):
    env = '{"Variables":[{"Name":"k","Value":"v","Description":"d"}]}'
    response = world.fnf.create_flow(Name="order", Definition=PASS, Description="orders", Type="FDL",
                                     RoleArn="acs:ram::1:role/fnf", ExecutionMode="Express", Environment=env,
                                     ExternalStorageLocation="oss://b/p", ResourceGroupId="rg-1")
    assert response == {"Name": "order", "Id": "flow-1", "Definition": PASS, "Description": "orders", "Type": "FDL",
                        "RoleArn": "acs:ram::1:role/fnf", "CreatedTime": T0, "LastModifiedTime": T0,
                        "ExecutionMode": "Express",
                        "Environment": {"Variables": [{"Name": "k", "Value": "v", "Description": "d"}]},
                        "ExternalStorageLocation": "oss://b/p", "ResourceGroupId": "rg-1", "RequestId": "REQ-1"}


def test_create_flow_times_follow_the_virtual_clock(world: World):
    world.engine.advance(61.5)
    assert world.create("late")["CreatedTime"] == "2024-01-01T00:01:01.500Z"


@pytest.mark.parametrize("missing", ["Name", "Definition", "Description", "Type"])
def test_create_flow_required_parameters(world: World, missing):
    params = {"Name": "f", "Definition": PASS, "Description": "d", "Type": "FDL"}
    del params[missing]
    raises("MissingRequiredParams", f"The required parameter {missing} is missing.", 400,
           world.fnf.create_flow, **params)
    params[missing] = ""                  # an empty form field is no value
    raises("MissingRequiredParams", f"The required parameter {missing} is missing.", 400,
           world.fnf.create_flow, **params)


@pytest.mark.parametrize("name", ["1abc", "-abc", "a b", "a.b", "名字", "a" * 129])
def test_create_flow_name_rule(world: World, name):
    shown = name if len(name) <= 64 else name[:64] + "..."
    raises("InvalidArgument", f"Parameter Name '{shown}' is not a valid flow name: it must be 1 to 128 characters "
                              f"long, contain only letters, digits, '_' and '-', and start with a letter or '_'.",
           400, world.fnf.create_flow, Name=name, Definition=PASS, Description="d", Type="FDL")


@pytest.mark.parametrize("name", ["a", "_a", "A-b_9", "a" * 128])
def test_create_flow_valid_names(world: World, name):
    assert world.create(name)["Name"] == name


def test_create_flow_type_and_mode_values(world: World):
    raises("InvalidArgument", "Parameter Type must be one of FDL; it is 'DEFAULT'.", 400,
           world.fnf.create_flow, Name="f", Definition=PASS, Description="d", Type="DEFAULT")
    raises("InvalidArgument", "Parameter ExecutionMode must be one of Standard, Express; it is 'Fast'.", 400,
           world.fnf.create_flow, Name="f", Definition=PASS, Description="d", Type="FDL", ExecutionMode="Fast")


def test_create_flow_empty_mode_is_standard(world: World):
    assert world.create("f", ExecutionMode="")["ExecutionMode"] == "Standard"


def test_create_flow_wrong_types(world: World):
    raises("InvalidArgument", "Parameter Definition must be a string, not dict.", 400,
           world.fnf.create_flow, Name="f", Definition={"version": "v1"}, Description="d", Type="FDL")
    raises("InvalidArgument", "Parameter Name must be a string, not int.", 400,
           world.fnf.create_flow, Name=7, Definition=PASS, Description="d", Type="FDL")
    raises("InvalidArgument", "Parameter Environment must be a JSON object.", 400,
           world.fnf.create_flow, Name="f", Definition=PASS, Description="d", Type="FDL", Environment="[1]")
    raises("InvalidArgument", "Parameter Environment is not valid JSON: Expecting property name enclosed in double quotes: "
           "line 1 column 2 (char 1).",
           400, world.fnf.create_flow, Name="f", Definition=PASS, Description="d", Type="FDL", Environment="{x")


def test_create_flow_twice_is_flow_already_exists(world: World):
    world.create("f")
    raises("FlowAlreadyExists", "Flow f already exists.", 409, world.create, name="f")


def test_create_flow_rejects_an_invalid_definition_with_its_diagnostics(world: World):
    bad = "version: v1\ntype: flow\nsteps:\n  - type: pass\n  - type: nope\n    name: x\n"
    raises("InvalidArgument",
           "The flow definition is invalid: f.yaml:4:5: error: steps[0]: pass step is missing required field "
           "'name'; f.yaml:5:11: error: steps[1].type: unknown step type 'nope'; step types are task, pass, wait, "
           "choice, succeed, fail, parallel, foreach",
           400, world.create, name="f", definition=bad)
    raises("FlowNotExists", "Flow f does not exist.", 404, world.fnf.describe_flow, Name="f")


def test_create_flow_quotes_at_most_three_diagnostics(world: World):
    bad = "version: v1\ntype: flow\nsteps:\n" + "".join(f"  - type: pass\n    nam{i}: x\n" for i in range(3))
    with pytest.raises(FnfError) as info:
        world.create("f", bad)
    assert info.value.code == "InvalidArgument"
    assert info.value.message.startswith("The flow definition is invalid: f.yaml:4:5: error: ")
    assert info.value.message.count("error:") == 3
    assert info.value.message.endswith(" (and 3 more)")


def test_create_flow_not_yaml(world: World):
    with pytest.raises(FnfError) as info:
        world.create("f", "steps: [")
    assert info.value.code == "InvalidArgument"
    assert info.value.message.startswith("The flow definition is invalid: f.yaml:")


# -- DescribeFlow ----------------------------------------------------------------------------------------

def test_describe_flow(world: World):
    world.create("f", RoleArn="acs:ram::1:role/r")
    assert world.fnf.describe_flow(Name="f") == {**flow_dict("f", RoleArn="acs:ram::1:role/r"), "RequestId": "REQ-2"}


def test_describe_flow_errors(world: World):
    raises("MissingRequiredParams", "The required parameter Name is missing.", 400, world.fnf.describe_flow)
    raises("FlowNotExists", "Flow nope does not exist.", 404, world.fnf.describe_flow, Name="nope")
    raises("InvalidArgument", "Parameter Name 'a/b' is not a valid flow name: it must be 1 to 128 characters long "
                              "and contain only letters, digits, '_' and '-'.", 400,
           world.fnf.describe_flow, Name="a/b")


def test_a_flow_registered_on_the_engine_shows_the_api_defaults(world: World):
    world.engine.add_flow("9direct", PASS)
    assert world.fnf.describe_flow(Name="9direct") == {
        "Name": "9direct", "Id": "flow-1", "Definition": PASS, "Description": "", "Type": "FDL", "CreatedTime": T0,
        "LastModifiedTime": T0, "ExecutionMode": "Standard", "RequestId": "REQ-1"}


# -- ListFlows -------------------------------------------------------------------------------------------

def test_list_flows_in_name_order_with_paging(world: World):
    for name in ["c", "a", "d", "b", "e"]:
        world.create(name)
    first = world.fnf.list_flows(Limit=2)
    assert [f["Name"] for f in first["Flows"]] == ["a", "b"]
    assert first["NextToken"] == "c"
    assert first["Flows"][0] == flow_dict("a", id="flow-2")
    second = world.fnf.list_flows(Limit="2", NextToken=first["NextToken"])
    assert [f["Name"] for f in second["Flows"]] == ["c", "d"] and second["NextToken"] == "e"
    last = world.fnf.list_flows(Limit=2, NextToken="e")
    assert last == {"Flows": [flow_dict("e", id="flow-5")], "RequestId": "REQ-8"}


def test_list_flows_default_limit_is_60(world: World):
    for i in range(61):
        world.engine.add_flow(f"f{i:02d}", PASS)
    page = world.fnf.list_flows()
    assert len(page["Flows"]) == 60 and page["NextToken"] == "f60"


def test_list_flows_empty(world: World):
    assert world.fnf.list_flows() == {"Flows": [], "RequestId": "REQ-1"}


@pytest.mark.parametrize("limit, message", [
    (0, "Parameter Limit must be between 1 and 1000; it is 0."),
    (1001, "Parameter Limit must be between 1 and 1000; it is 1001."),
    ("-1", "Parameter Limit must be between 1 and 1000; it is -1."),
    ("ten", "Parameter Limit must be an integer, not 'ten'."),
    (2.5, "Parameter Limit must be an integer, not 2.5."),
    (True, "Parameter Limit must be an integer, not True."),
])
def test_list_flows_limit_range(world: World, limit, message):
    raises("InvalidArgument", message, 400, world.fnf.list_flows, Limit=limit)


def test_list_flows_limit_bounds_accepted(world: World):
    world.create("a")
    assert len(world.fnf.list_flows(Limit=1)["Flows"]) == 1
    assert len(world.fnf.list_flows(Limit="1000")["Flows"]) == 1


# -- UpdateFlow ------------------------------------------------------------------------------------------

def test_update_flow_changes_what_is_given_and_keeps_id_and_creation_time(world: World):
    world.create("f", RoleArn="acs:ram::1:role/a")
    world.engine.advance(5)
    response = world.fnf.update_flow(Name="f", Definition=WAIT, Description="new")
    assert response == {**flow_dict("f", WAIT, description="new", modified="2024-01-01T00:00:05.000Z",
                                    RoleArn="acs:ram::1:role/a"), "RequestId": "REQ-2"}
    world.engine.advance(5)
    response = world.fnf.update_flow(Name="f", RoleArn="acs:ram::1:role/b", Type="FDL")
    assert response == {**flow_dict("f", WAIT, description="new", modified="2024-01-01T00:00:10.000Z",
                                    RoleArn="acs:ram::1:role/b"), "RequestId": "REQ-3"}
    assert world.fnf.describe_flow(Name="f") == {**response, "RequestId": "REQ-4"}


def test_update_flow_new_executions_run_the_new_definition_running_ones_keep_theirs(world: World):
    world.create("f", WAIT)
    world.start("f", "old")
    world.fnf.update_flow(Name="f", Definition=PASS)
    world.start("f", "new")
    assert world.describe("f", "old")["FlowDefinition"] == WAIT
    assert world.describe("f", "new", WaitTimeSeconds=1)["Status"] == "Succeeded"
    assert world.describe("f", "old", WaitTimeSeconds=60)["Status"] == "Succeeded"


def test_update_flow_errors(world: World):
    raises("MissingRequiredParams", "The required parameter Name is missing.", 400, world.fnf.update_flow)
    raises("FlowNotExists", "Flow f does not exist.", 404, world.fnf.update_flow, Name="f", Description="x")
    world.create("f")
    raises("InvalidArgument", "Parameter Type must be one of FDL; it is 'fdl'.", 400,
           world.fnf.update_flow, Name="f", Type="fdl")
    with pytest.raises(FnfError) as info:
        world.fnf.update_flow(Name="f", Definition="version: v1\ntype: flow\nsteps: 3\n")
    assert info.value.code == "InvalidArgument" and info.value.message.startswith("The flow definition is invalid")
    assert world.fnf.describe_flow(Name="f")["Definition"] == PASS      # unchanged


# -- DeleteFlow ------------------------------------------------------------------------------------------

def test_delete_flow(world: World):
    world.create("f")
    assert world.fnf.delete_flow(Name="f") == {"RequestId": "REQ-2"}
    raises("FlowNotExists", "Flow f does not exist.", 404, world.fnf.describe_flow, Name="f")
    raises("FlowNotExists", "Flow f does not exist.", 404, world.fnf.delete_flow, Name="f")
    assert world.fnf.list_flows()["Flows"] == []


def test_delete_flow_requires_a_name(world: World):
    raises("MissingRequiredParams", "The required parameter Name is missing.", 400, world.fnf.delete_flow)


def test_a_deleted_flows_history_is_gone_even_after_recreating_it(world: World):
    world.create("f")
    world.start("f", "e1")
    world.run()
    world.fnf.delete_flow(Name="f")
    raises("FlowNotExists", "Flow f does not exist.", 404, world.fnf.get_execution_history, FlowName="f",
           ExecutionName="e1")
    raises("FlowNotExists", "Flow f does not exist.", 404, world.fnf.list_executions, FlowName="f")
    world.create("f")
    raises("ExecutionNotExists", "Execution e1 for flow f does not exist.", 404, world.fnf.get_execution_history,
           FlowName="f", ExecutionName="e1")
    raises("ExecutionNotExists", "Execution e1 for flow f does not exist.", 404, world.describe, flow="f",
           name="e1")
    assert world.fnf.list_executions(FlowName="f")["Executions"] == []
    assert world.start("f", "e1")["Status"] == "Starting"       # the name is free again


def test_a_running_execution_of_a_deleted_flow_runs_on_out_of_sight(world: World):
    world.create("f", WAIT)
    world.start("f", "e1")
    execution = world.execution("f", "e1")
    world.fnf.delete_flow(Name="f")
    world.run()
    assert execution.status == "Succeeded"
