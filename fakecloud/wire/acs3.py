"""ACS3-HMAC-SHA256, the signature the Tea clients send to FC and to the RPC products alike: the canonical request
and the signature a secret gives it. Each protocol reads the ``Authorization`` header itself and answers a
missing or wrong signature in its own words."""
from __future__ import annotations

import hashlib
import hmac
from urllib.parse import quote, urlsplit

from werkzeug.wrappers import Request

ACS3 = "ACS3-HMAC-SHA256"


def _raw_path(request: Request) -> str:
    """The path as the client sent it (and signed it), undecoded."""
    raw = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI")
    return urlsplit(raw).path if raw else quote(request.path, safe="/~")


def canonical_request(request: Request, signed_headers: list[str], payload_hash: str) -> str:
    """Method, path, the sorted query (values RFC 3986-encoded), one ``name:value`` line per signed header, the
    signed header list and the payload hash, one per line."""
    query = sorted(request.args.items(multi=True))
    canonical_query = "&".join(f"{k}={quote(v, safe='~')}" for k, v in query)
    headers = "".join(f"{name}:{','.join(sorted(v.strip() for v in request.headers.getlist(name)))}\n"
                      for name in signed_headers)
    return "\n".join([request.method.upper(), _raw_path(request), canonical_query, headers,
                      ";".join(signed_headers), payload_hash])


def string_to_sign(canonical: str) -> str:
    return f"{ACS3}\n{hashlib.sha256(canonical.encode()).hexdigest()}"


def signature(secret: str, text: str) -> str:
    """The hex signature of a string to sign."""
    return hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()
