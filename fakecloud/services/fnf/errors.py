"""Serverless Workflow (FnF) API errors as values: the service's error code, message and HTTP status. The
constructors below are the only place a message is written."""
from __future__ import annotations

from typing import Any

# HTTP status of every code the API metadata documents (status -> code table of the 2019-03-15 API).
STATUS = {
    "ActionNotSupported": 400,
    "APIVersionNotSupported": 400,
    "EntityTooLarge": 400,
    "InvalidArgument": 400,
    "MissingRequiredHeader": 400,
    "MissingRequiredParams": 400,
    "ExecutionAlreadyExists": 400,
    "ExecutionAlreadyCompleted": 400,
    "TaskAlreadyCompleted": 400,
    "AccessDenied": 403,
    "InvalidAccessKeyID": 403,
    "RequestTimeTooSkewed": 403,
    "SignatureNotMatch": 403,
    "FlowNotExists": 404,
    "ExecutionNotExists": 404,
    "ScheduleNotExists": 404,
    "FlowAlreadyExists": 409,
    "ConcurrentUpdateError": 409,
    "ScheduleAlreadyExists": 409,
    "TaskInvalidState": 409,
    "PreconditionFailed": 412,
    "UnsupportedMediaType": 415,
    "ResourceThrottled": 429,
    "InternalServerError": 500,
}


class FnfError(Exception):
    """An error answer of the FnF API. `request_id` is filled in by the service when it answers."""

    def __init__(self, code: str, message: str, status: int | None = None, *, request_id: str = ""):
        self.code = code
        self.message = message
        self.status = STATUS.get(code, 500) if status is None else status
        self.request_id = request_id
        super().__init__(f"{code}: {message}")

    @property
    def flow_error(self) -> str:
        """The error name a flow's retry/catch sees when an `action: fnf:*` call fails: ``fnf.<Code>``."""
        return f"fnf.{self.code}"

    def body(self) -> dict[str, Any]:
        """The JSON error body both FnF SDKs parse."""
        return {"Code": self.code, "Message": self.message, "RequestId": self.request_id}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FnfError):
            return NotImplemented
        return (self.code, self.message, self.status) == (other.code, other.message, other.status)

    __hash__ = Exception.__hash__

    def __repr__(self) -> str:
        return f"FnfError({self.code!r}, {self.message!r}, {self.status})"


# --- constructors ---------------------------------------------------------------------------------------------

def invalid_argument(message: str) -> FnfError:
    return FnfError("InvalidArgument", message)


def definition_name_mismatch(definition_name: str, name: str) -> FnfError:
    return FnfError("InvalidArgument", f"The Name in the flow definition ({definition_name}) must equal the flow's "
                                       f"Name ({name}).")


def missing_params(name: str) -> FnfError:
    return FnfError("MissingRequiredParams", f"The required parameter {name} is missing.")


def action_not_supported(action: str) -> FnfError:
    return FnfError("ActionNotSupported", f"The action {action} is not supported.")


def flow_not_exists(flow: str) -> FnfError:
    return FnfError("FlowNotExists", f"Flow {flow} does not exist.")


def flow_already_exists(flow: str) -> FnfError:
    return FnfError("FlowAlreadyExists", f"Flow {flow} already exists.")


def execution_not_exists(execution: str, flow: str) -> FnfError:
    return FnfError("ExecutionNotExists", f"Execution {execution} for flow {flow} does not exist.")


def execution_already_exists(execution: str, flow: str) -> FnfError:
    return FnfError("ExecutionAlreadyExists", f"Execution {execution} for flow {flow} already exists.")


def execution_already_completed(execution: str, flow: str) -> FnfError:
    return FnfError("ExecutionAlreadyCompleted", f"Execution {execution} for flow {flow} has already completed.")


def task_already_completed(token: str) -> FnfError:
    return FnfError("TaskAlreadyCompleted", f"Task {token} has already completed")
