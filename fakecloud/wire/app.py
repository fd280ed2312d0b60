"""`WireApp`: the WSGI application in front of one FakeCloud. It hands each request to the first protocol that
claims it; each protocol answers in its service's own format, errors included."""
from __future__ import annotations

import importlib
import threading

from werkzeug.wrappers import Request, Response

# Protocols in the order they are asked; each module defines the named Protocol subclass.
PROTOCOLS = (
    "fakecloud.wire.control:ControlPlane",   # /_fakecloud/...
    "fakecloud.wire.mns:MnsProtocol",        # /queues/..., /topics/...
    "fakecloud.wire.fc:FcProtocol",          # /2016-08-15/..., /2021-04-06/..., /2023-03-30/...
    "fakecloud.wire.rpc:RpcProtocol",        # / with Action (query) or x-acs-action (header): FnF and vision
)
MAX_BODY_BYTES = 1024 * 1024 + 64 * 1024      # an API request carries at most 1024 KiB (+ envelope)


class WireApp:
    def __init__(self, cloud, *, verify_signatures: bool = False, credentials: dict[str, str] | None = None,
                 max_body_bytes: int = MAX_BODY_BYTES):
        self.cloud = cloud
        self.verify_signatures = verify_signatures
        self.credentials = dict(credentials or {})     # AccessKeyId -> AccessKeySecret
        self.max_body_bytes = max_body_bytes
        self.lock = threading.RLock()                  # the world is single-threaded: one request at a time
        self.protocols = [_load(path)(self) for path in PROTOCOLS]

    def __call__(self, environ, start_response):
        request = Request(environ)
        request.max_content_length = self.max_body_bytes
        protocol = next((p for p in self.protocols if p.matches(request)), None)
        if protocol is None:
            response = Response('{"Code":"InvalidRequestURL","Message":"no fakecloud service answers '
                                + request.path.replace('"', "'") + '"}', status=404,
                                content_type="application/json")
            return response(environ, start_response)
        try:
            response = protocol.handle(request)
        except Exception as exc:   # a fakecloud bug must reach the client in the service's format
            response = protocol.internal_error(request, exc)
        return response(environ, start_response)


def _load(path: str):
    module, name = path.split(":")
    return getattr(importlib.import_module(module), name)
