"""MNS task steps answered by a live endpoint: SendMessage for a queue, PublishMessage for a topic, as
aliyun-mns-sdk sends them (XML body, `MNS ak:sig`). The task's output is what the in-process integration gives:
MessageId, MessageBodyMD5 and the answer's request id; an `<Error>` answer fails the task as `MNS.<Code>`."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any, Callable, Mapping
from urllib.parse import quote

import defusedxml.ElementTree as SafeET

from .. import jsontext
from ..engine.integrations import TaskRequest
from ..engine.outcomes import Return, Throw
from ..services.mns.integration import message_body_text
from ..wire.mns import xml
from .endpoint import Endpoint
from .signing import sign_mns
from .transport import Answer, Outgoing, check_refusal, send


def _children(body: bytes) -> dict[str, str]:
    try:
        root = SafeET.fromstring(body, forbid_dtd=True)
    except (ET.ParseError, ValueError):       # defusedxml's refusals are ValueErrors
        return {}
    return {child.tag.rsplit("}", 1)[-1]: child.text or "" for child in root}


def _attributes(value: Any) -> Any:
    """MessageAttributes as the SDK writes them: one element per key holding that key's JSON text."""
    if isinstance(value, str):
        try:
            value = jsontext.loads(value)
        except ValueError:
            return value
    if not isinstance(value, Mapping):
        return value
    return {key: inner if isinstance(inner, str) else json.dumps(inner, ensure_ascii=False)
            for key, inner in value.items()}


class _RemoteMns:
    resource = ""
    output: tuple[str, ...] = ()

    def __init__(self, endpoint: Endpoint, *, transport: Callable[[Outgoing], Answer] = send):
        self.endpoint, self.transport = endpoint, transport

    def body(self, params: Mapping[str, Any]) -> dict[str, Any]:
        raise NotImplementedError

    def invoke(self, request: TaskRequest):
        params = request.params if isinstance(request.params, Mapping) else {}
        name = self.name(request.target)
        document = xml.document("Message", self.body(params))
        outgoing = Outgoing("POST", self.endpoint.url("mns"), f"/{self.resource}/{quote(name, safe='')}/messages",
                            {"Content-Type": "text/xml;charset=UTF-8"}, document)
        answer = self.transport(sign_mns(outgoing, self.endpoint))
        fields = _children(answer.body)
        if answer.status >= 300:
            code = fields.get("Code") or f"HTTP{answer.status}"
            check_refusal("MNS", code, fields.get("Message", ""))
            return Throw(f"MNS.{code}", fields.get("Message", ""))
        # A task waiting for its callback carries the token in the body; the engine now waits for ReportTask*.
        fields["RequestId"] = answer.header("x-mns-request-id")
        return Return({key: fields.get(key, "") for key in self.output})


class RemoteQueues(_RemoteMns):
    kind = "mns-queue"
    resource = "queues"
    output = ("MessageId", "MessageBodyMD5", "RequestId")

    def name(self, target) -> str:
        return target.queue

    def body(self, params):
        return {"MessageBody": message_body_text(params["MessageBody"]) if "MessageBody" in params else None,
                "DelaySeconds": params.get("DelaySeconds"), "Priority": params.get("Priority")}


class RemoteTopics(_RemoteMns):
    kind = "mns-topic"
    resource = "topics"
    output = ("MessageId", "RequestId", "MessageBodyMD5")

    def name(self, target) -> str:
        return target.topic

    def body(self, params):
        return {"MessageBody": message_body_text(params["MessageBody"]) if "MessageBody" in params else None,
                "MessageTag": params.get("MessageTag"),
                "MessageAttributes": _attributes(params.get("MessageAttributes"))}
