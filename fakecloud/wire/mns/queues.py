"""Queue operations: CreateQueue, SetQueueAttributes, GetQueueAttributes, DeleteQueue, ListQueue; and the
list paging headers the list operations of queues, topics and subscriptions share."""
from __future__ import annotations

from typing import Any

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


# --- operations (called with the app's lock held) ----------------------------------------------------------------

def put_queue(mns, call: Call, name: str) -> Reply:
    """CreateQueue (201, or 204 when it exists with the same attributes) or, with metaoverride=true,
    SetQueueAttributes (204)."""
    call.allow("metaoverride")
    override = call.flag("metaoverride")
    attributes = attributes_body(call, "Queue")
    if override:
        mns.set_queue_attributes(name, attributes)
        return Reply(204)
    created = mns.create_queue(name, attributes)
    return Reply(201 if created else 204, headers={"Location": queue_url(call, name)})


def get_queue(mns, call: Call, name: str) -> Reply:
    call.allow()
    return Reply(200, xml.document("Queue", mns.get_queue_attributes(name)))


def delete_queue(mns, call: Call, name: str) -> Reply:
    call.allow()
    mns.delete_queue(name)
    return Reply(204)


def list_queues(mns, call: Call) -> Reply:
    call.allow()
    meta = with_meta(call)
    page = mns.list_queues(**paging(call))
    entries = []
    for name in page.names:
        entry: dict[str, Any] = {"QueueURL": queue_url(call, name)}
        if meta:
            entry.update(mns.get_queue_attributes(name))
        entries.append(entry)
    return Reply(200, xml.document_list("Queues", "Queue", entries, {"NextMarker": page.next_marker}))
