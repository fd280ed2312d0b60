"""When a queue's messages can be received and when they expire, kept in heaps so that receiving, peeking and
purging cost O(log n) per message touched rather than a look at every stored message.

Three heaps hold (time or order, send sequence, message) entries: `ready`, in receive order (priority, then send
order), of messages that were active when put there; `waiting`, by NextVisibleTime, of messages invisible until
then (delayed or received); `expiring`, by the end of their retention. An entry goes stale when its message is
deleted, expires or gets another NextVisibleTime; stale entries are dropped when they come to the top, so every
answer is checked against the stored messages themselves, and a heap that grows past twice the stored messages is
rebuilt from its live entries, so memory stays in proportion to what the queue holds (a client that sends and
deletes for ever does not grow it). The send sequence is unique, so entries never compare their messages."""
from __future__ import annotations

import heapq
from typing import Iterator, Mapping

from .message import Message

_SLACK = 64         # stale entries a heap may always hold before it is rebuilt


class MessageSchedule:
    """`messages` is the queue's own id → message map, which the schedule reads and never changes."""

    def __init__(self, messages: Mapping[str, Message]):
        self._messages = messages
        self._ready: list = []
        self._waiting: list = []
        self._expiring: list = []

    def _stored(self, message: Message) -> bool:
        return self._messages.get(message.message_id) is message

    def add(self, message: Message, now_ms: int) -> None:
        """A message just sent."""
        self._push(self._expiring, (message.expire_time, message.sequence, message))
        self.moved(message, now_ms)

    def moved(self, message: Message, now_ms: int) -> None:
        """`message` got a new NextVisibleTime (sent, received, its visibility changed)."""
        if message.next_visible_time <= now_ms:
            self._push(self._ready, (message.priority, message.sequence, message))
        else:
            self._push(self._waiting, (message.next_visible_time, message.sequence, message))

    def _push(self, heap: list, entry: tuple) -> None:
        heapq.heappush(heap, entry)
        if len(heap) > 2 * len(self._messages) + _SLACK:
            self._rebuild(heap)

    def _rebuild(self, heap: list) -> None:
        """Keep one entry per stored message, the live one: in `waiting` the one at the message's own
        NextVisibleTime; in `ready` and `expiring` any (they hold one order per message)."""
        live: dict[str, tuple] = {}
        for entry in heap:
            message = entry[2]
            if self._stored(message) and (heap is not self._waiting or entry[0] == message.next_visible_time):
                live[message.message_id] = entry
        heap[:] = live.values()
        heapq.heapify(heap)

    def expired(self, now_ms: int) -> Iterator[Message]:
        """The stored messages whose retention has run out at `now_ms`, each once, leaving the schedule."""
        expiring, stored = self._expiring, self._stored
        while expiring and expiring[0][0] <= now_ms:
            message = heapq.heappop(expiring)[2]
            if stored(message):
                yield message

    def first_active(self, count: int, now_ms: int) -> list[Message]:
        """The first `count` messages active at `now_ms`, in receive order. They leave `ready`: the caller puts
        them back with `moved` (a receive changes their NextVisibleTime; a peek does not)."""
        self._wake(now_ms)
        ready, stored = self._ready, self._stored
        chosen: list[Message] = []
        # a stale waiting entry comes alive again when its message gets that same NextVisibleTime anew, so one
        # message can have two entries here
        seen: set[str] = set()
        while ready and len(chosen) < count:
            message = heapq.heappop(ready)[2]
            if stored(message) and message.next_visible_time <= now_ms and message.message_id not in seen:
                seen.add(message.message_id)
                chosen.append(message)
        return chosen

    def next_visible_ms(self, now_ms: int) -> int | None:
        """The earliest time after `now_ms` at which a stored message becomes active before it expires."""
        self._wake(now_ms)
        waiting, stored = self._waiting, self._stored
        while waiting:
            when, _, message = waiting[0]
            if stored(message) and message.next_visible_time == when and when < message.expire_time:
                return when
            heapq.heappop(waiting)          # stale, or expires before it would be visible
        return None

    def _wake(self, now_ms: int) -> None:
        """Move the waiting messages visible by `now_ms` to `ready`."""
        waiting, stored = self._waiting, self._stored
        while waiting and waiting[0][0] <= now_ms:
            when, _, message = heapq.heappop(waiting)
            if stored(message) and message.next_visible_time == when:
                heapq.heappush(self._ready, (message.priority, message.sequence, message))
