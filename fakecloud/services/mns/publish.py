"""Fan-out of one published message to a topic's subscriptions: the MessageAttributes mail and SMS pushes
need, and the push to each endpoint kind (a fake queue, a registered HTTP handler or a record, the outbox)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

from ... import jsontext
from .errors import MnsError, schema_error
from .notifications import Notification, http_headers, render
from .records import DELIVERED, FAILED, RECORDED, Delivery, HttpPush, Mail, Outbox, PublishedMessage, Sms
from .topic import HTTP, MAIL, QUEUE, SMS, Subscription

HttpHandler = Callable[[str, Mapping[str, str], str], Any]
MAIL_KEYS = ("MailAttributes", "DirectMail")
ATTRIBUTE_KEYS = MAIL_KEYS + ("DirectSMS",)
SMS_TYPES = ("singleContent", "multiContent")


def _object(name: str, value: Any) -> dict[str, Any]:
    """A JSON object given as a mapping or as JSON text."""
    if isinstance(value, str):
        try:
            value = jsontext.loads(value)
        except ValueError:
            raise schema_error(name) from None
    if not isinstance(value, Mapping):
        raise schema_error(name)
    return dict(value)


def _flag(name: str, value: Any, default: int = 0) -> int:
    """0/1 flags of DirectMail; booleans are accepted for IsHTML as the integration's example writes it."""
    if value is None:
        return default
    if isinstance(value, bool):
        return int(value)
    if value in (0, 1, "0", "1"):
        return int(value)
    raise schema_error(name)


def check_message_attributes(value: Any) -> dict[str, dict[str, Any]] | None:
    """Checked MessageAttributes: a JSON object (or its text) whose keys are MailAttributes / DirectMail (mail
    pushes) and DirectSMS (SMS pushes), each itself an object (or JSON text) with the fields its push needs."""
    if value is None:
        return None
    given = _object("MessageAttributes", value)
    out: dict[str, dict[str, Any]] = {}
    for key, inner in given.items():
        if key not in ATTRIBUTE_KEYS:
            raise schema_error(key if isinstance(key, str) else "MessageAttributes")
        out[key] = _object(key, inner)
    for key in MAIL_KEYS:
        if key in out:
            mail = out[key]
            for required in ("AccountName", "Subject"):
                if not isinstance(mail.get(required), str) or not mail[required]:
                    raise schema_error(f"{key}.{required}")
            _flag(f"{key}.AddressType", mail.get("AddressType"))
            _flag(f"{key}.ReplyToAddress", mail.get("ReplyToAddress"))
            _flag(f"{key}.IsHTML", mail.get("IsHTML", mail.get("IsHtml")))
    if "DirectSMS" in out:
        sms = out["DirectSMS"]
        for required in ("FreeSignName", "TemplateCode"):
            if not isinstance(sms.get(required), str) or not sms[required]:
                raise schema_error(f"DirectSMS.{required}")
        if sms.get("Type", SMS_TYPES[0]) not in SMS_TYPES:
            raise schema_error("DirectSMS.Type")
        if "Receiver" in sms and not isinstance(sms["Receiver"], str):
            raise schema_error("DirectSMS.Receiver")
    return out


@dataclass
class Pusher:
    """Delivers notifications. ``send_to_queue(name, body)`` returns the queue message's id or raises MnsError."""
    owner: str
    send_to_queue: Callable[[str, str], str]
    http_handlers: Mapping[str, HttpHandler]
    http_pushes: list[HttpPush]
    outbox: Outbox
    new_request_id: Callable[[], str]
    signing_cert_url: str

    def push(self, sub: Subscription, published: PublishedMessage, now_ms: int) -> Delivery:
        note = Notification(self.owner, published.topic_name, self.owner, sub.name, published.message_id,
                            published.body, published.body_md5, published.tag, published.publish_time)
        body = render(note, sub.notify_content_format)
        base = dict(topic_name=sub.topic_name, subscription_name=sub.name, message_id=published.message_id,
                    endpoint=sub.endpoint.raw, kind=sub.endpoint.kind, content_format=sub.notify_content_format,
                    body=body, time=now_ms)
        kind = sub.endpoint.kind
        if kind == QUEUE:
            try:
                queue_message_id = self.send_to_queue(sub.endpoint.target, body)
            except MnsError as e:
                return Delivery(**base, status=FAILED, error=f"{e.code}: {e.message}")
            return Delivery(**base, status=DELIVERED, queue_message_id=queue_message_id)
        if kind == HTTP:
            return self._http(sub, note, body, base, now_ms)
        if kind == MAIL:
            return self._mail(sub, published, body, base, now_ms)
        assert kind == SMS
        return self._sms(sub, published, base, now_ms)

    def _http(self, sub: Subscription, note: Notification, body: str, base: dict, now_ms: int) -> Delivery:
        url = sub.endpoint.target
        headers = http_headers(note, sub.notify_content_format, body, self.new_request_id(), self.signing_cert_url)
        handler = self.http_handlers.get(url)
        if handler is None:
            self.http_pushes.append(HttpPush(url, headers, body, now_ms, None, False))
            return Delivery(**base, status=RECORDED)
        try:
            answer = handler(url, dict(headers), body)
        except Exception as e:      # the endpoint failed: the service sees no 2xx answer
            self.http_pushes.append(HttpPush(url, headers, body, now_ms, None, True, e))
            return Delivery(**base, status=FAILED, error=f"{type(e).__name__}: {e}")
        status = 200 if answer is None else answer
        if isinstance(status, bool) or not isinstance(status, int):
            self.http_pushes.append(HttpPush(url, headers, body, now_ms, None, True))
            return Delivery(**base, status=FAILED, error=f"handler answered {answer!r}, not an HTTP status")
        self.http_pushes.append(HttpPush(url, headers, body, now_ms, status, True))
        if 200 <= status < 300:
            return Delivery(**base, status=DELIVERED, http_status=status)
        return Delivery(**base, status=FAILED, http_status=status, error=f"HTTP {status}")

    def _mail(self, sub: Subscription, published: PublishedMessage, body: str, base: dict, now_ms: int) -> Delivery:
        given = published.attributes or {}
        key = next((k for k in MAIL_KEYS if k in given), None)
        if key is None:
            return Delivery(**base, status=FAILED, error="a mail push needs MessageAttributes.MailAttributes")
        mail = given[key]
        is_html = mail.get("IsHTML", mail.get("IsHtml"))
        self.outbox.mails.append(Mail(
            sub.endpoint.target, mail["Subject"], mail["AccountName"], body, bool(_flag("IsHTML", is_html)),
            _flag("AddressType", mail.get("AddressType")), _flag("ReplyToAddress", mail.get("ReplyToAddress")),
            mail, published.topic_name, sub.name, published.message_id, now_ms))
        return Delivery(**base, status=DELIVERED)

    def _sms(self, sub: Subscription, published: PublishedMessage, base: dict, now_ms: int) -> Delivery:
        sms = (published.attributes or {}).get("DirectSMS")
        if sms is None:
            return Delivery(**base, status=FAILED, error="an SMS push needs MessageAttributes.DirectSMS")
        sms_type = sms.get("Type", SMS_TYPES[0])
        params = sms.get("SmsParams")
        if sub.endpoint.target != "anonymous":
            if sms_type != "singleContent":
                return Delivery(**base, status=FAILED, error="multiContent needs the sms:directsms:anonymous endpoint")
            receivers: tuple[str, ...] = (sub.endpoint.target,)
        elif sms_type == "singleContent":
            receivers = tuple(r.strip() for r in str(sms.get("Receiver", "")).split(",") if r.strip())
        else:
            try:
                receivers = tuple(_object("DirectSMS.SmsParams", params))
            except MnsError:
                receivers = ()
        if not receivers:
            return Delivery(**base, status=FAILED, error="an SMS push needs at least one receiver")
        self.outbox.sms.append(Sms(receivers, sms["FreeSignName"], sms["TemplateCode"], sms_type, params, sms,
                                   published.topic_name, sub.name, published.message_id, now_ms))
        return Delivery(**base, status=DELIVERED)
