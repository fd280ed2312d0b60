"""Vision API task steps (`action: {product}:{Api}`) answered by a live endpoint: one RPC call signed with RPC v1
(HMAC-SHA1), the API's parameters in a form body, lists and objects flattened as the Tea SDKs flatten them
(``Colors.1.Name=red``). A JSON answer is the task's output; an error answer fails it as ``{product}.{Code}``
with the service's message, as in process."""
from __future__ import annotations

from typing import Any, Callable, Iterator, Mapping

from .. import jsontext
from ..engine.integrations import TaskRequest
from ..engine.outcomes import Return, Throw
from ..fdl.viapi import load_catalog
from ..services.viapi.integration import product_of
from .endpoint import Endpoint
from .signing import encode_pairs, rpc_common, sign_rpc
from .transport import Answer, Outgoing, check_refusal, send

FORM = "application/x-www-form-urlencoded"


def flatten(name: str, value: Any) -> Iterator[tuple[str, str]]:
    """One wire parameter per leaf: lists numbered from 1, objects by key, booleans as true/false."""
    if value is None:
        return
    if isinstance(value, Mapping):
        for key, inner in value.items():
            yield from flatten(f"{name}.{key}", inner)
    elif isinstance(value, (list, tuple)):
        for index, inner in enumerate(value, 1):
            yield from flatten(f"{name}.{index}", inner)
    elif isinstance(value, bool):
        yield name, "true" if value else "false"
    else:
        yield name, str(value)


def _json(body: bytes) -> Any:
    try:
        return jsontext.loads(body or b"{}")
    except ValueError:
        return None


class RemoteVision:
    kind = "action"

    def __init__(self, endpoint: Endpoint, *, transport: Callable[[Outgoing], Answer] = send, catalog=None):
        self.endpoint, self.transport = endpoint, transport
        self.catalog = catalog if catalog is not None else load_catalog()

    def invoke(self, request: TaskRequest):
        product, api = product_of(request.target), request.target.api
        spec = self.catalog.product(product)
        if spec is None:
            return Throw(f"{product}.InvalidAction.NotFound", f"fakecloud knows no version of {product}")
        params = request.params if isinstance(request.params, Mapping) else {}
        pairs = [pair for name, value in params.items() for pair in flatten(name, value)]
        query = encode_pairs(sorted(rpc_common(api, spec.version, self.endpoint).items()))
        outgoing = Outgoing("POST", self.endpoint.url("vision", product), "/?" + query,
                            {"Content-Type": FORM}, encode_pairs(pairs).encode("utf-8"))
        answer = self.transport(sign_rpc(outgoing, self.endpoint))
        body = _json(answer.body)
        if answer.status >= 300 or not isinstance(body, dict):
            body = body if isinstance(body, dict) else {}
            code = body.get("Code") or f"HTTP{answer.status}"
            message = body.get("Message") or answer.body.decode("utf-8", "replace")
            check_refusal(f"the {product} API", code, message)
            return Throw(f"{product}.{code}", message)
        return Return(body)
