"""The service-integration document's own examples (integration patterns, subflows, FC async, MNS queues and
topics, vision APIs), each run end to end through a FakeCloud with exact histories.

Where the document's text has typos that make a flow invalid (`acs:fnf::flow/...` with two colons, a full-width
stop inside a path, a step without `type`, a retry block out of its list, the catch target nested inside the
foreach), the flows below use the evident intent; the literal forms are checked to be rejected at definition
time."""
import json

import pytest
from conformance_support import assert_trace, detail, flow, times

from fakecloud.cloud import FakeCloud
from fakecloud.engine import make_token
from fakecloud.fdl import FlowDefinitionError

T0 = "2024-01-01T00:00:00.000Z"
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


# -- 3. FC asynchronous invocation ---------------------------------------------------------------------------------

FC_ARN = "acs:fc:cn-hangzhou:1234567890123456:services/svc.LATEST/functions/fn"


def fc_world(duration=0.0):
    cloud = FakeCloud()
    seen = []

    def fn(event):
        seen.append(event)
        if "token" in event:
            cloud.engine.report_task_succeeded(event["token"], {"calledBack": True})
        return {"result": event.get("n")}

    cloud.fc.register("svc/fn", fn, duration=duration, decode=True)
    return cloud, seen


def test_fc_default_is_a_synchronous_invocation():
    cloud, seen = fc_world(duration=3)
    cloud.add_flow("main", flow(f"""
        - type: task
          name: mytask
          resourceArn: {FC_ARN}
    """))
    ex = cloud.run("main", {"n": 1})
    assert (ex.output, ex.stopped_time) == ({"result": 1}, "2024-01-01T00:00:03.000Z")
    assert [i.invocation_type for i in cloud.fc.invocations] == ["Sync"]
    assert_trace(ex, """
        : ExecutionStarted
        mytask: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        : ExecutionSucceeded
    """)


def test_fc_async_in_the_three_patterns():
    cloud, seen = fc_world(duration=3)
    cloud.add_flow("main", flow(f"""
        - type: task
          name: fireAndForget
          resourceArn: {FC_ARN}
          pattern: requestResponse
          inputMappings: [{{target: n, source: 1}}]
          serviceParams:
            InvocationType: Async
        - type: task
          name: waitForResult
          resourceArn: {FC_ARN}
          pattern: sync
          inputMappings: [{{target: n, source: 2}}]
          serviceParams:
            InvocationType: Async
        - type: task
          name: waitForReport
          resourceArn: {FC_ARN}
          pattern: waitForCallback
          inputMappings:
            - {{target: n, source: 3}}
            - {{target: token, source: $context.task.token}}
          serviceParams:
            InvocationType: Async
    """))
    ex = cloud.run("main", {})
    assert ex.status == "Succeeded"
    assert ex.output == {"result": 2, "calledBack": True}
    assert detail(ex, "StepSucceeded", "fireAndForget") == [{"output": {}}]
    assert_trace(ex, """
        : ExecutionStarted
        fireAndForget: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        waitForResult: StepEntered StepStarted TaskScheduled TaskSubmitted TaskSucceeded StepSucceeded StepExited
        waitForReport: StepEntered StepStarted TaskScheduled TaskSubmitted TaskSucceeded StepSucceeded StepExited
        : ExecutionSucceeded
    """)
    assert times(ex, "TaskSucceeded") == [T0, "2024-01-01T00:00:03.000Z", "2024-01-01T00:00:03.000Z"]
    assert [i.invocation_type for i in cloud.fc.invocations] == ["Async"] * 3
    assert [e["n"] for e in seen] == [1, 2, 3]


def test_fc_recommended_example_names_the_stateful_invocation_after_the_execution():
    cloud, seen = fc_world()
    cloud.add_flow("main", flow("""
        - type: task
          name: mytask
          resourceArn: acs:fc:::services/svc.LATEST/functions/fn
          pattern: sync
          inputMappings:
            - target: id
              source: $context.execution.name
          serviceParams:
            InvocationType: Async
            StatefulAsyncInvocationID: $.id
    """))
    ex = cloud.run("main", {}, name="order-42")
    assert ex.output == {"result": None}
    run = cloud.fc.get_async_invocation("svc", "fn", "order-42", "LATEST")
    assert run.status == "Succeeded" and seen == [{"id": "order-42"}]
    assert detail(ex, "TaskScheduled") == [{"resourceArn": "acs:fc:::services/svc.LATEST/functions/fn",
                                            "pattern": "sync", "input": {"id": "order-42"}}]


# -- 4. MNS queues --------------------------------------------------------------------------------------------------

def test_mns_queue_message_body_is_the_mapped_input():
    cloud = FakeCloud()
    cloud.mns.create_queue("queue-name")
    cloud.add_flow("main", flow("""
        - type: task
          name: Task_1
          resourceArn: acs:mns:::/queues/queue-name/messages
          pattern: requestResponse
          inputMappings:
          - target: key_1
            source: $input.key
          - target: key_2
            source: value
          serviceParams:
            MessageBody: $
            DelaySeconds: 0
            Priority: 1
        - type: task
          name: mytask
          resourceArn: acs:mns:::/queues/queue-name/messages
          pattern: requestResponse
          inputMappings:
          - target: key_3
            source: value
          serviceParams:
            MessageBody: $
            DelaySeconds: 0
            Priority: 1
    """))
    ex = cloud.run("main", {"key": "value_1"})
    bodies = [m.body for m in cloud.mns.messages("queue-name")]
    assert bodies == ['{"key_1":"value_1","key_2":"value"}', '{"key_3":"value"}']
    assert [m.priority for m in cloud.mns.messages("queue-name")] == [1, 1]
    assert_trace(ex, """
        : ExecutionStarted
        Task_1: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        mytask: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        : ExecutionSucceeded
    """)
    assert ex.output == detail(ex, "TaskSucceeded", "mytask")[0]["output"]
    assert list(ex.output) == ["MessageId", "MessageBodyMD5", "RequestId"]


def test_mns_queue_wait_for_callback_worker_reports_with_the_token():
    cloud = FakeCloud()
    cloud.mns.create_queue("queue-name")
    cloud.add_flow("main", flow("""
        - type: task
          name: mytask
          resourceArn: acs:mns:::/queues/queue-name/messages
          pattern: waitForCallback
          inputMappings:
          - target: task_token
            source: $context.task.token
          - target: key
            source: value
          serviceParams:
            MessageBody: $
            Priority: 1
    """))
    ex = cloud.start("main", {}, name="run-1")
    cloud.run_until_idle()
    assert ex.status == "Running"
    message = cloud.receive_message("queue-name", wait_seconds=30)
    body = json.loads(message.body)
    assert body == {"task_token": make_token(cloud.ids.token_key, "main", "run-1", 2), "key": "value"}
    cloud.advance(120)                        # the worker takes two minutes
    cloud.report_task_succeeded(body["task_token"], '{"done": true}')
    assert (ex.status, ex.output, ex.stopped_time) == ("Succeeded", {"done": True}, "2024-01-01T00:02:00.000Z")
    assert_trace(ex, """
        : ExecutionStarted
        mytask: StepEntered StepStarted TaskScheduled TaskSubmitted TaskSucceeded StepSucceeded StepExited
        : ExecutionSucceeded
    """)


# -- 5. MNS topics --------------------------------------------------------------------------------------------------

MAIL = {"MailAttributes": {"Subject": "Order shipped", "AccountName": "noreply@mail.example", "AddressType": 0,
                           "IsHTML": True, "ReplyToAddress": 0}}


def test_mns_topic_request_response_maps_the_publish_reply():
    cloud = FakeCloud()
    cloud.mns.create_topic("topicName")
    cloud.add_flow("main", flow("""
        - type: task
          name: mns-topic-task
          resourceArn: acs:mns:::/topics/topicName/messages
          pattern: requestResponse
          outputMappings:
            - target: messageId
              source: $local.MessageId
            - target: requestId
              source: $local.RequestId
            - target: messageBodyMD5
              source: $local.MessageBodyMD5
          serviceParams:
            MessageBody: $.messageBody
            MessageTag: $.messageTag
            MessageAttributes: $.messageAttributes
    """))
    ex = cloud.run("main", {"messageBody": "hi", "messageTag": "shipping", "messageAttributes": MAIL})
    (published,) = cloud.mns.published("topicName")
    assert (published.body, published.tag, published.attributes) == ("hi", "shipping", MAIL)
    (reply,) = detail(ex, "TaskSucceeded")
    assert ex.output == {"messageId": published.message_id, "requestId": reply["output"]["RequestId"],
                         "messageBodyMD5": published.body_md5}
    assert_trace(ex, """
        : ExecutionStarted
        mns-topic-task: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        : ExecutionSucceeded
    """)


TOPIC_CALLBACK = """
    - type: task
      name: mns-topic-task
      resourceArn: acs:mns:::/topics/topicName/messages
      pattern: waitForCallback
      inputMappings:
      - target: messageBody
        source: $input.messageBody
      - target: messageTag
        source: {tag}
      - target: messageAttributes
        source: {attributes}
      - target: taskToken
        source: $context.task.token
      serviceParams:
        MessageBody: $
        MessageTag: $.messageTag
        MessageAttributes: $.messageAttributes
"""


def test_mns_topic_wait_for_callback_as_printed_sends_literal_attributes_and_fails_to_submit():
    # The document maps `source: $.messageTag`: not a path in a mapping, so the literal text is published as
    # MessageAttributes, which MNS refuses. The submission fails; nothing waits.
    cloud = FakeCloud()
    cloud.mns.create_topic("topicName")
    cloud.add_flow("main", flow(TOPIC_CALLBACK.format(tag="$.messageTag", attributes="$.messageAttributes")))
    ex = cloud.run("main", {"messageBody": "hi", "messageTag": "shipping", "messageAttributes": MAIL})
    assert (ex.status, ex.error) == ("Failed", "MNS.InvalidArgument")
    assert_trace(ex, """
        : ExecutionStarted
        mns-topic-task: StepEntered StepStarted TaskScheduled TaskSubmitFailed StepFailed
        : ExecutionFailed
    """)
    assert detail(ex, "StepStarted")[0]["input"]["messageTag"] == "$.messageTag"
    assert cloud.mns.published("topicName") == []


def test_mns_topic_wait_for_callback_with_input_paths_is_reported_by_a_subscriber():
    cloud = FakeCloud()
    cloud.mns.create_topic("topicName")
    cloud.mns.create_queue("subscriber")
    cloud.mns.subscribe("topicName", "s", cloud.mns.queue_endpoint("subscriber"), notify_content_format="SIMPLIFIED")
    cloud.add_flow("main", flow(TOPIC_CALLBACK.format(tag="$input.messageTag",
                                                      attributes="$input.messageAttributes")))
    ex = cloud.start("main", {"messageBody": "hi", "messageTag": "shipping", "messageAttributes": MAIL}, name="r")
    body = json.loads(cloud.receive_message("subscriber", wait_seconds=5).body)
    token = make_token(cloud.ids.token_key, "main", "r", 2)
    assert body == {"messageBody": "hi", "messageTag": "shipping", "messageAttributes": MAIL, "taskToken": token}
    cloud.report_task_succeeded(token, {"delivered": True})
    assert (ex.status, ex.output) == ("Succeeded", {"delivered": True})
    assert_trace(ex, """
        : ExecutionStarted
        mns-topic-task: StepEntered StepStarted TaskScheduled TaskSubmitted TaskSucceeded StepSucceeded StepExited
        : ExecutionSucceeded
    """)


# -- 6. vision APIs -------------------------------------------------------------------------------------------------

CLASSIFY = flow("""
    - type: task
      name: APIClassifyCommodity
      action: goodstech:ClassifyCommodity
      inputMappings:
        - target: image
          source: $input.imageURL
      outputMappings:
        - target: classifyCommodity_Categories
          source: $local.Data.Categories
      serviceParams:
        ImageURL: $.image
      retry:
        - errors:
          - goodstech.InternalError.Busy
          intervalSeconds: 10
          maxAttempts: 2
          multiplier: 2
      catch:
        - errors:
          - goodstech.CommonError
          - goodstech.IllegalUrlParameter
          - goodstech.InvalidParameter
          goto: ExecFailed
    - type: foreach
      name: ElemDealt
      iterationMapping:
        collection: $.classifyCommodity_Categories
        item: catagory
      steps:
        - type: pass
          name: pass1
          inputMappings:
            - target: index
              source: $context.step.iterationIndex
            - target: catagory
              source: $input.catagory
          outputMappings:
            - target: seen
              source: $input
          end: true
      outputMappings:
        - target: seen
          source: $local[*].seen
      end: true
    - type: fail
      name: ExecFailed
""")
IMAGE = "https://viapi-demo.oss-cn-shanghai.aliyuncs.com/viapi-demo/images/DetectImageElements/detect-elements-src.png"
CATEGORIES = [{"CategoryName": "shoes", "Score": 0.9}, {"CategoryName": "bags", "Score": 0.4}]


def test_vision_classify_retries_busy_then_iterates_the_categories():
    cloud = FakeCloud()
    script = cloud.viapi.script("goodstech", "ClassifyCommodity")
    script.throws("InternalError.Busy", "busy", attempt="0")
    script.returns({"Data": {"Categories": CATEGORIES}})
    cloud.add_flow("main", CLASSIFY)
    ex = cloud.run("main", {"imageURL": IMAGE})
    assert (ex.status, ex.output) == ("Succeeded", {"classifyCommodity_Categories": CATEGORIES, "seen": [
        {"index": 0, "catagory": CATEGORIES[0]}, {"index": 1, "catagory": CATEGORIES[1]}]})
    assert_trace(ex, """
        : ExecutionStarted
        APIClassifyCommodity: StepEntered StepStarted TaskScheduled TaskStarted TaskFailed
        APIClassifyCommodity: TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        ElemDealt: StepEntered StepStarted IterationEntered
        pass1: StepEntered StepStarted StepSucceeded StepExited
        ElemDealt: IterationExited IterationEntered
        pass1: StepEntered StepStarted StepSucceeded StepExited
        ElemDealt: IterationExited StepSucceeded StepExited
        : ExecutionSucceeded
    """)
    assert detail(ex, "TaskFailed") == [{"error": "goodstech.InternalError.Busy", "cause": "busy"}]
    assert times(ex, "TaskScheduled") == [T0, "2024-01-01T00:00:10.000Z"]
    assert [c.params for c in cloud.viapi.calls] == [{"ImageURL": IMAGE}] * 2


def test_vision_error_caught_by_its_prefixed_code_jumps_to_the_fail_step():
    cloud = FakeCloud()
    cloud.viapi.script("goodstech", "ClassifyCommodity").throws("InvalidParameter", "bad image")
    cloud.add_flow("main", CLASSIFY)
    ex = cloud.run("main", {"imageURL": IMAGE})
    assert (ex.status, ex.error, ex.cause) == ("Failed", "", "")
    assert_trace(ex, """
        : ExecutionStarted
        APIClassifyCommodity: StepEntered StepStarted TaskScheduled TaskStarted TaskFailed StepFailed StepExited
        ExecFailed: StepEntered StepStarted StepFailed
        : ExecutionFailed
    """)
    assert detail(ex, "TaskFailed") == [{"error": "goodstech.InvalidParameter", "cause": "bad image"}]


def test_vision_example_input_as_printed_misses_the_mapped_key():
    # The document starts the flow with {"imageUrl": ...} while the mapping reads $input.imageURL.
    cloud = FakeCloud()
    cloud.add_flow("main", CLASSIFY)
    ex = cloud.run("main", {"imageUrl": IMAGE})
    assert (ex.status, ex.error) == ("Failed", "FnF.InvalidMapping")
    assert_trace(ex, """
        : ExecutionStarted
        APIClassifyCommodity: StepEntered StepFailed
        : ExecutionFailed
    """)
    assert cloud.viapi.calls == []


def test_vision_example_layout_as_printed_is_rejected():
    # As printed, ExecFailed sits inside the foreach's steps: the catch target is not a sibling of the task.
    nested = CLASSIFY.replace("    outputMappings:\n      - target: seen\n        source: $local[*].seen\n"
                              "    end: true\n  - type: fail\n    name: ExecFailed\n",
                              "      - type: fail\n        name: ExecFailed\n")
    assert nested != CLASSIFY
    with pytest.raises(FlowDefinitionError, match="ExecFailed"):
        FakeCloud().add_flow("main", nested)
