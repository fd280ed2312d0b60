"""The service-integration document's pattern, context-object and subflow examples, run end to end."""
# Where the document's text has typos that make a flow invalid (`acs:fnf::flow/...` with two colons, a
# full-width stop inside a path, a step without `type`, a retry block out of its list, the catch target
# nested inside the foreach), the flows below use the evident intent; the literal forms are checked to be
# rejected at definition time.
import json

import pytest
from conformance_run_support import T0
from conformance_support import assert_trace, detail, flow, times

from fakecloud.cloud import FakeCloud
from fakecloud.engine import make_token
from fakecloud.fdl import FlowDefinitionError


FLOW_ABC = flow("""
    - {type: wait, name: work, duration: 60}
    - {type: pass, name: finish, outputMappings: [{target: childDone, source: true}]}
""")


def world_with_flow_abc():
    cloud = FakeCloud()
    cloud.add_flow("flowABC", FLOW_ABC)
    return cloud


# -- 1. integration patterns --------------------------------------------------------------------------------------

def test_pattern_request_response_moves_on_while_the_child_runs():
    cloud = world_with_flow_abc()
    cloud.add_flow("main", flow("""
        - type: task
          name: testSubflow
          resourceArn: acs:fnf:::flow/flowABC
          pattern: requestResponse
        - type: pass
          name: dummy
    """))
    ex = cloud.run("main", {"order": 1})
    (child,) = cloud.engine.list_executions("flowABC")
    assert (ex.status, ex.stopped_time, child.status) == ("Succeeded", T0, "Running")
    assert ex.output == {"FlowName": "flowABC", "ExecutionName": child.name,
                         "RequestId": ex.output["RequestId"]}
    assert child.input == {"order": 1}
    assert_trace(ex, """
        : ExecutionStarted
        testSubflow: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        dummy: StepEntered StepStarted StepSucceeded StepExited
        : ExecutionSucceeded
    """)
    cloud.run_until_idle()
    assert (child.status, child.output, child.stopped_time) == ("Succeeded", {"childDone": True},
                                                                "2024-01-01T00:01:00.000Z")


def test_pattern_sync_waits_for_the_child_and_takes_its_output():
    cloud = world_with_flow_abc()
    cloud.add_flow("main", flow("""
        - type: task
          name: testTask
          resourceArn: acs:fnf:::flow/flowABC
          pattern: sync
        - type: pass
          name: dummy
    """))
    ex = cloud.run("main", {})
    assert (ex.status, ex.output, ex.stopped_time) == ("Succeeded", {"childDone": True}, "2024-01-01T00:01:00.000Z")
    assert_trace(ex, """
        : ExecutionStarted
        testTask: StepEntered StepStarted TaskScheduled TaskSubmitted TaskSucceeded StepSucceeded StepExited
        dummy: StepEntered StepStarted StepSucceeded StepExited
        : ExecutionSucceeded
    """)
    assert times(ex, "TaskSubmitted") == [T0] and times(ex, "TaskSucceeded") == ["2024-01-01T00:01:00.000Z"]


def test_pattern_wait_for_callback_pauses_until_the_token_is_reported():
    cloud = world_with_flow_abc()
    cloud.add_flow("main", flow("""
        - type: task
          name: testSubflow
          resourceArn: acs:fnf:::flow/flowABC
          pattern: waitForCallback
        - type: pass
          name: dummy
    """))
    ex = cloud.start("main", {}, name="cb-run")
    cloud.run_until_idle()
    (child,) = cloud.engine.list_executions("flowABC")
    # the child finished, but nothing reported the token: the parent still waits
    assert (child.status, ex.status) == ("Succeeded", "Running")
    entered = next(e.event_id for e in ex.history if e.type == "StepEntered")
    cloud.report_task_succeeded(make_token(cloud.ids.token_key, "main", "cb-run", entered), {"approved": "yes"})
    assert (ex.status, ex.output) == ("Succeeded", {"approved": "yes"})
    assert_trace(ex, """
        : ExecutionStarted
        testSubflow: StepEntered StepStarted TaskScheduled TaskSubmitted TaskSucceeded StepSucceeded StepExited
        dummy: StepEntered StepStarted StepSucceeded StepExited
        : ExecutionSucceeded
    """)
    # the report came after 60 s of the child's work had passed
    assert times(ex, "TaskSucceeded") == ["2024-01-01T00:01:00.000Z"]


def test_context_object_example_maps_flow_execution_and_token():
    cloud = FakeCloud()
    cloud.mns.create_queue("jobs")
    cloud.add_flow("parent", flow("""
        - type: task
          name: handOff
          resourceArn: acs:mns:::/queues/jobs/messages
          pattern: waitForCallback
          inputMappings:
          - target: current_flow_name
            source: $context.flow.name
          - target: current_execution_name
            source: $context.execution.name
          - target: current_step_task_token
            source: $context.task.token
          serviceParams:
            MessageBody: $
    """))
    ex = cloud.start("parent", {}, name="exec-7")
    message = cloud.receive_message("jobs")
    body = json.loads(message.body)
    token = make_token(cloud.ids.token_key, "parent", "exec-7", 2)
    assert body == {"current_flow_name": "parent", "current_execution_name": "exec-7",
                    "current_step_task_token": token}
    cloud.report_task_failed(body["current_step_task_token"], "JobRejected", "no capacity")
    assert (ex.status, ex.error, ex.cause) == ("Failed", "JobRejected", "no capacity")
    assert_trace(ex, """
        : ExecutionStarted
        handOff: StepEntered StepStarted TaskScheduled TaskSubmitted TaskFailed StepFailed
        : ExecutionFailed
    """)


# -- 2. subflows ---------------------------------------------------------------------------------------------------

CHILD = flow("""
    - type: pass
      name: childWork
      outputMappings:
        - {target: childSaw, source: $input}
""")


def test_subflow_request_response_with_service_params_and_output_mappings():
    cloud = FakeCloud()
    cloud.add_flow("subflow_demo_child", CHILD)
    cloud.add_flow("main", flow("""
        - type: task
          name: fnfInvoke
          resourceArn: acs:fnf:::flow/subflow_demo_child
          pattern: requestResponse
          inputMappings:
            - target: childName
              source: $input.childName
          serviceParams:
            Input: $
            ExecutionName: $.childName
          outputMappings:
            - target: subflow_children_request_id
              source: $local.RequestId
            - target: subflow_children_exec_name
              source: $local.ExecutionName
            - target: subflow_children_flow_name
              source: $local.FlowName
    """))
    ex = cloud.run("main", {"childName": "child-1", "other": 2})
    (local,) = detail(ex, "TaskSucceeded", "fnfInvoke")
    assert ex.output == {"subflow_children_request_id": local["output"]["RequestId"],
                         "subflow_children_exec_name": "child-1",
                         "subflow_children_flow_name": "subflow_demo_child"}
    child = cloud.engine.describe_execution("subflow_demo_child", "child-1")
    assert child.input == {"childName": "child-1"}
    assert_trace(ex, """
        : ExecutionStarted
        fnfInvoke: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        : ExecutionSucceeded
    """)


def test_subflow_sync_in_a_parallel_branch_and_wait_for_callback_with_the_token():
    cloud = FakeCloud()
    cloud.add_flow("subflow_demo_child", CHILD)
    cloud.add_flow("main", flow("""
        - type: parallel
          name: parallelTask
          branches:
            - steps:
                - type: task
                  name: fnfSync
                  resourceArn: acs:fnf:::flow/subflow_demo_child
                  pattern: sync
                  inputMappings:
                    - target: childSyncName
                      source: $input.childSyncName
                  serviceParams:
                    Input: $
                    ExecutionName: $.childSyncName
          outputMappings:
            - target: fromChild
              source: $local[0].childSaw
        - type: task
          name: fnfWaitForCallback
          resourceArn: acs:fnf:::flow/subflow_demo_child
          pattern: waitForCallback
          inputMappings:
            - target: task_token
              source: $context.task.token
            - target: childCallbackName
              source: $input.childCallbackName
          serviceParams:
            Input: $
            ExecutionName: $.childCallbackName
    """))
    ex = cloud.start("main", {"childSyncName": "sync-1", "childCallbackName": "cb-1"}, name="m")
    cloud.run_until_idle()
    callback_child = cloud.engine.describe_execution("subflow_demo_child", "cb-1")
    token = callback_child.output["childSaw"]["task_token"]
    cloud.report_task_succeeded(token, {"reported": "by the child's owner"})
    assert (ex.status, ex.output) == ("Succeeded", {"fromChild": {"childSyncName": "sync-1"},
                                                    "reported": "by the child's owner"})
    assert callback_child.input == {"task_token": token, "childCallbackName": "cb-1"}
    assert_trace(ex, """
        : ExecutionStarted
        parallelTask: StepEntered StepStarted BranchEntered
        fnfSync: StepEntered StepStarted TaskScheduled TaskSubmitted TaskSucceeded StepSucceeded StepExited
        parallelTask: BranchExited StepSucceeded StepExited
        fnfWaitForCallback: StepEntered StepStarted TaskScheduled TaskSubmitted TaskSucceeded StepSucceeded
        fnfWaitForCallback: StepExited
        : ExecutionSucceeded
    """)


def test_subflow_examples_as_printed_are_rejected():
    printed_arn = flow("""
        - type: task
          name: fnfSync
          resourceArn: acs:fnf::flow/subflow_demo_child
          pattern: sync
    """)
    with pytest.raises(FlowDefinitionError, match="resourceArn"):
        FakeCloud().add_flow("main", printed_arn)
    step_without_type = flow("""
        - steps:
            - type: task
              name: fnfWaitForCallback
              resourceArn: acs:fnf:::flow/subflow_demo_child
              pattern: waitForCallback
    """)
    with pytest.raises(FlowDefinitionError):
        FakeCloud().add_flow("main", step_without_type)
