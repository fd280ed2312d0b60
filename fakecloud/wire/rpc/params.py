"""Reading an RPC request: the action, the version and the business parameters (query and form body merged),
whichever of the two signing styles the client used (RPC v1: everything in the query; ACS3: action and version
in the `x-acs-action` / `x-acs-version` headers)."""
from __future__ import annotations

from dataclasses import dataclass

from werkzeug.wrappers import Request

# Parameters an RPC v1 request carries for the gateway; they are not the operation's business parameters.
COMMON = frozenset({"Action", "Version", "Format", "RegionId", "Timestamp", "SignatureMethod", "SignatureType",
                    "SignatureVersion", "SignatureNonce", "AccessKeyId", "Signature", "SecurityToken",
                    "SignatureAlgorithm"})
FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class RpcCall:
    action: str
    version: str
    params: dict          # business parameters by the service's names (values are text)
    host: str             # the host the client called: the HostId of error bodies, a hint at the product
    has_body: bool        # a non-empty body was sent
    form_body: bool       # ... as application/x-www-form-urlencoded (the only body RPC APIs read)

    @property
    def product_hint(self) -> str:
        return product_hint(self.host)


def product_hint(host: str) -> str:
    """The first label of a host name (``fnf`` for ``fnf.cn-hangzhou.aliyuncs.com``); empty for an address."""
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else ""
    label = name.split(".", 1)[0].lower()
    return "" if not label or label.isdigit() or "." not in name else label


def header_or_query(request: Request, query_name: str, header: str) -> str:
    return request.args.get(query_name) or request.headers.get(header, "")


def action_of(request: Request) -> str:
    return header_or_query(request, "Action", "x-acs-action")


def version_of(request: Request) -> str:
    return header_or_query(request, "Version", "x-acs-version")


def read_call(request: Request) -> RpcCall:
    """The call, with the form body (when there is one) read into the parameters; a parameter in both the
    query and the body takes the body's value, and a repeated parameter its first value."""
    body = request.get_data(cache=True)
    form_body = bool(body) and request.mimetype == FORM
    params = {k: v for k, v in request.args.items() if k not in COMMON}
    action, version = action_of(request), version_of(request)
    if form_body:
        form = request.form
        for key, value in form.items():
            if key not in COMMON:
                params[key] = value
        action = action or form.get("Action", "")
        version = version or form.get("Version", "")
    return RpcCall(action, version, params, request.host or "", bool(body), form_body)
