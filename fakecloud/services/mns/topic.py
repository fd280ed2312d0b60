"""Topics and their subscriptions: endpoint forms (queue, HTTP, mail, SMS), FilterTag, NotifyStrategy and
NotifyContentFormat, and the attribute sets GetTopicAttributes / GetSubscriptionAttributes answer."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from . import attributes as attrs
from .errors import endpoint_invalid, schema_error
from .names import is_valid_name
from .notifications import FORMATS, SIMPLIFIED, XML
from .records import Delivery, PublishedMessage

QUEUE, HTTP, MAIL, SMS = "queue", "http", "mail", "sms"
STRATEGIES = ("BACKOFF_RETRY", "EXPONENTIAL_DECAY_RETRY")
_QUEUE_ENDPOINT = re.compile(r"acs:mns:([A-Za-z0-9-]*):([0-9A-Za-z]*):queues/(.+)")
_HTTP_ENDPOINT = re.compile(r"https?://[^/\s]+(/\S*)?")
_MAIL = re.compile(r"[^@\s]+@[^@\s]+")
_PHONE = re.compile(r"\+?[0-9]{5,20}")


@dataclass(frozen=True)
class Endpoint:
    """A parsed subscription endpoint. ``target`` is the queue name, URL, mail address, phone number or
    "anonymous" (an SMS endpoint whose receivers come with each message)."""
    raw: str
    kind: str
    target: str


def parse_endpoint(value: Any) -> Endpoint:
    if not isinstance(value, str) or not value:
        raise endpoint_invalid()
    m = _QUEUE_ENDPOINT.fullmatch(value)
    if m:
        if not is_valid_name("queue", m[3]):
            raise endpoint_invalid()
        return Endpoint(value, QUEUE, m[3])
    if _HTTP_ENDPOINT.fullmatch(value):
        return Endpoint(value, HTTP, value)
    if value.startswith("mail:directmail:"):
        address = value[len("mail:directmail:"):]
        if _MAIL.fullmatch(address):
            return Endpoint(value, MAIL, address)
    if value.startswith("sms:directsms:"):
        phone = value[len("sms:directsms:"):]
        if phone == "anonymous" or _PHONE.fullmatch(phone):
            return Endpoint(value, SMS, phone)
    raise endpoint_invalid()


def check_strategy(value: Any) -> str:
    if value is None:
        return STRATEGIES[0]
    if value not in STRATEGIES:
        raise schema_error("NotifyStrategy")
    return value


def check_format(value: Any, endpoint: Endpoint) -> str:
    """The content format: XML by default; mail and SMS endpoints take (and default to) SIMPLIFIED only."""
    plain = endpoint.kind in (MAIL, SMS)
    if value is None:
        return SIMPLIFIED if plain else XML
    if value not in FORMATS or (plain and value != SIMPLIFIED):
        raise schema_error("NotifyContentFormat")
    return value


@dataclass
class Subscription:
    topic_name: str
    name: str
    endpoint: Endpoint
    filter_tag: str | None
    notify_strategy: str
    notify_content_format: str
    create_time: int            # epoch seconds
    last_modify_time: int
    deliveries: list[Delivery] = field(default_factory=list)

    def same_settings(self, other: Subscription) -> bool:
        return (self.endpoint.raw, self.filter_tag, self.notify_strategy, self.notify_content_format) == \
            (other.endpoint.raw, other.filter_tag, other.notify_strategy, other.notify_content_format)

    def accepts(self, tag: str | None) -> bool:
        """FilterTag: a subscription with a tag gets only the messages published with exactly that tag."""
        return self.filter_tag is None or self.filter_tag == tag

    def set_attributes(self, given: Any, now_s: int) -> None:
        """SetSubscriptionAttributes changes NotifyStrategy only."""
        if not isinstance(given, Mapping):
            raise schema_error("Subscription")
        for key in given:
            if key != "NotifyStrategy":
                raise schema_error(key if isinstance(key, str) else "Subscription")
        if "NotifyStrategy" in given:
            self.notify_strategy = check_strategy(given["NotifyStrategy"])
        self.last_modify_time = now_s

    def get_attributes(self, owner: str) -> dict[str, Any]:
        out = {"TopicOwner": owner, "TopicName": self.topic_name, "SubscriptionName": self.name,
               "Endpoint": self.endpoint.raw, "NotifyStrategy": self.notify_strategy,
               "NotifyContentFormat": self.notify_content_format, "CreateTime": self.create_time,
               "LastModifyTime": self.last_modify_time}
        if self.filter_tag is not None:
            out["FilterTag"] = self.filter_tag
        return out


def new_subscription(topic_name: str, name: str, endpoint: Any, filter_tag: Any, notify_strategy: Any,
                     notify_content_format: Any, now_s: int) -> Subscription:
    parsed = parse_endpoint(endpoint)
    return Subscription(topic_name, name, parsed, attrs.check_tag("FilterTag", filter_tag),
                        check_strategy(notify_strategy), check_format(notify_content_format, parsed), now_s, now_s)


class Topic:
    def __init__(self, name: str, attributes: Mapping[str, Any], now_ms: int):
        self.name = name
        self.attributes: dict[str, Any] = dict(attributes)
        self.create_time = now_ms // 1000
        self.last_modify_time = now_ms // 1000
        self.subscriptions: dict[str, Subscription] = {}
        self.published: list[PublishedMessage] = []

    def set_attributes(self, given: Any, now_ms: int) -> None:
        self.attributes = attrs.topic_attributes(given, self.attributes)
        self.last_modify_time = now_ms // 1000

    def message_count(self, now_ms: int) -> int:
        """Messages published within the topic's retention period (one day)."""
        horizon = now_ms - attrs.TOPIC_RETENTION_SECONDS * 1000
        return sum(1 for p in self.published if p.publish_time > horizon)

    def get_attributes(self, now_ms: int) -> dict[str, Any]:
        return {"TopicName": self.name, "CreateTime": self.create_time, "LastModifyTime": self.last_modify_time,
                "MaximumMessageSize": self.attributes["MaximumMessageSize"],
                "MessageRetentionPeriod": attrs.TOPIC_RETENTION_SECONDS,
                "MessageCount": self.message_count(now_ms), "LoggingEnabled": self.attributes["LoggingEnabled"]}
