"""`RemoteTasks`: the task integrations that answer from a live endpoint instead of the in-process fakes, one per
integration kind ("fc", "mns-queue", "mns-topic", "action"). Subflows are not among them: a child execution runs
in the local engine and its own tasks go to the endpoint."""
from __future__ import annotations

from typing import Callable

from .endpoint import Endpoint
from .fc import RemoteFc
from .mns import RemoteQueues, RemoteTopics
from .transport import Answer, Outgoing, send
from .vision import RemoteVision


class RemoteTasks:
    def __init__(self, endpoint: Endpoint, *, transport: Callable[[Outgoing], Answer] = send, catalog=None):
        self.endpoint = endpoint
        self.by_kind = {
            "fc": RemoteFc(endpoint, transport=transport),
            "mns-queue": RemoteQueues(endpoint, transport=transport),
            "mns-topic": RemoteTopics(endpoint, transport=transport),
            "action": RemoteVision(endpoint, transport=transport, catalog=catalog),
        }

    def integration(self, kind: str):
        """The remote integration for ``kind``, or None when the endpoint does not answer that kind."""
        return self.by_kind.get(kind)
