"""Message operations through aliyun-mns-sdk, against the server and in-process: send, batch send, receive,
batch receive, peek, batch peek, delete, batch delete, change visibility; receipt handles; errors."""
from __future__ import annotations

import base64
import hashlib

import xml.etree.ElementTree as ET

import pytest
import requests
from mns.mns_exception import MNSServerException
from mns.queue import Message, QueueMeta

from mns_wire_support import NS, error_fields, mns_headers

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def md5(text: str) -> str:
    return hashlib.md5(text.encode("utf-8")).hexdigest().upper()


def b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def server_error(call, *args) -> MNSServerException:
    with pytest.raises(MNSServerException) as info:
        call(*args)
    return info.value


def now_ms(target) -> int:
    with target.world() as cloud:
        return cloud.clock.now_ms


@pytest.fixture
def queue(account):
    q = account.get_queue("work")
    q.create(QueueMeta())
    return q


def test_send_receive_delete(target, queue):
    sent = queue.send_message(Message('{"order": 7}'))
    assert sent.message_body_md5 == md5(b64('{"order": 7}'))     # of the body as stored: the SDK's base64
    assert len(sent.message_id) == 32
    before = now_ms(target)
    got = queue.receive_message()
    after = now_ms(target)
    assert got.message_body == b'{"order": 7}'                   # the SDK decodes its base64 again
    assert (got.message_id, got.message_body_md5) == (sent.message_id, sent.message_body_md5)
    assert (got.dequeue_count, got.priority) == (1, 8)
    assert before - 1000 <= got.enqueue_time <= got.first_dequeue_time <= after
    assert got.next_visible_time == got.first_dequeue_time + 30_000
    queue.delete_message(got.receipt_handle)
    e = server_error(queue.receive_message)
    assert (e.type, e.message) == ("MessageNotExist", "Message not exist.")
    assert e.req_id and e.host_id == target.host
    with target.world() as cloud:
        assert cloud.mns.messages("work") == []


def test_plain_text_bodies_travel_as_they_are(queue):
    queue.set_encoding(False)
    text = "订单 #7 <a & b> \"quoted\"  spaced  "
    sent = queue.send_message(Message(text))
    assert sent.message_body_md5 == md5(text)
    got = queue.receive_message()
    assert got.message_body == text and got.message_body_md5 == md5(text)


def test_priority_then_send_order(queue):
    queue.set_encoding(False)
    for body, priority in (("low", 16), ("normal-1", None), ("high", 1), ("normal-2", None)):
        queue.send_message(Message(body, priority=priority))
    got = [queue.receive_message() for _ in range(4)]
    assert [m.message_body for m in got] == ["high", "normal-1", "normal-2", "low"]
    assert [m.priority for m in got] == [1, 8, 8, 16]


def test_delayed_message_becomes_receivable_when_its_delay_ends(target, queue):
    queue.set_encoding(False)
    queue.send_message(Message("later", delay_seconds=5))
    assert server_error(queue.receive_message).type == "MessageNotExist"
    assert server_error(queue.peek_message).type == "MessageNotExist"
    target.advance(5)
    assert queue.receive_message().message_body == "later"


def test_peek_and_batch_peek_leave_messages_in_place(queue):
    queue.set_encoding(False)
    sent = [queue.send_message(Message(f"m{i}")) for i in range(3)]
    peeked = queue.peek_message()
    assert (peeked.message_id, peeked.message_body, peeked.dequeue_count) == (sent[0].message_id, "m0", 0)
    assert peeked.receipt_handle == ""
    batch = queue.batch_peek_message(16)
    assert [m.message_body for m in batch] == ["m0", "m1", "m2"]
    assert queue.receive_message().message_body == "m0"             # still there
    assert [m.message_body for m in queue.batch_peek_message(2)] == ["m1", "m2"]


def test_batch_send_receive_delete(target, queue):
    messages = [Message(f"body-{i}", priority=8 - i) for i in range(3)]
    sent = queue.batch_send_message(messages)
    assert [m.message_body_md5 for m in sent] == [md5(b64(f"body-{i}")) for i in range(3)]
    assert len({m.message_id for m in sent}) == 3
    got = queue.batch_receive_message(16)
    assert [m.message_body for m in got] == [b"body-2", b"body-1", b"body-0"]    # priority 6, 7, 8
    assert all(m.dequeue_count == 1 and m.receipt_handle for m in got)
    queue.batch_delete_message([m.receipt_handle for m in got])
    e = server_error(queue.batch_receive_message, 3)
    assert e.type == "MessageNotExist"


def test_batch_receive_of_one_is_still_a_batch(queue):
    queue.send_message(Message("only"))
    got = queue.batch_receive_message(1)
    assert len(got) == 1 and got[0].message_body == b"only"


def test_batch_send_limits(queue):
    e = server_error(queue.batch_send_message, [Message(str(i)) for i in range(17)])
    assert (e.type, e.message) == ("InvalidArgument", "The value of Messages should between 1 and 16.")


def test_batch_delete_reports_the_handles_that_failed(target, queue):
    queue.send_message(Message("a"))
    queue.send_message(Message("b"))
    a, b = queue.batch_receive_message(2)
    queue.delete_message(b.receipt_handle)
    e = server_error(queue.batch_delete_message, [a.receipt_handle, b.receipt_handle, "1-bogus"])
    assert e.type == "MessageNotExist" and e.req_id
    assert e.sub_errors == [
        {"ErrorCode": "MessageNotExist", "ErrorMessage": "Message not exist.", "ReceiptHandle": b.receipt_handle},
        {"ErrorCode": "ReceiptHandleError", "ErrorMessage": "The receipt handle you provide is not valid.",
         "ReceiptHandle": "1-bogus"}]
    with target.world() as cloud:
        assert cloud.mns.messages("work") == []                      # a was deleted all the same


def test_change_visibility_gives_a_new_handle_and_kills_the_old(target, queue):
    queue.send_message(Message("m"))
    got = queue.receive_message()
    at = now_ms(target)
    changed = queue.change_message_visibility(got.receipt_handle, 60)
    assert changed.receipt_handle and changed.receipt_handle != got.receipt_handle
    assert at + 60_000 <= int(changed.next_visible_time) <= now_ms(target) + 60_000   # the SDK leaves it a str
    e = server_error(queue.delete_message, got.receipt_handle)
    assert e.type == "MessageNotExist"
    queue.delete_message(changed.receipt_handle)


def test_change_visibility_in_the_api_references_spelling(signed_target):
    """`?receiptHandle=...&visibilityTimeout=...`, as the API reference writes it and Node's SDK sends it."""
    queue = signed_target.account().get_queue("work")
    queue.create(QueueMeta())
    queue.send_message(Message("m"))
    got = queue.receive_message()

    def put(query):
        uri = "/queues/work/messages?" + query
        return requests.put(signed_target.host + uri, headers=mns_headers("PUT", uri), timeout=10)

    at = now_ms(signed_target)
    reply = put(f"receiptHandle={got.receipt_handle}&visibilityTimeout=60")
    assert reply.status_code == 200, reply.text
    root = ET.fromstring(reply.text)
    assert root.tag == f"{{{NS}}}ChangeVisibility"
    handle = root.findtext(f"{{{NS}}}ReceiptHandle")
    assert handle != got.receipt_handle
    assert at + 60_000 <= int(root.findtext(f"{{{NS}}}NextVisibleTime")) <= now_ms(signed_target) + 60_000
    mixed = put(f"receiptHandle={handle}&VisibilityTimeout=30")         # one of each spelling is fine too
    assert mixed.status_code == 200, mixed.text
    handle = ET.fromstring(mixed.text).findtext(f"{{{NS}}}ReceiptHandle")
    both = put(f"ReceiptHandle={handle}&receiptHandle={handle}&visibilityTimeout=30")
    assert (both.status_code, error_fields(both.text)["Code"], error_fields(both.text)["Message"]) == (
        400, "InvalidQueryString", "Http request URL contains invalid querystring item \u201creceiptHandle\u201d.")
    bad = put(f"receiptHandle={handle}&visibilityTimeout=ten")
    assert error_fields(bad.text)["Message"] == \
        "Http request URL contains invalid querystring item \u201cvisibilityTimeout\u201d."
    queue.delete_message(handle)


def test_change_visibility_range(queue):
    queue.send_message(Message("m"))
    got = queue.receive_message()
    e = server_error(queue.change_message_visibility, got.receipt_handle, 0)
    assert (e.type, e.message) == ("InvalidArgument", "The value of VisibilityTimeout should between 1 and "
                                                      "43200 seconds.")


def test_delete_with_an_expired_handle_is_message_not_exist(target, queue):
    queue.send_message(Message("m"))
    got = queue.receive_message()
    target.advance(31)
    e = server_error(queue.delete_message, got.receipt_handle)
    assert (e.type, e.message) == ("MessageNotExist", "Message not exist.")
    again = queue.receive_message()                                 # visible again, received a second time
    assert again.message_id == got.message_id and again.dequeue_count == 2
    assert again.first_dequeue_time == got.first_dequeue_time
    queue.delete_message(again.receipt_handle)


def test_a_handle_never_issued_is_receipt_handle_error(queue):
    e = server_error(queue.delete_message, "1-0000")
    assert (e.type, e.message) == ("ReceiptHandleError", "The receipt handle you provide is not valid.")
    e = server_error(queue.change_message_visibility, "1-0000", 10)
    assert e.type == "ReceiptHandleError"


def test_receipt_handles_with_plus_and_slash_travel_unencoded(target, account):
    """The SDK puts handles into the query string as they are; `+` must not become a space."""
    with target.world() as cloud:
        mint = cloud.mns.new_id
        cloud.mns.new_id = lambda kind: (f"1-Mb+Zj/{mint(kind)[2:12]}+w==" if kind == "receipt" else mint(kind))
    queue = account.get_queue("plus")
    queue.create(QueueMeta())
    queue.send_message(Message("m"))
    got = queue.receive_message()
    assert "+" in got.receipt_handle and "/" in got.receipt_handle
    changed = queue.change_message_visibility(got.receipt_handle, 10)
    assert "+" in changed.receipt_handle
    queue.delete_message(changed.receipt_handle)
    with target.world() as cloud:
        assert cloud.mns.messages("plus") == []


def test_message_too_large(queue):
    queue.set_encoding(False)
    e = server_error(queue.send_message, Message("x" * 65537))
    assert (e.type, e.message) == ("InvalidArgument", "The value of MessageBody should between 1 and 65536 bytes.")


def test_operations_on_a_missing_queue(account):
    queue = account.get_queue("missing")
    for call, args in ((queue.send_message, (Message("m"),)), (queue.receive_message, ()),
                       (queue.peek_message, ()), (queue.delete_message, ("1-00",)),
                       (queue.batch_receive_message, (2,)), (queue.change_message_visibility, ("1-00", 5))):
        assert server_error(call, *args).type == "QueueNotExist"


def test_message_group_ids_are_not_modelled(queue):
    e = server_error(queue.send_message, Message("m", message_group_id="g1"))
    assert e.type == "InvalidArgument" and "MessageGroupId" in e.message
