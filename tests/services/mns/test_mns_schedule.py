"""The queue's MessageSchedule (heaps of receivable, waiting and expiring messages) gives the answers a look at
every stored message gives: random sends (delays, priorities), receives, peeks, deletes, visibility changes,
retention changes and time steps, each answer checked against `Queue.snapshots`, a plain scan of the stored
messages that does not use the schedule."""
import itertools
import random

import pytest

from fakecloud.services.mns import attributes as attrs
from fakecloud.services.mns.errors import MnsError
from fakecloud.services.mns.message import MessageState
from fakecloud.services.mns.queue import Queue, SendEntry


def new_queue(now_ms: int, **given) -> Queue:
    counter = itertools.count(1)
    return Queue("q", attrs.queue_attributes({"VisibilityTimeout": 5, "MessageRetentionPeriod": 90, **given}), now_ms,
                 lambda kind: f"{kind}-{next(counter)}")


def active_ids(queue: Queue, now_ms: int) -> list[str]:
    """Receive order by the scan: active messages, priority then send order (snapshots come sorted so)."""
    return [s.message_id for s in queue.snapshots(now_ms) if s.state is MessageState.ACTIVE]


def next_visible_by_scan(queue: Queue, now_ms: int):
    times = [s.next_visible_time for s in queue.snapshots(now_ms) if now_ms < s.next_visible_time < s.expire_time]
    return min(times, default=None)


@pytest.mark.parametrize("seed", range(40))
def test_schedule_answers_as_a_scan_would(seed):
    rng = random.Random(seed)
    now = 1_700_000_000_000
    queue = new_queue(now)
    handles: list[str] = []
    for _ in range(400):
        op = rng.choice(("send", "send", "receive", "peek", "delete", "visibility", "wait", "retention"))
        if op == "send":
            queue.send(SendEntry(f"body {rng.random()}", rng.choice((None, 0, 0, 1, 3)), rng.randint(1, 3)), now)
        elif op in ("receive", "peek"):
            count = rng.randint(1, 4)
            expected = active_ids(queue, now)[:count]
            try:
                got = queue.receive(count, now) if op == "receive" else queue.peek(count, now)
            except MnsError as exc:
                assert (exc.code, expected) == ("MessageNotExist", [])
            else:
                assert [m.message_id for m in got] == expected
                if op == "receive":
                    handles += [m.receipt_handle for m in got]
        elif op == "delete" and handles:
            handle = handles.pop(rng.randrange(len(handles)))
            try:
                queue.delete(handle, now)
            except MnsError as exc:
                assert exc.code == "MessageNotExist"      # it became visible again, or was received anew
        elif op == "visibility" and handles:
            handle = handles.pop(rng.randrange(len(handles)))
            try:
                handles.append(queue.change_visibility(handle, rng.randint(1, 8), now).receipt_handle)
            except MnsError as exc:
                assert exc.code == "MessageNotExist"
        elif op == "wait":
            now += rng.choice((0, 500, 1000, 3000, 20000))
        elif op == "retention":
            queue.set_attributes({"MessageRetentionPeriod": rng.choice((60, 90, 120))}, now)
        assert queue.next_event_ms(now) == next_visible_by_scan(queue, now)


def test_a_long_queue_drains_in_send_order_within_priorities():
    now = 0
    queue = new_queue(now, VisibilityTimeout=30)
    for i in range(3000):
        queue.send(SendEntry(f"m{i}", None, 2 if i % 3 else 1), now)
    got = []
    while True:
        try:
            batch = queue.receive(16, now)
        except MnsError:
            break
        got += [m.body for m in batch]
        for m in batch:
            queue.delete(m.receipt_handle, now)
    assert got == [f"m{i}" for i in range(0, 3000, 3)] + [f"m{i}" for i in range(3000) if i % 3]
    assert queue.snapshots(now) == []


def test_a_failed_handle_leaves_the_chosen_messages_in_the_schedule():
    # Minting b's handle fails after b was made invisible: b becomes receivable again when its visibility ends.
    handles = iter(["receipt-1", "", "receipt-2", "receipt-3"])
    ids = itertools.count(1)

    def new_id(kind):
        return next(handles) if kind == "receipt" else f"{kind}-{next(ids)}"
    queue = Queue("q", attrs.queue_attributes({"VisibilityTimeout": 30}), 0, new_id)
    for body in ("a", "b"):
        queue.send(SendEntry(body, None, 8), 0)
    with pytest.raises(MnsError) as exc:
        queue.receive(2, 0)
    assert exc.value.code == "InternalError"
    assert queue.next_event_ms(0) == 30_000
    got = queue.receive(16, 30_000)
    assert [(m.body, m.receipt_handle, m.dequeue_count) for m in got] == [("a", "receipt-2", 2), ("b", "receipt-3", 2)]


def heap_sizes(queue: Queue) -> tuple[int, int, int]:
    schedule = queue._schedule
    return len(schedule._ready), len(schedule._waiting), len(schedule._expiring)


def test_sending_and_deleting_for_ever_keeps_the_schedule_in_proportion_to_the_queue():
    # Ten messages stay stored; 5,000 more are sent, received, made invisible again and deleted one by one.
    now = 0
    queue = new_queue(now, VisibilityTimeout=30, MessageRetentionPeriod=3600)
    for i in range(10):
        queue.send(SendEntry(f"kept {i}", 60, 8), now)
    for i in range(5000):
        queue.send(SendEntry(f"m{i}", None, 8), now)
        received = queue.receive(1, now)[0]
        handle = queue.change_visibility(received.receipt_handle, 20, now).receipt_handle
        queue.delete(handle, now)
    assert all(size <= 2 * 10 + 64 + 1 for size in heap_sizes(queue))
    now = 60_000
    assert [m.body for m in queue.receive(16, now)] == [f"kept {i}" for i in range(10)]


def test_a_rebuilt_waiting_heap_keeps_each_message_at_its_own_visible_time():
    now = 0
    queue = new_queue(now, VisibilityTimeout=30, MessageRetentionPeriod=3600)
    queue.send(SendEntry("a", None, 8), now)
    handle = queue.receive(1, now)[0].receipt_handle
    # Each change leaves a stale entry at a later time; the receive and 132 changes make 133 entries, so the last
    # change (to 1 s) rebuilds the heap (past 2 * 1 + 64 entries) and must keep that entry over the stale ones.
    for timeout in range(132, 0, -1):
        handle = queue.change_visibility(handle, timeout, now).receipt_handle
    assert heap_sizes(queue)[1] == 1
    assert queue.next_event_ms(now) == 1000
    assert [m.body for m in queue.receive(1, 1000)] == ["a"]
