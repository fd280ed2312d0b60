"""The execution engine: runs FDL flows deterministically on a virtual clock, with the service's data-flow
rules, retry/catch, history and limits. Imports only `fakecloud.fdl` and the standard library."""
from .clock import DEFAULT_EPOCH, RealClock, VirtualClock, format_time
from .engine import Engine, FlowEntry, ParentLink
from .errors import (EngineError, ExecutionAlreadyExists, ExecutionNotExists, FlowAlreadyExists, FlowNotExists,
                     InvalidArgument, StepError, TaskAlreadyCompleted)
from .execution import FAILED, RUNNING, STARTING, STOPPED, SUCCEEDED, TIMED_OUT, Execution
from .history import EVENT_TYPES, Event, History
from .ids import IdSource
from .integrations import Integration, TaskRequest
from .interceptors import Interceptors, TaskInterceptor
from .outcomes import Outcome, Pending, Return, TaskFailure, Throw
from ..fdl.limits import Limits
from .tokens import TaskToken, make_token, parse_token

__all__ = (
    "DEFAULT_EPOCH", "EVENT_TYPES", "Engine", "EngineError", "Event", "Execution", "ExecutionAlreadyExists",
    "ExecutionNotExists", "FAILED", "FlowAlreadyExists", "FlowEntry", "FlowNotExists", "History", "IdSource",
    "Integration", "Interceptors", "InvalidArgument", "Limits", "Outcome", "ParentLink", "Pending", "RUNNING",
    "RealClock", "Return", "STARTING", "STOPPED", "SUCCEEDED", "StepError", "TIMED_OUT", "TaskAlreadyCompleted",
    "TaskFailure", "TaskInterceptor", "TaskRequest", "TaskToken", "Throw", "VirtualClock", "format_time",
    "make_token", "parse_token",
)
