"""One MNS queue: its attributes, its messages and their receipt handles, on millisecond virtual time.
Receive order is priority (1 first) then send order; retention runs from the send time with the period in
force at that time; expired messages are purged before every operation. Which messages are receivable and which
expire is kept in a `MessageSchedule`, so a long queue costs no more per message than a short one."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

from . import attributes as attrs
from .errors import MnsError, message_not_exist, range_error, schema_error
from .message import Message, MessageSnapshot, MessageState, PeekedMessage, ReceivedMessage, body_md5, \
    body_size, check_body
from .receipts import ReceiptBook
from .schedule import MessageSchedule


@dataclass(frozen=True)
class SendEntry:
    """One checked message of a send or batch send."""
    body: str
    delay_seconds: int | None
    priority: int


@dataclass(frozen=True)
class BatchDeleteError:
    """One handle BatchDeleteMessage could not delete (the service's ``<Error>`` item)."""
    receipt_handle: Any
    code: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"ErrorCode": self.code, "ErrorMessage": self.message, "ReceiptHandle": self.receipt_handle}


@dataclass(frozen=True)
class ChangeVisibilityResult:
    receipt_handle: str
    next_visible_time: int

    def as_dict(self) -> dict[str, Any]:
        return {"ReceiptHandle": self.receipt_handle, "NextVisibleTime": self.next_visible_time}


def check_entry(entry: Any, max_size: int) -> SendEntry:
    """A message to send, from a mapping with MessageBody and optional DelaySeconds / Priority."""
    if not isinstance(entry, Mapping):
        raise schema_error("Message")
    for key in entry:
        if key not in ("MessageBody", "DelaySeconds", "Priority"):
            raise schema_error(key if isinstance(key, str) else "Message")
    if "MessageBody" not in entry:
        raise schema_error("MessageBody")
    body = check_body(entry["MessageBody"], max_size)
    delay = entry.get("DelaySeconds")
    delay = None if delay is None else attrs.DELAY_SECONDS.check("DelaySeconds", delay)
    priority = entry.get("Priority")
    priority = attrs.PRIORITY.default if priority is None else attrs.PRIORITY.check("Priority", priority)
    return SendEntry(body, delay, priority)


class Queue:
    def __init__(self, name: str, attributes: Mapping[str, Any], now_ms: int, new_id: Callable[[str], str]):
        self.name = name
        self.attributes: dict[str, Any] = dict(attributes)
        self.create_time = now_ms // 1000
        self.last_modify_time = now_ms // 1000
        self._new_id = new_id
        self._messages: dict[str, Message] = {}
        self._schedule = MessageSchedule(self._messages)
        self._receipts = ReceiptBook(new_id)
        self._sequence = 0

    # --- attributes -------------------------------------------------------------------------------------------
    def set_attributes(self, given: Any, now_ms: int) -> None:
        self.attributes = attrs.queue_attributes(given, self.attributes)
        self.last_modify_time = now_ms // 1000

    def get_attributes(self, now_ms: int) -> dict[str, Any]:
        counts = self.counts(now_ms)
        a = self.attributes
        return {"QueueName": self.name, "CreateTime": self.create_time, "LastModifyTime": self.last_modify_time,
                "DelaySeconds": a["DelaySeconds"], "MaximumMessageSize": a["MaximumMessageSize"],
                "MessageRetentionPeriod": a["MessageRetentionPeriod"], "VisibilityTimeout": a["VisibilityTimeout"],
                "PollingWaitSeconds": a["PollingWaitSeconds"], "LoggingEnabled": a["LoggingEnabled"],
                "ActiveMessages": counts[MessageState.ACTIVE], "InactiveMessages": counts[MessageState.INACTIVE],
                "DelayMessages": counts[MessageState.DELAYED]}

    def counts(self, now_ms: int) -> dict[MessageState, int]:
        self.purge(now_ms)
        counts = {state: 0 for state in MessageState}
        for message in self._messages.values():
            counts[message.state(now_ms)] += 1
        return counts

    # --- sending ----------------------------------------------------------------------------------------------
    def entry(self, entry: Any) -> SendEntry:
        return check_entry(entry, self.attributes["MaximumMessageSize"])

    def check_batch(self, entries: Any) -> list[SendEntry]:
        if isinstance(entries, (str, bytes, Mapping)) or not isinstance(entries, Sequence):
            raise schema_error("Messages")
        if not 1 <= len(entries) <= attrs.BATCH_MAX_MESSAGES:
            raise range_error("Messages", 1, attrs.BATCH_MAX_MESSAGES)
        checked = [self.entry(e) for e in entries]
        if sum(body_size(e.body) for e in checked) > attrs.BATCH_MAX_BYTES:
            raise range_error("Messages", 1, attrs.BATCH_MAX_BYTES, "bytes")
        return checked

    def send(self, entry: SendEntry, now_ms: int) -> Message:
        self.purge(now_ms)
        message_id = self._new_id("message")
        if not isinstance(message_id, str) or not message_id or message_id in self._messages:
            raise MnsError("InternalError", f"new_id('message') must return a new non-empty string, "
                                            f"got {message_id!r}")
        delay = self.attributes["DelaySeconds"] if entry.delay_seconds is None else entry.delay_seconds
        self._sequence += 1
        message = Message(message_id, entry.body, body_md5(entry.body), entry.priority, now_ms,
                          now_ms + delay * 1000, now_ms + self.attributes["MessageRetentionPeriod"] * 1000,
                          self._sequence)
        self._messages[message_id] = message
        self._schedule.add(message, now_ms)
        return message

    # --- receiving --------------------------------------------------------------------------------------------
    def _first_active(self, count: int, now_ms: int) -> list[Message]:
        """The first ``count`` active messages in receive order."""
        self.purge(now_ms)
        return self._schedule.first_active(count, now_ms)

    def receive(self, count: int, now_ms: int) -> list[ReceivedMessage]:
        """Up to ``count`` active messages, made inactive for the queue's VisibilityTimeout; none: MessageNotExist."""
        chosen = self._first_active(count, now_ms)
        if not chosen:
            raise message_not_exist()
        timeout = self.attributes["VisibilityTimeout"] * 1000
        out = []
        try:
            for message in chosen:
                message.dequeue_count += 1
                if message.dequeue_count == 1:
                    message.first_dequeue_time = now_ms
                message.next_visible_time = now_ms + timeout
                self._receipts.issue(message)
                out.append(message.received())
        finally:        # every chosen message back in the schedule, even when minting a handle failed
            for message in chosen:
                self._schedule.moved(message, now_ms)
        return out

    def peek(self, count: int, now_ms: int) -> list[PeekedMessage]:
        chosen = self._first_active(count, now_ms)
        for message in chosen:
            self._schedule.moved(message, now_ms)      # still active: back in receive order
        if not chosen:
            raise message_not_exist()
        return [m.peeked() for m in chosen]

    # --- receipt handles --------------------------------------------------------------------------------------
    def delete(self, handle: Any, now_ms: int) -> None:
        self.purge(now_ms)
        message = self._receipts.resolve(handle, self._messages, now_ms)
        del self._messages[message.message_id]

    def batch_delete(self, handles: Any, now_ms: int) -> list[BatchDeleteError]:
        if isinstance(handles, (str, bytes, Mapping)) or not isinstance(handles, Sequence):
            raise schema_error("ReceiptHandles")
        if not 1 <= len(handles) <= attrs.BATCH_MAX_MESSAGES:
            raise range_error("ReceiptHandles", 1, attrs.BATCH_MAX_MESSAGES)
        errors = []
        for handle in handles:
            try:
                self.delete(handle, now_ms)
            except MnsError as e:
                errors.append(BatchDeleteError(handle, e.code, e.message))
        return errors

    def change_visibility(self, handle: Any, timeout: int, now_ms: int) -> ChangeVisibilityResult:
        self.purge(now_ms)
        message = self._receipts.resolve(handle, self._messages, now_ms)
        message.next_visible_time = now_ms + timeout * 1000
        self._schedule.moved(message, now_ms)
        new_handle = self._receipts.issue(message)
        return ChangeVisibilityResult(new_handle, message.next_visible_time)

    # --- time -------------------------------------------------------------------------------------------------
    def purge(self, now_ms: int) -> None:
        """Drop the messages whose retention period has run out."""
        for message in list(self._schedule.expired(now_ms)):
            del self._messages[message.message_id]

    def next_event_ms(self, now_ms: int) -> int | None:
        """The earliest time after ``now_ms`` at which a stored message becomes active (a delay ends or a
        visibility timeout runs out, which is also when its receipt handle expires); None if there is none."""
        self.purge(now_ms)
        return self._schedule.next_visible_ms(now_ms)

    # --- inspection -------------------------------------------------------------------------------------------
    def snapshots(self, now_ms: int) -> list[MessageSnapshot]:
        """Every stored message in receive order of priority and send order, with its state at ``now_ms``."""
        self.purge(now_ms)
        return [m.snapshot(now_ms) for m in sorted(self._messages.values(), key=Message.order_key)]
