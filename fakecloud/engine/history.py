"""Execution history in the service's shape (GetExecutionHistory): events with EventId, ScheduleEventId,
StepName, Type, Time (RFC 3339, UTC, ms) and EventDetail (a JSON string, rendered lazily on first read)."""
from __future__ import annotations

import json

from .clock import format_time

EXECUTION_STARTED = "ExecutionStarted"
EXECUTION_SUCCEEDED = "ExecutionSucceeded"
EXECUTION_FAILED = "ExecutionFailed"
EXECUTION_STOPPED = "ExecutionStopped"
EXECUTION_TIMED_OUT = "ExecutionTimedOut"
STEP_ENTERED = "StepEntered"
STEP_STARTED = "StepStarted"
STEP_SUCCEEDED = "StepSucceeded"
STEP_FAILED = "StepFailed"
STEP_EXITED = "StepExited"
BRANCH_ENTERED = "BranchEntered"
BRANCH_EXITED = "BranchExited"
ITERATION_ENTERED = "IterationEntered"
ITERATION_EXITED = "IterationExited"
TASK_SCHEDULED = "TaskScheduled"
TASK_STARTED = "TaskStarted"
TASK_SUBMITTED = "TaskSubmitted"
TASK_SUBMIT_FAILED = "TaskSubmitFailed"
TASK_SUCCEEDED = "TaskSucceeded"
TASK_FAILED = "TaskFailed"
TASK_TIMED_OUT = "TaskTimedOut"

EVENT_TYPES = (
    EXECUTION_STARTED, EXECUTION_SUCCEEDED, EXECUTION_FAILED, EXECUTION_STOPPED, EXECUTION_TIMED_OUT,
    STEP_ENTERED, STEP_STARTED, STEP_SUCCEEDED, STEP_FAILED, STEP_EXITED,
    BRANCH_ENTERED, BRANCH_EXITED, ITERATION_ENTERED, ITERATION_EXITED,
    TASK_SCHEDULED, TASK_STARTED, TASK_SUBMITTED, TASK_SUBMIT_FAILED, TASK_SUCCEEDED, TASK_FAILED, TASK_TIMED_OUT)

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def to_json(value) -> str:
    """Compact JSON, keys in insertion order, non-ASCII kept as is."""
    return _encode(value)


class Event:
    """One history event. `detail` holds references to the (never mutated) data it describes."""
    __slots__ = ("event_id", "schedule_event_id", "step_name", "type", "time_ms", "detail", "_json")

    def __init__(self, event_id: int, schedule_event_id: int, step_name: str, type: str, time_ms: int,
                 detail: dict):
        self.event_id = event_id
        self.schedule_event_id = schedule_event_id
        self.step_name = step_name
        self.type = type
        self.time_ms = time_ms
        self.detail = detail
        self._json = None

    @property
    def time(self) -> str:
        return format_time(self.time_ms)

    @property
    def event_detail(self) -> str:
        if self._json is None:
            self._json = _encode(self.detail)
        return self._json

    def to_dict(self) -> dict:
        return {"EventId": self.event_id, "ScheduleEventId": self.schedule_event_id, "StepName": self.step_name,
                "Type": self.type, "Time": self.time, "EventDetail": self.event_detail}

    def __repr__(self) -> str:
        return (f"Event({self.event_id}, {self.type}, step={self.step_name!r}, sched={self.schedule_event_id}, "
                f"{self.event_detail})")


class History:
    """The events of one execution, in EventId order (EventId = position + 1)."""
    __slots__ = ("events",)

    def __init__(self):
        self.events: list[Event] = []

    def __len__(self) -> int:
        return len(self.events)

    def __iter__(self):
        return iter(self.events)

    def __getitem__(self, index):
        return self.events[index]

    def types(self) -> list[str]:
        return [e.type for e in self.events]

    def to_list(self) -> list[dict]:
        return [e.to_dict() for e in self.events]

    def page(self, limit: int = 60, next_token: str | None = None) -> dict:
        """One page as GetExecutionHistory returns it; NextToken is the next EventId, as a decimal string."""
        start = int(next_token) - 1 if next_token else 0
        chunk = self.events[start:start + limit]
        page = {"Events": [e.to_dict() for e in chunk]}
        if start + limit < len(self.events):
            page["NextToken"] = str(start + limit + 1)
        return page
