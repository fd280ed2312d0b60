"""What flow task steps call: send_for_task and publish_for_task, and the Go-style JSON text of a
non-string MessageBody."""
from __future__ import annotations

import pytest

from fakecloud.services.mns import MnsError
from fakecloud.services.mns.gojson import dumps
from fakecloud.services.mns.integration import message_body_text
from mns_support import md5, raises

SCHEMA = "The XML you provided did not validate against our published schema, cause by {}."


def test_send_for_task_with_the_mapped_input(mns, q):
    out = mns.send_for_task(q, {"MessageBody": {"key_1": "value_1", "key_2": "value"}, "DelaySeconds": 0,
                                "Priority": 1})
    body = '{"key_1":"value_1","key_2":"value"}'
    assert out == {"MessageId": "message-1", "MessageBodyMD5": md5(body), "RequestId": "request-1"}
    assert list(out) == ["MessageId", "MessageBodyMD5", "RequestId"]
    got = mns.receive_message(q)
    assert (got.body, got.priority) == (body, 1)


def test_send_for_task_wait_for_callback_body_carries_the_token(mns, q):
    mns.send_for_task(q, {"MessageBody": {"task_token": "my-token-1", "key": "value"}, "Priority": 1})
    assert mns.receive_message(q).body == '{"task_token":"my-token-1","key":"value"}'


def test_send_for_task_string_body_and_defaults(mns, q, clock):
    mns.send_for_task(q, {"MessageBody": "plain", "DelaySeconds": 3.0})
    snap = mns.messages(q)[0]
    assert (snap.body, snap.priority, snap.state.value) == ("plain", 8, "Delayed")


def test_send_for_task_errors_carry_the_request_id(mns, q):
    with pytest.raises(MnsError) as info:
        mns.send_for_task(q, {"MessageBody": "x", "Priority": 0})
    e = info.value
    assert (e.code, e.message, e.status, e.request_id) == (
        "InvalidArgument", "The value of Priority should between 1 and 16.", 400, "request-1")
    assert (e.flow_error, e.cause) == ("MNS.InvalidArgument", "The value of Priority should between 1 and 16.")
    assert e.body() == {"Code": "InvalidArgument", "Message": "The value of Priority should between 1 and 16.",
                        "RequestId": "request-1", "HostId": ""}
    with raises("QueueNotExist", "The queue name you provided is not exist.", 404):
        mns.send_for_task("missing", {"MessageBody": "x"})


@pytest.mark.parametrize("params, element", [
    ({}, "MessageBody"), ({"MessageBody": None}, "MessageBody"), ("MessageBody", "serviceParams"),
    ({"MessageBody": {"x": float("nan")}}, "MessageBody"), ({"MessageBody": {"x": {1, 2}}}, "MessageBody"),
    ({"MessageBody": {1: "x"}}, "MessageBody"),
])
def test_send_for_task_bad_params(mns, q, params, element):
    with raises("InvalidArgument", SCHEMA.format(element), 400):
        mns.send_for_task(q, params)


def test_publish_for_task_into_a_queue_subscriber(mns):
    mns.create_topic("news")
    mns.create_queue("inbox")
    mns.subscribe("news", "s", mns.queue_endpoint("inbox"), notify_content_format="SIMPLIFIED")
    out = mns.publish_for_task("news", {"MessageBody": {"taskToken": "tt-1", "n": 1}, "MessageTag": "t"})
    body = '{"taskToken":"tt-1","n":1}'
    assert out == {"MessageId": "message-1", "RequestId": "request-1", "MessageBodyMD5": md5(body)}
    assert list(out) == ["MessageId", "RequestId", "MessageBodyMD5"]
    got = mns.receive_message("inbox")
    assert (got.message_id, got.body) == ("message-2", body)


def test_publish_for_task_with_mail_attributes(mns):
    mns.create_topic("news")
    mns.subscribe("news", "m", "mail:directmail:user@example.com")
    attributes = {"MailAttributes": {"Subject": "S", "AccountName": "a@example.com", "AddressType": 0,
                                     "IsHTML": True, "ReplyToAddress": 0}}
    mns.publish_for_task("news", {"MessageBody": "hello", "MessageAttributes": attributes})
    assert (mns.outbox.mails[0].subject, mns.outbox.mails[0].body) == ("S", "hello")


def test_publish_for_task_errors(mns):
    with pytest.raises(MnsError) as info:
        mns.publish_for_task("news", {"MessageBody": "x"})
    assert (info.value.code, info.value.request_id) == ("TopicNotExist", "request-1")
    mns.create_topic("news")
    with raises("InvalidArgument", SCHEMA.format("MessageBody"), 400):
        mns.publish_for_task("news", {"MessageTag": "t"})


@pytest.mark.parametrize("value, text", [
    ({"a": 1}, '{"a":1}'),
    ({"b": 2, "a": 1}, '{"b":2,"a":1}'),                       # given order, not sorted
    ([1, "two", None, True, False], '[1,"two",null,true,false]'),
    ({"html": "<a href='x'>&</a>"}, '{"html":"\\u003ca href=\'x\'\\u003e\\u0026\\u003c/a\\u003e"}'),
    ({"text": "é中✓"}, '{"text":"é中✓"}'),
    ({"ctl": "a\nb\tc\r\x01\x1f\b\f\"\\"}, '{"ctl":"a\\nb\\tc\\r\\u0001\\u001f\\b\\f\\"\\\\"}'),
    ({"sep": "\u2028\u2029"}, '{"sep":"\\u2028\\u2029"}'),
    (1.0, "1"), (2.5, "2.5"), (-0.0, "-0"), (0.0, "0"), (1e20, "100000000000000000000"), (1e21, "1e+21"),
    (1.5e-7, "1.5e-7"), (1e-6, "0.000001"), (0.00001, "0.00001"), (1.2e-10, "1.2e-10"), (-3e25, "-3e+25"),
    (123456789012345678901.0, "123456789012345680000"), (10 ** 20, "100000000000000000000"),
    ((1, 2), "[1,2]"), ({}, "{}"), ([], "[]"), ("s", '"s"'),
])
def test_go_json(value, text):
    assert dumps(value) == text


def test_message_body_text():
    assert message_body_text("as is {") == "as is {"
    assert message_body_text({"k": [1, 2.0]}) == '{"k":[1,2]}'
