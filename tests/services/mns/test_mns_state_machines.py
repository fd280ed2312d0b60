"""MNS:SendMessage from state machines: queues (priority, delaySeconds) and topics (messageTag, mail and SMS
attributes), the result wrapper, MNS errors by name with Catch, WaitForCustomCallback with the token read from the
message, and what the testing layer's unmocked modes see of a queue the test did or did not create."""
import hashlib
import json

import pytest

from fakecloud.cloud import FakeCloud
from fakecloud.testing.router import MockRouter
from state_machine_support import one_task, rows, run, then_done

QUEUE = "acs:mns:cn-hangzhou:1234567890123456:/queues/orders/messages"
REQUEST_ID = "423CB53C-83CC-4060-84AF-425C3B1D10C9"     # the world's first seeded request id
TOPIC = "acs:mns:cn-hangzhou:1234567890123456:/topics/news/messages"


def machine(parameters: str, mode: str = "RequestComplete", extra: str = "") -> str:
    return one_task("Send", "MNS:SendMessage", parameters, mode, extra)


def md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest().upper()


def test_a_queue_message_with_priority_and_delay_and_its_history():
    cloud = FakeCloud()
    cloud.mns.create_queue("orders")
    execution = run(cloud, machine(f"      resourceArn: {QUEUE}\n      message:\n        id.$: $Input.id\n"
                                   "        items: [1, 2]\n      priority: 2\n      delaySeconds: 5\n"), {"id": "o-1"})
    body = '{"id":"o-1","items":[1,2]}'
    (message,) = cloud.mns.messages("orders")
    result = {"MessageId": message.message_id, "MessageBodyMD5": md5(body), "RequestId": REQUEST_ID}
    assert (execution.status, execution.output) == ("Succeeded", result)
    assert list(execution.output) == ["MessageId", "MessageBodyMD5", "RequestId"]
    assert rows(execution) == [
        ("ExecutionStarted", "", {"input": {"id": "o-1"}}),
        ("StateEntered", "Send", {"input": {"id": "o-1"}}),
        ("StateStarted", "Send", {"input": {"id": "o-1"}}),
        ("TaskSucceeded", "Send", {"output": result}),
        ("StateSucceeded", "Send", {"output": result}),
        ("ExecutionSucceeded", "", {"output": result})]
    assert (message.body, message.priority, message.state.value) == (body, 2, "Delayed")
    cloud.advance(5)
    got = cloud.receive_message("orders")
    assert (got.message_id, got.body) == (message.message_id, body)


def test_a_string_message_keeps_its_text_and_the_default_priority():
    cloud = FakeCloud()
    cloud.mns.create_queue("orders")
    execution = run(cloud, machine(f"      resourceArn: {QUEUE}\n      message: plain words\n"))
    assert execution.output["MessageBodyMD5"] == md5("plain words")
    (message,) = cloud.mns.messages("orders")
    assert (message.body, message.priority, message.state.value) == ("plain words", 8, "Active")


def test_a_topic_message_with_tag_and_mail_and_sms_attributes():
    cloud = FakeCloud()
    cloud.mns.create_topic("news")
    cloud.mns.create_queue("inbox")
    cloud.mns.subscribe("news", "q", cloud.mns.queue_endpoint("inbox"), filter_tag="vip",
                        notify_content_format="SIMPLIFIED")
    cloud.mns.subscribe("news", "mail", "mail:directmail:user@example.com")
    cloud.mns.subscribe("news", "sms", "sms:directsms:anonymous")
    params = (f"      resourceArn: {TOPIC}\n      message: hello\n      messageTag: vip\n"
              "      messageAttributes:\n"
              "        MailAttributes: {Subject: Hi, AccountName: a@example.com, AddressType: 0, IsHTML: false,"
              " ReplyToAddress: 0}\n"
              "        SMSAttributes: {FreeSignName: Shop, TemplateCode: SMS_1, Type: singleContent,"
              " Receiver: '13800000000', SmsParams: '{\"code\":\"1\"}'}\n")
    execution = run(cloud, machine(params))
    (published,) = cloud.mns.published("news")
    assert execution.output == {"MessageId": published.message_id, "RequestId": REQUEST_ID,
                                "MessageBodyMD5": md5("hello")}
    assert list(execution.output) == ["MessageId", "RequestId", "MessageBodyMD5"]
    assert (published.tag, published.attributes["DirectSMS"]["TemplateCode"]) == ("vip", "SMS_1")
    assert cloud.receive_message("inbox").body == "hello"
    (mail,) = cloud.mns.outbox.mails
    assert (mail.to_address, mail.subject, mail.account_name, mail.body) == (
        "user@example.com", "Hi", "a@example.com", "hello")
    (sms,) = cloud.mns.outbox.sms
    assert (sms.receivers, sms.free_sign_name, sms.template_code, sms.sms_params) == (
        ("13800000000",), "Shop", "SMS_1", '{"code":"1"}')


def test_mns_errors_are_named_mns_code_and_caught():
    cloud = FakeCloud()
    catch = ("    Catch:\n      - Errors: [MNS.QueueNotExist]\n        Description: no queue\n"
             "        OutputConstructor:\n          code.$: $Context.Current.Error.Code\n"
             "          detail.$: $Context.Current.Error.Detail\n        Next: Done\n")
    text = then_done(machine(f"      resourceArn: {QUEUE}\n      message: x\n", extra=catch))
    execution = run(cloud, text)
    assert (execution.status, execution.output) == (
        "Succeeded", {"code": "MNS.QueueNotExist", "detail": "The queue name you provided is not exist."})
    assert rows(execution)[3:5] == [
        ("TaskFailed", "Send", {"error": "MNS.QueueNotExist", "cause": "The queue name you provided is not exist."}),
        ("StateFailed", "Send", {"error": "MNS.QueueNotExist", "cause": "The queue name you provided is not exist."})]


@pytest.mark.parametrize("params, cause", [
    ("      priority.$: $Input.p\n", "The value of Priority should between 1 and 16."),
    ("      resourceArn.$: $Input.arn\n", "Parameters.resourceArn: 'acs:mns:::/queues/orders' is not an MNS queue or "
                                          "topic ARN: expected acs:mns:{region}:{account}:/queues/{queue}/messages or "
                                          "acs:mns:{region}:{account}:/topics/{topic}/messages"),
    ("      message.$: $Input.nothing\n", "Parameters.message is required: the message body to send"),
])
def test_bad_dynamic_parameters_fail_with_mns_invalid_argument(params, cause):
    cloud = FakeCloud()
    cloud.mns.create_queue("orders")
    base = {"resourceArn": f"      resourceArn: {QUEUE}\n", "message": "      message: x\n"}
    name = params.strip().split(".$")[0]
    text = machine(params + "".join(v for k, v in base.items() if k != name))
    execution = run(cloud, text, {"p": 0, "arn": "acs:mns:::/queues/orders", "nothing": None})
    assert (execution.status, execution.error, execution.cause) == ("Failed", "MNS.InvalidArgument", cause)


def test_custom_callback_sends_the_token_in_the_message_and_waits_for_the_report():
    cloud = FakeCloud()
    cloud.mns.create_queue("orders")
    params = (f"      resourceArn: {QUEUE}\n      message:\n        token.$: $Context.Current.TaskToken\n"
              "        order.$: $Input.id\n")
    cloud.add_flow("m", machine(params, "WaitForCustomCallback"))
    execution = cloud.start("m", {"id": "o-1"})
    cloud.run_until_idle()
    assert execution.status == "Running"
    message = json.loads(cloud.receive_message("orders").body)
    assert message["order"] == "o-1"
    cloud.advance(30)
    cloud.report_task_succeeded(message["token"], {"approved": True})
    assert (execution.status, execution.output) == ("Succeeded", {"approved": True})
    assert [(t, s) for t, s, _ in rows(execution)] == [
        ("ExecutionStarted", ""), ("StateEntered", "Send"), ("StateStarted", "Send"), ("TaskSucceeded", "Send"),
        ("StateSucceeded", "Send"), ("ExecutionSucceeded", "")]
    assert execution.history[3].time == "2024-01-01T00:00:30.000Z"


def test_custom_callback_failure_reaches_the_execution():
    cloud = FakeCloud()
    cloud.mns.create_topic("news")
    params = f"      resourceArn: {TOPIC}\n      message:\n        token.$: $Context.Current.TaskToken\n"
    cloud.add_flow("m", machine(params, "WaitForCustomCallback"))
    execution = cloud.start("m", {})
    cloud.run_until_idle()
    token = json.loads(cloud.mns.published("news")[0].body)["token"]
    cloud.report_task_failed(token, "Rejected", "by a reviewer")
    assert (execution.status, execution.error, execution.cause) == ("Failed", "Rejected", "by a reviewer")


def test_unmocked_error_sends_to_a_queue_the_test_created_and_refuses_one_it_did_not():
    cloud = FakeCloud()
    router = MockRouter(cloud, unmocked="error").install()
    text = machine(f"      resourceArn: {QUEUE}\n      message: x\n")
    refused = run(cloud, text)
    assert (refused.status, refused.error) == ("Failed", "FakeCloud.Unmocked")
    assert refused.cause == (f"no mock answers step Send (attempt 0) and the test did not set up MNS:SendMessage "
                             f"{QUEUE}")
    cloud.mns.create_queue("orders")
    assert run(cloud, text).status == "Succeeded"
    assert [c.answered_by for c in router.calls] == ["unmocked", "world"]


def test_unmocked_default_creates_the_queue_on_first_use():
    cloud = FakeCloud()
    MockRouter(cloud, unmocked="default").install()
    execution = run(cloud, machine(f"      resourceArn: {QUEUE}\n      message: x\n"))
    assert execution.status == "Succeeded"
    assert [m.body for m in cloud.mns.messages("orders")] == ["x"]


def test_a_missing_queue_or_topic_is_named_for_the_strict_check():
    cloud = FakeCloud()
    (mns,) = [i for i in cloud.engine.integrations if i.name == "mns"]
    topic = type("Request", (), {"params": {"resourceArn": TOPIC}})()
    queue = type("Request", (), {"params": {"resourceArn": QUEUE}})()
    assert mns.missing(topic, "MNS.TopicNotExist") == f"MNS topic 'news' ({TOPIC}) does not exist"
    assert mns.missing(queue, "MNS.QueueNotExist") == f"MNS queue 'orders' ({QUEUE}) does not exist"
    assert mns.missing(queue, "MNS.InvalidArgument") is None
