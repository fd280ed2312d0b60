"""`RpcProtocol`: claims the requests on `/` (but MNS's), reads the action and version from the query or the
`x-acs-*` headers, checks the signature when asked to, and answers FnF and vision calls as JSON; every error is
a JSON `{Code, Message, RequestId, HostId}` with its HTTP status, in the words of the product's front."""
from __future__ import annotations

from werkzeug.wrappers import Request, Response

from ...services.fnf import FnfError
from ...services.viapi import VisionError
from ..protocol import Protocol
from . import fnf, viapi
from .answers import FnfFront, Gateway, Refusal, json_response
from .params import RpcCall, product_hint, read_call, version_of
from .signature import SignatureProblem, verify

METHODS = ("GET", "POST")


class RpcProtocol(Protocol):
    name = "rpc"

    def matches(self, request: Request) -> bool:
        if request.path != "/":
            return False
        mns = "x-mns-version" in request.headers or request.headers.get("Authorization", "").startswith("MNS ")
        return not mns

    def handle(self, request: Request) -> Response:
        call = read_call(request)
        front = self._front(call.version, call.product_hint)
        refusal = self._refusal(request, call, front)
        if refusal is not None:
            return self._refuse(call.host, refusal)
        try:
            if call.version == fnf.VERSION:
                answer = fnf.serve(self, call.action, dict(call.params))
            else:
                answer = viapi.serve(self.cloud, call.version, call.action, call.params, call.product_hint)
                if answer is None:
                    return self._refuse(call.host, Refusal(404, "InvalidAction.NotFound", "Specified api is not "
                                                           "found, please check your url and method."))
        except FnfError as exc:
            return self._error(call.host, exc.status, exc.code, exc.message, exc.request_id)
        except VisionError as exc:
            return self._error(call.host, exc.status, exc.code, exc.message, exc.request_id)
        request_id = answer.get("RequestId") or self._request_id()
        return json_response(200, answer, request_id)

    def _refusal(self, request: Request, call: RpcCall, front) -> Refusal | None:
        """What the product's front refuses before the operation runs, in order: the method, the body's media
        type, the action and version, the signature."""
        if request.method not in METHODS:
            return Refusal(405, "UnsupportedHTTPMethod", f"The HTTP method {request.method} is not supported; "
                                                         "RPC APIs take GET or POST.")
        if call.has_body and not call.form_body:
            refusal = front.media_type(request.mimetype)
            if refusal is not None:
                return refusal
        if not call.action:
            return front.missing("Action")
        if not call.version:
            return front.missing("Version")
        if call.version != fnf.VERSION and call.version not in viapi.versions():
            if front is FnfFront:
                return Refusal(400, "APIVersionNotSupported", f"The API version {call.version} is not supported; "
                                                              f"Serverless Workflow answers {fnf.VERSION}.")
            return Refusal(400, "InvalidVersion", "Specified parameter Version is not valid.")
        if self.app.verify_signatures:
            try:
                verify(request, request.get_data(cache=True), self.app.credentials)
            except SignatureProblem as problem:
                return front.signature(problem)
        return None

    @staticmethod
    def _front(version: str, hint: str):
        return FnfFront if version == fnf.VERSION or (hint == "fnf" and version not in viapi.versions()) else Gateway

    # -- answers ---------------------------------------------------------------------------------------------
    def _request_id(self) -> str:
        """A request id of the front's own stream: refusing a request never shifts the ids the engine or the
        service fakes hand out."""
        return self.cloud.service_ids.new("rpc-request")

    def _error(self, host: str, status: int, code: str, message: str, request_id: str = "") -> Response:
        request_id = request_id or self._request_id()
        body = {"Code": code, "Message": message, "RequestId": request_id, "HostId": host}
        return json_response(status, body, request_id)

    def _refuse(self, host: str, refusal: Refusal) -> Response:
        return self._error(host, refusal.status, refusal.code, refusal.message)

    def _front_of(self, request: Request):
        return self._front(version_of(request), product_hint(request.host or ""))

    def internal_error(self, request: Request, exc: BaseException) -> Response:
        return self._refuse(request.host or "", self._front_of(request).internal())

    def error_response(self, request: Request, status: int, code: str, message: str) -> Response:
        """The app's answers for this protocol: an oversized body, a request werkzeug could not read."""
        front = self._front_of(request)
        refusal = front.too_large(message) if status == 413 else front.unreadable(message)
        return self._refuse(request.host or "", refusal)
