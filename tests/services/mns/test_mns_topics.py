"""Topics and subscriptions: management and errors, FilterTag, the three notification formats exactly,
pushes into a fake queue, to HTTP handlers (or recorded), and mail/SMS into the outbox."""
from __future__ import annotations

import pytest

from fakecloud.services.mns import DELIVERED, FAILED
from mns_support import START, START_MS, md5, raises

OWNER = "1234567890123456"
QUEUE_ENDPOINT = f"acs:mns:cn-hangzhou:{OWNER}:queues/inbox"


# --- topics ---------------------------------------------------------------------------------------------------

def test_create_and_get_topic(mns, clock):
    assert mns.create_topic("news") is True
    assert mns.get_topic_attributes("news") == {
        "TopicName": "news", "CreateTime": START, "LastModifyTime": START, "MaximumMessageSize": 65536,
        "MessageRetentionPeriod": 86400, "MessageCount": 0, "LoggingEnabled": False}


def test_create_topic_twice(mns):
    mns.create_topic("t", {"MaximumMessageSize": 2048})
    assert mns.create_topic("t", {"MaximumMessageSize": "2048"}) is False
    with raises("TopicAlreadyExist", "The topic you want to create is already exist.", 409):
        mns.create_topic("t")


def test_topic_attributes(mns, clock, topic):
    clock.advance(5)
    mns.set_topic_attributes(topic, {"MaximumMessageSize": 1024, "LoggingEnabled": True})
    got = mns.get_topic_attributes(topic)
    assert (got["MaximumMessageSize"], got["LoggingEnabled"], got["LastModifyTime"]) == (1024, True, START + 5)
    with raises("InvalidArgument", "The value of MaximumMessageSize should between 1024 and 65536 bytes.", 400):
        mns.set_topic_attributes(topic, {"MaximumMessageSize": 65537})
    with raises("InvalidArgument", "The XML you provided did not validate against our published schema, "
                                   "cause by MessageRetentionPeriod.", 400):
        mns.set_topic_attributes(topic, {"MessageRetentionPeriod": 60})


def test_message_count_is_messages_within_a_day(mns, clock, topic):
    mns.publish_message(topic, "a")
    clock.advance(86399)
    mns.publish_message(topic, "b")
    assert mns.get_topic_attributes(topic)["MessageCount"] == 2
    clock.advance(1)
    assert mns.get_topic_attributes(topic)["MessageCount"] == 1


def test_delete_topic_and_missing_topics(mns, topic):
    mns.subscribe(topic, "s", "http://example.com/hook")
    mns.delete_topic(topic)
    missing = ("TopicNotExist", "The topic name you provided is not exist.", 404)
    for call in (lambda: mns.get_topic_attributes(topic), lambda: mns.set_topic_attributes(topic, {}),
                 lambda: mns.delete_topic(topic), lambda: mns.publish_message(topic, "x"),
                 lambda: mns.subscribe(topic, "s", "http://example.com/hook"), lambda: mns.unsubscribe(topic, "s"),
                 lambda: mns.list_subscriptions(topic), lambda: mns.get_subscription_attributes(topic, "s"),
                 lambda: mns.set_subscription_attributes(topic, "s", {}), lambda: mns.published(topic),
                 lambda: mns.deliveries(topic, "s"), lambda: mns.publish_for_task(topic, {"MessageBody": "x"})):
        with raises(*missing):
            call()
    assert mns.create_topic(topic) is True
    assert mns.list_subscriptions(topic).names == ()


def test_list_topics(mns):
    for name in ("t-b", "t-a", "u"):
        mns.create_topic(name)
    page = mns.list_topics(prefix="t-", ret_number=1)
    assert (page.names, page.next_marker) == (("t-a",), "t-b")
    assert mns.list_topics(marker="t-b").names == ("t-b", "u")


@pytest.mark.parametrize("name, code, message", [
    ("bad name", "TopicNameInvalid", "The topic name you provided is not valid."),
    ("-x", "TopicNameInvalid", "The topic name you provided is not valid."),
    (7, "TopicNameInvalid", "The topic name you provided is not valid."),
    ("", "TopicNameLengthError", "The length of topic name should between 1 and 255."),
    ("t" * 256, "TopicNameLengthError", "The length of topic name should between 1 and 255."),
])
def test_topic_names(mns, name, code, message):
    with raises(code, message, 400):
        mns.create_topic(name)
    assert mns.create_topic("t" * 255) is True


# --- subscriptions --------------------------------------------------------------------------------------------

def test_subscribe_and_get(mns, clock, topic):
    assert mns.subscribe(topic, "to-inbox", QUEUE_ENDPOINT, filter_tag="important") is True
    assert mns.get_subscription_attributes(topic, "to-inbox") == {
        "TopicOwner": OWNER, "TopicName": "news", "SubscriptionName": "to-inbox", "Endpoint": QUEUE_ENDPOINT,
        "NotifyStrategy": "BACKOFF_RETRY", "NotifyContentFormat": "XML", "CreateTime": START,
        "LastModifyTime": START, "FilterTag": "important"}
    mns.subscribe(topic, "plain", "http://example.com/x", notify_content_format="JSON",
                  notify_strategy="EXPONENTIAL_DECAY_RETRY")
    got = mns.get_subscription_attributes(topic, "plain")
    assert "FilterTag" not in got
    assert (got["NotifyStrategy"], got["NotifyContentFormat"]) == ("EXPONENTIAL_DECAY_RETRY", "JSON")


def test_subscribe_twice(mns, topic):
    mns.subscribe(topic, "s", QUEUE_ENDPOINT)
    assert mns.subscribe(topic, "s", QUEUE_ENDPOINT, notify_content_format="XML") is False
    with raises("SubscriptionAlreadyExist", "The subscription you want to create is already exist.", 409):
        mns.subscribe(topic, "s", QUEUE_ENDPOINT, filter_tag="x")


def test_set_subscription_attributes_changes_strategy_only(mns, clock, topic):
    mns.subscribe(topic, "s", QUEUE_ENDPOINT)
    clock.advance(3)
    mns.set_subscription_attributes(topic, "s", {"NotifyStrategy": "EXPONENTIAL_DECAY_RETRY"})
    got = mns.get_subscription_attributes(topic, "s")
    assert (got["NotifyStrategy"], got["LastModifyTime"]) == ("EXPONENTIAL_DECAY_RETRY", START + 3)
    for attributes, element in (({"Endpoint": "http://x.com"}, "Endpoint"), ({"NotifyStrategy": "NOW"},
                                "NotifyStrategy"), ("x", "Subscription")):
        with raises("InvalidArgument", "The XML you provided did not validate against our published schema, "
                                       f"cause by {element}.", 400):
            mns.set_subscription_attributes(topic, "s", attributes)


def test_unsubscribe_and_missing_subscriptions(mns, topic):
    mns.subscribe(topic, "s", QUEUE_ENDPOINT)
    mns.unsubscribe(topic, "s")
    missing = ("SubscriptionNotExist", "The subscription name you provided is not exist.", 404)
    for call in (lambda: mns.unsubscribe(topic, "s"), lambda: mns.get_subscription_attributes(topic, "s"),
                 lambda: mns.set_subscription_attributes(topic, "s", {}), lambda: mns.deliveries(topic, "s")):
        with raises(*missing):
            call()


def test_list_subscriptions(mns, topic):
    for name in ("b", "a", "c"):
        mns.subscribe(topic, name, QUEUE_ENDPOINT)
    page = mns.list_subscriptions(topic, ret_number=2)
    assert (page.names, page.next_marker) == (("a", "b"), "c")
    assert mns.list_subscriptions(topic, prefix="c").names == ("c",)


@pytest.mark.parametrize("name, code, message", [
    ("a_b", "SubscriptionNameInvalid", "The subscription name you provided is not valid."),
    ("", "SubscriptionNameLengthError", "The length of subscription name should between 1 and 255."),
    ("s" * 256, "SubscriptionNameLengthError", "The length of subscription name should between 1 and 255."),
])
def test_subscription_names(mns, topic, name, code, message):
    with raises(code, message, 400):
        mns.subscribe(topic, name, QUEUE_ENDPOINT)


def test_subscription_names_are_checked_before_the_topic_exists(mns):
    invalid = ("SubscriptionNameInvalid", "The subscription name you provided is not valid.", 400)
    for call in (lambda: mns.subscribe("missing", "a_b", QUEUE_ENDPOINT), lambda: mns.unsubscribe("missing", "a_b"),
                 lambda: mns.get_subscription_attributes("missing", "a_b"),
                 lambda: mns.set_subscription_attributes("missing", "a_b", {}),
                 lambda: mns.deliveries("missing", "a_b")):
        with raises(*invalid):
            call()
    with raises("TopicNameInvalid", "The topic name you provided is not valid.", 400):
        mns.subscribe("bad topic", "a_b", QUEUE_ENDPOINT)


@pytest.mark.parametrize("endpoint", [
    "ftp://example.com", "http://", "acs:mns:cn-hangzhou:1:queues/bad_name", "acs:mns:cn-hangzhou:1:topics/t",
    "mail:directmail:nobody", "sms:directsms:call-me", "queue", "", None, 3])
def test_invalid_endpoints(mns, topic, endpoint):
    with raises("EndpointInvalid", "The endpoint you provided is not valid.", 400):
        mns.subscribe(topic, "s", endpoint)


def test_subscription_settings_are_checked(mns, topic):
    with raises("InvalidArgument", "The value of FilterTag should between 1 and 16 characters.", 400):
        mns.subscribe(topic, "s", QUEUE_ENDPOINT, filter_tag="x" * 17)
    schema = "The XML you provided did not validate against our published schema, cause by {}."
    with raises("InvalidArgument", schema.format("NotifyStrategy"), 400):
        mns.subscribe(topic, "s", QUEUE_ENDPOINT, notify_strategy="ALWAYS")
    with raises("InvalidArgument", schema.format("NotifyContentFormat"), 400):
        mns.subscribe(topic, "s", QUEUE_ENDPOINT, notify_content_format="YAML")
    with raises("InvalidArgument", schema.format("NotifyContentFormat"), 400):
        mns.subscribe(topic, "s", "mail:directmail:a@example.com", notify_content_format="XML")
    with raises("InvalidArgument", schema.format("FilterTag"), 400):
        mns.subscribe(topic, "s", QUEUE_ENDPOINT, filter_tag=5)


def test_mail_and_sms_default_to_simplified(mns, topic):
    mns.subscribe(topic, "m", "mail:directmail:a@example.com")
    mns.subscribe(topic, "t", "sms:directsms:anonymous")
    assert mns.get_subscription_attributes(topic, "m")["NotifyContentFormat"] == "SIMPLIFIED"
    assert mns.get_subscription_attributes(topic, "t")["NotifyContentFormat"] == "SIMPLIFIED"


# --- publishing -----------------------------------------------------------------------------------------------

def test_publish_answers_id_and_md5(mns, topic, clock):
    result = mns.publish_message(topic, "hello", "t1")
    assert result.as_dict() == {"MessageId": "message-1", "MessageBodyMD5": md5("hello")}
    assert result.deliveries == ()
    published = mns.published(topic)[0]
    assert (published.body, published.tag, published.publish_time, published.attributes) == \
        ("hello", "t1", START_MS, None)


def test_publish_limits(mns, topic):
    with raises("InvalidArgument", "The value of MessageBody should between 1 and 65536 bytes.", 400):
        mns.publish_message(topic, "x" * 65537)
    with raises("InvalidArgument", "The value of MessageBody should between 1 and 65536 bytes.", 400):
        mns.publish_message(topic, "")
    with raises("InvalidArgument", "The value of MessageTag should between 1 and 16 characters.", 400):
        mns.publish_message(topic, "x", "t" * 17)
    with raises("InvalidArgument", "The XML you provided did not validate against our published schema, "
                                   "cause by MessageBody.", 400):
        mns.publish_message(topic, {"a": 1})
    mns.publish_message(topic, "x", "t" * 16)


MESSAGE = '{"a":"<b> & c"}'
XML_BODY = ('<?xml version="1.0" encoding="UTF-8"?>\n<Notification xmlns="http://mns.aliyuncs.com/doc/v1/">'
            f'<TopicOwner>{OWNER}</TopicOwner><TopicName>news</TopicName><Subscriber>{OWNER}</Subscriber>'
            '<SubscriptionName>to-inbox</SubscriptionName><MessageId>message-1</MessageId>'
            '<Message>{"a":"&lt;b&gt; &amp; c"}</Message>'
            f'<MessageMD5>{md5(MESSAGE)}</MessageMD5><MessageTag>important</MessageTag>'
            f'<PublishTime>{START_MS + 1500}</PublishTime></Notification>')


def test_queue_subscriber_gets_the_xml_notification(mns, topic, clock):
    mns.create_queue("inbox")
    mns.subscribe(topic, "to-inbox", QUEUE_ENDPOINT)
    clock.advance(1.5)
    result = mns.publish_message(topic, MESSAGE, "important")
    (delivery,) = result.deliveries
    assert (delivery.status, delivery.kind, delivery.queue_message_id, delivery.content_format) == \
        (DELIVERED, "queue", "message-2", "XML")
    assert delivery.body == XML_BODY
    got = mns.receive_message("inbox")
    assert (got.message_id, got.body, got.body_md5, got.priority, got.enqueue_time) == \
        ("message-2", XML_BODY, md5(XML_BODY), 8, START_MS + 1500)
    assert mns.deliveries(topic, "to-inbox") == [delivery]


def test_json_notification(mns, topic, clock):
    mns.create_queue("inbox")
    mns.subscribe(topic, "to-inbox", QUEUE_ENDPOINT, notify_content_format="JSON")
    text = 'say "hi" — ok'
    mns.publish_message(topic, text, "t")
    assert mns.receive_message("inbox").body == (
        f'{{"TopicOwner":"{OWNER}","TopicName":"news","Subscriber":"{OWNER}","SubscriptionName":"to-inbox",'
        f'"MessageId":"message-1","Message":"say \\"hi\\" — ok","MessageMD5":"{md5(text)}",'
        f'"MessageTag":"t","PublishTime":"{START_MS}"}}')


def test_notifications_without_a_tag_leave_it_out(mns, topic):
    mns.create_queue("inbox")
    mns.subscribe(topic, "x", QUEUE_ENDPOINT)
    mns.subscribe(topic, "j", QUEUE_ENDPOINT, notify_content_format="JSON")
    mns.publish_message(topic, "m")
    xml, json_body = (m.body for m in mns.batch_receive_message("inbox", 2))
    assert "MessageTag" not in xml and "MessageTag" not in json_body
    assert json_body.endswith(f'"MessageMD5":"{md5("m")}","PublishTime":"{START_MS}"}}')


def test_simplified_notification_is_the_body(mns, topic):
    mns.create_queue("inbox")
    mns.subscribe(topic, "s", QUEUE_ENDPOINT, notify_content_format="SIMPLIFIED")
    mns.publish_message(topic, "eyJoZWxsbyI6IndvcmxkIn0=")
    got = mns.receive_message("inbox")
    assert (got.body, got.body_md5) == ("eyJoZWxsbyI6IndvcmxkIn0=", md5("eyJoZWxsbyI6IndvcmxkIn0="))


def test_filter_tag(mns, topic):
    mns.create_queue("inbox")
    mns.subscribe(topic, "tagged", QUEUE_ENDPOINT, filter_tag="red", notify_content_format="SIMPLIFIED")
    mns.subscribe(topic, "all", QUEUE_ENDPOINT, notify_content_format="SIMPLIFIED")
    mns.publish_message(topic, "red-1", "red")
    mns.publish_message(topic, "blue-1", "blue")
    mns.publish_message(topic, "untagged")
    assert [d.body for d in mns.deliveries(topic, "tagged")] == ["red-1"]
    assert [d.body for d in mns.deliveries(topic, "all")] == ["red-1", "blue-1", "untagged"]
    assert [m.body for m in mns.batch_receive_message("inbox", 16)] == ["red-1", "red-1", "blue-1", "untagged"]


def test_push_into_a_missing_queue_fails_the_delivery_only(mns, topic):
    mns.subscribe(topic, "s", "acs:mns:cn-beijing:999:queues/nowhere")
    result = mns.publish_message(topic, "x")
    (delivery,) = result.deliveries
    assert (delivery.status, delivery.error, delivery.ok) == \
        (FAILED, "QueueNotExist: The queue name you provided is not exist.", False)


def test_push_larger_than_the_queue_allows_fails(mns, topic):
    mns.create_queue("inbox", {"MaximumMessageSize": 1024})
    mns.subscribe(topic, "s", QUEUE_ENDPOINT)
    (delivery,) = mns.publish_message(topic, "x" * 1000).deliveries
    assert (delivery.status, delivery.error) == \
        (FAILED, "InvalidArgument: The value of MessageBody should between 1 and 1024 bytes.")
    assert mns.messages("inbox") == []


def test_push_uses_the_queue_delay(mns, topic):
    mns.create_queue("inbox", {"DelaySeconds": 5})
    mns.subscribe(topic, "s", QUEUE_ENDPOINT)
    mns.publish_message(topic, "x")
    assert mns.messages("inbox")[0].state.value == "Delayed"
