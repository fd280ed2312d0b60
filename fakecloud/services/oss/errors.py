"""OSS errors: the service's own codes, HTTP statuses and messages, seen by a flow as `OSS.<Code>` with the message
as the cause."""
from __future__ import annotations

from types import MappingProxyType

from ..errors import ServiceError

_STATUS = MappingProxyType({
    "AccessDenied": 403, "BucketAlreadyExists": 409, "BucketNotEmpty": 409, "InvalidArgument": 400,
    "InvalidBucketName": 400, "InvalidObjectName": 400, "InvalidRange": 416, "MethodNotAllowed": 405,
    "NoSuchBucket": 404, "NoSuchKey": 404, "NoSuchVersion": 404, "NotModified": 304, "PreconditionFailed": 412,
})

MESSAGES = MappingProxyType({
    "AccessDenied": "The bucket you are attempting to access must be addressed using the specified endpoint.",
    "BucketAlreadyExists": "The requested bucket name is not available.",
    "BucketNotEmpty": "The bucket you tried to delete is not empty.",
    "InvalidBucketName": "The specified bucket is not valid.",
    "InvalidObjectName": "The specified object is not valid.",
    "InvalidRange": "The requested range cannot be satisfied.",
    "MethodNotAllowed": "The specified method is not allowed against this resource.",
    "NoSuchBucket": "The specified bucket does not exist.",
    "NoSuchKey": "The specified key does not exist.",
    "NoSuchVersion": "The specified version does not exist.",
    "NotModified": "Not Modified",
    "PreconditionFailed": "At least one of the pre-conditions you specified did not hold.",
})


class OssError(ServiceError):
    NAMESPACE = "OSS"
    STATUS = _STATUS
    DEFAULT_STATUS = 400

    @classmethod
    def of(cls, code: str, detail: str = "") -> "OssError":
        """The service's error `code` with its own message, and `detail` (what it was about) after it."""
        message = MESSAGES.get(code, code)
        return cls(code, f"{message} ({detail})" if detail else message)
