"""RPC answers: JSON bodies with the request id also in `x-acs-request-id`, and the errors the front of each
product writes itself, in its own words — FnF's (`MissingRequiredParams`, `SignatureNotMatch`, ...) for
2019-03-15 and the API gateway's (`MissingParameter`, `SignatureDoesNotMatch`, ...) for the vision products."""
from __future__ import annotations

import json
from dataclasses import dataclass

from werkzeug.wrappers import Response

from .signature import SignatureProblem

JSON = "application/json;charset=utf-8"
SIGNATURE_MISMATCH = "Specified signature is not matched with our calculation. server string to sign is:"


def json_response(status: int, body: dict, request_id: str) -> Response:
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    return Response(text, status=status, content_type=JSON, headers={"x-acs-request-id": request_id})


@dataclass(frozen=True)
class Refusal:
    """An error the product's front answers before the operation runs."""
    status: int
    code: str
    message: str


class Gateway:
    """The API gateway in front of the vision products (and of any request whose product is not known)."""

    @staticmethod
    def missing(name: str) -> Refusal:
        return Refusal(400, "MissingParameter", f'The input parameter "{name}" that is mandatory for processing '
                                                f'this request is not supplied.')

    @staticmethod
    def signature(problem: SignatureProblem) -> Refusal:
        if problem.kind == "missing":
            return Gateway.missing(problem.detail)
        if problem.kind == "incomplete":
            return Refusal(400, "IncompleteSignature", "The request signature does not conform to Aliyun "
                                                       f"standards. {problem.detail}")
        if problem.kind == "key":
            return Refusal(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
        return Refusal(400, "SignatureDoesNotMatch", SIGNATURE_MISMATCH + problem.string_to_sign)

    @staticmethod
    def too_large(message: str) -> Refusal:
        return Refusal(413, "EntityTooLarge", message)

    @staticmethod
    def unreadable(message: str) -> Refusal:
        return Refusal(400, "InvalidParameter", message)

    @staticmethod
    def media_type(mimetype: str) -> Refusal | None:
        return None             # the gateway reads form bodies and ignores any other body

    @staticmethod
    def internal() -> Refusal:
        return Refusal(500, "InternalError", "The request processing has failed due to some unknown error.")


class FnfFront:
    """Serverless Workflow's own front: its codes and statuses from the 2019-03-15 API metadata."""

    @staticmethod
    def missing(name: str) -> Refusal:
        return Refusal(400, "MissingRequiredParams", f"The required parameter {name} is missing.")

    @staticmethod
    def signature(problem: SignatureProblem) -> Refusal:
        if problem.kind == "missing":
            return FnfFront.missing(problem.detail)
        if problem.kind == "key":
            return Refusal(403, "InvalidAccessKeyID", f"The AccessKeyId {problem.detail} does not exist.")
        if problem.kind == "incomplete":
            return Refusal(403, "SignatureNotMatch", problem.detail)
        return Refusal(403, "SignatureNotMatch", SIGNATURE_MISMATCH + problem.string_to_sign)

    @staticmethod
    def too_large(message: str) -> Refusal:
        return Refusal(400, "EntityTooLarge", message)

    @staticmethod
    def unreadable(message: str) -> Refusal:
        return Refusal(400, "InvalidArgument", message)

    @staticmethod
    def media_type(mimetype: str) -> Refusal | None:
        return Refusal(415, "UnsupportedMediaType", f"The content type {mimetype or '(none)'} is not supported; "
                                                    "send parameters as application/x-www-form-urlencoded.")

    @staticmethod
    def internal() -> Refusal:
        return Refusal(500, "InternalServerError", "The request processing has failed due to some unknown error.")
