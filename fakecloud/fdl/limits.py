"""Service limits and behaviour switches of one world, with the documented defaults; every one is configurable.
The front end checks definitions against them (a parallel's branches, a wait, a timeout) and the engine enforces
them at run time, so both read the same object."""
from __future__ import annotations

from dataclasses import dataclass

DAY = 86400
YEAR = 365 * DAY


@dataclass(frozen=True)
class Limits:
    max_events: int = 5000                  # events per execution (FnF.EventsLimitExceeded)
    max_step_data_bytes: int = 32 * 1024    # a step's input + output + local, compact JSON, UTF-8 (FnF.DataSizeExceeded)
    max_event_data_bytes: int = 32 * 1024   # the EventDetail of the execution's ExecutionStarted (FnF.DataSizeExceeded)
    max_execution_seconds: int = YEAR       # an execution ends TimedOut after this (FnF.Timeout)
    max_wait_seconds: int = 2 * DAY         # a wait step (FnF.WaitLimitExceeded)
    max_branches: int = 100                 # branches of a parallel step (FnF.BranchesLimitExceeded)
    max_concurrency: int = 100              # foreach iterations running at once (a cap, not an error)
    missing_path: str = "error"             # a mapping path that does not resolve: "error" (FnF.InvalidMapping) or "null"
    succeed_scope: str = "branch"           # `succeed` ends the innermost "branch" (branch/iteration/flow) or "sequence"

    def __post_init__(self):
        if self.missing_path not in ("error", "null"):
            raise ValueError("missing_path must be 'error' or 'null'")
        if self.succeed_scope not in ("branch", "sequence"):
            raise ValueError("succeed_scope must be 'branch' or 'sequence'")
        for name in ("max_events", "max_step_data_bytes", "max_event_data_bytes", "max_execution_seconds", "max_wait_seconds",
                     "max_branches", "max_concurrency"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
