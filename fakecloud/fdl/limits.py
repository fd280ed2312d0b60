"""Service limits and behaviour switches of one world, with the documented defaults; every one is configurable.
The front end checks definitions against them (a parallel's branches, a wait, a timeout) and the engine enforces
them at run time, so both read the same object. The old FDL dialect and CloudFlow state machines have quotas of
their own (32 KiB steps and 100 branches there, 64 KiB states and 50 branches here); each reads its own fields."""
from __future__ import annotations

from dataclasses import dataclass, fields

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
    # CloudFlow state machines (Type: StateMachine), documented quotas
    max_state_data_bytes: int = 64 * 1024   # a state's input or output, and an event's data
    max_global_key_bytes: int = 128         # a $Global key (UTF-8)
    max_global_value_bytes: int = 256 * 1024  # a $Global value
    max_state_branches: int = 50            # branches of a Parallel state
    max_map_concurrency: int = 40           # MaxConcurrency of an inline Map (also its default)
    max_distributed_concurrency: int = 100  # MaxConcurrency of a distributed Map (child executions at once)
    max_map_items: int = 10000              # items of one distributed Map run
    max_function_nesting: int = 10          # built-in function calls inside one another
    max_task_timeout_seconds: int = 604800  # a Task's Timeout (0 = none)
    max_state_wait_seconds: int = 300       # a Wait's Seconds in a Standard flow
    max_express_wait_seconds: int = 20      # a Wait's Seconds in an Express flow
    max_express_seconds: int = 300          # an Express execution's duration
    max_retry_seconds: int = 86400          # Retry IntervalSeconds and MaxBackoffSeconds

    def __post_init__(self):
        if self.missing_path not in ("error", "null"):
            raise ValueError("missing_path must be 'error' or 'null'")
        if self.succeed_scope not in ("branch", "sequence"):
            raise ValueError("succeed_scope must be 'branch' or 'sequence'")
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name.startswith("max_") and value < 1:
                raise ValueError(f"{item.name} must be at least 1")


DEFAULTS = Limits()     # the service's documented limits; frozen, so every world and parser may share it
