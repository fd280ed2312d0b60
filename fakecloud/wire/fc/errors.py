"""The API errors only the wire can produce (paths, headers, bodies, signatures, the life cycle of services and
functions), as the model's FcError with FC's own codes, statuses and message formats."""
from __future__ import annotations

from fakecloud.services.fc import FcError

SIGNATURE_MESSAGE = ("The request signature we calculated does not match the signature you provided. Check your "
                     "access key and signing method")


def path_not_supported(method: str, path: str) -> FcError:
    return FcError("PathNotSupported", f"'{method}' against '{path}' is not supported", 400)


def missing_header(name: str) -> FcError:
    return FcError("MissingRequiredHeader", f"required HTTP header {name} was not specified", 400)


def invalid_argument(message: str) -> FcError:
    return FcError("InvalidArgument", message, 400)


def entity_too_large(limit: int) -> FcError:
    return FcError("EntityTooLarge", f"payload size exceeds maximum allowed size ({limit} bytes)", 400)


def signature_not_match(detail: str = "") -> FcError:
    return FcError("SignatureNotMatch", SIGNATURE_MESSAGE + (f" ({detail})" if detail else ""), 403)


def invalid_access_key(key_id: str) -> FcError:
    return FcError("InvalidAccessKeyID", f"invalid access key ID '{key_id}'", 403)


def service_exists(service: str) -> FcError:
    return FcError("ServiceAlreadyExists", f"service '{service}' already exists", 409)


def service_not_empty(service: str) -> FcError:
    return FcError("ServiceNotEmpty", f"service '{service}' is not empty: delete its functions first", 400)


def function_exists(service: str, function: str) -> FcError:
    return FcError("FunctionAlreadyExists", f"function '{function}' already exists in service '{service}'", 409)


def fc3_function_exists(function: str) -> FcError:
    return FcError("FunctionAlreadyExists", f"function '{function}' already exists", 409)


def fc3_function_not_found(function: str) -> FcError:
    return FcError("FunctionNotFound", f"function '{function}' does not exist.", 404)


def internal_error() -> FcError:
    return FcError("InternalServerError", "an internal error has occurred. Please retry.", 500)
