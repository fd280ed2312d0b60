"""Queue management: create (idempotent on equal attributes), delete, list with prefix and paging, attributes
with their documented ranges and defaults, and name rules."""
from __future__ import annotations

import pytest

from mns_support import START, raises

DEFAULTS = {"DelaySeconds": 0, "MaximumMessageSize": 65536, "MessageRetentionPeriod": 345600,
            "VisibilityTimeout": 30, "PollingWaitSeconds": 0, "LoggingEnabled": False}


def test_create_and_get_attributes(mns, clock):
    assert mns.create_queue("orders") is True
    assert mns.get_queue_attributes("orders") == {
        "QueueName": "orders", "CreateTime": START, "LastModifyTime": START, **DEFAULTS,
        "ActiveMessages": 0, "InactiveMessages": 0, "DelayMessages": 0}


def test_create_with_attributes_as_the_wire_gives_them(mns):
    mns.create_queue("q", {"VisibilityTimeout": "60", "DelaySeconds": 5, "LoggingEnabled": "True",
                           "MaximumMessageSize": 1024.0})
    got = mns.get_queue_attributes("q")
    assert (got["VisibilityTimeout"], got["DelaySeconds"], got["LoggingEnabled"], got["MaximumMessageSize"]) == \
        (60, 5, True, 1024)


def test_create_existing_same_attributes_is_no_error(mns):
    assert mns.create_queue("q", {"VisibilityTimeout": 60}) is True
    assert mns.create_queue("q", {"VisibilityTimeout": 60}) is False
    # omitted attributes compare as their defaults
    assert mns.create_queue("d") is True
    assert mns.create_queue("d", {"VisibilityTimeout": 30}) is False


def test_create_existing_different_attributes_is_409(mns):
    mns.create_queue("q", {"VisibilityTimeout": 60})
    with raises("QueueAlreadyExist", "The queue you want to create is already exist.", 409):
        mns.create_queue("q")
    with raises("QueueAlreadyExist", "The queue you want to create is already exist.", 409):
        mns.create_queue("q", {"VisibilityTimeout": 61})


@pytest.mark.parametrize("name, value, low, high, unit", [
    ("DelaySeconds", 604801, 0, 604800, " seconds"),
    ("DelaySeconds", -1, 0, 604800, " seconds"),
    ("MaximumMessageSize", 1023, 1024, 65536, " bytes"),
    ("MaximumMessageSize", 65537, 1024, 65536, " bytes"),
    ("MessageRetentionPeriod", 59, 60, 604800, " seconds"),
    ("MessageRetentionPeriod", 604801, 60, 604800, " seconds"),
    ("VisibilityTimeout", 0, 1, 43200, " seconds"),
    ("VisibilityTimeout", 43201, 1, 43200, " seconds"),
    ("PollingWaitSeconds", 31, 0, 30, " seconds"),
])
def test_attribute_ranges(mns, name, value, low, high, unit):
    with raises("InvalidArgument", f"The value of {name} should between {low} and {high}{unit}.", 400):
        mns.create_queue("q", {name: value})
    mns.create_queue("ok")
    with raises("InvalidArgument", f"The value of {name} should between {low} and {high}{unit}.", 400):
        mns.set_queue_attributes("ok", {name: value})


@pytest.mark.parametrize("attributes, element", [
    ({"VisibilityTimeout": "soon"}, "VisibilityTimeout"),
    ({"VisibilityTimeout": True}, "VisibilityTimeout"),
    ({"VisibilityTimeout": 1.5}, "VisibilityTimeout"),
    ({"VisibilityTimeout": None}, "VisibilityTimeout"),
    ({"LoggingEnabled": "yes"}, "LoggingEnabled"),
    ({"Colour": 1}, "Colour"),
    ({1: 1}, "Queue"),
    ("VisibilityTimeout=5", "Queue"),
])
def test_attribute_types_and_names(mns, attributes, element):
    with raises("InvalidArgument", "The XML you provided did not validate against our published schema, "
                                   f"cause by {element}.", 400):
        mns.create_queue("q", attributes)


def test_set_attributes_keeps_others_and_updates_modify_time(mns, clock):
    mns.create_queue("q", {"DelaySeconds": 3})
    clock.advance(10)
    mns.set_queue_attributes("q", {"VisibilityTimeout": 90, "PollingWaitSeconds": 20})
    got = mns.get_queue_attributes("q")
    assert (got["DelaySeconds"], got["VisibilityTimeout"], got["PollingWaitSeconds"]) == (3, 90, 20)
    assert (got["CreateTime"], got["LastModifyTime"]) == (START, START + 10)


def test_delete_queue(mns):
    mns.create_queue("q")
    mns.send_message("q", "x")
    mns.delete_queue("q")
    with raises("QueueNotExist", "The queue name you provided is not exist.", 404):
        mns.get_queue_attributes("q")
    with raises("QueueNotExist", "The queue name you provided is not exist.", 404):
        mns.delete_queue("q")
    assert mns.create_queue("q") is True
    assert mns.messages("q") == []


@pytest.mark.parametrize("call", [
    lambda m: m.get_queue_attributes("nope"), lambda m: m.set_queue_attributes("nope", {}),
    lambda m: m.send_message("nope", "x"), lambda m: m.batch_send_message("nope", [{"MessageBody": "x"}]),
    lambda m: m.receive_message("nope"), lambda m: m.batch_receive_message("nope", 2),
    lambda m: m.peek_message("nope"), lambda m: m.batch_peek_message("nope", 2),
    lambda m: m.delete_message("nope", "h"), lambda m: m.batch_delete_message("nope", ["h"]),
    lambda m: m.change_message_visibility("nope", "h", 10), lambda m: m.next_event_time("nope"),
    lambda m: m.messages("nope"), lambda m: m.receive_message_waiting("nope", None, 1, lambda s: None),
])
def test_every_queue_operation_reports_a_missing_queue(mns, call):
    with raises("QueueNotExist", "The queue name you provided is not exist.", 404):
        call(mns)


def test_list_queues_prefix_and_paging(mns):
    for name in ("b-2", "a-1", "b-1", "c", "b-3"):
        mns.create_queue(name)
    assert mns.list_queues().names == ("a-1", "b-1", "b-2", "b-3", "c")
    assert mns.list_queues().next_marker is None
    first = mns.list_queues(prefix="b-", ret_number=2)
    assert (first.names, first.next_marker) == (("b-1", "b-2"), "b-3")
    second = mns.list_queues(prefix="b-", ret_number=2, marker=first.next_marker)
    assert (second.names, second.next_marker) == (("b-3",), None)
    assert mns.list_queues(prefix="zzz").names == ()
    assert mns.list_queues(ret_number="1").names == ("a-1",)


@pytest.mark.parametrize("ret_number", [0, 1001])
def test_list_ret_number_range(mns, ret_number):
    with raises("InvalidArgument", "The value of x-mns-ret-number should between 1 and 1000.", 400):
        mns.list_queues(ret_number=ret_number)


def test_list_bad_prefix_and_marker(mns):
    with raises("InvalidArgument", "The XML you provided did not validate against our published schema, "
                                   "cause by x-mns-prefix.", 400):
        mns.list_queues(prefix=3)
    with raises("InvalidArgument", "The XML you provided did not validate against our published schema, "
                                   "cause by x-mns-marker.", 400):
        mns.list_queues(marker=["a"])


@pytest.mark.parametrize("name", ["a", "Q-1", "9lives", "x" * 120, "a-b-c"])
def test_valid_queue_names(mns, name):
    assert mns.create_queue(name) is True


@pytest.mark.parametrize("name", ["-a", "a_b", "a b", "ä", "a.b", None, 12, ["a"]])
def test_invalid_queue_names(mns, name):
    with raises("InvalidQueueName", "The queue name you provided is not valid.", 400):
        mns.create_queue(name)


@pytest.mark.parametrize("name", ["", "x" * 121])
def test_queue_name_length(mns, name):
    with raises("QueueNameLengthError", "The length of queue name should between 1 and 120.", 400):
        mns.create_queue(name)
    with raises("QueueNameLengthError", "The length of queue name should between 1 and 120.", 400):
        mns.send_message(name, "x")


def test_urls(mns):
    assert mns.queue_url("q") == "http://1234567890123456.mns.cn-hangzhou.aliyuncs.com/queues/q"
    assert mns.queue_endpoint("q") == "acs:mns:cn-hangzhou:1234567890123456:queues/q"


def test_reset(mns):
    mns.create_queue("q")
    mns.create_topic("t")
    mns.register_http_endpoint("http://example.com/a", lambda url, headers, body: 200)
    mns.subscribe("t", "a", "http://example.com/a")
    mns.subscribe("t", "b", "http://example.com/b")
    mns.subscribe("t", "m", "mail:directmail:user@example.com")
    mns.publish_message("t", "x", None, {"MailAttributes": {"Subject": "S", "AccountName": "a@example.com"}})
    assert (len(mns.http_handlers), len(mns.http_pushes), len(mns.outbox.mails)) == (1, 2, 1)
    mns.reset()
    assert mns.list_queues().names == () and mns.list_topics().names == ()
    assert (mns.http_handlers, mns.http_pushes, mns.outbox.mails, mns.outbox.sms) == ({}, [], [], [])
