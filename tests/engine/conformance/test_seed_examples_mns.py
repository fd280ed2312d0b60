"""The service-integration document's MNS queue and topic examples, run end to end."""
# Where the document's text has typos that make a flow invalid (`acs:fnf::flow/...` with two colons, a
# full-width stop inside a path, a step without `type`, a retry block out of its list, the catch target
# nested inside the foreach), the flows below use the evident intent; the literal forms are checked to be
# rejected at definition time.
import json

from conformance_support import assert_trace, detail, flow

from fakecloud.cloud import FakeCloud
from fakecloud.engine import make_token


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
