"""`MnsProtocol`: claims `/queues/...` and `/topics/...` requests and answers them in MNS's REST/XML format."""
from __future__ import annotations

from werkzeug.wrappers import Request, Response

from ..protocol import Protocol


class MnsProtocol(Protocol):
    name = "mns"

    def matches(self, request: Request) -> bool:
        path = request.path
        return path == "/queues" or path.startswith("/queues/") or path == "/topics" or path.startswith("/topics/")

    def handle(self, request: Request) -> Response:
        return Response(status=501)
