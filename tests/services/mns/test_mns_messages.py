"""Queue messages: send and batch send with their limits, receive order (priority, then send order),
visibility timeout and DequeueCount, peek, delete and change visibility with receipt handles that expire and
are replaced, delay, retention, and the Active/Inactive/Delayed counts."""
from __future__ import annotations

import pytest

from fakecloud.services.mns import MessageState
from mns_support import START_MS, md5, raises

NOT_EXIST = ("MessageNotExist", "Message not exist.", 404)
BAD_HANDLE = ("ReceiptHandleError", "The receipt handle you provide is not valid.", 400)


def test_send_answers_id_and_md5(mns, q):
    result = mns.send_message(q, "hello")
    assert result.as_dict() == {"MessageId": "message-1", "MessageBodyMD5": "5D41402ABC4B2A76B9719D911017C592"}


def test_md5_is_of_the_utf8_body_as_stored(mns, q):
    assert mns.send_message(q, "héllo ✓").body_md5 == md5("héllo ✓")
    assert mns.send_message(q, "aGVsbG8=").body_md5 == md5("aGVsbG8=")     # a base64 body is stored verbatim


def test_receive_answers_every_required_element(mns, q, clock):
    mns.send_message(q, "hello", priority=3)
    clock.advance(2)
    got = mns.receive_message(q)
    assert got.as_dict() == {
        "MessageId": "message-1", "ReceiptHandle": "receipt-1", "MessageBodyMD5": md5("hello"),
        "MessageBody": "hello", "EnqueueTime": START_MS, "NextVisibleTime": START_MS + 2000 + 30000,
        "FirstDequeueTime": START_MS + 2000, "DequeueCount": 1, "Priority": 3}


def test_receive_order_is_priority_then_fifo(mns, q):
    for body, priority in [("a8", None), ("b2", 2), ("c16", 16), ("d2", 2), ("e1", 1), ("f8", 8)]:
        mns.send_message(q, body, priority=priority)
    got = mns.batch_receive_message(q, 16)
    assert [m.body for m in got] == ["e1", "b2", "d2", "a8", "f8", "c16"]
    assert [m.priority for m in got] == [1, 2, 2, 8, 8, 16]


def test_empty_queue_answers_message_not_exist(mns, q):
    with raises(*NOT_EXIST):
        mns.receive_message(q)
    with raises(*NOT_EXIST):
        mns.batch_receive_message(q, 4)
    with raises(*NOT_EXIST):
        mns.peek_message(q)


def test_visibility_timeout_and_dequeue_count(mns, q, clock):
    mns.set_queue_attributes(q, {"VisibilityTimeout": 10})
    mns.send_message(q, "job")
    first = mns.receive_message(q)
    assert mns.messages(q)[0].state is MessageState.INACTIVE
    with raises(*NOT_EXIST):
        mns.receive_message(q)
    clock.advance(9.999)
    with raises(*NOT_EXIST):
        mns.receive_message(q)
    clock.advance(0.001)                                     # exactly NextVisibleTime: visible again
    assert mns.messages(q)[0].state is MessageState.ACTIVE
    second = mns.receive_message(q)
    assert (second.message_id, second.receipt_handle, second.dequeue_count) == ("message-1", "receipt-2", 2)
    assert second.first_dequeue_time == first.first_dequeue_time == START_MS
    assert second.next_visible_time == START_MS + 20000


def test_batch_receive_takes_at_most_n(mns, q):
    for i in range(5):
        mns.send_message(q, f"m{i}")
    assert [m.body for m in mns.batch_receive_message(q, 3)] == ["m0", "m1", "m2"]
    assert [m.body for m in mns.batch_receive_message(q, 3)] == ["m3", "m4"]
    assert [m.receipt_handle for m in mns.messages(q)] == [f"receipt-{i}" for i in range(1, 6)]


@pytest.mark.parametrize("n", [0, 17, "17"])
def test_batch_receive_and_peek_limits(mns, q, n):
    with raises("InvalidArgument", "The value of numOfMessages should between 1 and 16.", 400):
        mns.batch_receive_message(q, n)
    with raises("InvalidArgument", "The value of numOfMessages should between 1 and 16.", 400):
        mns.batch_peek_message(q, n)


@pytest.mark.parametrize("wait", [-1, 31])
def test_wait_seconds_range(mns, q, wait):
    with raises("InvalidArgument", "The value of waitseconds should between 0 and 30 seconds.", 400):
        mns.receive_message(q, wait_seconds=wait)
    with raises("InvalidArgument", "The value of waitseconds should between 0 and 30 seconds.", 400):
        mns.batch_receive_message(q, 2, wait_seconds=wait)


def test_peek_changes_nothing_and_omits_handle(mns, q, clock):
    mns.send_message(q, "a", priority=5)
    mns.send_message(q, "b", priority=1)
    peeked = mns.peek_message(q)
    assert peeked.as_dict() == {"MessageId": "message-2", "MessageBodyMD5": md5("b"), "MessageBody": "b",
                                "EnqueueTime": START_MS, "FirstDequeueTime": 0, "DequeueCount": 0,
                                "Priority": 1}
    assert [m.body for m in mns.batch_peek_message(q, 16)] == ["b", "a"]
    assert mns.get_queue_attributes(q)["ActiveMessages"] == 2
    received = mns.receive_message(q)
    assert received.message_id == "message-2" and received.receipt_handle == "receipt-1"
    # only active messages are peeked
    assert [m.body for m in mns.batch_peek_message(q, 16)] == ["a"]


def test_delete_with_handle(mns, q):
    mns.send_message(q, "a")
    handle = mns.receive_message(q).receipt_handle
    mns.delete_message(q, handle)
    assert mns.messages(q) == []
    with raises(*NOT_EXIST):                    # an issued handle whose message is gone
        mns.delete_message(q, handle)


def test_delete_with_handle_never_issued(mns, q):
    mns.send_message(q, "a")
    mns.receive_message(q)
    with raises(*BAD_HANDLE):
        mns.delete_message(q, "1-ODU4OTkzNDU5My0xNDMyNzI3ODI3LTItOA==")
    with raises(*BAD_HANDLE):
        mns.delete_message(q, 42)
    with raises("MissingReceiptHandle", "ReceiptHandle is required.", 400):
        mns.delete_message(q, "")
    with raises("MissingReceiptHandle", "ReceiptHandle is required.", 400):
        mns.delete_message(q, None)


def test_handle_of_another_queue_is_invalid(mns, q):
    mns.create_queue("other")
    mns.send_message("other", "x")
    handle = mns.receive_message("other").receipt_handle
    with raises(*BAD_HANDLE):
        mns.delete_message(q, handle)


def test_handle_expires_at_next_visible_time(mns, q, clock):
    mns.send_message(q, "a")
    handle = mns.receive_message(q).receipt_handle
    clock.advance(30)
    with raises(*NOT_EXIST):
        mns.delete_message(q, handle)
    with raises(*NOT_EXIST):
        mns.change_message_visibility(q, handle, 10)
    assert mns.messages(q)[0].state is MessageState.ACTIVE


def test_handle_replaced_by_a_new_receive(mns, q, clock):
    mns.set_queue_attributes(q, {"VisibilityTimeout": 5})
    mns.send_message(q, "a")
    old = mns.receive_message(q).receipt_handle
    clock.advance(5)
    new = mns.receive_message(q).receipt_handle
    with raises(*NOT_EXIST):
        mns.delete_message(q, old)
    mns.delete_message(q, new)


def test_change_visibility_replaces_the_handle(mns, q, clock):
    mns.send_message(q, "a")
    old = mns.receive_message(q).receipt_handle
    clock.advance(4)
    changed = mns.change_message_visibility(q, old, 100)
    assert changed.as_dict() == {"ReceiptHandle": "receipt-2", "NextVisibleTime": START_MS + 104000}
    with raises(*NOT_EXIST):
        mns.delete_message(q, old)
    clock.advance(99)
    assert mns.messages(q)[0].state is MessageState.INACTIVE
    mns.delete_message(q, changed.receipt_handle)
    assert mns.messages(q) == []


def test_change_visibility_can_make_a_message_visible_soon(mns, q, clock):
    mns.send_message(q, "a")
    handle = mns.receive_message(q).receipt_handle
    mns.change_message_visibility(q, handle, 1)
    clock.advance(1)
    got = mns.receive_message(q)
    assert (got.dequeue_count, got.receipt_handle) == (2, "receipt-3")


@pytest.mark.parametrize("timeout", [0, 43201])
def test_change_visibility_range(mns, q, timeout):
    mns.send_message(q, "a")
    handle = mns.receive_message(q).receipt_handle
    with raises("InvalidArgument", "The value of VisibilityTimeout should between 1 and 43200 seconds.", 400):
        mns.change_message_visibility(q, handle, timeout)
    with raises("MissingVisibilityTimeout", "VisibilityTimeout is required.", 400):
        mns.change_message_visibility(q, handle, None)


def test_change_visibility_bad_handle(mns, q):
    with raises(*BAD_HANDLE):
        mns.change_message_visibility(q, "receipt-99", 10)


def test_batch_delete_reports_failures_and_deletes_the_rest(mns, q, clock):
    for body in "abc":
        mns.send_message(q, body)
    handles = [m.receipt_handle for m in mns.batch_receive_message(q, 3)]
    mns.delete_message(q, handles[1])
    errors = mns.batch_delete_message(q, [handles[0], handles[1], "nonsense", handles[2]])
    assert [e.as_dict() for e in errors] == [
        {"ErrorCode": "MessageNotExist", "ErrorMessage": "Message not exist.", "ReceiptHandle": "receipt-2"},
        {"ErrorCode": "ReceiptHandleError", "ErrorMessage": "The receipt handle you provide is not valid.",
         "ReceiptHandle": "nonsense"}]
    assert mns.messages(q) == []


@pytest.mark.parametrize("handles", [[], ["h"] * 17])
def test_batch_delete_limits(mns, q, handles):
    with raises("InvalidArgument", "The value of ReceiptHandles should between 1 and 16.", 400):
        mns.batch_delete_message(q, handles)


def test_batch_delete_needs_a_list(mns, q):
    with raises("InvalidArgument", "The XML you provided did not validate against our published schema, "
                                   "cause by ReceiptHandles.", 400):
        mns.batch_delete_message(q, "receipt-1")


def test_delay_seconds_per_message_and_per_queue(mns, q, clock):
    mns.send_message(q, "later", delay_seconds=60)
    assert mns.messages(q)[0].state is MessageState.DELAYED
    assert mns.get_queue_attributes(q)["DelayMessages"] == 1
    with raises(*NOT_EXIST):
        mns.receive_message(q)
    with raises(*NOT_EXIST):
        mns.peek_message(q)
    clock.advance(60)
    assert mns.receive_message(q).body == "later"
    # queue-level delay applies when the message gives none; the message's own beats it, even 0
    mns.set_queue_attributes(q, {"DelaySeconds": 10})
    mns.send_message(q, "queue-delay")
    mns.send_message(q, "no-delay", delay_seconds=0)
    assert [(m.body, m.state.value) for m in mns.messages(q)] == [
        ("later", "Inactive"), ("queue-delay", "Delayed"), ("no-delay", "Active")]
    assert mns.messages(q)[1].next_visible_time == START_MS + 70000


def test_counts(mns, q, clock):
    mns.send_message(q, "active")
    mns.send_message(q, "delayed", delay_seconds=5)
    mns.send_message(q, "inactive", priority=1)
    mns.receive_message(q)
    got = mns.get_queue_attributes(q)
    assert (got["ActiveMessages"], got["InactiveMessages"], got["DelayMessages"]) == (1, 1, 1)
    clock.advance(30)
    got = mns.get_queue_attributes(q)
    assert (got["ActiveMessages"], got["InactiveMessages"], got["DelayMessages"]) == (3, 0, 0)


def test_retention_expiry(mns, q, clock):
    mns.set_queue_attributes(q, {"MessageRetentionPeriod": 60})
    mns.send_message(q, "old")
    clock.advance(30)
    mns.send_message(q, "young")
    handle = mns.receive_message(q).receipt_handle
    assert mns.messages(q)[0].expire_time == START_MS + 60000
    clock.advance(29.999)
    assert [m.body for m in mns.messages(q)] == ["old", "young"]
    clock.advance(0.001)
    assert [m.body for m in mns.messages(q)] == ["young"]
    with raises(*NOT_EXIST):
        mns.delete_message(q, handle)
    clock.advance(30)
    assert mns.messages(q) == []
    assert mns.get_queue_attributes(q)["ActiveMessages"] == 0


def test_retention_uses_the_period_at_send_time(mns, q, clock):
    mns.set_queue_attributes(q, {"MessageRetentionPeriod": 60})
    mns.send_message(q, "a")
    mns.set_queue_attributes(q, {"MessageRetentionPeriod": 600})
    clock.advance(60)
    assert mns.messages(q) == []


def test_retention_of_messages_sent_under_different_periods(mns, q, clock):
    mns.set_queue_attributes(q, {"MessageRetentionPeriod": 600})
    mns.send_message(q, "long")
    mns.set_queue_attributes(q, {"MessageRetentionPeriod": 60})
    mns.send_message(q, "short-deleted", priority=1)
    mns.send_message(q, "short")
    mns.delete_message(q, mns.receive_message(q).receipt_handle)
    clock.advance(59.999)
    assert [m.body for m in mns.messages(q)] == ["long", "short"]
    clock.advance(0.001)
    assert [m.body for m in mns.messages(q)] == ["long"]
    clock.advance(539.999)
    assert mns.peek_message(q).body == "long"
    clock.advance(0.001)
    assert mns.messages(q) == []
    mns.send_message(q, "again")
    clock.advance(59.999)
    assert [m.body for m in mns.messages(q)] == ["again"]
    clock.advance(0.001)
    assert mns.messages(q) == []


def test_delayed_message_past_retention_never_appears(mns, q, clock):
    mns.set_queue_attributes(q, {"MessageRetentionPeriod": 60})
    mns.send_message(q, "a", delay_seconds=120)
    assert mns.next_event_time(q) is None
    clock.advance(120)
    assert mns.messages(q) == []


@pytest.mark.parametrize("kwargs, message", [
    ({"delay_seconds": 604801}, "The value of DelaySeconds should between 0 and 604800 seconds."),
    ({"delay_seconds": -1}, "The value of DelaySeconds should between 0 and 604800 seconds."),
    ({"priority": 0}, "The value of Priority should between 1 and 16."),
    ({"priority": 17}, "The value of Priority should between 1 and 16."),
])
def test_send_parameter_ranges(mns, q, kwargs, message):
    with raises("InvalidArgument", message, 400):
        mns.send_message(q, "x", **kwargs)


@pytest.mark.parametrize("kwargs, element", [
    ({"priority": "high"}, "Priority"), ({"priority": True}, "Priority"), ({"delay_seconds": 0.5}, "DelaySeconds"),
])
def test_send_parameter_types(mns, q, kwargs, element):
    with raises("InvalidArgument", "The XML you provided did not validate against our published schema, "
                                   f"cause by {element}.", 400):
        mns.send_message(q, "x", **kwargs)


def test_body_size_limit(mns, q):
    mns.send_message(q, "x" * 65536)
    with raises("InvalidArgument", "The value of MessageBody should between 1 and 65536 bytes.", 400):
        mns.send_message(q, "x" * 65537)
    with raises("InvalidArgument", "The value of MessageBody should between 1 and 65536 bytes.", 400):
        mns.send_message(q, "")
    mns.set_queue_attributes(q, {"MaximumMessageSize": 1024})
    mns.send_message(q, "é" * 512)                       # 1024 UTF-8 bytes
    with raises("InvalidArgument", "The value of MessageBody should between 1 and 1024 bytes.", 400):
        mns.send_message(q, "é" * 512 + "x")


@pytest.mark.parametrize("body", [None, b"bytes", 12, {"a": 1}])
def test_body_must_be_text(mns, q, body):
    with raises("InvalidArgument", "The XML you provided did not validate against our published schema, "
                                   "cause by MessageBody.", 400):
        mns.send_message(q, body)


def test_batch_send(mns, q):
    results = mns.batch_send_message(q, [{"MessageBody": "a"}, {"MessageBody": "b", "Priority": 1},
                                         {"MessageBody": "c", "DelaySeconds": "5", "Priority": "16"}])
    assert [r.as_dict() for r in results] == [
        {"MessageId": "message-1", "MessageBodyMD5": md5("a")}, {"MessageId": "message-2", "MessageBodyMD5": md5("b")},
        {"MessageId": "message-3", "MessageBodyMD5": md5("c")}]
    assert [(m.body, m.priority, m.state.value) for m in mns.messages(q)] == [
        ("b", 1, "Active"), ("a", 8, "Active"), ("c", 16, "Delayed")]


def test_batch_send_count_limit(mns, q):
    mns.batch_send_message(q, [{"MessageBody": str(i)} for i in range(16)])
    with raises("InvalidArgument", "The value of Messages should between 1 and 16.", 400):
        mns.batch_send_message(q, [{"MessageBody": str(i)} for i in range(17)])
    with raises("InvalidArgument", "The value of Messages should between 1 and 16.", 400):
        mns.batch_send_message(q, [])
    assert len(mns.messages(q)) == 16


def test_batch_send_total_size_limit(mns, q):
    mns.batch_send_message(q, [{"MessageBody": "x" * 32768}, {"MessageBody": "y" * 32768}])
    with raises("InvalidArgument", "The value of Messages should between 1 and 65536 bytes.", 400):
        mns.batch_send_message(q, [{"MessageBody": "x" * 32768}, {"MessageBody": "y" * 32769}])
    assert len(mns.messages(q)) == 2


def test_batch_send_is_checked_before_anything_is_sent(mns, q):
    with raises("InvalidArgument", "The value of Priority should between 1 and 16.", 400):
        mns.batch_send_message(q, [{"MessageBody": "ok"}, {"MessageBody": "bad", "Priority": 0}])
    assert mns.messages(q) == []


@pytest.mark.parametrize("messages, element", [
    ("abc", "Messages"), ({"MessageBody": "a"}, "Messages"), (None, "Messages"),
    (["a"], "Message"), ([{"Body": "a"}], "Body"), ([{"Priority": 1}], "MessageBody"),
])
def test_batch_send_shapes(mns, q, messages, element):
    with raises("InvalidArgument", "The XML you provided did not validate against our published schema, "
                                   f"cause by {element}.", 400):
        mns.batch_send_message(q, messages)


def test_snapshots_show_everything(mns, q, clock):
    mns.send_message(q, "a", priority=2)
    mns.receive_message(q)
    snap = mns.messages(q)[0]
    assert (snap.message_id, snap.body, snap.body_md5, snap.priority, snap.state, snap.enqueue_time,
            snap.next_visible_time, snap.first_dequeue_time, snap.dequeue_count, snap.receipt_handle,
            snap.expire_time) == ("message-1", "a", md5("a"), 2, MessageState.INACTIVE, START_MS,
                                  START_MS + 30000, START_MS, 1, "receipt-1", START_MS + 345600000)


def test_duplicate_ids_from_the_id_source_are_refused(clock):
    from fakecloud.services.mns import MnsBackend
    mns = MnsBackend(clock.now, lambda kind: "same")
    mns.create_queue("q")
    mns.send_message("q", "a")
    with raises("InternalError", "new_id('message') must return a new non-empty string, got 'same'", 500):
        mns.send_message("q", "b")


def test_a_replaced_id_source_reaches_existing_queues(mns, q):
    """``new_id`` may be swapped at any time (e.g. for handles with '+' and '/'); queues created before use it."""
    mint = mns.new_id
    mns.new_id = lambda kind: f"x+/{mint(kind)}"
    assert mns.send_message(q, "a").message_id == "x+/message-1"
    assert mns.receive_message(q).receipt_handle == "x+/receipt-1"
    assert mns.new_request_id() == "x+/request-1"
