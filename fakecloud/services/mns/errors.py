"""MNS errors as values: the service's own code, message and HTTP status, plus the request and host ids the
wire layer fills in. The constructors below are the only place a message text is written."""
from __future__ import annotations

from types import MappingProxyType
from typing import Any

from ..errors import ServiceError

# Status of every code this fake raises (from the MNS error-code table; names of topic errors from the SDKs).
STATUS = MappingProxyType({
    "InvalidArgument": 400,
    "MalformedXML": 400,
    "InvalidQueueName": 400,
    "QueueNameLengthError": 400,
    "TopicNameInvalid": 400,
    "TopicNameLengthError": 400,
    "SubscriptionNameInvalid": 400,
    "SubscriptionNameLengthError": 400,
    "EndpointInvalid": 400,
    "ReceiptHandleError": 400,
    "MissingReceiptHandle": 400,
    "MissingVisibilityTimeout": 400,
    "QueueNotExist": 404,
    "TopicNotExist": 404,
    "SubscriptionNotExist": 404,
    "MessageNotExist": 404,
    "QueueAlreadyExist": 409,
    "TopicAlreadyExist": 409,
    "SubscriptionAlreadyExist": 409,
    "InternalError": 500,
})


class MnsError(ServiceError):
    """An error answer of MNS. ``request_id`` and ``host_id`` are left empty by the backend; the wire layer
    (or a caller that owns request ids) fills them before rendering ``<Error>``. A failed MNS task is
    ``MNS.<Code>`` to the flow (see docs/semantics.md)."""

    NAMESPACE = "MNS"
    STATUS = STATUS
    DEFAULT_STATUS = 400

    def __init__(self, code: str, message: str, status: int | None = None, *, request_id: str = "",
                 host_id: str = ""):
        self.host_id = host_id
        super().__init__(code, message, status, request_id=request_id)

    @property
    def cause(self) -> str:
        return self.message

    def body(self) -> dict[str, Any]:
        """The four elements of the service's ``<Error>`` body, in order."""
        return {"Code": self.code, "Message": self.message, "RequestId": self.request_id, "HostId": self.host_id}


# --- constructors ---------------------------------------------------------------------------------------------

def range_error(name: str, low: int, high: int, unit: str = "") -> MnsError:
    """The service's range message: "The value of X should between Low and High seconds/bytes."."""
    suffix = f" {unit}" if unit else ""
    return MnsError("InvalidArgument", f"The value of {name} should between {low} and {high}{suffix}.")


def schema_error(element: str) -> MnsError:
    """A value of the wrong type, an unknown element or a missing required element."""
    return MnsError("InvalidArgument",
                    f"The XML you provided did not validate against our published schema, cause by {element}.")


def queue_not_exist() -> MnsError:
    return MnsError("QueueNotExist", "The queue name you provided is not exist.")


def topic_not_exist() -> MnsError:
    return MnsError("TopicNotExist", "The topic name you provided is not exist.")


def subscription_not_exist() -> MnsError:
    return MnsError("SubscriptionNotExist", "The subscription name you provided is not exist.")


def message_not_exist() -> MnsError:
    return MnsError("MessageNotExist", "Message not exist.")


def receipt_handle_error() -> MnsError:
    return MnsError("ReceiptHandleError", "The receipt handle you provide is not valid.")


def missing_receipt_handle() -> MnsError:
    return MnsError("MissingReceiptHandle", "ReceiptHandle is required.")


def missing_visibility_timeout() -> MnsError:
    return MnsError("MissingVisibilityTimeout", "VisibilityTimeout is required.")


def queue_already_exist() -> MnsError:
    return MnsError("QueueAlreadyExist", "The queue you want to create is already exist.")


def topic_already_exist() -> MnsError:
    return MnsError("TopicAlreadyExist", "The topic you want to create is already exist.")


def subscription_already_exist() -> MnsError:
    return MnsError("SubscriptionAlreadyExist", "The subscription you want to create is already exist.")


def invalid_name(kind: str) -> MnsError:
    code = {"queue": "InvalidQueueName", "topic": "TopicNameInvalid", "subscription": "SubscriptionNameInvalid"}[kind]
    return MnsError(code, f"The {kind} name you provided is not valid.")


def name_length_error(kind: str, high: int) -> MnsError:
    code = {"queue": "QueueNameLengthError", "topic": "TopicNameLengthError",
            "subscription": "SubscriptionNameLengthError"}[kind]
    return MnsError(code, f"The length of {kind} name should between 1 and {high}.")


def endpoint_invalid() -> MnsError:
    return MnsError("EndpointInvalid", "The endpoint you provided is not valid.")
