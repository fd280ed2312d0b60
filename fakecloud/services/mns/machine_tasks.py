"""`MNS:SendMessage` from a state machine's Task: `Parameters.resourceArn` names a queue
(`acs:mns:{region}:{account}:/queues/{q}/messages`: SendMessage with `priority` and `delaySeconds`) or a topic
(`.../topics/{t}/messages`: PublishMessage with `messageTag` and `messageAttributes`, whose `MailAttributes` and
`SMSAttributes` are the mail and SMS pushes' DirectMail and DirectSMS). `message` is the body: a string as is,
anything else as Go-serialised JSON. The task result is what the old dialect's MNS tasks answer: `MessageId`,
`MessageBodyMD5` and `RequestId`. RequestComplete continues with it; WaitForCustomCallback sends the message (which
carries the token when the flow puts `$Context.Current.TaskToken` in it) and waits for ReportTask*."""
from __future__ import annotations

from typing import Any

from ...engine.outcomes import Return, Throw
from ...fdl.actions import MnsSendMessage
from ...fdl.targets import MnsQueue, MnsTopic, TargetError, parse_mns_arn
from ..integration import ServiceIntegration
from .errors import MnsError
from .integration import publish_for_task, send_for_task

INVALID_ARGUMENT = "MNS.InvalidArgument"
# The names a state machine gives the attributes of topic pushes -> the names MNS's PublishMessage takes.
ATTRIBUTE_NAMES = (("MailAttributes", "MailAttributes"), ("SMSAttributes", "DirectSMS"))


def resource_of(request) -> MnsQueue | MnsTopic | Throw:
    """The queue or topic `Parameters.resourceArn` names, or the Throw that fails the task."""
    params = request.params if isinstance(request.params, dict) else {}
    arn = params.get("resourceArn")
    if not isinstance(arn, str):
        return Throw(INVALID_ARGUMENT, f"Parameters.resourceArn must be an MNS queue or topic ARN, not {arn!r}")
    try:
        return parse_mns_arn(arn.strip())
    except TargetError as exc:
        return Throw(INVALID_ARGUMENT, f"Parameters.resourceArn: {exc}")


def push_attributes(value: Any) -> Any:
    """`messageAttributes` in the names PublishMessage takes (`SMSAttributes` is `DirectSMS`); anything that is not
    an object is left for PublishMessage to refuse."""
    if not isinstance(value, dict):
        return value
    names = dict(ATTRIBUTE_NAMES)
    return {names.get(key, key): inner for key, inner in value.items()}


class MachineMessageTasks(ServiceIntegration):
    """`MNS:SendMessage` Tasks over an MnsBackend, to queues and topics alike."""
    name = "mns"
    targets = (MnsSendMessage,)
    missing_errors = ("MNS.QueueNotExist", "MNS.TopicNotExist")

    def __init__(self, backend):
        self.backend = backend

    def invoke(self, request):
        resource = resource_of(request)
        if isinstance(resource, Throw):
            return resource
        params = request.params
        message = params.get("message")
        if message is None:
            return Throw(INVALID_ARGUMENT, "Parameters.message is required: the message body to send")
        try:
            if isinstance(resource, MnsQueue):
                sent = send_for_task(self.backend, resource.queue, _present(
                    MessageBody=message, DelaySeconds=params.get("delaySeconds"), Priority=params.get("priority")))
            else:
                sent = publish_for_task(self.backend, resource.topic, _present(
                    MessageBody=message, MessageTag=params.get("messageTag"),
                    MessageAttributes=push_attributes(params.get("messageAttributes"))))
        except MnsError as exc:
            return Throw(exc.flow_error, exc.cause)
        return Return(sent)

    def is_set_up(self, target) -> bool:
        return False          # the queue or topic is named by each attempt's Parameters

    def is_set_up_for(self, request) -> bool:
        resource = resource_of(request)
        return not isinstance(resource, Throw) and self._exists(resource)

    def default(self, request):
        """A queue or topic the test did not create is created on first use."""
        resource = resource_of(request)
        if not isinstance(resource, Throw) and not self._exists(resource):
            create = self.backend.create_queue if isinstance(resource, MnsQueue) else self.backend.create_topic
            try:
                create(_name(resource))
            except MnsError:
                pass          # a name MNS refuses: the call itself then fails with the service's error
        return None

    def _exists(self, resource: MnsQueue | MnsTopic) -> bool:
        backend = self.backend
        read = backend.get_queue_attributes if isinstance(resource, MnsQueue) else backend.get_topic_attributes
        try:
            read(_name(resource))
        except MnsError:
            return False
        return True

    def missing(self, request, error: str) -> str | None:
        if error not in self.missing_errors:
            return None
        resource = resource_of(request)
        if isinstance(resource, MnsQueue):
            return f"MNS queue {resource.queue!r} ({resource.arn}) does not exist"
        if isinstance(resource, MnsTopic):
            return f"MNS topic {resource.topic!r} ({resource.arn}) does not exist"
        return None


def _name(resource: MnsQueue | MnsTopic) -> str:
    return resource.queue if isinstance(resource, MnsQueue) else resource.topic


def _present(**params: Any) -> dict[str, Any]:
    return {key: value for key, value in params.items() if value is not None}
