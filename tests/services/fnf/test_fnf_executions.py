"""StartExecution, DescribeExecution (with WaitTimeSeconds in virtual time), ListExecutions and StopExecution:
exact responses, filters, paging, limits and error codes."""
from __future__ import annotations

import json

import pytest

from fakecloud.services.fnf import FnfService
from fnf_support import PASS, T0, WAIT, World, flow_text, raises

CALLBACK = flow_text("""\
    - type: task
      name: t
      resourceArn: acs:fc:::services/s/functions/hold
      pattern: waitForCallback
    """)

FAILING = flow_text("""\
    - type: fail
      name: boom
      error: Broken
      cause: it broke
    """)




def view(name, flow="f", definition=PASS, input="{}", output="", status="Starting", started=T0, **extra):
    out = {"Name": name, "FlowName": flow, "FlowDefinition": definition, "Input": input, "Output": output,
           "Status": status, "StartedTime": started}
    out.update(extra)
    return out


# -- StartExecution --------------------------------------------------------------------------------------

def test_start_execution_returns_the_new_execution(world: World):
    world.create("f")
    assert world.start("f", "e1", {"a": 1}) == {**view("e1", input='{"a":1}'), "RequestId": "REQ-2"}


def test_start_execution_generates_a_name_and_defaults_input(world: World):
    world.create("f")
    assert world.start("f") == {**view("exec-1"), "RequestId": "REQ-2"}
    assert world.start("f", "")["Name"] == "exec-2"


def test_start_execution_with_the_real_id_source_names_like_the_service():
    from fakecloud.engine import Engine
    fnf = FnfService(Engine(seed=3))
    fnf.create_flow(Name="f", Definition=PASS, Description="d", Type="FDL")
    response = fnf.start_execution(FlowName="f")
    assert len(response["Name"]) == 36 and response["Name"].count("-") == 4
    assert response["RequestId"] == response["RequestId"].upper() and len(response["RequestId"]) == 36


def test_same_name_running_returns_the_running_execution(world: World):
    world.create("f", WAIT)
    world.start("f", "e1", {"a": 1})
    again = world.start("f", "e1", {"other": True})
    assert again == {**view("e1", definition=WAIT, input='{"a":1}', status="Running"), "RequestId": "REQ-3"}
    assert len(world.engine.executions) == 1


def test_same_name_finished_is_execution_already_exists(world: World):
    world.create("f")
    world.start("f", "e1")
    world.run()
    error = raises("ExecutionAlreadyExists", "Execution e1 for flow f already exists.", 400, world.start, flow="f",
                   name="e1")
    assert error.request_id == "REQ-3"


@pytest.mark.parametrize("text, message", [
    ("[1]", "Parameter Input must be a JSON object."),
    ("7", "Parameter Input must be a JSON object."),
    ("{", "Parameter Input is not valid JSON: Expecting property name enclosed in double quotes: line 1 column 2 "
          "(char 1)."),
])
def test_start_execution_input_must_be_a_json_object_string(world: World, text, message):
    world.create("f")
    raises("InvalidArgument", message, 400, world.fnf.start_execution, FlowName="f", Input=text)


def test_start_execution_input_must_be_text(world: World):
    world.create("f")
    raises("InvalidArgument", "Parameter Input must be a string, not dict.", 400, world.fnf.start_execution,
           FlowName="f", Input={"a": 1})


def test_start_execution_name_rule(world: World):
    world.create("f")
    raises("InvalidArgument", "Parameter ExecutionName '1st' is not a valid execution name: it must be 1 to 128 "
                              "characters long, contain only letters, digits, '_' and '-', and start with a letter "
                              "or '_'.", 400, world.start, flow="f", name="1st")
    assert world.start("f", "_" + "x" * 127)["Status"] == "Starting"


def test_start_execution_errors(world: World):
    raises("MissingRequiredParams", "The required parameter FlowName is missing.", 400, world.fnf.start_execution)
    raises("FlowNotExists", "Flow nope does not exist.", 404, world.start, flow="nope")
    world.create("fast", ExecutionMode="Express")
    raises("InvalidArgument", "Flow fast is an Express flow; StartExecution runs Standard flows only.", 400,
           world.start, flow="fast")
    world.create("f")
    raises("InvalidArgument", "Parameter CallbackFnFTaskToken is not a valid task token.", 400, world.start,
           flow="f", CallbackFnFTaskToken="garbage")


def test_input_is_shown_as_compact_json(world: World):
    world.create("f")
    assert world.start("f", "e1", '{ "a" : [1, 2],\n "名": "值" }')["Input"] == '{"a":[1,2],"名":"值"}'


# -- DescribeExecution -----------------------------------------------------------------------------------

def test_describe_a_running_then_succeeded_execution(world: World):
    world.create("f", WAIT, RoleArn="acs:ram::1:role/r")
    world.start("f", "e1", {"a": 1})
    assert world.describe("f", "e1") == {
        **view("e1", definition=WAIT, input='{"a":1}', status="Running", RoleArn="acs:ram::1:role/r"),
        "RequestId": "REQ-3"}
    world.run()
    assert world.describe("f", "e1") == {
        **view("e1", definition=WAIT, input='{"a":1}', output='{}', status="Succeeded",
               StoppedTime="2024-01-01T00:00:10.000Z", RoleArn="acs:ram::1:role/r"), "RequestId": "REQ-4"}


def test_describe_a_failed_execution(world: World):
    world.create("f", FAILING)
    world.start("f", "e1")
    assert world.describe("f", "e1") == {**view("e1", definition=FAILING, status="Failed", StoppedTime=T0),
                                         "RequestId": "REQ-3"}


def test_role_arn_is_the_one_the_execution_started_with(world: World):
    world.create("f", WAIT, RoleArn="acs:ram::1:role/old")
    world.start("f", "e1")
    world.fnf.update_flow(Name="f", RoleArn="acs:ram::1:role/new")
    assert world.describe("f", "e1")["RoleArn"] == "acs:ram::1:role/old"


def test_wait_time_seconds_returns_when_the_execution_ends(world: World):
    world.create("f", WAIT)
    world.start("f", "e1")
    assert world.describe("f", "e1", WaitTimeSeconds=4)["Status"] == "Running"
    assert world.engine.clock.iso() == "2024-01-01T00:00:04.000Z"
    response = world.describe("f", "e1", WaitTimeSeconds="60")
    assert (response["Status"], response["StoppedTime"]) == ("Succeeded", "2024-01-01T00:00:10.000Z")
    assert world.engine.clock.iso() == "2024-01-01T00:00:10.000Z"


def test_wait_time_seconds_waits_the_whole_time_for_an_execution_that_does_not_end(world: World):
    world.create("f", CALLBACK)
    world.start("f", "e1")
    assert world.describe("f", "e1", WaitTimeSeconds=60)["Status"] == "Running"
    assert world.engine.clock.iso() == "2024-01-01T00:01:00.000Z"


def test_wait_time_seconds_zero_answers_at_once(world: World):
    world.create("f", WAIT)
    world.start("f", "e1")
    assert world.describe("f", "e1", WaitTimeSeconds=0)["Status"] == "Running"
    assert world.engine.clock.iso() == "2024-01-01T00:00:00.000Z"


def test_wait_time_seconds_moves_time_through_the_advance_hook():
    from fakecloud.engine import Engine
    engine = Engine()
    asked = []

    def advance(seconds):
        asked.append(seconds)
        engine.clock.advance(min(seconds, 3))

    fnf = FnfService(engine, advance=advance)
    fnf.create_flow(Name="f", Definition=WAIT, Description="d", Type="FDL")
    fnf.start_execution(FlowName="f", ExecutionName="e1")
    assert fnf.describe_execution(FlowName="f", ExecutionName="e1", WaitTimeSeconds=20)["Status"] == "Succeeded"
    assert asked == [20, 17, 14, 11]
    assert engine.clock.iso() == "2024-01-01T00:00:12.000Z"


def test_a_hook_that_does_not_move_time_still_ends_the_wait():
    from fakecloud.engine import Engine
    engine = Engine()
    fnf = FnfService(engine, advance=lambda seconds: None)
    fnf.create_flow(Name="f", Definition=WAIT, Description="d", Type="FDL")
    fnf.start_execution(FlowName="f", ExecutionName="e1")
    assert fnf.describe_execution(FlowName="f", ExecutionName="e1", WaitTimeSeconds=30)["Status"] == "Succeeded"
    assert engine.clock.iso() == "2024-01-01T00:00:10.000Z"


@pytest.mark.parametrize("wait, message", [
    (61, "Parameter WaitTimeSeconds must be between 0 and 60; it is 61."),
    (-1, "Parameter WaitTimeSeconds must be between 0 and 60; it is -1."),
    ("1.5", "Parameter WaitTimeSeconds must be an integer, not '1.5'."),
])
def test_wait_time_seconds_range(world: World, wait, message):
    world.create("f")
    world.start("f", "e1")
    raises("InvalidArgument", message, 400, world.describe, flow="f", name="e1", WaitTimeSeconds=wait)


def test_describe_execution_errors(world: World):
    raises("MissingRequiredParams", "The required parameter FlowName is missing.", 400,
           world.fnf.describe_execution, ExecutionName="e1")
    raises("MissingRequiredParams", "The required parameter ExecutionName is missing.", 400,
           world.fnf.describe_execution, FlowName="f")
    raises("FlowNotExists", "Flow f does not exist.", 404, world.describe, flow="f", name="e1")
    world.create("f")
    raises("ExecutionNotExists", "Execution e1 for flow f does not exist.", 404, world.describe, flow="f", name="e1")


def test_generated_names_that_start_with_a_digit_can_be_looked_up(world: World):
    world.create("f")
    world.ids.counts["exec"] = 0
    world.ids.execution_name = lambda: "0a1b"
    world.start("f")
    assert world.describe("f", "0a1b")["Name"] == "0a1b"


# -- StopExecution ---------------------------------------------------------------------------------------

def test_stop_execution(world: World):
    world.create("f", CALLBACK, RoleArn="acs:ram::1:role/r")
    world.start("f", "e1")
    world.engine.advance(3)
    response = world.fnf.stop_execution(FlowName="f", ExecutionName="e1", Error="Cancelled", Cause="by the user")
    assert response == {**view("e1", definition=CALLBACK, status="Stopped", StoppedTime="2024-01-01T00:00:03.000Z",
                               RoleArn="acs:ram::1:role/r"), "RequestId": "REQ-3"}
    last = world.fnf.get_execution_history(FlowName="f", ExecutionName="e1")["Events"][-1]
    assert (last["Type"], json.loads(last["EventDetail"])) == ("ExecutionStopped",
                                                                 {"error": "Cancelled", "cause": "by the user"})


def test_stop_execution_without_error_and_cause(world: World):
    world.create("f", CALLBACK)
    world.start("f", "e1")
    world.fnf.stop_execution(FlowName="f", ExecutionName="e1", Error="", Cause="")
    last = world.fnf.get_execution_history(FlowName="f", ExecutionName="e1")["Events"][-1]
    assert json.loads(last["EventDetail"]) == {"error": "", "cause": ""}


def test_stop_a_finished_execution_is_execution_already_completed(world: World):
    world.create("f")
    world.start("f", "e1")
    raises("ExecutionAlreadyCompleted", "Execution e1 for flow f has already completed.", 400,
           world.fnf.stop_execution, FlowName="f", ExecutionName="e1")
    world.create("g", CALLBACK)
    world.start("g", "e1")
    world.fnf.stop_execution(FlowName="g", ExecutionName="e1")
    raises("ExecutionAlreadyCompleted", "Execution e1 for flow g has already completed.", 400,
           world.fnf.stop_execution, FlowName="g", ExecutionName="e1")


def test_stop_execution_error_and_cause_limits(world: World):
    world.create("f", CALLBACK)
    world.start("f", "e1")
    raises("InvalidArgument", "Parameter Error must be 1 to 128 characters long; it has 129.", 400,
           world.fnf.stop_execution, FlowName="f", ExecutionName="e1", Error="E" * 129)
    raises("InvalidArgument", "Parameter Cause must be 1 to 4096 characters long; it has 4097.", 400,
           world.fnf.stop_execution, FlowName="f", ExecutionName="e1", Cause="c" * 4097)
    response = world.fnf.stop_execution(FlowName="f", ExecutionName="e1", Error="E" * 128, Cause="c" * 4096)
    assert response["Status"] == "Stopped"


def test_stop_execution_errors(world: World):
    raises("MissingRequiredParams", "The required parameter FlowName is missing.", 400, world.fnf.stop_execution)
    raises("MissingRequiredParams", "The required parameter ExecutionName is missing.", 400,
           world.fnf.stop_execution, FlowName="f")
    raises("FlowNotExists", "Flow f does not exist.", 404, world.fnf.stop_execution, FlowName="f",
           ExecutionName="e")
    world.create("f")
    raises("ExecutionNotExists", "Execution e for flow f does not exist.", 404, world.fnf.stop_execution,
           FlowName="f", ExecutionName="e")


def test_describe_from_inside_a_running_step_answers_at_once(world: World):
    seen = []

    def peek(event):
        seen.append(world.describe("f", "e1", WaitTimeSeconds=60)["Status"])
        return {}

    world.functions.register("s/peek", peek)
    world.create("f", flow_text("""\
        - type: task
          name: t
          resourceArn: acs:fc:::services/s/functions/peek
        """))
    world.start("f", "e1")
    world.run()
    assert seen == ["Running"] and world.engine.clock.iso() == T0
