"""One FC request as the operations see it (version, body, the registry, the request id) and the answers they
give: JSON, empty, or FC's JSON error with both key spellings the SDKs read and ``x-fc-request-id``."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from werkzeug.wrappers import Request, Response

from fakecloud.services.fc import FcError

from ... import jsontext
from . import errors
from .registry import Registry
from .routes import FC3_VERSION


@dataclass
class Call:
    """One FC request as the operations see it."""
    request: Request
    version: str
    body: bytes
    registry: Registry
    request_id: str = ""
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def fc3(self) -> bool:
        return self.version == FC3_VERSION

    @property
    def backend(self):
        return self.registry.backend

    @property
    def args(self):
        return self.request.args

    def new_request_id(self) -> str:
        if not self.request_id:
            self.request_id = self.backend.new_request_id()
        return self.request_id

    def json_body(self) -> dict[str, Any]:
        try:
            value = jsontext.loads(self.body.decode("utf-8")) if self.body.strip() else None
        except (UnicodeDecodeError, ValueError) as exc:
            raise errors.invalid_argument(f"the request body is not valid JSON: {exc}") from None
        if not isinstance(value, dict):
            raise errors.invalid_argument("the request body must be a JSON object")
        return value


def json_response(call: Call, status: int, value: Any) -> Response:
    headers = {"x-fc-request-id": call.new_request_id(), **call.headers}
    return Response(json.dumps(value, ensure_ascii=False), status=status, headers=headers,
                    content_type="application/json")


def empty_response(call: Call, status: int) -> Response:
    return Response(b"", status=status, headers={"x-fc-request-id": call.new_request_id(), **call.headers})


def error_response(err: FcError, request_id: str) -> Response:
    body = err.body()
    body["RequestId"] = request_id
    return Response(json.dumps(body, ensure_ascii=False), status=err.status, headers={"x-fc-request-id": request_id},
                    content_type="application/json")
