"""CreateFlow and UpdateFlow with CloudFlow state machines: accepted by content (Type=FDL for both dialects), the
definition's Name must be the flow's, Express restrictions apply to Express flows, and StartExecution runs one."""
from __future__ import annotations

from fnf_support import PASS, T0, World, raises

MACHINE = """\
Type: StateMachine
Name: {name}
SpecVersion: v1
StartAt: Hello
States:
  - Type: Pass
    Name: Hello
    End: true
"""
CALLBACK = """\
Type: StateMachine
Name: approve
SpecVersion: v1
StartAt: Ask
States:
  - Type: Task
    Name: Ask
    Action: HTTP:Request
    TaskMode: WaitForCustomCallback
    Parameters: {url: "https://x.test", method: POST}
    End: true
"""


def test_create_a_state_machine_flow(world: World):
    text = MACHINE.format(name="orders")
    created = world.create("orders", text)
    assert created == {"Name": "orders", "Id": "flow-1", "Definition": text, "Description": "orders flow",
                       "Type": "FDL", "CreatedTime": T0, "LastModifiedTime": T0, "ExecutionMode": "Standard",
                       "RequestId": "REQ-1"}
    assert world.fnf.describe_flow(Name="orders")["Definition"] == text
    assert world.engine.flows["orders"].flow.type == "StateMachine"


def test_the_definition_name_must_be_the_flow_name(world: World):
    raises("InvalidArgument", "The Name in the flow definition (order) must equal the flow's Name (orders).", 400,
           world.fnf.create_flow, Name="orders", Definition=MACHINE.format(name="order"), Description="d", Type="FDL")
    assert "orders" not in world.engine.flows


def test_update_checks_the_name_too_and_keeps_the_old_version(world: World):
    world.create("orders", MACHINE.format(name="orders"))
    raises("InvalidArgument", "The Name in the flow definition (other) must equal the flow's Name (orders).", 400,
           world.fnf.update_flow, Name="orders", Definition=MACHINE.format(name="other"))
    assert world.fnf.describe_flow(Name="orders")["Definition"] == MACHINE.format(name="orders")
    updated = world.fnf.update_flow(Name="orders", Definition=PASS)       # a flow may change dialect
    assert updated["Definition"] == PASS and world.engine.flows["orders"].flow.type == "flow"


def test_an_invalid_state_machine_is_invalid_argument(world: World):
    text = MACHINE.format(name="orders").replace("End: true", "Next: Nowhere")
    raises("InvalidArgument", "The flow definition is invalid: orders.yaml:8:11: error: States[0].Next: 'Nowhere' "
                              "is not a state of the top level; a state can only go to a state of its own scope "
                              "(Hello)", 400,
           world.fnf.create_flow, Name="orders", Definition=text, Description="d", Type="FDL")


def test_an_express_flow_refuses_callback_tasks(world: World):
    assert world.create("approve", CALLBACK)["ExecutionMode"] == "Standard"
    raises("InvalidArgument", "The flow definition is invalid: approve2.yaml:9:15: error: States[0].TaskMode: an "
                              "Express flow runs tasks RequestComplete only, not WaitForCustomCallback", 400,
           world.fnf.create_flow, Name="approve2", Definition=CALLBACK.replace("Name: approve", "Name: approve2"),
           Description="d", Type="FDL", ExecutionMode="Express")


def test_updating_an_express_flow_keeps_its_restrictions(world: World):
    world.create("approve", MACHINE.format(name="approve"), ExecutionMode="Express")
    raises("InvalidArgument", "The flow definition is invalid: approve.yaml:9:15: error: States[0].TaskMode: an "
                              "Express flow runs tasks RequestComplete only, not WaitForCustomCallback", 400,
           world.fnf.update_flow, Name="approve", Definition=CALLBACK)


def test_an_old_flow_may_be_express(world: World):
    assert world.create("legacy", PASS, ExecutionMode="Express")["ExecutionMode"] == "Express"


def test_starting_a_state_machine_runs_it(world: World):
    world.create("orders", MACHINE.format(name="orders"))
    started = world.fnf.start_execution(FlowName="orders", ExecutionName="e1", Input='{"a":1}')
    world.engine.run_until_done()
    described = world.fnf.describe_execution(FlowName="orders", ExecutionName="e1")
    assert (started["Name"], described["Status"], described["Output"]) == ("e1", "Succeeded", '{"a":1}')
    assert [e.type for e in world.engine.executions[("orders", "e1")].history] == [
        "ExecutionStarted", "StateEntered", "StateStarted", "StateSucceeded", "ExecutionSucceeded"]
