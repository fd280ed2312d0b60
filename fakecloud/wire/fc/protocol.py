"""`FcProtocol`: claims the requests under the FC API version prefixes (/2016-08-15/, /2021-04-06/, /2023-03-30/)
and answers them in FC's own format: JSON API errors with both key spellings the SDKs read and the request id in
``x-fc-request-id``; function output as the raw body; function errors as 200 with ``x-fc-error-type``."""
from __future__ import annotations

from types import MappingProxyType

from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Request, Response

from fakecloud.services.fc import ASYNC_PAYLOAD_LIMIT, SYNC_PAYLOAD_LIMIT, FcError
from fakecloud.services.fc.errors import STATUS
from fakecloud.services.fc.errors import entity_too_large as payload_too_large

from ..protocol import Protocol
from . import auth, errors, invocations, management
from .call import Call, error_response
from .registry import Registry
from .routes import is_invocation, route, version_of

MANAGEMENT_BODY_LIMIT = 16 * 1024 * 1024    # function code travels in CreateFunction bodies
_DRAIN_CHUNK = 1024 * 1024

OPERATIONS = MappingProxyType({
    "list_services": management.list_services, "create_service": management.create_service,
    "get_service": management.get_service, "update_service": management.update_service,
    "delete_service": management.delete_service,
    "list_functions": management.list_functions, "create_function": management.create_function,
    "get_function": management.get_function, "update_function": management.update_function,
    "delete_function": management.delete_function,
    "invoke": invocations.invoke, "list_async": invocations.list_async, "get_async": invocations.get_async,
    "stop_async": invocations.stop_async,
})


class FcProtocol(Protocol):
    """``handle`` runs with the app's lock held; the app brings the world up to date before and after each request
    (so an async invocation has run by the next request, as far as the clock allows)."""
    name = "fc"
    max_body_bytes = MANAGEMENT_BODY_LIMIT

    def matches(self, request: Request) -> bool:
        return version_of(request.path) is not None

    def handle(self, request: Request) -> Response:
        registry = Registry(self.cloud.fc)
        call = Call(request, "", b"", registry)
        try:
            body = self._read_body(request)
            if self.app.verify_signatures:
                auth.verify(request, body, self.app.credentials)
            call.version, operation, params = route(request.method, request.path)
            call.body = body
            return OPERATIONS[operation](call, **params)
        except FcError as err:
            request_id = err.request_id or call.request_id or registry.backend.new_request_id()
            return error_response(err, request_id)

    def _read_body(self, request: Request) -> bytes:
        """The body, up to the limit of the call (6 MiB for an invocation); a larger one is drained and refused
        with EntityTooLarge."""
        invocation = is_invocation(request.path)
        limit = SYNC_PAYLOAD_LIMIT if invocation else MANAGEMENT_BODY_LIMIT
        length = request.content_length
        if length is not None and length > limit:
            self._drain(request)
            if invocation:
                if request.headers.get("x-fc-invocation-type", "Sync").lower() == "async":
                    raise payload_too_large(length, ASYNC_PAYLOAD_LIMIT, "async")
                raise payload_too_large(length, limit, "sync")
            raise errors.entity_too_large(limit)
        request.max_content_length = limit
        try:
            return request.get_data(cache=True)
        except RequestEntityTooLarge:
            raise errors.entity_too_large(limit) from None

    @staticmethod
    def _drain(request: Request) -> None:
        request.max_content_length = None
        stream = request.stream
        while stream.read(_DRAIN_CHUNK):
            pass

    def error_response(self, request: Request, status: int, code: str, message: str) -> Response:
        """An error the app answers for FC (an oversized body, an unreadable request), in FC's format and with
        FC's status for the code (EntityTooLarge is a 400)."""
        with self.app.lock:
            request_id = self.cloud.fc.new_request_id()
        return error_response(FcError(code, message, STATUS.get(code, status)), request_id)

    def internal_error(self, request: Request, exc: BaseException) -> Response:
        try:
            with self.app.lock:
                request_id = self.cloud.fc.new_request_id()
        except Exception:      # the world itself is broken: still answer in FC's format
            request_id = ""
        return error_response(errors.internal_error(), request_id)
