"""Long polling on virtual time: next_event_time, and receive_message_waiting advancing a caller's clock to
the next event or the end of the wait."""
from __future__ import annotations

from mns_support import START, START_MS, raises

NOT_EXIST = ("MessageNotExist", "Message not exist.", 404)


def test_next_event_time(mns, q, clock):
    assert mns.next_event_time(q) is None
    mns.send_message(q, "now")
    assert mns.next_event_time(q) is None                 # active messages are no future event
    mns.send_message(q, "later", delay_seconds=100)
    assert mns.next_event_time(q) == START + 100
    mns.receive_message(q)                               # "now" becomes visible again at +30
    assert mns.next_event_time(q) == START + 30
    clock.advance(30)
    assert mns.next_event_time(q) == START + 100


def test_next_event_time_is_in_milliseconds(mns, q, clock):
    clock.advance(0.25)
    mns.send_message(q, "x", delay_seconds=1)
    assert mns.next_event_time(q) == START + 1.25


def test_waiting_returns_at_once_when_something_is_there(mns, q, clock):
    mns.send_message(q, "x")
    got = mns.receive_message_waiting(q, None, 30, clock.advance)
    assert got.body == "x" and clock.steps == []


def test_waiting_advances_to_a_delayed_message(mns, q, clock):
    mns.send_message(q, "x", delay_seconds=7)
    got = mns.receive_message_waiting(q, None, 30, clock.advance)
    assert (got.body, got.first_dequeue_time) == ("x", START_MS + 7000)
    assert clock.steps == [7]


def test_waiting_advances_to_a_visibility_timeout(mns, q, clock):
    mns.set_queue_attributes(q, {"VisibilityTimeout": 12})
    mns.send_message(q, "x")
    mns.receive_message(q)
    got = mns.receive_message_waiting(q, 4, 20, clock.advance)
    assert [(m.body, m.dequeue_count) for m in got] == [("x", 2)]
    assert clock.steps == [12]


def test_waiting_gives_up_at_the_end_of_the_wait(mns, q, clock):
    mns.send_message(q, "x", delay_seconds=40)
    with raises(*NOT_EXIST):
        mns.receive_message_waiting(q, None, 30, clock.advance)
    assert clock.steps == [30]
    assert clock.ms == START_MS + 30000


def test_waiting_on_an_empty_queue(mns, q, clock):
    with raises(*NOT_EXIST):
        mns.receive_message_waiting(q, 3, 5, clock.advance)
    assert clock.steps == [5]


def test_waiting_zero_seconds_never_advances(mns, q, clock):
    mns.send_message(q, "x", delay_seconds=1)
    with raises(*NOT_EXIST):
        mns.receive_message_waiting(q, None, 0, clock.advance)
    assert clock.steps == []


def test_waiting_defaults_to_the_queue_polling_wait(mns, q, clock):
    mns.set_queue_attributes(q, {"PollingWaitSeconds": 9})
    with raises(*NOT_EXIST):
        mns.receive_message_waiting(q, None, None, clock.advance)
    assert clock.steps == [9]


def test_waiting_sees_a_message_sent_while_time_moves(mns, q, clock):
    """The clock owner's advance may make things happen (and may stop early when they do)."""
    def producer(c):
        if c.ms >= START_MS + 3000 and not mns.messages(q):
            mns.send_message(q, "from-a-flow")

    def advance_in_steps(seconds):              # a world that stops at its own next timer, 3 s away
        clock.advance(min(seconds, 3))

    clock.on_advance = producer
    got = mns.receive_message_waiting(q, None, 20, advance_in_steps)
    assert (got.body, got.enqueue_time, got.first_dequeue_time) == ("from-a-flow", START_MS + 3000,
                                                                     START_MS + 3000)
    assert clock.steps == [3]


def test_waiting_stops_when_the_clock_does_not_move(mns, q, clock):
    with raises(*NOT_EXIST):
        mns.receive_message_waiting(q, None, 10, lambda seconds: None)


def test_waiting_checks_its_arguments(mns, q, clock):
    with raises("InvalidArgument", "The value of waitseconds should between 0 and 30 seconds.", 400):
        mns.receive_message_waiting(q, None, 31, clock.advance)
    with raises("InvalidArgument", "The value of numOfMessages should between 1 and 16.", 400):
        mns.receive_message_waiting(q, 17, 1, clock.advance)


def test_waiting_reports_a_queue_deleted_meanwhile(mns, q, clock):
    clock.on_advance = lambda c: mns.delete_queue(q)
    with raises("QueueNotExist", "The queue name you provided is not exist.", 404):
        mns.receive_message_waiting(q, None, 10, clock.advance)
