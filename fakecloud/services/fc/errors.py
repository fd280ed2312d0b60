"""Function Compute API errors as values: the service's error code, message and HTTP status (the non-2xx answers
of InvokeFunction and the stateful-invocation APIs). The constructors below are the only place a message is written."""
from __future__ import annotations

from types import MappingProxyType
from typing import Any

from ..errors import ServiceError

# HTTP status of every code (FC error-code tables; see docs/semantics.md for the 429/503 choice).
STATUS = MappingProxyType({
    "InvalidArgument": 400,
    "EntityTooLarge": 400,
    "MissingRequiredHeader": 400,
    "LimitExceeded": 400,
    "AccessDenied": 403,
    "ServiceNotFound": 404,
    "FunctionNotFound": 404,
    "AliasNotFound": 404,
    "VersionNotFound": 404,
    "StatefulAsyncInvocationNotFound": 404,
    "StatefulAsyncInvocationAlreadyExists": 409,
    "ConcurrentUpdateError": 409,
    "ResourceThrottled": 429,
    "ResourceExhausted": 429,
    "ClientClosedRequest": 499,
    "InternalServerError": 500,
    "Unknown": 500,
    "ServiceUnavailable": 503,
})


class FcError(ServiceError):
    """An error answer of Function Compute. ``request_id`` is filled by the backend for invocation errors."""

    NAMESPACE = "FC"
    STATUS = STATUS

    def body(self) -> dict[str, Any]:
        """The JSON error body, with both key spellings the SDKs read (FC 2.0 and Tea clients)."""
        return {"ErrorCode": self.code, "ErrorMessage": self.message, "Code": self.code, "Message": self.message,
                "RequestId": self.request_id}


# --- constructors ---------------------------------------------------------------------------------------------

def invalid_argument(message: str) -> FcError:
    return FcError("InvalidArgument", message)


def service_not_found(service: str) -> FcError:
    return FcError("ServiceNotFound", f"service '{service}' does not exist")


def function_not_found(service: str, function: str) -> FcError:
    return FcError("FunctionNotFound", f"function '{function}' does not exist in service '{service}'")


def qualifier_not_found(service: str, qualifier: str) -> FcError:
    if qualifier.isdigit():
        return FcError("VersionNotFound", f"version '{qualifier}' does not exist in service '{service}'")
    return FcError("AliasNotFound", f"alias '{qualifier}' does not exist in service '{service}'")


def resource_throttled(quota: int) -> FcError:
    return FcError("ResourceThrottled", f"Reached the limit of concurrent instances of the account in the region "
                                        f"({quota}); the function was not executed")


def entity_too_large(size: int, limit: int, kind: str) -> FcError:
    return FcError("EntityTooLarge", f"payload size {size} bytes exceeds the maximum allowed size for {kind} "
                                     f"invocation ({limit} bytes)")


def async_invocation_exists(invocation_id: str, service: str, function: str) -> FcError:
    return FcError("StatefulAsyncInvocationAlreadyExists",
                   f"stateful async invocation '{invocation_id}' already exists in function '{function}' of "
                   f"service '{service}'")


def async_invocation_not_found(invocation_id: str, service: str, function: str) -> FcError:
    return FcError("StatefulAsyncInvocationNotFound",
                   f"stateful async invocation '{invocation_id}' does not exist in function '{function}' of "
                   f"service '{service}'")


def injected(code: str, message: str | None = None) -> FcError:
    """An error a test injects (``fail_next``, a scripted ``FC.<Code>`` throw, an FcError raised by a handler)."""
    defaults = {
        "ResourceThrottled": "Reached the limit of concurrent instances; the function was not executed",
        "ResourceExhausted": "Resources are exhausted; the function was not executed",
        "InternalServerError": "An internal error occurred",
        "Unknown": "An unknown error occurred",
        "ServiceUnavailable": "The service is temporarily unavailable",
    }
    return FcError(code, message or defaults.get(code, f"{code} (injected)"))
