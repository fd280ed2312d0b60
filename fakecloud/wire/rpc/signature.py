"""Signature checks for RPC requests against the app's AccessKey pairs: RPC v1 (HMAC-SHA1 over the sorted query
and form parameters, in the `Signature` parameter of the query or of the form body; the legacy core SDK and the
FnF Tea client sign in the query, Node's pop-core puts everything in the body of a POST) and ACS3-HMAC-SHA256 (the
`Authorization` header; every other Tea client by default)."""
from __future__ import annotations

import base64
import hashlib
import hmac
from types import MappingProxyType
from urllib.parse import quote

from werkzeug.wrappers import Request

from .. import acs3
from ..acs3 import ACS3
from .params import FORM

V1_METHODS = MappingProxyType({"HMAC-SHA1": hashlib.sha1, "HMAC-SHA256": hashlib.sha256})


class SignatureProblem(Exception):
    """Why a request is refused. `kind`: "missing" (a signing parameter is absent; `detail` names it),
    "incomplete" (malformed or an unsupported method), "key" (unknown AccessKeyId) or "signature" (does not
    match; `string_to_sign` is the one the server computed)."""

    def __init__(self, kind: str, detail: str, string_to_sign: str = ""):
        super().__init__(detail)
        self.kind, self.detail, self.string_to_sign = kind, detail, string_to_sign


def verify(request: Request, body: bytes, credentials: dict[str, str]) -> None:
    """Return when the request is signed by one of `credentials` (AccessKeyId -> secret), else raise."""
    header = request.headers.get("Authorization", "")
    if header.startswith("ACS3-"):
        _verify_acs3(request, header, body, credentials)
    else:
        _verify_v1(request, body, credentials)


def _secret(key_id: str, credentials: dict[str, str]) -> str:
    secret = credentials.get(key_id)
    if secret is None:
        raise SignatureProblem("key", key_id)
    return secret


# -- RPC v1 ------------------------------------------------------------------------------------------------------

def _encode(text: str) -> str:
    return quote(text, safe="~")


def _v1_pairs(request: Request, body: bytes) -> list[tuple[str, str]]:
    """Every query parameter, then every form-body parameter (when the body is a form)."""
    pairs = list(request.args.items(multi=True))
    if body and request.mimetype == FORM:
        pairs += list(request.form.items(multi=True))
    return pairs


def v1_string_to_sign(request: Request, body: bytes) -> str:
    """``METHOD&%2F&`` + the encoded, sorted ``k=v`` list of every query and form parameter but Signature."""
    pairs = [(k, v) for k, v in _v1_pairs(request, body) if k != "Signature"]
    canonical = "&".join(f"{_encode(k)}={_encode(v)}" for k, v in sorted(pairs))
    return f"{request.method.upper()}&%2F&{_encode(canonical)}"


def _verify_v1(request: Request, body: bytes, credentials: dict[str, str]) -> None:
    args: dict[str, str] = {}
    for key, value in _v1_pairs(request, body):     # a signing parameter is taken from the query first
        args.setdefault(key, value)
    for name in ("Signature", "AccessKeyId"):
        if not args.get(name):
            raise SignatureProblem("missing", name)
    method = args.get("SignatureMethod", "HMAC-SHA1")
    digest = V1_METHODS.get(method)
    if digest is None:
        raise SignatureProblem("incomplete", f'The specified parameter "SignatureMethod" is not valid: {method}.')
    secret = _secret(args["AccessKeyId"], credentials)
    text = v1_string_to_sign(request, body)
    expected = base64.b64encode(hmac.new(f"{secret}&".encode(), text.encode(), digest).digest()).decode()
    if not hmac.compare_digest(expected.encode(), args["Signature"].encode()):
        raise SignatureProblem("signature", "the signature does not match", text)


# -- ACS3-HMAC-SHA256 --------------------------------------------------------------------------------------------

def _fields(text: str) -> dict[str, str]:
    fields = {}
    for part in text.split(","):
        name, sep, value = part.strip().partition("=")
        if sep:
            fields[name.strip()] = value.strip()
    return fields


def _verify_acs3(request: Request, header: str, body: bytes, credentials: dict[str, str]) -> None:
    algorithm, _, rest = header.partition(" ")
    if algorithm != ACS3:
        raise SignatureProblem("incomplete", f"The signature algorithm {algorithm} is not supported; use {ACS3}.")
    fields = _fields(rest)
    missing = [name for name in ("Credential", "SignedHeaders", "Signature") if not fields.get(name)]
    if missing:
        raise SignatureProblem("incomplete", f"The Authorization header has no {missing[0]}.")
    secret = _secret(fields["Credential"], credentials)
    actual_hash = hashlib.sha256(body).hexdigest()
    payload_hash = request.headers.get("x-acs-content-sha256", actual_hash)
    signed = [h.strip().lower() for h in fields["SignedHeaders"].split(";") if h.strip()]
    text = acs3.string_to_sign(acs3.canonical_request(request, signed, payload_hash))
    expected = acs3.signature(secret, text)
    if payload_hash != actual_hash or not hmac.compare_digest(expected.encode(), fields["Signature"].encode()):
        raise SignatureProblem("signature", "the signature does not match", text)
