"""FNF:StartExecution across dialects: a state machine starts a state machine or an FDL flow, and an FDL flow starts
a state machine, in RequestComplete / requestResponse, WaitForSystemCallback / sync and WaitForCustomCallback /
waitForCallback, with the exact parent outputs and the child's error reaching the parent."""
import pytest

from fakecloud.cloud import FakeCloud

MACHINE_CHILD = """\
Type: StateMachine
Name: child
SpecVersion: v1
StartAt: Double
States:
  - Type: Pass
    Name: Double
    OutputConstructor:
      result.$: $Input.n
      token.$: $Input.token
    End: true
"""
FLOW_CHILD = """\
version: v1
type: flow
steps:
  - type: pass
    name: compute
    outputMappings:
      - target: result
        source: $input.n
      - target: token
        source: $input.token
"""
FAILING_MACHINE = """\
Type: StateMachine
Name: child
SpecVersion: v1
StartAt: Refuse
States:
  - Type: Fail
    Name: Refuse
    Code: ChildRejected
    Detail: no stock
"""


def machine_parent(mode: str) -> str:
    token = "        token.$: $Context.Current.TaskToken\n" if mode == "WaitForCustomCallback" else \
        "        token: none\n"
    return ("Type: StateMachine\nName: parent\nSpecVersion: v1\nStartAt: Call\nStates:\n  - Type: Task\n"
            f"    Name: Call\n    Action: FNF:StartExecution\n    TaskMode: {mode}\n    Parameters:\n"
            "      resourceArn: acs:fnf:::flow/child\n      executionName: kid\n      input:\n"
            f"        n.$: $Input.n\n{token}    End: true\n")


def world(child: str) -> FakeCloud:
    cloud = FakeCloud()
    cloud.add_flow("child", child)
    return cloud


@pytest.mark.parametrize("child", [MACHINE_CHILD, FLOW_CHILD], ids=["machine", "flow"])
def test_request_complete_answers_the_start(child):
    cloud = world(child)
    cloud.add_flow("parent", machine_parent("RequestComplete"))
    execution = cloud.run("parent", {"n": 4})
    assert execution.output == {"FlowName": "child", "ExecutionName": "kid",
                                "RequestID": execution.output["RequestID"]}
    kid = cloud.engine.executions[("child", "kid")]
    assert (kid.status, kid.output) == ("Succeeded", {"result": 4, "token": "none"})
    assert kid.parent.execution is execution and kid.parent.path == "Call"


@pytest.mark.parametrize("child", [MACHINE_CHILD, FLOW_CHILD], ids=["machine", "flow"])
def test_system_callback_waits_for_the_child_output(child):
    cloud = world(child)
    cloud.add_flow("parent", machine_parent("WaitForSystemCallback"))
    execution = cloud.run("parent", {"n": 4})
    assert (execution.status, execution.output) == ("Succeeded", {"result": 4, "token": "none"})


def test_system_callback_fails_with_the_child_error():
    cloud = world(FAILING_MACHINE)
    cloud.add_flow("parent", machine_parent("WaitForSystemCallback"))
    execution = cloud.run("parent", {"n": 4})
    assert (execution.status, execution.error, execution.cause) == ("Failed", "ChildRejected", "no stock")


@pytest.mark.parametrize("child", [MACHINE_CHILD, FLOW_CHILD], ids=["machine", "flow"])
def test_custom_callback_waits_for_a_report_with_the_token(child):
    cloud = world(child)
    cloud.add_flow("parent", machine_parent("WaitForCustomCallback"))
    execution = cloud.start("parent", {"n": 4})
    cloud.run_until_idle()
    kid = cloud.engine.executions[("child", "kid")]
    assert execution.status == "Running" and kid.status == "Succeeded"
    cloud.report_task_succeeded(kid.output["token"], {"approved": kid.output["result"]})
    assert (execution.status, execution.output) == ("Succeeded", {"approved": 4})


def fdl_parent(pattern: str) -> str:
    """An FDL flow whose task `call` starts the child `kid`; under waitForCallback its input is the token and n."""
    mapped = ("    inputMappings: [{target: token, source: $context.task.token}, {target: n, source: $input.n}]\n"
              if pattern == "waitForCallback" else "")
    return ("version: v1\ntype: flow\nsteps:\n  - type: task\n    name: call\n    resourceArn: acs:fnf:::flow/child\n"
            f"    pattern: {pattern}\n{mapped}    serviceParams: {{ExecutionName: kid}}\n")


@pytest.mark.parametrize("pattern, output", [
    ("requestResponse", None), ("sync", {"result": 5, "token": "t"})])
def test_an_fdl_parent_starts_a_state_machine(pattern, output):
    cloud = world(MACHINE_CHILD)
    cloud.add_flow("parent", fdl_parent(pattern))
    execution = cloud.run("parent", {"n": 5, "token": "t"})
    kid = cloud.engine.executions[("child", "kid")]
    assert (kid.status, kid.output, kid.parent.execution) == ("Succeeded", {"result": 5, "token": "t"}, execution)
    if output is None:
        assert set(execution.output) == {"FlowName", "ExecutionName", "RequestId"}
    else:
        assert execution.output == output


def test_an_fdl_parent_waits_for_a_callback_from_a_state_machine_child():
    cloud = world(MACHINE_CHILD)
    cloud.add_flow("parent", fdl_parent("waitForCallback"))
    execution = cloud.start("parent", {"n": 6})
    cloud.run_until_idle()
    kid = cloud.engine.executions[("child", "kid")]
    cloud.report_task_succeeded(kid.output["token"], {"done": kid.output["result"]})
    assert (execution.status, execution.output) == ("Succeeded", {"done": 6})
