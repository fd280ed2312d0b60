"""What a topic did, kept for tests to read: every published message, every delivery to every subscription
(with the body as pushed), every HTTP push request, and the outbox of mails and text messages."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

DELIVERED = "delivered"      # the endpoint took it (queue message sent, HTTP 2xx, mail/SMS in the outbox)
RECORDED = "recorded"        # an HTTP push with no handler registered: only recorded
FAILED = "failed"            # the endpoint refused it; ``error`` says why


@dataclass(frozen=True)
class PublishedMessage:
    topic_name: str
    message_id: str
    body: str
    body_md5: str
    tag: str | None
    attributes: Mapping[str, Any] | None
    publish_time: int                 # epoch milliseconds


@dataclass(frozen=True)
class Delivery:
    """One push of one published message to one subscription's endpoint."""
    topic_name: str
    subscription_name: str
    message_id: str                   # the topic message's id
    endpoint: str
    kind: str                         # "queue", "http", "mail" or "sms"
    content_format: str
    body: str                         # as pushed, in the subscription's format
    time: int                         # epoch milliseconds
    status: str                       # DELIVERED, RECORDED or FAILED
    error: str | None = None
    queue_message_id: str | None = None
    http_status: int | None = None

    @property
    def ok(self) -> bool:
        return self.status != FAILED


@dataclass(frozen=True)
class PublishResult:
    """What PublishMessage answers, with the deliveries it made at once."""
    message_id: str
    body_md5: str
    deliveries: tuple[Delivery, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"MessageId": self.message_id, "MessageBodyMD5": self.body_md5}


@dataclass(frozen=True)
class HttpPush:
    """One POST to an HTTP endpoint. ``status`` is what the registered handler answered (None: no handler, or
    the handler raised ``exception``)."""
    url: str
    headers: Mapping[str, str]
    body: str
    time: int
    status: int | None
    handled: bool
    exception: BaseException | None = None


@dataclass(frozen=True)
class Mail:
    """A mail sent through a ``mail:directmail:`` subscription."""
    to_address: str
    subject: str
    account_name: str
    body: str
    is_html: bool
    address_type: int
    reply_to_address: int
    attributes: Mapping[str, Any]     # the mail attributes exactly as published
    topic_name: str
    subscription_name: str
    message_id: str
    time: int


@dataclass(frozen=True)
class Sms:
    """A text message sent through an ``sms:directsms:`` subscription."""
    receivers: tuple[str, ...]
    free_sign_name: str
    template_code: str
    sms_type: str
    sms_params: Any
    attributes: Mapping[str, Any]     # the DirectSMS attributes exactly as published
    topic_name: str
    subscription_name: str
    message_id: str
    time: int


@dataclass
class Outbox:
    mails: list[Mail] = field(default_factory=list)
    sms: list[Sms] = field(default_factory=list)

    def clear(self) -> None:
        self.mails.clear()
        self.sms.clear()
