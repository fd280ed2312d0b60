"""Topic and subscription operations: CreateTopic, SetTopicAttributes, GetTopicAttributes, DeleteTopic,
ListTopic, PublishMessage, Subscribe, SetSubscriptionAttributes, GetSubscriptionAttributes, Unsubscribe and
ListSubscriptionByTopic."""
from __future__ import annotations

from typing import Any

from ...services.mns.errors import schema_error
from . import xml
from .call import Call, Reply
from .queues import create_or_override, list_answer, paging

PUBLISH_ELEMENTS = ("MessageBody", "MessageTag", "MessageAttributes")
SUBSCRIPTION_ELEMENTS = ("Endpoint", "NotifyStrategy", "FilterTag", "NotifyContentFormat")


def topic_url(call: Call, name: str) -> str:
    return f"{call.endpoint}/topics/{name}"


def subscription_url(call: Call, topic: str, name: str) -> str:
    return f"{call.endpoint}/topics/{topic}/subscriptions/{name}"


# --- topics (called with the app's lock held) --------------------------------------------------------------------

def put_topic(mns, call: Call, name: str) -> Reply:
    """CreateTopic or, with metaoverride=true, SetTopicAttributes."""
    return create_or_override(call, name, "Topic", mns.create_topic, mns.set_topic_attributes, topic_url)


def get_topic(mns, call: Call, name: str) -> Reply:
    call.allow()
    return Reply(200, xml.document("Topic", mns.get_topic_attributes(name)))


def delete_topic(mns, call: Call, name: str) -> Reply:
    call.allow()
    mns.delete_topic(name)
    return Reply(204)


def list_topics(mns, call: Call) -> Reply:
    return list_answer(call, "Topic", mns.list_topics, topic_url, mns.get_topic_attributes)


def publish(mns, call: Call, topic: str) -> Reply:
    """PublishMessage (201): the message is pushed at once to every subscription that accepts its tag."""
    call.allow()
    given = xml.fields(xml.parse(call.body, "Message"))
    for name in given:
        if name not in PUBLISH_ELEMENTS:
            raise schema_error(name)
    if "MessageBody" not in given:
        raise schema_error("MessageBody")
    body = given["MessageBody"]
    tag = given.get("MessageTag")
    attributes = given.get("MessageAttributes")
    if not isinstance(body, str):
        raise schema_error("MessageBody")
    if tag is not None and not isinstance(tag, str):
        raise schema_error("MessageTag")
    if attributes is not None and not isinstance(attributes, dict):
        raise schema_error("MessageAttributes")
    result = mns.publish_message(topic, body, tag or None, attributes)
    return Reply(201, xml.document("Message", result.as_dict()))


# --- subscriptions -----------------------------------------------------------------------------------------------

def _subscription_body(call: Call) -> dict[str, Any]:
    given = xml.fields(xml.parse(call.body, "Subscription")) if call.has_body() else {}
    for name, value in given.items():
        if name not in SUBSCRIPTION_ELEMENTS or not isinstance(value, str):
            raise schema_error(name)
    return given


def put_subscription(mns, call: Call, topic: str, name: str) -> Reply:
    """Subscribe (201, or 204 when it exists with the same settings) or, with metaoverride=true,
    SetSubscriptionAttributes (204; NotifyStrategy only)."""
    call.allow("metaoverride")
    override = call.flag("metaoverride")
    given = _subscription_body(call)
    if override:
        mns.set_subscription_attributes(topic, name, given)
        return Reply(204)
    created = mns.subscribe(topic, name, given.get("Endpoint"), filter_tag=given.get("FilterTag") or None,
                            notify_strategy=given.get("NotifyStrategy") or None,
                            notify_content_format=given.get("NotifyContentFormat") or None)
    return Reply(201 if created else 204, headers={"Location": subscription_url(call, topic, name)})


def get_subscription(mns, call: Call, topic: str, name: str) -> Reply:
    call.allow()
    return Reply(200, xml.document("Subscription", mns.get_subscription_attributes(topic, name)))


def unsubscribe(mns, call: Call, topic: str, name: str) -> Reply:
    call.allow()
    mns.unsubscribe(topic, name)
    return Reply(204)


def list_subscriptions(mns, call: Call, topic: str) -> Reply:
    call.allow()
    page = mns.list_subscriptions(topic, **paging(call))
    entries = [{"SubscriptionURL": subscription_url(call, topic, name)} for name in page.names]
    return Reply(200, xml.document_list("Subscriptions", "Subscription", entries,
                                        {"NextMarker": page.next_marker}))
