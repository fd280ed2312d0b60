"""`FcProtocol`: claims the requests under the FC API version prefixes and answers them in FC's own format."""
from __future__ import annotations

import json

from werkzeug.wrappers import Request, Response

from ..protocol import Protocol

PREFIXES = ("/2016-08-15/", "/2021-04-06/", "/2023-03-30/")


class FcProtocol(Protocol):
    name = "fc"

    def matches(self, request: Request) -> bool:
        return request.path.startswith(PREFIXES)

    def handle(self, request: Request) -> Response:
        body = {"ErrorCode": "PathNotSupported", "ErrorMessage": "not implemented yet",
                "Code": "PathNotSupported", "Message": "not implemented yet", "RequestId": ""}
        return Response(json.dumps(body), status=400, content_type="application/json")
