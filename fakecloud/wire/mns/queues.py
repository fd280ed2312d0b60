"""Queue operations: CreateQueue, SetQueueAttributes, GetQueueAttributes, DeleteQueue, ListQueue; and what
queues and topics share: the attributes body, create-or-override and the list answer with its paging headers
(paging is shared with subscriptions too)."""
from __future__ import annotations

from typing import Any, Callable

from ...services.mns.errors import schema_error
from . import xml
from .call import Call, Reply


def attributes_body(call: Call, root: str) -> dict[str, Any]:
    """The attributes in a `<Queue>` / `<Topic>` body; an empty body sets none."""
    if not call.has_body():
        return {}
    given = xml.fields(xml.parse(call.body, root))
    for name, value in given.items():
        if not isinstance(value, str):
            raise schema_error(name)
    return given


def queue_url(call: Call, name: str) -> str:
    return f"{call.endpoint}/queues/{name}"


def paging(call: Call) -> dict[str, Any]:
    """x-mns-prefix, x-mns-marker and x-mns-ret-number as the model's list arguments."""
    return {"prefix": call.header("x-mns-prefix"), "marker": call.header("x-mns-marker"),
            "ret_number": call.header("x-mns-ret-number")}


def with_meta(call: Call) -> bool:
    value = call.header("x-mns-with-meta")
    if value is None:
        return False
    if value.lower() not in ("true", "false"):
        raise schema_error("x-mns-with-meta")
    return value.lower() == "true"


def create_or_override(call: Call, name: str, root: str, create: Callable[[str, dict], bool],
                       set_attributes: Callable[[str, dict], None], url: Callable[[Call, str], str]) -> Reply:
    """PUT of a queue or topic: create it (201, or 204 when it exists with the same attributes; Location: its URL)
    or, with metaoverride=true, set its attributes (204). ``root`` is the body's element (`Queue`, `Topic`)."""
    call.allow("metaoverride")
    override = call.flag("metaoverride")
    attributes = attributes_body(call, root)
    if override:
        set_attributes(name, attributes)
        return Reply(204)
    created = create(name, attributes)
    return Reply(201 if created else 204, headers={"Location": url(call, name)})


def list_answer(call: Call, item: str, list_page, url: Callable[[Call, str], str],
                attributes: Callable[[str], dict]) -> Reply:
    """ListQueue / ListTopic: `<Queues>` (`<Topics>`) with one `<Queue>` (`<Topic>`) per name of the page, holding
    its `QueueURL` (`TopicURL`) and, with x-mns-with-meta: true, its attributes; then NextMarker."""
    call.allow()
    meta = with_meta(call)
    page = list_page(**paging(call))
    entries = []
    for name in page.names:
        entry: dict[str, Any] = {f"{item}URL": url(call, name)}
        if meta:
            entry.update(attributes(name))
        entries.append(entry)
    return Reply(200, xml.document_list(f"{item}s", item, entries, {"NextMarker": page.next_marker}))


# --- operations (called with the app's lock held) ----------------------------------------------------------------

def put_queue(mns, call: Call, name: str) -> Reply:
    """CreateQueue or, with metaoverride=true, SetQueueAttributes."""
    return create_or_override(call, name, "Queue", mns.create_queue, mns.set_queue_attributes, queue_url)


def get_queue(mns, call: Call, name: str) -> Reply:
    call.allow()
    return Reply(200, xml.document("Queue", mns.get_queue_attributes(name)))


def delete_queue(mns, call: Call, name: str) -> Reply:
    call.allow()
    mns.delete_queue(name)
    return Reply(204)


def list_queues(mns, call: Call) -> Reply:
    return list_answer(call, "Queue", mns.list_queues, queue_url, mns.get_queue_attributes)
