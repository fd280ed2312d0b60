"""Serverless Workflow (FnF) API errors as values: the service's error code, message and HTTP status. The
constructors below are the only place a message is written."""
from __future__ import annotations

from types import MappingProxyType

from ..errors import ServiceError

# HTTP status of every code the API metadata documents (status -> code table of the 2019-03-15 API).
STATUS = MappingProxyType({
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
})


class FnfError(ServiceError):
    """An error answer of the FnF API. `request_id` is filled in by the service when it answers; the body is
    ``{"Code", "Message", "RequestId"}``, which both FnF SDKs parse. A failed ``action: fnf:*`` call is
    ``fnf.<Code>`` to the flow."""

    NAMESPACE = "fnf"
    STATUS = STATUS


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
