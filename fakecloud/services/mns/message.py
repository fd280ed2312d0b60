"""One queue message and its life: Delayed (sent with a delay, never received), Active (receivable),
Inactive (received, invisible until its NextVisibleTime). Times are epoch milliseconds, as the service
reports them. Also the read-only views handed to callers: received, peeked and inspected messages."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import Enum
from typing import Any

from .errors import range_error, schema_error


class MessageState(str, Enum):
    DELAYED = "Delayed"
    ACTIVE = "Active"
    INACTIVE = "Inactive"


def body_md5(body: str) -> str:
    """The service's MessageBodyMD5: upper-case hex MD5 of the body's UTF-8 bytes, as stored."""
    return hashlib.md5(body.encode("utf-8")).hexdigest().upper()


def body_size(body: str) -> int:
    return len(body.encode("utf-8"))


def check_body(value: Any, max_size: int, name: str = "MessageBody") -> str:
    """A message body: a string of 1 to ``max_size`` UTF-8 bytes."""
    if not isinstance(value, str):
        raise schema_error(name)
    if not 1 <= body_size(value) <= max_size:
        raise range_error(name, 1, max_size, "bytes")
    return value


@dataclass
class Message:
    """A message as the queue stores it. ``sequence`` is its place in send order (FIFO within a priority);
    ``receipt_handle`` is the one handle that is currently valid (None until received)."""
    message_id: str
    body: str
    body_md5: str
    priority: int
    enqueue_time: int
    next_visible_time: int
    expire_time: int
    sequence: int
    dequeue_count: int = 0
    first_dequeue_time: int = 0
    receipt_handle: str | None = None

    def state(self, now_ms: int) -> MessageState:
        if now_ms >= self.next_visible_time:
            return MessageState.ACTIVE
        return MessageState.DELAYED if self.dequeue_count == 0 else MessageState.INACTIVE

    def order_key(self) -> tuple[int, int]:
        """Receive order: priority (1 first), then send order."""
        return self.priority, self.sequence

    def received(self) -> ReceivedMessage:
        assert self.receipt_handle is not None
        return ReceivedMessage(self.message_id, self.receipt_handle, self.body_md5, self.body, self.enqueue_time,
                               self.next_visible_time, self.first_dequeue_time, self.dequeue_count, self.priority)

    def peeked(self) -> PeekedMessage:
        return PeekedMessage(self.message_id, self.body_md5, self.body, self.enqueue_time, self.first_dequeue_time,
                             self.dequeue_count, self.priority)

    def snapshot(self, now_ms: int) -> MessageSnapshot:
        return MessageSnapshot(self.message_id, self.body, self.body_md5, self.priority, self.state(now_ms),
                               self.enqueue_time, self.next_visible_time, self.first_dequeue_time,
                               self.dequeue_count, self.receipt_handle, self.expire_time)


@dataclass(frozen=True)
class ReceivedMessage:
    """What ReceiveMessage answers (all the elements the SDK requires)."""
    message_id: str
    receipt_handle: str
    body_md5: str
    body: str
    enqueue_time: int
    next_visible_time: int
    first_dequeue_time: int
    dequeue_count: int
    priority: int

    def as_dict(self) -> dict[str, Any]:
        return {"MessageId": self.message_id, "ReceiptHandle": self.receipt_handle,
                "MessageBodyMD5": self.body_md5, "MessageBody": self.body, "EnqueueTime": self.enqueue_time,
                "NextVisibleTime": self.next_visible_time, "FirstDequeueTime": self.first_dequeue_time,
                "DequeueCount": self.dequeue_count, "Priority": self.priority}


@dataclass(frozen=True)
class PeekedMessage:
    """What PeekMessage answers: a received message without ReceiptHandle and NextVisibleTime."""
    message_id: str
    body_md5: str
    body: str
    enqueue_time: int
    first_dequeue_time: int
    dequeue_count: int
    priority: int

    def as_dict(self) -> dict[str, Any]:
        return {"MessageId": self.message_id, "MessageBodyMD5": self.body_md5, "MessageBody": self.body,
                "EnqueueTime": self.enqueue_time, "FirstDequeueTime": self.first_dequeue_time,
                "DequeueCount": self.dequeue_count, "Priority": self.priority}


@dataclass(frozen=True)
class MessageSnapshot:
    """Everything a test may assert on about a stored message, at one instant."""
    message_id: str
    body: str
    body_md5: str
    priority: int
    state: MessageState
    enqueue_time: int
    next_visible_time: int
    first_dequeue_time: int
    dequeue_count: int
    receipt_handle: str | None
    expire_time: int


@dataclass(frozen=True)
class SendResult:
    """What SendMessage answers for one message: MessageId and MessageBodyMD5."""
    message_id: str
    body_md5: str

    def as_dict(self) -> dict[str, Any]:
        return {"MessageId": self.message_id, "MessageBodyMD5": self.body_md5}
