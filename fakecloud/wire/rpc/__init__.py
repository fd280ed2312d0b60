"""The RPC protocol on path `/`: Serverless Workflow (FnF 2019-03-15) and the vision products, with the action
in the query (RPC v1, HMAC-SHA1 query signature) or in the `x-acs-action` header (ACS3-HMAC-SHA256)."""
from .protocol import RpcProtocol

__all__ = ("RpcProtocol",)
