"""The MNS request signature: `Authorization: MNS <AccessKeyId>:<Signature>` where Signature is the base64
HMAC-SHA1, keyed with the AccessKeySecret, of

    METHOD \\n Content-MD5 \\n Content-Type \\n Date \\n
    every x-mns-* header, lower-cased and sorted, as `name:value\\n`
    the request URI exactly as sent (path and raw query string)

The Date header must be an RFC 1123 date within 15 minutes of the real time. The STS `security-token` header is
not checked."""
from __future__ import annotations

import base64
import hashlib
import hmac
import time
from email.utils import parsedate_to_datetime
from typing import Mapping

from .call import Call
from .errors import (invalid_access_key_id, invalid_authorization_header, invalid_date_header,
                     missing_authorization_header, missing_date_header, signature_does_not_match, time_expired)

MAX_SKEW_SECONDS = 15 * 60


def string_to_sign(call: Call) -> str:
    mns_headers = sorted((name.lower(), value) for name, value in call.headers.items()
                         if name.lower().startswith("x-mns-"))
    canonical = "".join(f"{name}:{value}\n" for name, value in mns_headers)
    return "\n".join((call.method, call.header("Content-MD5") or "", call.header("Content-Type") or "",
                      call.header("Date") or "")) + "\n" + canonical + call.raw_uri


def sign(secret: str, text: str) -> str:
    digest = hmac.new(secret.encode("utf-8"), text.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def _check_date(value: str | None, now: float) -> None:
    if not value:
        raise missing_date_header()
    try:
        when = parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        raise invalid_date_header() from None
    if abs(when - now) > MAX_SKEW_SECONDS:
        raise time_expired()


def verify(call: Call, credentials: Mapping[str, str], now: float | None = None) -> None:
    """Nothing if the request is signed with a configured key; otherwise the service's error."""
    authorization = call.header("Authorization")
    if not authorization:
        raise missing_authorization_header()
    scheme, _, rest = authorization.strip().partition(" ")
    key_id, colon, signature = rest.strip().rpartition(":")
    if scheme != "MNS" or not colon or not key_id or not signature:
        raise invalid_authorization_header()
    _check_date(call.header("Date"), time.time() if now is None else now)
    secret = credentials.get(key_id)
    if secret is None:
        raise invalid_access_key_id()
    if not hmac.compare_digest(sign(secret, string_to_sign(call)).encode(), signature.encode("utf-8")):
        raise signature_does_not_match()
