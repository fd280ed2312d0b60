"""Reading an RPC request: the action, the version and the business parameters (query and form body merged),
whichever of the two signing styles the client used."""
from __future__ import annotations

from dataclasses import dataclass

from werkzeug.wrappers import Request

# Parameters every RPC v1 request carries for the gateway; they are not the operation's business parameters.
COMMON = frozenset({"Action", "Version", "Format", "RegionId", "Timestamp", "SignatureMethod", "SignatureType",
                    "SignatureVersion", "SignatureNonce", "AccessKeyId", "Signature", "SecurityToken",
                    "SignatureAlgorithm"})


@dataclass(frozen=True)
class RpcCall:
    action: str
    version: str
    params: dict          # business parameters by the service's names (values are text)
    host: str             # the host the client called (for HostId and product hints)


def read_call(request: Request) -> RpcCall:
    args = request.args
    action = args.get("Action") or request.headers.get("x-acs-action", "")
    version = args.get("Version") or request.headers.get("x-acs-version", "")
    params = {k: v for k, v in args.items() if k not in COMMON}
    if request.mimetype == "application/x-www-form-urlencoded" or request.method == "POST":
        for key, value in request.form.items():
            if key not in COMMON:
                params[key] = value
    return RpcCall(action, version, params, request.host or "")
