"""Error values of the engine: the error names steps fail with (documented ones and the emulator-defined ones,
see docs/semantics.md), step failures as exceptions, and the API errors callers of the engine receive."""
from __future__ import annotations

# Documented by the service.
ALL = "FnF.ALL"
TASK_TIMEOUT = "FnF.TaskTimeout"
INVALID_LOCAL = "FnF.InvalidLocal"
RUNTIME_ERROR = "FnF.RuntimeError"
# Emulator-defined: the service publishes no name for these conditions.
INVALID_MAPPING = "FnF.InvalidMapping"
DATA_SIZE_EXCEEDED = "FnF.DataSizeExceeded"
EVENTS_LIMIT_EXCEEDED = "FnF.EventsLimitExceeded"
WAIT_LIMIT_EXCEEDED = "FnF.WaitLimitExceeded"
BRANCHES_LIMIT_EXCEEDED = "FnF.BranchesLimitExceeded"
EXECUTION_TIMEOUT = "FnF.Timeout"
CANCELLED = "FnF.Cancelled"
NO_INTEGRATION = "FnF.IntegrationNotConfigured"
FLOW_NOT_EXISTS = "FnF.FlowNotExists"
EXECUTION_ALREADY_EXISTS = "FnF.ExecutionAlreadyExists"
INTERNAL_ERROR = "FnF.InternalError"


class StepError(Exception):
    """A step failed with an error name and a cause; task steps may retry or catch it by name."""

    def __init__(self, error: str, cause: str = ""):
        super().__init__(f"{error}: {cause}" if cause else error)
        self.error = error
        self.cause = cause


class Cancelled(BaseException):
    """Thrown into a suspended step when its branch or iteration is cancelled (a sibling failed)."""

    def __init__(self, cause: str = ""):
        super().__init__(cause)
        self.cause = cause


class Terminated(BaseException):
    """Unwinds the running step after its execution ended (stopped, timed out, failed on a limit)."""


# -- API errors ------------------------------------------------------------------------------------

class EngineError(Exception):
    """An error an engine API call answers with, carrying the service's error code and HTTP status."""
    code = "InternalServerError"
    status = 500

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class InvalidArgument(EngineError):
    code, status = "InvalidArgument", 400


class TaskAlreadyCompleted(EngineError):
    code, status = "TaskAlreadyCompleted", 400


class FlowNotExists(EngineError):
    code, status = "FlowNotExists", 404


class ExecutionNotExists(EngineError):
    code, status = "ExecutionNotExists", 404


class ExecutionAlreadyExists(EngineError):
    code, status = "ExecutionAlreadyExists", 400


class FlowAlreadyExists(EngineError):
    code, status = "FlowAlreadyExists", 409
