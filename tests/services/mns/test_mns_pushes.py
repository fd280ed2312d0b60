"""Pushes to HTTP endpoints (a registered handler, or only recorded) and to mail and SMS (the outbox), with
the MessageAttributes they need."""
from __future__ import annotations

import base64
import json

import pytest

from fakecloud.services.mns import DELIVERED, FAILED, RECORDED
from mns_support import START_MS, md5, raises

OWNER = "1234567890123456"
URL = "http://example.com/notify"
CERT = base64.b64encode(b"http://1234567890123456.mns.cn-hangzhou.aliyuncs.com/x509/mns-signing.pem").decode()
MAIL = {"MailAttributes": {"Subject": "Hi", "AccountName": "noreply@example.com", "AddressType": 0,
                           "IsHTML": True, "ReplyToAddress": 0}}


def test_http_push_without_a_handler_is_recorded(mns, topic):
    mns.subscribe(topic, "hook", URL)
    (delivery,) = mns.publish_message(topic, "hello", "t").deliveries
    assert (delivery.status, delivery.ok, delivery.http_status) == (RECORDED, True, None)
    (push,) = mns.http_pushes
    assert (push.url, push.status, push.handled, push.time) == (URL, None, False, START_MS)
    assert push.body == delivery.body and push.body.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    assert push.headers == {
        "Content-Type": "text/xml;charset=utf-8", "Content-Length": str(len(push.body)),
        "Date": "Tue, 14 Nov 2023 22:13:20 GMT", "x-mns-version": "2015-06-06", "x-mns-request-id": "request-1",
        "x-mns-signing-cert-url": CERT}


def test_http_push_to_a_handler(mns, topic):
    calls = []
    mns.register_http_endpoint(URL, lambda url, headers, body: calls.append((url, headers, body)) or 204)
    mns.subscribe(topic, "hook", URL, notify_content_format="JSON")
    (delivery,) = mns.publish_message(topic, "hello").deliveries
    assert (delivery.status, delivery.http_status) == (DELIVERED, 204)
    (url, headers, body), = calls
    assert url == URL and headers["Content-Type"] == "application/json;charset=utf-8"
    assert json.loads(body) == {"TopicOwner": OWNER, "TopicName": "news", "Subscriber": OWNER,
                                "SubscriptionName": "hook", "MessageId": "message-1", "Message": "hello",
                                "MessageMD5": md5("hello"), "PublishTime": str(START_MS)}
    assert mns.http_pushes[0].status == 204 and mns.http_pushes[0].handled


def test_simplified_http_push_carries_id_and_tag_in_headers(mns, topic):
    seen = {}
    mns.register_http_endpoint(URL, lambda url, headers, body: seen.update(headers=headers, body=body))
    mns.subscribe(topic, "hook", URL, notify_content_format="SIMPLIFIED")
    (delivery,) = mns.publish_message(topic, "plain text", "urgent").deliveries
    assert (delivery.status, delivery.http_status) == (DELIVERED, 200)       # None answers 200
    assert seen["body"] == "plain text"
    assert (seen["headers"]["x-mns-message-id"], seen["headers"]["x-mns-message-tag"],
            seen["headers"]["Content-Type"]) == ("message-1", "urgent", "text/plain;charset=utf-8")


def test_http_handler_errors(mns, topic):
    mns.subscribe(topic, "hook", URL)
    mns.register_http_endpoint(URL, lambda url, headers, body: 503)
    (d1,) = mns.publish_message(topic, "a").deliveries
    assert (d1.status, d1.http_status, d1.error) == (FAILED, 503, "HTTP 503")

    def boom(url, headers, body):
        raise ConnectionError("refused")
    mns.register_http_endpoint(URL, boom)
    (d2,) = mns.publish_message(topic, "b").deliveries
    assert (d2.status, d2.error) == (FAILED, "ConnectionError: refused")
    assert isinstance(mns.http_pushes[-1].exception, ConnectionError)

    mns.register_http_endpoint(URL, lambda url, headers, body: "fine")
    (d3,) = mns.publish_message(topic, "c").deliveries
    assert (d3.status, d3.error) == (FAILED, "handler answered 'fine', not an HTTP status")

    mns.unregister_http_endpoint(URL)
    (d4,) = mns.publish_message(topic, "d").deliveries
    assert d4.status == RECORDED
    assert [p.handled for p in mns.http_pushes] == [True, True, True, False]


def test_register_http_endpoint_checks_its_arguments(mns):
    with raises("EndpointInvalid", "The endpoint you provided is not valid.", 400):
        mns.register_http_endpoint("mail:directmail:a@example.com", lambda *a: 200)
    with raises("InvalidArgument", "The XML you provided did not validate against our published schema, "
                                   "cause by handler.", 400):
        mns.register_http_endpoint(URL, 200)


def test_fan_out_to_every_kind(mns, topic):
    mns.create_queue("inbox")
    mns.subscribe(topic, "a-queue", f"acs:mns:cn-hangzhou:{OWNER}:queues/inbox")
    mns.subscribe(topic, "b-http", URL)
    mns.subscribe(topic, "c-mail", "mail:directmail:user@example.com")
    result = mns.publish_message(topic, "hi", None, MAIL)
    assert [(d.subscription_name, d.kind, d.status) for d in result.deliveries] == [
        ("a-queue", "queue", DELIVERED), ("b-http", "http", RECORDED), ("c-mail", "mail", DELIVERED)]
    assert len(mns.messages("inbox")) == 1 and len(mns.http_pushes) == 1 and len(mns.outbox.mails) == 1


def test_mail_goes_to_the_outbox(mns, topic, clock):
    mns.subscribe(topic, "m", "mail:directmail:user@example.com")
    clock.advance(2)
    mns.publish_message(topic, "<b>Welcome</b>", None, MAIL)
    (mail,) = mns.outbox.mails
    assert (mail.to_address, mail.subject, mail.account_name, mail.body, mail.is_html, mail.address_type,
            mail.reply_to_address, mail.topic_name, mail.subscription_name, mail.message_id, mail.time) == (
        "user@example.com", "Hi", "noreply@example.com", "<b>Welcome</b>", True, 0, 0, "news", "m", "message-1",
        START_MS + 2000)
    assert mail.attributes == MAIL["MailAttributes"]
    assert mns.published(topic)[0].attributes == MAIL


def test_mail_attributes_as_the_sdk_sends_them(mns, topic):
    """DirectMail as JSON text with 0/1 flags, inside MessageAttributes given as JSON text."""
    mns.subscribe(topic, "m", "mail:directmail:user@example.com")
    direct = json.dumps({"AccountName": "a@example.com", "Subject": "S", "AddressType": 1, "IsHtml": 0,
                         "ReplyToAddress": 1})
    mns.publish_message(topic, "body", None, json.dumps({"DirectMail": direct}))
    (mail,) = mns.outbox.mails
    assert (mail.subject, mail.is_html, mail.address_type, mail.reply_to_address) == ("S", False, 1, 1)


def test_mail_without_attributes_fails_the_delivery(mns, topic):
    mns.subscribe(topic, "m", "mail:directmail:user@example.com")
    (delivery,) = mns.publish_message(topic, "x").deliveries
    assert (delivery.status, delivery.error) == (FAILED, "a mail push needs MessageAttributes.MailAttributes")
    assert mns.outbox.mails == []


def test_sms_to_a_phone(mns, topic):
    mns.subscribe(topic, "s", "sms:directsms:13800000000")
    sms = {"FreeSignName": "Shop", "TemplateCode": "SMS_1", "Type": "singleContent",
           "SmsParams": '{"code":"1234"}'}
    mns.publish_message(topic, "unused", None, {"DirectSMS": sms})
    (text,) = mns.outbox.sms
    assert (text.receivers, text.free_sign_name, text.template_code, text.sms_type, text.sms_params,
            text.attributes, text.subscription_name, text.message_id) == (
        ("13800000000",), "Shop", "SMS_1", "singleContent", '{"code":"1234"}', sms, "s", "message-1")


def test_sms_anonymous_single_and_multi(mns, topic):
    mns.subscribe(topic, "s", "sms:directsms:anonymous")
    mns.publish_message(topic, "x", None, {"DirectSMS": {"FreeSignName": "A", "TemplateCode": "T",
                                                         "Receiver": "111111, 222222"}})
    multi = {"FreeSignName": "A", "TemplateCode": "T", "Type": "multiContent",
             "SmsParams": json.dumps({"333333": {"n": 1}, "444444": {"n": 2}})}
    mns.publish_message(topic, "x", None, {"DirectSMS": json.dumps(multi)})
    assert [t.receivers for t in mns.outbox.sms] == [("111111", "222222"), ("333333", "444444")]
    assert mns.outbox.sms[0].sms_type == "singleContent"


def test_sms_failures(mns, topic):
    mns.subscribe(topic, "phone", "sms:directsms:13800000000")
    mns.subscribe(topic, "anon", "sms:directsms:anonymous")
    (d1, d2) = mns.publish_message(topic, "x").deliveries
    assert {d1.error, d2.error} == {"an SMS push needs MessageAttributes.DirectSMS"}
    multi = {"FreeSignName": "A", "TemplateCode": "T", "Type": "multiContent", "SmsParams": "{}"}
    (d3, d4) = mns.publish_message(topic, "x", None, {"DirectSMS": multi}).deliveries   # in subscribe order
    assert (d3.subscription_name, d3.error) == ("phone", "multiContent needs the sms:directsms:anonymous endpoint")
    assert (d4.subscription_name, d4.error) == ("anon", "an SMS push needs at least one receiver")
    assert mns.outbox.sms == []


@pytest.mark.parametrize("attributes, element", [
    ("not json", "MessageAttributes"), ([1], "MessageAttributes"), ({"Colour": {}}, "Colour"),
    ({"MailAttributes": "[]"}, "MailAttributes"), ({"MailAttributes": {"Subject": "s"}}, "MailAttributes.AccountName"),
    ({"DirectMail": {"Subject": "s", "AccountName": "a", "AddressType": 2}}, "DirectMail.AddressType"),
    ({"MailAttributes": {"Subject": "s", "AccountName": "a", "IsHTML": "yes"}}, "MailAttributes.IsHTML"),
    ({"DirectSMS": {"TemplateCode": "T"}}, "DirectSMS.FreeSignName"),
    ({"DirectSMS": {"FreeSignName": "A", "TemplateCode": "T", "Type": "bulk"}}, "DirectSMS.Type"),
    ({"DirectSMS": {"FreeSignName": "A", "TemplateCode": "T", "Receiver": 1380}}, "DirectSMS.Receiver"),
])
def test_message_attributes_are_checked(mns, topic, attributes, element):
    with raises("InvalidArgument", "The XML you provided did not validate against our published schema, "
                                   f"cause by {element}.", 400):
        mns.publish_message(topic, "x", None, attributes)
    assert mns.published(topic) == []


def test_outbox_clear(mns, topic):
    mns.subscribe(topic, "m", "mail:directmail:user@example.com")
    mns.publish_message(topic, "x", None, MAIL)
    mns.outbox.clear()
    assert mns.outbox.mails == [] and mns.outbox.sms == []
