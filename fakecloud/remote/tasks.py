"""`RemoteTasks`: the clients that answer task attempts from a live endpoint instead of the in-process fakes, one
per name an integration gives as its `remote` ("fc", "mns-queue", "mns-topic", "vision"). Subflows have none: a
child execution runs in the local engine and its own tasks go to the endpoint."""
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
        self.by_name = {
            "fc": RemoteFc(endpoint, transport=transport),
            "mns-queue": RemoteQueues(endpoint, transport=transport),
            "mns-topic": RemoteTopics(endpoint, transport=transport),
            "vision": RemoteVision(endpoint, transport=transport, catalog=catalog),
        }

    def integration(self, name: str):
        """The remote client an integration names as its `remote`, or None when the endpoint has none by that name."""
        return self.by_name.get(name)
