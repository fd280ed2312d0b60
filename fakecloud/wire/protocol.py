"""The contract every wire protocol implements: claim a request, answer it in the service's own format, and
turn any failure into the service's own error body (never a Python traceback)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from werkzeug.wrappers import Request, Response

if TYPE_CHECKING:
    from .app import WireApp


class Protocol:
    """Subclasses set `name` and implement `matches` and `handle`; `internal_error` should be overridden with
    the service's own 500 body."""
    name = "protocol"

    def __init__(self, app: "WireApp"):
        self.app = app

    @property
    def cloud(self):
        return self.app.cloud

    def matches(self, request: Request) -> bool:
        raise NotImplementedError

    def handle(self, request: Request) -> Response:
        raise NotImplementedError

    def internal_error(self, request: Request, exc: BaseException) -> Response:
        return Response('{"Code":"InternalError","Message":"internal error in fakecloud"}', status=500,
                        content_type="application/json")
