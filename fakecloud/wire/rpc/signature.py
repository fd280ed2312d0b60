"""Signature checks for RPC requests: RPC v1 (HMAC-SHA1 over the sorted query and form parameters, in the
`Signature` query parameter) and ACS3-HMAC-SHA256 (the `Authorization` header), against the app's keys."""
from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import quote

from werkzeug.wrappers import Request

from ..fc.auth import ACS3, acs3_canonical_request


class SignatureProblem(Exception):
    """`kind` is "key" (unknown AccessKeyId), "signature" (does not match) or "missing" (not signed)."""

    def __init__(self, kind: str, detail: str):
        super().__init__(detail)
        self.kind, self.detail = kind, detail


def verify(request: Request, body: bytes, credentials: dict[str, str]) -> None:
    header = request.headers.get("Authorization", "")
    if header.startswith(ACS3 + " "):
        _verify_acs3(request, header[len(ACS3) + 1:], body, credentials)
    elif "Signature" in request.args:
        _verify_v1(request, credentials)
    else:
        raise SignatureProblem("missing", "the request carries no signature")


def _encode(text: str) -> str:
    return quote(text, safe="~")


def v1_string_to_sign(request: Request) -> str:
    pairs = [(k, v) for k, v in request.args.items(multi=True) if k != "Signature"]
    pairs += list(request.form.items(multi=True))
    canonical = "&".join(f"{_encode(k)}={_encode(v)}" for k, v in sorted(pairs))
    return f"{request.method.upper()}&%2F&{_encode(canonical)}"


def _secret(key_id: str, credentials: dict[str, str]) -> str:
    secret = credentials.get(key_id)
    if secret is None:
        raise SignatureProblem("key", f"Specified access key is not found: {key_id}")
    return secret


def _verify_v1(request: Request, credentials: dict[str, str]) -> None:
    secret = _secret(request.args.get("AccessKeyId", ""), credentials)
    digest = hmac.new(f"{secret}&".encode(), v1_string_to_sign(request).encode(), hashlib.sha1).digest()
    if not hmac.compare_digest(base64.b64encode(digest).decode(), request.args.get("Signature", "")):
        raise SignatureProblem("signature", "Specified signature does not match our calculation. "
                                            f"The string to sign is: {v1_string_to_sign(request)}")


def _verify_acs3(request: Request, text: str, body: bytes, credentials: dict[str, str]) -> None:
    fields = dict(part.strip().split("=", 1) for part in text.split(",") if "=" in part)
    if not {"Credential", "SignedHeaders", "Signature"} <= fields.keys():
        raise SignatureProblem("signature", "malformed Authorization header")
    secret = _secret(fields["Credential"], credentials)
    payload_hash = request.headers.get("x-acs-content-sha256", "")
    if payload_hash != hashlib.sha256(body).hexdigest():
        raise SignatureProblem("signature", "x-acs-content-sha256 does not match the body")
    signed = [h.strip().lower() for h in fields["SignedHeaders"].split(";") if h.strip()]
    canonical = acs3_canonical_request(request, signed, payload_hash)
    to_sign = f"{ACS3}\n{hashlib.sha256(canonical.encode()).hexdigest()}"
    expected = hmac.new(secret.encode(), to_sign.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, fields["Signature"]):
        raise SignatureProblem("signature", "Specified signature does not match our calculation.")
