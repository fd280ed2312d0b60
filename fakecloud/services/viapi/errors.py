"""The vision services' errors: a service code, its message and HTTP status, seen by a flow as ``{product}.{Code}``
with the message as the cause; the constructors below build the errors the API gateway itself returns."""
from __future__ import annotations

from typing import Any

# HTTP statuses from the VIAPI error-code tables (and, for InvalidAction.NotFound, the gateway's own answers).
_STATUS = {
    "AuthFailed": 403, "ParameterError": 400, "ClientError.IllegalArgument": 400, "EntityNotExist.Role": 400,
    "IllegalUrlParameter": 400, "InvalidAccessKeyId.Inactive": 400, "InvalidAccessKeyId.NotFound": 404,
    "InvalidAccessKeySecret": 400, "InvalidDB.Status": 400, "InvalidAction.NotFound": 404,
    "InvalidApi.ForbiddenInvoke": 400, "InvalidApi.NotPurchase": 403, "InvalidApi.OutOfService": 400,
    "InvalidFile.Content": 400, "InvalidFile.Decode": 400, "InvalidParameter": 400, "Throttling": 400,
    "InvalidImage.Region": 400, "InvalidImage.NotFoundFace": 404, "Data.Exist": 409,
}

ACTION_NOT_FOUND = "Specified api is not found, please check your url and method."


def status_of(code: str) -> int:
    """The HTTP status the service answers ``code`` with: the table, else 500 for InternalError.*, else 400."""
    if code in _STATUS:
        return _STATUS[code]
    return 500 if code == "InternalError" or code.startswith("InternalError.") else 400


class VisionError(Exception):
    """An error answer of a vision API. ``hint`` explains it to a test reader; the service never sends it."""

    def __init__(self, product: str, code: str, message: str, status: int | None = None, *,
                 request_id: str = "", hint: str = "", duration: float | None = None):
        self.product = product
        self.code = code
        self.message = message
        self.status = status_of(code) if status is None else status
        self.request_id = request_id
        self.hint = hint
        self.duration = duration        # virtual seconds a scripted failure asked the call to take
        super().__init__(str(self))

    def __reduce__(self):
        state = {"request_id": self.request_id, "hint": self.hint, "duration": self.duration}
        return (_rebuild, (self.product, self.code, self.message, self.status, state))

    @property
    def flow_error(self) -> str:
        """The error name a flow's retry and catch match: the code with the product in front."""
        return f"{self.product}.{self.code}"

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

    def __str__(self) -> str:
        text = f"{self.flow_error} (HTTP {self.status}): {self.message}"
        return f"{text} [{self.hint}]" if self.hint else text

    def __repr__(self) -> str:
        return f"VisionError({self.product!r}, {self.code!r}, {self.message!r}, {self.status})"


def _rebuild(product: str, code: str, message: str, status: int, state: dict[str, Any]) -> VisionError:
    return VisionError(product, code, message, status, **state)


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
