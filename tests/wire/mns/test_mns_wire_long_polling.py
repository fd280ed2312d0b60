"""ReceiveMessage long polling (`waitseconds`, or the queue's PollingWaitSeconds): virtual and instant
in-process, real time in the server, where a waiting receive does not block other requests."""
from __future__ import annotations

import threading
import time

import pytest
from mns.mns_exception import MNSServerException
from mns.queue import Message, QueueMeta

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def later(seconds: float, action) -> threading.Thread:
    def run():
        time.sleep(seconds)
        action()
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


# --- in process: virtual time ---------------------------------------------------------------------------------

def test_inprocess_empty_wait_skips_virtual_time(inprocess):
    queue = inprocess.account().get_queue("q")
    queue.create(QueueMeta())
    with inprocess.world() as cloud:
        start = cloud.clock.now_ms
    began = time.monotonic()
    with pytest.raises(MNSServerException) as info:
        queue.receive_message(30)
    assert info.value.type == "MessageNotExist"
    assert time.monotonic() - began < 5
    with inprocess.world() as cloud:
        assert cloud.clock.now_ms - start == 30_000


def test_inprocess_wait_ends_when_a_delayed_message_turns_visible(inprocess):
    queue = inprocess.account().get_queue("q")
    queue.create(QueueMeta())
    queue.set_encoding(False)
    queue.send_message(Message("soon", delay_seconds=10))
    with inprocess.world() as cloud:
        start = cloud.clock.now_ms
    got = queue.receive_message(20)
    assert got.message_body == "soon"
    with inprocess.world() as cloud:
        assert cloud.clock.now_ms - start == 10_000


def test_inprocess_queue_polling_wait_is_the_default(inprocess):
    queue = inprocess.account().get_queue("q")
    queue.create(QueueMeta(polling_wait_sec=12))
    with inprocess.world() as cloud:
        start = cloud.clock.now_ms
    with pytest.raises(MNSServerException):
        queue.receive_message()
    with inprocess.world() as cloud:
        assert cloud.clock.now_ms - start == 12_000


# --- server: real time --------------------------------------------------------------------------------------------

def test_server_empty_wait_takes_real_time(server):
    queue = server.account().get_queue("q")
    queue.create(QueueMeta())
    began = time.monotonic()
    with pytest.raises(MNSServerException) as info:
        queue.receive_message(1)
    elapsed = time.monotonic() - began
    assert info.value.type == "MessageNotExist"
    assert 0.9 <= elapsed < 5


def test_server_wait_ends_when_another_client_sends(server):
    queue = server.account().get_queue("q")
    queue.create(QueueMeta())
    queue.set_encoding(False)
    sender = server.account().get_queue("q")
    sender.set_encoding(False)
    thread = later(0.3, lambda: sender.send_message(Message("arrived")))
    began = time.monotonic()
    got = queue.receive_message(10)
    assert got.message_body == "arrived"
    assert 0.25 <= time.monotonic() - began < 5
    thread.join()


def test_server_batch_wait_ends_when_another_client_sends(server):
    queue = server.account().get_queue("q")
    queue.create(QueueMeta())
    sender = server.account().get_queue("q")
    thread = later(0.2, lambda: sender.batch_send_message([Message("a"), Message("b")]))
    got = queue.batch_receive_message(16, 10)
    assert sorted(m.message_body for m in got) == [b"a", b"b"]
    thread.join()


def test_server_waiting_receive_does_not_block_other_requests(server):
    queue = server.account().get_queue("q")
    queue.create(QueueMeta())
    outcome = {}

    def poll():
        try:
            queue.receive_message(2)
        except MNSServerException as e:
            outcome["type"] = e.type
    thread = threading.Thread(target=poll, daemon=True)
    thread.start()
    time.sleep(0.2)
    other = server.account()
    began = time.monotonic()
    other.get_queue("other").create(QueueMeta())
    assert other.list_queue()[0] == [f"{server.host}/queues/other", f"{server.host}/queues/q"]
    assert time.monotonic() - began < 1
    thread.join()
    assert outcome == {"type": "MessageNotExist"}


def test_server_wait_follows_the_queue_polling_wait(server):
    queue = server.account().get_queue("q")
    queue.create(QueueMeta(polling_wait_sec=1))
    began = time.monotonic()
    with pytest.raises(MNSServerException):
        queue.receive_message()
    assert 0.9 <= time.monotonic() - began < 5


def test_server_wait_ends_when_a_flow_sends(server):
    """A flow started during the wait sends to the queue; the waiting receive gets its message."""
    queue = server.account().get_queue("q")
    queue.create(QueueMeta())
    queue.set_encoding(False)
    flow = """
version: v1
type: flow
steps:
  - type: task
    name: notify
    resourceArn: acs:mns:::/queues/q/messages
    serviceParams:
      MessageBody: $.text
"""
    with server.world() as cloud:
        cloud.add_flow("notify", flow)

    def start():
        with server.world() as cloud:
            cloud.start("notify", {"text": "from the flow"})
    thread = later(0.3, start)
    got = queue.receive_message(10)
    assert got.message_body == "from the flow"
    thread.join()
