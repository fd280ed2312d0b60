"""Task steps that target MNS: the engine integrations for `acs:mns:::/queues/{q}/messages` (SendMessage) and
`acs:mns:::/topics/{t}/messages` (PublishMessage), in requestResponse and waitForCallback patterns."""
from __future__ import annotations

from ...engine.integrations import Failure, Result, TaskRequest
from .errors import MnsError
from .integration import publish_for_task, send_for_task


class _MnsTasks:
    def __init__(self, backend):
        self.backend = backend

    def invoke(self, request: TaskRequest):
        try:
            output = self._send(request.target, request.params if request.params is not None else {})
        except MnsError as exc:
            return Failure(exc.flow_error, exc.cause)
        # waitForCallback: the message carries the token; the engine now waits for ReportTask*.
        return Result(output)


class QueueTasks(_MnsTasks):
    kind = "mns-queue"

    def _send(self, target, params):
        return send_for_task(self.backend, target.queue, params)


class TopicTasks(_MnsTasks):
    kind = "mns-topic"

    def _send(self, target, params):
        return publish_for_task(self.backend, target.topic, params)
