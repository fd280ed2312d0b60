"""The vision services' errors: a service code, its message and HTTP status, seen by a flow as ``{product}.{Code}``
with the message as the cause; the constructors below build the errors the API gateway itself returns."""
from __future__ import annotations

from types import MappingProxyType
from typing import Any

from ..errors import ServiceError

# HTTP statuses from the VIAPI error-code tables (and, for InvalidAction.NotFound, the gateway's own answers).
_STATUS = MappingProxyType({
    "AuthFailed": 403, "ParameterError": 400, "ClientError.IllegalArgument": 400, "EntityNotExist.Role": 400,
    "IllegalUrlParameter": 400, "InvalidAccessKeyId.Inactive": 400, "InvalidAccessKeyId.NotFound": 404,
    "InvalidAccessKeySecret": 400, "InvalidDB.Status": 400, "InvalidAction.NotFound": 404,
    "InvalidApi.ForbiddenInvoke": 400, "InvalidApi.NotPurchase": 403, "InvalidApi.OutOfService": 400,
    "InvalidFile.Content": 400, "InvalidFile.Decode": 400, "InvalidParameter": 400, "Throttling": 400,
    "InvalidImage.Region": 400, "InvalidImage.NotFoundFace": 404, "Data.Exist": 409,
})

ACTION_NOT_FOUND = "Specified api is not found, please check your url and method."


def status_of(code: str) -> int:
    """The HTTP status the service answers ``code`` with: the table, else 500 for InternalError.*, else 400."""
    if code in _STATUS:
        return _STATUS[code]
    return 500 if code == "InternalError" or code.startswith("InternalError.") else 400


class VisionError(ServiceError):
    """An error answer of a vision API, seen by a flow as ``{product}.{Code}``. ``hint`` explains it to a test
    reader; the service never sends it. ``duration`` is the virtual seconds a scripted failure asked the call to
    take."""

    def __init__(self, product: str, code: str, message: str, status: int | None = None, *,
                 request_id: str = "", hint: str = "", duration: float | None = None):
        self.product = product
        self.hint = hint
        self.duration = duration
        super().__init__(code, message, status, request_id=request_id)

    @classmethod
    def status_for(cls, code: str) -> int:
        return status_of(code)

    @property
    def namespace(self) -> str:
        """A vision error is named after its product."""
        return self.product

    @property
    def cause(self) -> str:
        """The cause a flow sees next to the error: the service's message."""
        return self.message

    def body(self) -> dict[str, Any]:
        """The JSON error body of the RPC gateway."""
        return {
            "RequestId": self.request_id,
            "HostId": f"{self.product}.cn-shanghai.aliyuncs.com",
            "Code": self.code,
            "Message": self.message,
            "Recommend": f"https://api.aliyun.com/troubleshoot?q={self.code}&product={self.product}",
        }

    def _text(self) -> str:
        text = f"{self.flow_error} (HTTP {self.status}): {self.message}"
        return f"{text} [{self.hint}]" if self.hint else text

    def __str__(self) -> str:
        return self._text()

    def _fields(self) -> tuple[Any, ...]:
        return (self.product, self.code, self.message)


def action_not_found(product: str, api: str, hint: str = "") -> VisionError:
    return VisionError(product, "InvalidAction.NotFound", ACTION_NOT_FOUND,
                       hint=hint or f"{product}:{api} is not a vision API")


def missing_parameter(product: str, name: str) -> VisionError:
    return VisionError(product, f"Missing{name}", f"{name} is mandatory for this action.", 400)


def invalid_parameter(product: str, name: str, hint: str = "") -> VisionError:
    return VisionError(product, "InvalidParameter", f'The specified parameter "{name}" is not valid.', 400, hint=hint)


def service_code(product: str, error: str) -> str:
    """The service's code for a scripted error name: a leading ``{product}.`` (the flow's name) is dropped."""
    return error[len(product) + 1:] if error.startswith(product + ".") else error


def scripted(product: str, error: str, cause: str, duration: float | None = None) -> VisionError:
    """The error a scripted Throw stands for; a leading ``{product}.`` on the code is accepted and dropped."""
    return VisionError(product, service_code(product, error), cause, hint="scripted", duration=duration)
