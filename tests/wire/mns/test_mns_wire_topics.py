"""Topic and subscription operations through aliyun-mns-sdk, against the server and in-process: CreateTopic,
GetTopicAttributes, SetTopicAttributes, DeleteTopic, ListTopic, Subscribe, GetSubscriptionAttributes,
SetSubscriptionAttributes, Unsubscribe, ListSubscriptionByTopic, PublishMessage (to queue, HTTP, mail and SMS
endpoints), and their errors."""
from __future__ import annotations

import base64
import hashlib
import json
import xml.etree.ElementTree as ET

import pytest
from mns.mns_exception import MNSServerException
from mns.queue import QueueMeta
from mns.subscription import SubscriptionMeta
from mns.topic import Base64TopicMessage, DirectMailInfo, DirectSMSInfo, TopicMessage, TopicMeta

from mns_wire_support import ACCOUNT_ID

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
NS = "{http://mns.aliyuncs.com/doc/v1/}"


def server_error(call, *args) -> MNSServerException:
    with pytest.raises(MNSServerException) as info:
        call(*args)
    return info.value


def queue_endpoint(name: str) -> str:
    return f"acs:mns:cn-hangzhou:{ACCOUNT_ID}:queues/{name}"


@pytest.fixture
def topic(account):
    t = account.get_topic("events")
    t.create(TopicMeta())
    return t


# --- topics -----------------------------------------------------------------------------------------------------

def test_create_get_set_delete_topic(target, account):
    t = account.get_topic("news")
    assert t.create(TopicMeta()) == f"{target.host}/topics/news"
    assert t.create(TopicMeta()) == f"{target.host}/topics/news"          # same attributes: 204, same URL
    meta = t.get_attributes()
    assert (meta.topic_name, meta.maximum_message_size, meta.message_retention_period, meta.message_count,
            meta.logging_enabled) == ("news", 65536, 86400, 0, False)
    t.set_attributes(TopicMeta(maximum_message_size=2048, logging_enabled=True))
    meta = t.get_attributes()
    assert (meta.maximum_message_size, meta.logging_enabled) == (2048, True)
    e = server_error(t.create, TopicMeta(maximum_message_size=4096))
    assert (e.type, e.message) == ("TopicAlreadyExist", "The topic you want to create is already exist.")
    t.delete()
    e = server_error(t.get_attributes)
    assert (e.type, e.message) == ("TopicNotExist", "The topic name you provided is not exist.")


def test_list_topics(target, account):
    for name in ("t-b", "t-a", "other"):
        account.get_topic(name).create(TopicMeta())
    assert account.list_topic() == ([f"{target.host}/topics/{n}" for n in ("other", "t-a", "t-b")], "")
    assert account.list_topic(prefix="t-", ret_number=1) == ([f"{target.host}/topics/t-a"], "t-b")


def test_publish_counts_messages(topic):
    result = topic.publish_message(TopicMessage("hello"))
    assert result.message_body_md5 == hashlib.md5(b"hello").hexdigest().upper()
    assert len(result.message_id) == 32
    assert topic.get_attributes().message_count == 1


def test_publish_to_a_missing_topic(account):
    e = server_error(account.get_topic("nope").publish_message, TopicMessage("x"))
    assert e.type == "TopicNotExist"


# --- subscriptions ----------------------------------------------------------------------------------------------

def test_subscribe_get_set_list_unsubscribe(target, account, topic):
    sub = account.get_subscription("events", "to-inbox")
    url = sub.subscribe(SubscriptionMeta(queue_endpoint("inbox"), filter_tag="vip"))
    assert url == f"{target.host}/topics/events/subscriptions/to-inbox"
    assert sub.subscribe(SubscriptionMeta(queue_endpoint("inbox"), filter_tag="vip")) == url   # same: 204
    meta = sub.get_attributes()
    assert (meta.topic_owner, meta.topic_name, meta.subscription_name, meta.endpoint, meta.filter_tag,
            meta.notify_strategy, meta.notify_content_format) == (
        ACCOUNT_ID, "events", "to-inbox", queue_endpoint("inbox"), "vip", "BACKOFF_RETRY", "XML")
    sub.set_attributes(SubscriptionMeta(notify_strategy="EXPONENTIAL_DECAY_RETRY"))
    assert sub.get_attributes().notify_strategy == "EXPONENTIAL_DECAY_RETRY"
    e = server_error(sub.subscribe, SubscriptionMeta(queue_endpoint("other")))
    assert (e.type, e.message) == ("SubscriptionAlreadyExist",
                                   "The subscription you want to create is already exist.")
    account.get_subscription("events", "a-first").subscribe(SubscriptionMeta("http://example.com/hook"))
    assert topic.list_subscription() == ([f"{target.host}/topics/events/subscriptions/a-first", url], "")
    assert topic.list_subscription(ret_number=1) == ([f"{target.host}/topics/events/subscriptions/a-first"],
                                                     "to-inbox")
    sub.unsubscribe()
    e = server_error(sub.get_attributes)
    assert (e.type, e.message) == ("SubscriptionNotExist", "The subscription name you provided is not exist.")


def test_subscribe_with_a_bad_endpoint(account, topic):
    e = server_error(account.get_subscription("events", "s").subscribe, SubscriptionMeta("ftp://nowhere"))
    assert (e.type, e.message) == ("EndpointInvalid", "The endpoint you provided is not valid.")


def test_subscribe_to_a_missing_topic(account):
    e = server_error(account.get_subscription("nope", "s").subscribe, SubscriptionMeta(queue_endpoint("q")))
    assert e.type == "TopicNotExist"


# --- publishing to endpoints --------------------------------------------------------------------------------------

def test_publish_to_a_queue_subscriber_as_xml_notification(target, account, topic):
    inbox = account.get_queue("inbox")
    inbox.create(QueueMeta())
    inbox.set_encoding(False)
    account.get_subscription("events", "s").subscribe(SubscriptionMeta(queue_endpoint("inbox")))
    published = topic.publish_message(TopicMessage("order <7>", message_tag="new"))
    got = inbox.receive_message()
    note = ET.fromstring(got.message_body)
    assert note.tag == f"{NS}Notification"
    fields = {child.tag[len(NS):]: child.text for child in note}
    assert fields["TopicOwner"] == ACCOUNT_ID and fields["TopicName"] == "events"
    assert fields["SubscriptionName"] == "s" and fields["MessageTag"] == "new"
    assert (fields["MessageId"], fields["Message"]) == (published.message_id, "order <7>")
    assert fields["MessageMD5"] == published.message_body_md5


def test_base64_topic_message_reaches_a_decoding_queue_client_simplified(account, topic):
    """SIMPLIFIED pushes the body alone: a Base64TopicMessage arrives as the base64 text the queue client's
    default decoding expects."""
    inbox = account.get_queue("inbox")
    inbox.create(QueueMeta())
    account.get_subscription("events", "s").subscribe(
        SubscriptionMeta(queue_endpoint("inbox"), notify_content_format="SIMPLIFIED"))
    topic.publish_message(Base64TopicMessage("你好, queue"))
    assert inbox.receive_message().message_body == "你好, queue".encode("utf-8")


def test_filter_tag_lets_only_its_tag_through(account, topic):
    inbox = account.get_queue("inbox")
    inbox.create(QueueMeta())
    inbox.set_encoding(False)
    account.get_subscription("events", "vip-only").subscribe(
        SubscriptionMeta(queue_endpoint("inbox"), notify_content_format="SIMPLIFIED", filter_tag="vip"))
    topic.publish_message(TopicMessage("plain"))
    topic.publish_message(TopicMessage("special", message_tag="vip"))
    assert [m.message_body for m in inbox.batch_receive_message(16)] == ["special"]


def test_publish_to_an_http_subscriber_is_recorded(target, account, topic):
    account.get_subscription("events", "hook").subscribe(
        SubscriptionMeta("http://example.com/hook", notify_content_format="JSON"))
    topic.publish_message(TopicMessage("ping"))
    with target.world() as cloud:
        push, = cloud.mns.http_pushes
    assert push.url == "http://example.com/hook" and not push.handled
    assert json.loads(push.body)["Message"] == "ping"


def test_direct_mail_lands_in_the_outbox(target, account, topic):
    account.get_subscription("events", "mail").subscribe(SubscriptionMeta("mail:directmail:someone@example.com"))
    mail_info = DirectMailInfo("noreply@mail.example.com", "Your order", 0, 1, 0)
    topic.publish_message(TopicMessage("<b>shipped</b>", direct_mail=mail_info))
    with target.world() as cloud:
        mail, = cloud.mns.outbox.mails
    assert (mail.to_address, mail.subject, mail.account_name, mail.body, mail.is_html) == (
        "someone@example.com", "Your order", "noreply@mail.example.com", "<b>shipped</b>", True)
    assert (mail.topic_name, mail.subscription_name) == ("events", "mail")


def test_direct_sms_lands_in_the_outbox(target, account, topic):
    account.get_subscription("events", "sms").subscribe(SubscriptionMeta("sms:directsms:anonymous"))
    sms_info = DirectSMSInfo("MyShop", "SMS_0001", single=True)
    sms_info.add_receiver("13800000000")
    sms_info.set_params({"code": "1234"})
    topic.publish_message(TopicMessage("unused", direct_sms=sms_info))
    with target.world() as cloud:
        sms, = cloud.mns.outbox.sms
    assert (sms.receivers, sms.free_sign_name, sms.template_code, sms.sms_type) == (
        ("13800000000",), "MyShop", "SMS_0001", "singleContent")
    assert json.loads(sms.sms_params) == {"code": "1234"}


def test_mail_push_without_mail_attributes_fails_the_delivery_only(target, account, topic):
    account.get_subscription("events", "mail").subscribe(SubscriptionMeta("mail:directmail:someone@example.com"))
    topic.publish_message(TopicMessage("no attributes"))                 # the publish itself succeeds
    with target.world() as cloud:
        delivery, = cloud.mns.deliveries("events", "mail")
        assert cloud.mns.outbox.mails == []
    assert not delivery.ok


def test_published_bodies_are_stored_verbatim(target, topic):
    topic.publish_message(Base64TopicMessage("raw"))
    with target.world() as cloud:
        published, = cloud.mns.published("events")
    assert published.body == base64.b64encode(b"raw").decode()
