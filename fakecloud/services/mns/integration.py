"""What a flow's task step calls. A queue task sends ``serviceParams`` (MessageBody, DelaySeconds, Priority)
with SendMessage and returns MessageId, MessageBodyMD5 and RequestId; a topic task publishes (MessageBody,
MessageTag, MessageAttributes) and returns MessageId, RequestId and MessageBodyMD5. A MessageBody that is not
a string (``MessageBody: $`` sends the mapped input) is sent as compact JSON, as the service's Go serialiser
writes it (see gojson). In waitForCallback mode the mapped input carries the task token, so the body does too;
nothing else differs here."""
from __future__ import annotations

from typing import Any, Mapping, Protocol

from ...engine.outcomes import Return, Throw
from ...fdl.targets import MnsQueue, MnsTopic
from ..integration import ServiceIntegration
from . import gojson
from .errors import MnsError, schema_error
from .message import SendResult
from .records import PublishResult


class Sender(Protocol):
    """What a task step uses of the MNS fake (services.mns.MnsBackend, which calls the functions below)."""

    def new_request_id(self) -> str: ...

    def send_message(self, queue_name: str, message_body: str, delay_seconds: int | None = None,
                     priority: int | None = None) -> SendResult: ...

    def publish_message(self, topic_name: str, message_body: str, message_tag: str | None = None,
                        message_attributes: Any = None) -> PublishResult: ...



def message_body_text(value: Any) -> str:
    """The text sent for a MessageBody parameter: a string as it is, anything else as Go-serialised JSON."""
    return value if isinstance(value, str) else gojson.dumps(value)


def _params(params: Any) -> Mapping[str, Any]:
    if not isinstance(params, Mapping):
        raise schema_error("serviceParams")
    if "MessageBody" not in params or params["MessageBody"] is None:
        raise schema_error("MessageBody")
    return params


def send_for_task(backend: Sender, queue_name: str, params: Any) -> dict[str, str]:
    """SendMessage for a queue task; unknown parameters are ignored (the flow front end warns about them).
    A raised MnsError carries the request id."""
    request_id = backend.new_request_id()
    try:
        p = _params(params)
        result = backend.send_message(queue_name, message_body_text(p["MessageBody"]), p.get("DelaySeconds"),
                                      p.get("Priority"))
    except MnsError as e:
        e.request_id = request_id
        raise
    return {"MessageId": result.message_id, "MessageBodyMD5": result.body_md5, "RequestId": request_id}


def publish_for_task(backend: Sender, topic_name: str, params: Any) -> dict[str, str]:
    """PublishMessage for a topic task. MessageAttributes may be a JSON object or its text."""
    request_id = backend.new_request_id()
    try:
        p = _params(params)
        result = backend.publish_message(topic_name, message_body_text(p["MessageBody"]), p.get("MessageTag"),
                                         p.get("MessageAttributes"))
    except MnsError as e:
        e.request_id = request_id
        raise
    return {"MessageId": result.message_id, "RequestId": request_id, "MessageBodyMD5": result.body_md5}


class _MessageTasks(ServiceIntegration):
    """Queue and topic tasks alike: the message goes out at once; in waitForCallback mode the message carries the
    token (in the mapped input) and the engine then waits for ReportTask*."""

    def __init__(self, backend: MnsBackend):
        self.backend = backend

    def invoke(self, request):
        try:
            return Return(self._send(request.target, request.params if request.params is not None else {}))
        except MnsError as exc:
            return Throw(exc.flow_error, exc.cause)

    def is_set_up(self, target) -> bool:
        try:
            self._exists(target)
            return True
        except MnsError:
            return False

    def default(self, request):
        """A queue or topic the test did not create is created on first use."""
        if not self.is_set_up(request.target):
            self._create(request.target)
        return None


class QueueTasks(_MessageTasks):
    """`acs:mns:::/queues/{q}/messages`: SendMessage."""
    name = "mns-queue"
    remote = "mns-queue"
    missing_errors = ("MNS.QueueNotExist",)
    targets = (MnsQueue,)

    def _send(self, target, params):
        return send_for_task(self.backend, target.queue, params)

    def _exists(self, target) -> None:
        self.backend.get_queue_attributes(target.queue)

    def _create(self, target) -> None:
        self.backend.create_queue(target.queue)


class TopicTasks(_MessageTasks):
    """`acs:mns:::/topics/{t}/messages`: PublishMessage."""
    name = "mns-topic"
    remote = "mns-topic"
    missing_errors = ("MNS.TopicNotExist",)
    targets = (MnsTopic,)

    def _send(self, target, params):
        return publish_for_task(self.backend, target.topic, params)

    def _exists(self, target) -> None:
        self.backend.get_topic_attributes(target.topic)

    def _create(self, target) -> None:
        self.backend.create_topic(target.topic)
