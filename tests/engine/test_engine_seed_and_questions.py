"""The integration document's own examples, and the reference's open questions not covered elsewhere."""
import pytest
from engine_support import details, flow_text

from fakecloud.engine import FAILED, SUCCEEDED, TIMED_OUT, Engine, Return
from fakecloud.fdl import FlowDefinitionError


class Recorder:
    """A stand-in integration that records requests and answers like the service's submission reply."""

    def __init__(self, kind, reply):
        self.name = self.kind = kind
        self.reply, self.requests = reply, []

    def answers(self, target):
        return target.kind == self.kind

    def invoke(self, request):
        self.requests.append(request)
        return Return(self.reply)


def test_seed_subflow_request_response_with_service_params(h):
    h.add("subflow_demo_child", "- {type: pass, name: c}")
    ex = h.run("""
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
            - {target: subflow_children_request_id, source: $local.RequestId}
            - {target: subflow_children_exec_name, source: $local.ExecutionName}
            - {target: subflow_children_flow_name, source: $local.FlowName}
        - {type: pass, name: dummy}
    """, {"childName": "child-1"})
    assert ex.output["subflow_children_exec_name"] == "child-1"
    assert ex.output["subflow_children_flow_name"] == "subflow_demo_child"
    assert len(ex.output["subflow_children_request_id"]) == 36


def test_seed_subflow_sync_inside_parallel_and_wait_for_callback(h):
    h.add("subflow_demo_child", """
        - type: choice
          name: maybeCallback
          choices:
            - condition: $.task_token != null
              steps:
                - type: task
                  name: callBack
                  resourceArn: acs:fc:::services/s/functions/report
        - {type: pass, name: done, outputMappings: [{target: childSaw, source: $input}]}
    """)
    h.functions.register(
        "s/report", lambda e, req: req.engine.report_task_succeeded(e["task_token"], {"cb": "ok"}) and {})
    ex = h.run("""
        - type: parallel
          name: parallelTask
          branches:
            - steps:
                - type: task
                  name: fnfSync
                  resourceArn: acs:fnf:::flow/subflow_demo_child
                  pattern: sync
                  inputMappings:
                    - {target: childSyncName, source: $input.childSyncName}
                  serviceParams: {Input: $, ExecutionName: $.childSyncName}
          outputMappings:
            - target: saw
              source: $local[0].childSaw
        - type: task
          name: fnfWaitForCallback
          resourceArn: acs:fnf:::flow/subflow_demo_child
          pattern: waitForCallback
          inputMappings:
            - {target: task_token, source: $context.task.token}
            - {target: childCallbackName, source: $input.childCallbackName}
          serviceParams: {Input: $, ExecutionName: $.childCallbackName}
    """, {"childSyncName": "sync-1", "childCallbackName": "cb-1"})
    assert ex.status == SUCCEEDED
    assert ex.output == {"saw": {"childSyncName": "sync-1"}, "cb": "ok"}
    assert h.engine.describe_execution("subflow_demo_child", "cb-1").status == SUCCEEDED


def test_seed_fc_async_recommended_example(h):
    seen = []
    h.functions.register("svc.LATEST/fn", lambda e, req: seen.append((e, req.params)) or {"done": True})
    ex = h.run("""
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
    """)
    assert ex.output == {"done": True}
    assert seen == [({"id": ex.name}, {"InvocationType": "Async", "StatefulAsyncInvocationID": ex.name})]


def test_seed_mns_queue_message_body_is_the_mapped_input(h):
    queue = Recorder("mns-queue", {"MessageId": "m-1", "MessageBodyMD5": "x", "RequestId": "r"})
    h.engine.register_integration(queue)
    ex = h.run("""
        - type: task
          name: Task_1
          resourceArn: acs:mns:::/queues/q/messages
          pattern: requestResponse
          inputMappings:
            - {target: key_1, source: $input.key}
            - {target: key_2, source: value}
          serviceParams: {MessageBody: $, DelaySeconds: 0, Priority: 1}
    """, {"key": "value_1"})
    assert queue.requests[0].params == {"MessageBody": {"key_1": "value_1", "key_2": "value"},
                                        "DelaySeconds": 0, "Priority": 1}
    assert ex.output == {"MessageId": "m-1", "MessageBodyMD5": "x", "RequestId": "r"}


def test_seed_mns_topic_wait_for_callback_token_in_the_body(h):
    topic = Recorder("mns-topic", {"MessageId": "m"})
    h.engine.register_integration(topic)
    h.add("f", """
        - type: task
          name: mns-topic-task
          resourceArn: acs:mns:::/topics/t/messages
          pattern: waitForCallback
          inputMappings:
            - {target: messageBody, source: $input.messageBody}
            - {target: taskToken, source: $context.task.token}
          serviceParams: {MessageBody: $}
    """)
    ex = h.engine.start_execution("f", {"messageBody": "hi"})
    h.engine.run_until_idle()
    body = topic.requests[0].params["MessageBody"]
    assert body["messageBody"] == "hi" and body["taskToken"] == topic.requests[0].token
    h.engine.report_task_succeeded(body["taskToken"], '{"handled": true}')
    h.engine.run_until_idle()
    assert ex.output == {"handled": True}


def test_seed_vision_classify_then_foreach_with_iteration_index(h):
    h.engine.register_integration(Recorder("action", {"Data": {"Categories": [{"n": "shoe"}, {"n": "bag"}]}}))
    ex = h.run("""
        - type: task
          name: APIClassifyCommodity
          action: goodstech:ClassifyCommodity
          inputMappings: [{target: image, source: $input.imageUrl}]
          outputMappings: [{target: classifyCommodity_Categories, source: $local.Data.Categories}]
          serviceParams: {ImageURL: $.image}
          catch:
            - errors: [goodstech.CommonError]
              goto: ExecFailed
        - type: foreach
          name: ElemDealt
          end: true
          iterationMapping: {collection: $.classifyCommodity_Categories, item: catagory}
          steps:
            - type: pass
              name: pass1
              inputMappings:
                - {target: index, source: $context.step.iterationIndex}
                - {target: catagory, source: $input.catagory}
              outputMappings: [{target: got, source: $input}]
              end: true
          outputMappings:
            - target: got
              source: $local[*].got
        - {type: fail, name: ExecFailed}
    """, {"imageUrl": "https://example.com/a.png"})
    assert ex.status == SUCCEEDED
    assert ex.output["got"] == [{"index": 0, "catagory": {"n": "shoe"}}, {"index": 1, "catagory": {"n": "bag"}}]


def test_q6_mixed_type_ordering_is_false_and_missing_is_null(h):
    ex = h.run("""
        - type: choice
          name: c
          choices:
            - condition: $.n > "1"
              goto: wrong
            - condition: $.absent == null && $.marker != ""
              goto: right
        - {type: fail, name: wrong}
        - {type: succeed, name: right}
    """, {"n": 5})
    assert ex.status == SUCCEEDED


def test_q14_callback_without_timeouts_waits_until_the_execution_limit(h):
    h.engine.register_integration(Recorder("mns-queue", {}))
    ex = h.run("""
        - type: task
          name: t
          resourceArn: acs:mns:::/queues/q/messages
          pattern: waitForCallback
          serviceParams: {MessageBody: $}
    """)
    assert (ex.status, ex.stopped_time) == (TIMED_OUT, "2024-12-31T00:00:00.000Z")


@pytest.mark.parametrize("steps", [
    "- {type: task, name: t, resourceArn: 'acs:fc:::services/s/functions/f', catch: [{errors: [E]}]}",   # Q12
    """- type: parallel
  name: p
  branches:
    - steps:
        - {type: choice, name: c, choices: [{condition: $.x == 1, goto: outer}]}
- {type: pass, name: outer}""",                                                                         # Q18
])
def test_q12_q18_rejected_at_definition_time(steps):
    with pytest.raises(FlowDefinitionError):
        Engine().add_flow("f", flow_text(steps))


def test_task_scheduled_detail_for_a_callback_step(h):
    h.engine.register_integration(Recorder("mns-queue", {}))
    h.add("f", """
        - type: task
          name: t
          resourceArn: acs:mns:::/queues/q/messages
          pattern: waitForCallback
          timeoutSeconds: 5
          serviceParams: {MessageBody: $}
    """)
    ex = h.engine.run("f", {"a": 1})
    assert details(ex, "TaskScheduled") == [{"resourceArn": "acs:mns:::/queues/q/messages",
                                             "pattern": "waitForCallback", "input": {"a": 1}}]
    assert (ex.status, ex.error) == (FAILED, "FnF.TaskTimeout")
