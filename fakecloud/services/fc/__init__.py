"""The Function Compute fake: functions as Python handlers or scripted answers, sync and async invocation on
virtual time, and the flow task integration (see backend for the contracts, integration for the patterns)."""
from .backend import ASYNC_PAYLOAD_LIMIT, SYNC_PAYLOAD_LIMIT, FcBackend
from .errors import FcError
from .functions import Function
from .integration import FcIntegration
from .names import LATEST, FunctionKey
from .records import (ASYNC, ASYNC_STATUSES, ENQUEUED, FAILED, INVALID, RETRYING, RUNNING, STOPPED, SUCCEEDED, SYNC,
                      AsyncInvocation, Invocation, InvocationLog, InvokeResult)
from .runtime import HANDLED, UNHANDLED, Context, Credentials, FunctionCrash, FunctionMeta, ServiceMeta

__all__ = ("FcBackend", "FcError", "FcIntegration", "Function", "FunctionKey", "LATEST", "Invocation",
           "InvocationLog", "InvokeResult", "AsyncInvocation", "Context", "Credentials", "FunctionMeta",
           "ServiceMeta", "FunctionCrash", "SYNC", "ASYNC", "ASYNC_STATUSES", "ENQUEUED", "RUNNING", "SUCCEEDED",
           "FAILED", "STOPPED", "RETRYING", "INVALID", "HANDLED", "UNHANDLED", "SYNC_PAYLOAD_LIMIT",
           "ASYNC_PAYLOAD_LIMIT")
