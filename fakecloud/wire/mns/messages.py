"""Message operations: SendMessage / BatchSendMessage, ReceiveMessage / BatchReceiveMessage (with long
polling), PeekMessage / BatchPeekMessage, DeleteMessage / BatchDeleteMessage and ChangeMessageVisibility.

Long polling. A receive that finds nothing and may wait (`waitseconds`, or the queue's PollingWaitSeconds)
waits through ``app.wait_until`` and answers MessageNotExist (404) when the wait ends empty. In process the wait
is virtual: the clock skips to the next timer, the next delay or visibility timeout of the queue, or the end of
the wait, so it ends at once. In a server it takes real time without holding the lock: a message sent by another
client, or by a flow, during the wait is received as soon as that request ends; delays and visibility timeouts
run out as the clock follows real time (see `fakecloud.wire.timekeeping`)."""
from __future__ import annotations

from typing import Any

from ...services.mns import MnsError
from ...services.mns.errors import message_not_exist, missing_receipt_handle, schema_error
from ..protocol import Protocol
from . import xml
from .call import Call, Reply
from .errors import invalid_query_string

SEND_ELEMENTS = ("MessageBody", "DelaySeconds", "Priority")


# --- sending (called with the app's lock held) ------------------------------------------------------------------

def send(mns, call: Call, queue: str) -> Reply:
    """SendMessage (body `<Message>`) or BatchSendMessage (body `<Messages>`), 201 either way."""
    call.allow()
    root = xml.parse(call.body, ("Message", "Messages"))
    if root.tag.endswith("Messages"):
        entries = xml.items(root, "Message")
        results = mns.batch_send_message(queue, entries)
        return Reply(201, xml.document_list("Messages", "Message", [r.as_dict() for r in results]))
    given = xml.fields(root)
    for name in given:
        if name not in SEND_ELEMENTS:
            raise schema_error(name)
    if "MessageBody" not in given:
        raise schema_error("MessageBody")
    for name, value in given.items():
        if not isinstance(value, str):
            raise schema_error(name)
    result = mns.send_message(queue, given["MessageBody"], given.get("DelaySeconds"), given.get("Priority"))
    return Reply(201, xml.document("Message", result.as_dict()))


# --- deleting and changing visibility (lock held) ---------------------------------------------------------------

def delete(mns, call: Call, queue: str) -> Reply:
    """DeleteMessage (`?ReceiptHandle=`) or BatchDeleteMessage (body `<ReceiptHandles>`), 204. A batch in which
    some handles fail answers 404 with an `<Errors>` item per failed handle (the others are deleted)."""
    query = call.allow("ReceiptHandle")
    if "ReceiptHandle" in query or not call.has_body():
        handle = query.get("ReceiptHandle")
        if not handle:
            raise missing_receipt_handle()
        mns.delete_message(queue, handle)
        return Reply(204)
    root = xml.parse(call.body, "ReceiptHandles")
    handles = xml.items(root, "ReceiptHandle")
    for handle in handles:
        if not isinstance(handle, str):
            raise schema_error("ReceiptHandle")
    errors = mns.batch_delete_message(queue, handles)
    if not errors:
        return Reply(204)
    return Reply(404, xml.document_list("Errors", "Error", [e.as_dict() for e in errors]))


def _spelling(query: dict[str, str], name: str) -> str:
    """Which spelling of ``name`` the request uses: the API reference's (``receiptHandle``) or the Python SDK's
    (``ReceiptHandle``); both at once is an invalid query string."""
    reference = name[0].lower() + name[1:]
    if reference in query and name in query:
        raise invalid_query_string(reference)
    return reference if reference in query else name


def change_visibility(mns, call: Call, queue: str) -> Reply:
    """ChangeMessageVisibility (200): a new receipt handle (the old one is dead) and the NextVisibleTime."""
    query = call.allow("ReceiptHandle", "VisibilityTimeout", "receiptHandle", "visibilityTimeout")
    handle = query.get(_spelling(query, "ReceiptHandle"))
    if not handle:
        raise missing_receipt_handle()
    timeout = call.int_param(_spelling(query, "VisibilityTimeout"))
    result = mns.change_message_visibility(queue, handle, timeout)
    return Reply(200, xml.document("ChangeVisibility", result.as_dict()))


# --- receiving and peeking ------------------------------------------------------------------------------------

def _render(result: Any) -> Reply:
    if isinstance(result, list):
        return Reply(200, xml.document_list("Messages", "Message", [m.as_dict() for m in result]))
    return Reply(200, xml.document("Message", result.as_dict()))


def receive(protocol: Protocol, call: Call, queue: str) -> Reply:
    """GET /queues/{q}/messages: peekonly=true peeks; numOfMessages asks for a batch (`<Messages>`, even of
    one); otherwise one `<Message>`. Nothing there: MessageNotExist (404), after the wait for receives."""
    call.allow("waitseconds", "numOfMessages", "peekonly")
    wait = call.int_param("waitseconds")
    count = call.int_param("numOfMessages")
    peek = call.flag("peekonly")
    mns = protocol.cloud.mns
    if peek:
        return _render(mns.peek_message(queue) if count is None else mns.batch_peek_message(queue, count))

    def attempt() -> Any:
        """What is receivable now (the world read afresh: a reset replaces it), or None."""
        world = protocol.cloud.mns
        try:
            if count is None:
                return world.receive_message(queue, wait)
            return world.batch_receive_message(queue, count, wait)
        except MnsError as e:
            if e.code != "MessageNotExist":
                raise
            return None

    got = attempt()                 # checks the queue, the wait and the count before any waiting
    if got is None:
        seconds = wait if wait is not None else mns.get_queue_attributes(queue)["PollingWaitSeconds"]
        if seconds > 0:
            got = protocol.app.wait_until(attempt, seconds, lambda: protocol.cloud.mns.next_event_time(queue))
    if not got:
        raise message_not_exist()
    return _render(got)
