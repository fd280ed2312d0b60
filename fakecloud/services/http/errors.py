"""Errors of `HTTP:Request` tasks: a request the integration cannot send (`HTTP.InvalidArgument`), and an answer
with a 4xx or 5xx status (`HTTP.<status>`, the cause being the result wrapper as JSON)."""
from __future__ import annotations

from types import MappingProxyType

from ..errors import ServiceError


class HttpError(ServiceError):
    NAMESPACE = "HTTP"
    STATUS = MappingProxyType({"InvalidArgument": 400})
    DEFAULT_STATUS = 400

    @classmethod
    def for_status(cls, status: int, wrapper_json: str) -> "HttpError":
        """The error of an answer with status `status` >= 400: code the status, message the result wrapper."""
        return cls(str(status), wrapper_json, status)
