"""Signature checks for FC requests: the FC 2.0 scheme (``Authorization: FC ak:sig``, aliyun-fc2) and
ACS3-HMAC-SHA256 (the Tea clients), against the app's configured AccessKey pairs, failing with FC's codes."""
from __future__ import annotations

import base64
import hashlib
import hmac

from werkzeug.wrappers import Request

from .. import acs3
from ..acs3 import ACS3
from . import errors


def verify(request: Request, body: bytes, credentials: dict[str, str]) -> None:
    """Raise the FcError FC answers when the request is not signed by a configured key."""
    header = request.headers.get("Authorization", "")
    if not header:
        raise errors.missing_header("Authorization")
    if header.startswith("FC "):
        _verify_fc(request, header[3:], credentials)
    elif header.startswith(ACS3 + " "):
        _verify_acs3(request, header[len(ACS3) + 1:], body, credentials)
    else:
        raise errors.signature_not_match("unsupported Authorization scheme")


def _secret(key_id: str, credentials: dict[str, str]) -> str:
    secret = credentials.get(key_id)
    if secret is None:
        raise errors.invalid_access_key(key_id)
    return secret


# -- FC 2.0 ------------------------------------------------------------------------------------------------------

def fc_string_to_sign(request: Request, with_query: bool) -> str:
    """METHOD, Content-MD5, Content-Type, Date, the sorted x-fc-* headers, then the unescaped path (and, for calls
    that sign their query, one sorted 'k=v' line per parameter)."""
    headers = request.headers
    fc_headers = sorted((k.lower(), v) for k, v in headers.items() if k.lower().startswith("x-fc-"))
    canonical = "".join(f"{k}:{v}\n" for k, v in fc_headers)
    resource = request.path
    if with_query:
        lines = sorted(f"{k}={v}" for k, v in request.args.items(multi=True))
        resource += "\n" + "\n".join(lines)
    return "\n".join([request.method.upper(), headers.get("Content-MD5", ""), headers.get("Content-Type", ""),
                      headers.get("Date", ""), canonical + resource])


def _verify_fc(request: Request, credential: str, credentials: dict[str, str]) -> None:
    key_id, sep, signature = credential.partition(":")
    if not sep:
        raise errors.signature_not_match("malformed Authorization header")
    secret = _secret(key_id.strip(), credentials)
    if "Date" not in request.headers:
        raise errors.missing_header("Date")
    # The management calls sign the path alone, the HTTP-trigger style calls the path and the query.
    for with_query in (False, True) if request.args else (False,):
        text = fc_string_to_sign(request, with_query)
        expected = base64.b64encode(hmac.new(secret.encode(), text.encode(), hashlib.sha256).digest()).decode()
        if hmac.compare_digest(expected, signature.strip()):
            return
    raise errors.signature_not_match()


# -- ACS3-HMAC-SHA256 --------------------------------------------------------------------------------------------

def _fields(text: str) -> dict[str, str]:
    fields = {}
    for part in text.split(","):
        name, sep, value = part.strip().partition("=")
        if sep:
            fields[name] = value
    return fields


def _verify_acs3(request: Request, text: str, body: bytes, credentials: dict[str, str]) -> None:
    fields = _fields(text)
    if not {"Credential", "SignedHeaders", "Signature"} <= fields.keys():
        raise errors.signature_not_match("malformed Authorization header")
    secret = _secret(fields["Credential"], credentials)
    payload_hash = request.headers.get("x-acs-content-sha256", "")
    if payload_hash != hashlib.sha256(body).hexdigest():
        raise errors.signature_not_match("x-acs-content-sha256 does not match the body")
    signed = [h.strip().lower() for h in fields["SignedHeaders"].split(";") if h.strip()]
    expected = acs3.signature(secret, acs3.string_to_sign(acs3.canonical_request(request, signed, payload_hash)))
    if not hmac.compare_digest(expected, fields["Signature"]):
        raise errors.signature_not_match()
