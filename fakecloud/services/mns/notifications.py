"""What a topic pushes to a queue or HTTP endpoint, in a subscription's NotifyContentFormat: XML (a
``<Notification>`` document), JSON (one object) or SIMPLIFIED (the message body alone), plus the request
headers of an HTTP push."""
from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from email.utils import formatdate
from types import MappingProxyType
from xml.sax.saxutils import escape

XML, JSON, SIMPLIFIED = "XML", "JSON", "SIMPLIFIED"
FORMATS = (XML, JSON, SIMPLIFIED)
NAMESPACE = "http://mns.aliyuncs.com/doc/v1/"
API_VERSION = "2015-06-06"


@dataclass(frozen=True)
class Notification:
    """The fields of one pushed notification, in the service's order."""
    topic_owner: str
    topic_name: str
    subscriber: str
    subscription_name: str
    message_id: str
    message: str
    message_md5: str
    message_tag: str | None
    publish_time: int           # epoch milliseconds

    def fields(self) -> list[tuple[str, str]]:
        pairs = [("TopicOwner", self.topic_owner), ("TopicName", self.topic_name),
                 ("Subscriber", self.subscriber), ("SubscriptionName", self.subscription_name),
                 ("MessageId", self.message_id), ("Message", self.message), ("MessageMD5", self.message_md5)]
        if self.message_tag is not None:
            pairs.append(("MessageTag", self.message_tag))
        pairs.append(("PublishTime", str(self.publish_time)))
        return pairs


def render(notification: Notification, content_format: str) -> str:
    if content_format == XML:
        inner = "".join(f"<{k}>{escape(v)}</{k}>" for k, v in notification.fields())
        return f'<?xml version="1.0" encoding="UTF-8"?>\n<Notification xmlns="{NAMESPACE}">{inner}</Notification>'
    if content_format == JSON:
        return json.dumps(dict(notification.fields()), ensure_ascii=False, separators=(",", ":"))
    if content_format == SIMPLIFIED:
        return notification.message
    raise ValueError(f"unknown NotifyContentFormat {content_format!r}")


CONTENT_TYPES = MappingProxyType({XML: "text/xml;charset=utf-8", JSON: "application/json;charset=utf-8",
                 SIMPLIFIED: "text/plain;charset=utf-8"})


def http_headers(notification: Notification, content_format: str, body: str, request_id: str,
                 signing_cert_url: str) -> dict[str, str]:
    """The headers of the POST that pushes ``body`` to an HTTP endpoint. SIMPLIFIED carries the message id and
    tag in headers, since its body has only the message."""
    headers = {
        "Content-Type": CONTENT_TYPES[content_format],
        "Content-Length": str(len(body.encode("utf-8"))),
        "Date": formatdate(notification.publish_time / 1000, usegmt=True),
        "x-mns-version": API_VERSION,
        "x-mns-request-id": request_id,
        "x-mns-signing-cert-url": base64.b64encode(signing_cert_url.encode("ascii")).decode("ascii"),
    }
    if content_format == SIMPLIFIED:
        headers["x-mns-message-id"] = notification.message_id
        if notification.message_tag is not None:
            headers["x-mns-message-tag"] = notification.message_tag
    return headers
