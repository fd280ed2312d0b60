"""Signing outgoing requests the way the official SDKs do: FC 2.0 (``FC ak:sig``), MNS (``MNS ak:sig``) and RPC
v1 (HMAC-SHA1 ``Signature`` parameter). The strings to sign come from the same functions `fakecloud server` uses
to check signatures, applied to the request as it will be sent, so signer and checker cannot drift apart."""
from __future__ import annotations

import base64
import hashlib
import hmac
import uuid
from datetime import datetime, timezone
from email.utils import format_datetime
from urllib.parse import quote

from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from ..wire.fc.auth import fc_string_to_sign
from ..wire.mns.call import Call
from ..wire.mns.signature import sign as mns_sign
from ..wire.mns.signature import string_to_sign as mns_string_to_sign
from ..wire.rpc.signature import v1_string_to_sign
from .endpoint import Endpoint
from .transport import Outgoing


def http_date(now: datetime | None = None) -> str:
    return format_datetime(now or datetime.now(timezone.utc), usegmt=True)


def as_wsgi(outgoing: Outgoing) -> Request:
    path, _, query = outgoing.target.partition("?")
    builder = EnvironBuilder(path=path, base_url=outgoing.base, query_string=query, method=outgoing.method,
                             headers=outgoing.headers, data=outgoing.body)
    try:
        environ = builder.get_environ()
    finally:
        builder.close()
    environ["RAW_URI"] = outgoing.target
    return Request(environ)


def sign_fc(outgoing: Outgoing, endpoint: Endpoint) -> Outgoing:
    headers = outgoing.headers
    headers.setdefault("Date", http_date())
    if endpoint.security_token:
        headers["x-fc-security-token"] = endpoint.security_token
    text = fc_string_to_sign(as_wsgi(outgoing), with_query=False)
    digest = hmac.new(endpoint.access_key_secret.encode(), text.encode(), hashlib.sha256).digest()
    headers["Authorization"] = f"FC {endpoint.access_key_id}:{base64.b64encode(digest).decode()}"
    return outgoing


def sign_mns(outgoing: Outgoing, endpoint: Endpoint) -> Outgoing:
    headers = outgoing.headers
    headers.setdefault("Date", http_date())
    headers.setdefault("x-mns-version", "2015-06-06")
    if endpoint.security_token:
        headers["security-token"] = endpoint.security_token
    text = mns_string_to_sign(Call(as_wsgi(outgoing), ""))
    headers["Authorization"] = f"MNS {endpoint.access_key_id}:{mns_sign(endpoint.access_key_secret, text)}"
    return outgoing


def rpc_common(action: str, version: str, endpoint: Endpoint, now: datetime | None = None) -> dict[str, str]:
    """The RPC v1 common parameters (everything but Signature)."""
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ")
    params = {"Action": action, "Version": version, "Format": "JSON", "AccessKeyId": endpoint.access_key_id,
              "SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0", "SignatureNonce": uuid.uuid4().hex,
              "Timestamp": stamp, "RegionId": endpoint.region}
    if endpoint.security_token:
        params["SecurityToken"] = endpoint.security_token
    return params


def encode_pairs(pairs) -> str:
    return "&".join(f"{quote(str(k), safe='~')}={quote(str(v), safe='~')}" for k, v in pairs)


def sign_rpc(outgoing: Outgoing, endpoint: Endpoint) -> Outgoing:
    """Append ``Signature`` to a target whose query holds the common parameters (the API's own parameters may be
    in a form body)."""
    text = v1_string_to_sign(as_wsgi(outgoing), outgoing.body)
    key = f"{endpoint.access_key_secret}&".encode()
    signature = base64.b64encode(hmac.new(key, text.encode(), hashlib.sha1).digest()).decode()
    outgoing.target += "&" + encode_pairs([("Signature", signature)])
    return outgoing
