"""MnsBackend: the queues and topics of one account and region as plain Python objects, with the service's
operations, limits and error codes, on virtual time and deterministic ids.

Time. ``now()`` gives virtual epoch seconds; the backend never reads the real clock and never blocks. Long
polling is not done by waiting: ``receive_message(queue, wait_seconds=...)`` checks ``wait_seconds`` and
answers with what is receivable now (MessageNotExist if nothing). ``next_event_time(queue)`` tells the owner of
the clock the earliest future time at which a message of that queue becomes receivable (a delay ends, or a
visibility timeout runs out, which is also when the receipt handle it was received with expires), or None.
``receive_message_waiting(queue, n, wait_seconds, advance)`` is the long poll built from those two: it
receives; if nothing is there it calls ``advance(seconds)`` (the clock owner's advance, which may stop early,
e.g. when something is sent to the queue) up to that next event or the end of the wait, and tries again.

Ids. ``new_id(kind)`` gives every id, for the kinds "message", "request" and "receipt". It is a public
attribute: assigning another source changes the ids every queue mints from then on. Receipt handles end up in
URLs unencoded, so an id source for real clients should give [A-Za-z0-9-] only.

Errors. Every bad input raises MnsError with the service's code, message and HTTP status."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from . import attributes as attrs
from . import integration
from .errors import (MnsError, endpoint_invalid, message_not_exist, missing_visibility_timeout, queue_already_exist,
                     queue_not_exist, schema_error, subscription_already_exist, subscription_not_exist,
                     topic_already_exist, topic_not_exist)
from .message import MessageSnapshot, PeekedMessage, ReceivedMessage, SendResult, body_md5, check_body
from .names import check_queue_name, check_subscription_name, check_topic_name
from .paging import ListPage, page
from .publish import HttpHandler, Pusher, check_message_attributes
from .queue import BatchDeleteError, ChangeVisibilityResult, Queue
from .records import Delivery, HttpPush, Outbox, PublishedMessage, PublishResult
from .topic import HTTP, Subscription, Topic, new_subscription, parse_endpoint




class MnsBackend:
    def __init__(self, now: Callable[[], float], new_id: Callable[[str], str], *, region: str = "cn-hangzhou",
                 account_id: str = "1234567890123456"):
        self._now = now
        self.new_id = new_id
        self.region = region
        self.account_id = account_id
        self.http_handlers: dict[str, HttpHandler] = {}
        self.reset()

    def reset(self) -> None:
        """Forget every queue, topic and record (registered HTTP handlers too)."""
        self._queues: dict[str, Queue] = {}
        self._topics: dict[str, Topic] = {}
        self.http_handlers.clear()
        self.http_pushes: list[HttpPush] = []
        self.outbox = Outbox()

    # --- basics -----------------------------------------------------------------------------------------------
    @property
    def host(self) -> str:
        return f"http://{self.account_id}.mns.{self.region}.aliyuncs.com"

    def queue_url(self, name: str) -> str:
        return f"{self.host}/queues/{name}"

    def topic_url(self, name: str) -> str:
        return f"{self.host}/topics/{name}"

    def subscription_url(self, topic: str, name: str) -> str:
        return f"{self.host}/topics/{topic}/subscriptions/{name}"

    def queue_endpoint(self, queue_name: str) -> str:
        """The subscription endpoint that pushes into ``queue_name`` of this account."""
        return f"acs:mns:{self.region}:{self.account_id}:queues/{queue_name}"

    def new_request_id(self) -> str:
        return self.new_id("request")

    def _mint(self, kind: str) -> str:
        """The id source queues are given: looks ``new_id`` up at each call, so replacing it reaches them."""
        return self.new_id(kind)

    def _now_ms(self) -> int:
        return round(self._now() * 1000)

    def _queue(self, name: Any) -> Queue:
        queue = self._queues.get(check_queue_name(name))
        if queue is None:
            raise queue_not_exist()
        return queue

    def _topic(self, name: Any) -> Topic:
        topic = self._topics.get(check_topic_name(name))
        if topic is None:
            raise topic_not_exist()
        return topic

    def _subscription(self, topic_name: Any, name: Any) -> Subscription:
        check_topic_name(topic_name)
        check_subscription_name(name)       # both names before the topic's existence
        sub = self._topic(topic_name).subscriptions.get(name)
        if sub is None:
            raise subscription_not_exist()
        return sub

    # --- queues -----------------------------------------------------------------------------------------------
    def create_queue(self, name: str, attributes: Any = None) -> bool:
        """True when created (201); False when it exists with the same attributes (204); QueueAlreadyExist
        (409) when it exists with others. Omitted attributes take their defaults for the comparison."""
        check_queue_name(name)
        wanted = attrs.queue_attributes(attributes)
        existing = self._queues.get(name)
        if existing is not None:
            if existing.attributes != wanted:
                raise queue_already_exist()
            return False
        self._queues[name] = Queue(name, wanted, self._now_ms(), self._mint)
        return True

    def delete_queue(self, name: str) -> None:
        self._queue(name)
        del self._queues[name]

    def list_queues(self, prefix: str | None = None, ret_number: int | None = None,
                    marker: str | None = None) -> ListPage:
        return page(self._queues, prefix, ret_number, marker)

    def get_queue_attributes(self, name: str) -> dict[str, Any]:
        return self._queue(name).get_attributes(self._now_ms())

    def set_queue_attributes(self, name: str, attributes: Any) -> None:
        self._queue(name).set_attributes(attributes, self._now_ms())

    def send_message(self, queue_name: str, message_body: str, delay_seconds: int | None = None,
                     priority: int | None = None) -> SendResult:
        queue = self._queue(queue_name)
        entry = {"MessageBody": message_body}
        if delay_seconds is not None:
            entry["DelaySeconds"] = delay_seconds
        if priority is not None:
            entry["Priority"] = priority
        message = queue.send(queue.entry(entry), self._now_ms())
        return SendResult(message.message_id, message.body_md5)

    def batch_send_message(self, queue_name: str, messages: Sequence[Any]) -> list[SendResult]:
        """Send 1 to 16 messages (mappings with MessageBody, DelaySeconds, Priority) of at most 64 KB together;
        all are checked before any is sent."""
        queue = self._queue(queue_name)
        entries = queue.check_batch(messages)
        now = self._now_ms()
        return [SendResult(m.message_id, m.body_md5) for m in (queue.send(e, now) for e in entries)]

    def _wait(self, queue: Queue, wait_seconds: Any) -> int:
        if wait_seconds is None:
            return queue.attributes["PollingWaitSeconds"]
        return attrs.WAIT_SECONDS.check("waitseconds", wait_seconds)

    def receive_message(self, queue_name: str, wait_seconds: int | None = None) -> ReceivedMessage:
        queue = self._queue(queue_name)
        self._wait(queue, wait_seconds)
        return queue.receive(1, self._now_ms())[0]

    def batch_receive_message(self, queue_name: str, num_of_messages: int,
                              wait_seconds: int | None = None) -> list[ReceivedMessage]:
        queue = self._queue(queue_name)
        count = attrs.NUM_OF_MESSAGES.check("numOfMessages", num_of_messages)
        self._wait(queue, wait_seconds)
        return queue.receive(count, self._now_ms())

    def receive_message_waiting(self, queue_name: str, n: int | None, wait_seconds: int | None,
                                advance: Callable[[float], None]) -> Any:
        """A long poll in virtual time: one ReceivedMessage (``n`` None) or a list of up to ``n``, moving the
        clock with ``advance`` until something is receivable or ``wait_seconds`` (default: the queue's
        PollingWaitSeconds) have passed, then MessageNotExist."""
        queue = self._queue(queue_name)
        count = 1 if n is None else attrs.NUM_OF_MESSAGES.check("numOfMessages", n)
        deadline = self._now_ms() + self._wait(queue, wait_seconds) * 1000
        while True:
            now = self._now_ms()
            try:
                got = self._queue(queue_name).receive(count, now)
                return got[0] if n is None else got
            except MnsError as e:
                if e.code != "MessageNotExist" or now >= deadline:
                    raise
            event = self._queue(queue_name).next_event_ms(now)
            advance((min(deadline, event if event is not None else deadline) - now) / 1000)
            if self._now_ms() <= now:       # the clock did not move: nothing can change any more
                raise message_not_exist()

    def peek_message(self, queue_name: str) -> PeekedMessage:
        return self._queue(queue_name).peek(1, self._now_ms())[0]

    def batch_peek_message(self, queue_name: str, num_of_messages: int) -> list[PeekedMessage]:
        queue = self._queue(queue_name)
        return queue.peek(attrs.NUM_OF_MESSAGES.check("numOfMessages", num_of_messages), self._now_ms())

    def delete_message(self, queue_name: str, receipt_handle: str) -> None:
        self._queue(queue_name).delete(receipt_handle, self._now_ms())

    def batch_delete_message(self, queue_name: str, receipt_handles: Sequence[str]) -> list[BatchDeleteError]:
        """Delete every valid handle of 1 to 16; the answer lists the ones that failed (empty: all deleted)."""
        return self._queue(queue_name).batch_delete(receipt_handles, self._now_ms())

    def change_message_visibility(self, queue_name: str, receipt_handle: str,
                                  visibility_timeout: int) -> ChangeVisibilityResult:
        queue = self._queue(queue_name)
        if visibility_timeout is None:
            raise missing_visibility_timeout()
        timeout = attrs.VISIBILITY_TIMEOUT.check("VisibilityTimeout", visibility_timeout)
        return queue.change_visibility(receipt_handle, timeout, self._now_ms())

    def next_event_time(self, queue_name: str) -> float | None:
        event = self._queue(queue_name).next_event_ms(self._now_ms())
        return None if event is None else event / 1000

    def messages(self, queue_name: str) -> list[MessageSnapshot]:
        """Every message stored in the queue now, with its state, in receive order."""
        return self._queue(queue_name).snapshots(self._now_ms())

    # --- topics -----------------------------------------------------------------------------------------------
    def create_topic(self, name: str, attributes: Any = None) -> bool:
        """True when created; False when it exists with the same attributes; TopicAlreadyExist otherwise."""
        check_topic_name(name)
        wanted = attrs.topic_attributes(attributes)
        existing = self._topics.get(name)
        if existing is not None:
            if existing.attributes != wanted:
                raise topic_already_exist()
            return False
        self._topics[name] = Topic(name, wanted, self._now_ms())
        return True

    def delete_topic(self, name: str) -> None:
        """Delete a topic with its subscriptions."""
        self._topic(name)
        del self._topics[name]

    def list_topics(self, prefix: str | None = None, ret_number: int | None = None,
                    marker: str | None = None) -> ListPage:
        return page(self._topics, prefix, ret_number, marker)

    def get_topic_attributes(self, name: str) -> dict[str, Any]:
        return self._topic(name).get_attributes(self._now_ms())

    def set_topic_attributes(self, name: str, attributes: Any) -> None:
        self._topic(name).set_attributes(attributes, self._now_ms())

    def subscribe(self, topic_name: str, subscription_name: str, endpoint: str, *, filter_tag: str | None = None,
                  notify_strategy: str | None = None, notify_content_format: str | None = None) -> bool:
        """True when created; False when it exists with the same settings; SubscriptionAlreadyExist otherwise."""
        check_topic_name(topic_name)
        check_subscription_name(subscription_name)
        topic = self._topic(topic_name)
        sub = new_subscription(topic.name, subscription_name, endpoint, filter_tag, notify_strategy,
                               notify_content_format, self._now_ms() // 1000)
        existing = topic.subscriptions.get(subscription_name)
        if existing is not None:
            if not existing.same_settings(sub):
                raise subscription_already_exist()
            return False
        topic.subscriptions[subscription_name] = sub
        return True

    def unsubscribe(self, topic_name: str, subscription_name: str) -> None:
        self._subscription(topic_name, subscription_name)
        del self._topics[topic_name].subscriptions[subscription_name]

    def list_subscriptions(self, topic_name: str, prefix: str | None = None, ret_number: int | None = None,
                           marker: str | None = None) -> ListPage:
        return page(self._topic(topic_name).subscriptions, prefix, ret_number, marker)

    def get_subscription_attributes(self, topic_name: str, subscription_name: str) -> dict[str, Any]:
        return self._subscription(topic_name, subscription_name).get_attributes(self.account_id)

    def set_subscription_attributes(self, topic_name: str, subscription_name: str, attributes: Any) -> None:
        self._subscription(topic_name, subscription_name).set_attributes(attributes, self._now_ms() // 1000)

    def register_http_endpoint(self, url: str, handler: HttpHandler) -> None:
        """Pushes to ``url`` call ``handler(url, headers, body)``; it answers an HTTP status (None means 200)."""
        if parse_endpoint(url).kind != HTTP:
            raise endpoint_invalid()
        if not callable(handler):
            raise schema_error("handler")
        self.http_handlers[url] = handler

    def unregister_http_endpoint(self, url: str) -> None:
        self.http_handlers.pop(url, None)

    def publish_message(self, topic_name: str, message_body: str, message_tag: str | None = None,
                        message_attributes: Any = None) -> PublishResult:
        """Publish, then push at once to every subscription whose FilterTag lets the message through."""
        topic = self._topic(topic_name)
        body = check_body(message_body, topic.attributes["MaximumMessageSize"])
        tag = attrs.check_tag("MessageTag", message_tag)
        checked_attributes = check_message_attributes(message_attributes)
        now = self._now_ms()
        published = PublishedMessage(topic.name, self.new_id("message"), body, body_md5(body), tag,
                                     checked_attributes, now)
        topic.published.append(published)
        pusher = Pusher(self.account_id, self._push_to_queue, self.http_handlers, self.http_pushes, self.outbox,
                        self.new_request_id, f"{self.host}/x509/mns-signing.pem")
        deliveries = []
        for sub in list(topic.subscriptions.values()):
            if sub.accepts(tag):
                delivery = pusher.push(sub, published, now)
                sub.deliveries.append(delivery)
                deliveries.append(delivery)
        return PublishResult(published.message_id, published.body_md5, tuple(deliveries))

    # --- flow task integration ----------------------------------------------------------------------------------
    def send_for_task(self, queue_name: str, params: Any) -> dict[str, str]:
        """A queue task step: ``{"MessageId", "MessageBodyMD5", "RequestId"}`` (see integration)."""
        return integration.send_for_task(self, queue_name, params)

    def publish_for_task(self, topic_name: str, params: Any) -> dict[str, str]:
        """A topic task step: ``{"MessageId", "RequestId", "MessageBodyMD5"}`` (see integration)."""
        return integration.publish_for_task(self, topic_name, params)

    def _push_to_queue(self, queue_name: str, body: str) -> str:
        return self.send_message(queue_name, body).message_id

    def published(self, topic_name: str) -> list[PublishedMessage]:
        return list(self._topic(topic_name).published)

    def deliveries(self, topic_name: str, subscription_name: str) -> list[Delivery]:
        return list(self._subscription(topic_name, subscription_name).deliveries)

