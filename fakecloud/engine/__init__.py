"""The execution engine: runs FDL flows deterministically on a virtual clock, with the service's data-flow
rules, retry/catch, history and limits. Imports only `fakecloud.fdl` and the standard library.

The names below load their module on first use (PEP 562), so that importing one part (`fakecloud.engine.outcomes`)
does not load the whole engine and the front end with it."""
from __future__ import annotations

from ..lazy import exports

__all__, __getattr__, __dir__ = exports(__name__, {
    ".clock": ("DEFAULT_EPOCH", "RealClock", "VirtualClock", "format_time"),
    ".engine": ("Engine", "FlowEntry", "ParentLink", "compile_program"),
    ".errors": ("EngineError", "ExecutionAlreadyExists", "ExecutionNotExists", "FlowAlreadyExists", "FlowNotExists",
                "InvalidArgument", "StepError", "TaskAlreadyCompleted"),
    ".execution": ("FAILED", "RUNNING", "STARTING", "STOPPED", "SUCCEEDED", "TIMED_OUT", "Execution"),
    ".history": ("EVENT_TYPES", "Event", "History"),
    ".ids": ("IdSource",),
    ".integrations": ("Integration", "TaskRequest"),
    ".interceptors": ("Interceptors", "TaskInterceptor"),
    ".outcomes": ("Outcome", "Pending", "Return", "TaskFailure", "Throw"),
    "fakecloud.fdl.limits": ("Limits",),
    ".tokens": ("TaskToken", "make_token", "parse_token"),
}, globals())
