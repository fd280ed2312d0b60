"""`RpcProtocol`: claims `/` requests that name an action (query `Action` or header `x-acs-action`), checks the
signature when asked to, and answers FnF and vision calls as JSON; every error is the service's JSON error body
`{Code, Message, RequestId, HostId}` with its HTTP status."""
from __future__ import annotations

import json

from werkzeug.wrappers import Request, Response

from ...services.fnf import FnfError
from ...services.viapi import VisionError
from ..protocol import Protocol
from . import fnf, viapi
from .params import read_call
from .signature import SignatureProblem, verify

JSON = "application/json;charset=utf-8"
# Signature failures in each product's own words: (code, status) per kind of problem.
_FNF_SIGNATURE = {"key": ("InvalidAccessKeyID", 403), "signature": ("SignatureNotMatch", 403),
                  "missing": ("SignatureNotMatch", 403)}
_GATEWAY_SIGNATURE = {"key": ("InvalidAccessKeyId.NotFound", 404), "signature": ("SignatureDoesNotMatch", 400),
                      "missing": ("MissingSignature", 400)}


class RpcProtocol(Protocol):
    name = "rpc"

    def matches(self, request: Request) -> bool:
        return request.path == "/" and ("Action" in request.args or "x-acs-action" in request.headers)

    def handle(self, request: Request) -> Response:
        body = request.get_data(cache=True)
        call = read_call(request)
        request_id = self.cloud.ids.request_id()
        if not call.version:
            return self._error(call.host, request_id, 400, "MissingVersion",
                               'The input parameter "Version" that is mandatory for processing this request is '
                               'not supplied.')
        is_fnf = call.version == fnf.VERSION
        if not is_fnf and call.version not in viapi.versions():
            return self._error(call.host, request_id, 400, "InvalidVersion",
                               f"Specified parameter Version is not valid: {call.version}")
        if self.app.verify_signatures:
            try:
                verify(request, body, self.app.credentials)
            except SignatureProblem as problem:
                code, status = (_FNF_SIGNATURE if is_fnf else _GATEWAY_SIGNATURE)[problem.kind]
                return self._error(call.host, request_id, status, code, problem.detail)
        try:
            if is_fnf:
                answer = fnf.serve(self, call.action, dict(call.params))
            else:
                answer = viapi.serve(self.cloud, call.version, call.action, call.params, call.host)
                if answer is None:
                    return self._error(call.host, request_id, 404, "InvalidAction.NotFound",
                                       "Specified api is not found, please check your url and method.")
        except FnfError as exc:
            return self._json(exc.status, {**fnf.error_body(exc, call.host)}, exc.request_id or request_id)
        except VisionError as exc:
            body = {**exc.body(), "HostId": call.host}
            body["RequestId"] = body.get("RequestId") or request_id
            return self._json(exc.status, body, body["RequestId"])
        return self._json(200, answer, answer.get("RequestId", request_id))

    # -- answers ---------------------------------------------------------------------------------------------
    @staticmethod
    def _json(status: int, body: dict, request_id: str) -> Response:
        text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
        return Response(text, status=status, content_type=JSON, headers={"x-acs-request-id": request_id})

    def _error(self, host: str, request_id: str, status: int, code: str, message: str) -> Response:
        return self._json(status, {"Code": code, "Message": message, "RequestId": request_id, "HostId": host},
                          request_id)

    def internal_error(self, request: Request, exc: BaseException) -> Response:
        request_id = self.cloud.ids.request_id()
        return self._error(request.host or "", request_id, 500, "InternalError",
                           "The request processing has failed due to some unknown error.")

    def error_response(self, request: Request, status: int, code: str, message: str) -> Response:
        return self._error(request.host or "", self.cloud.ids.request_id(), status, code, message)
