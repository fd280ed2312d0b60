"""Execution history in the service's shape (GetExecutionHistory): events with EventId, ScheduleEventId,
StepName, Type, Time (RFC 3339, UTC, ms) and EventDetail (a JSON string, rendered lazily on first read; a run of
events read together, as a page or the whole history, is rendered in one pass that encodes shared data once)."""
from __future__ import annotations

from collections.abc import Iterator
from types import MappingProxyType

from .clock import format_time
from .rendering import Rendering, to_json

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
STATE_ENTERED = "StateEntered"
STATE_STARTED = "StateStarted"
STATE_SUCCEEDED = "StateSucceeded"
STATE_FAILED = "StateFailed"
STATE_TIMED_OUT = "StateTimedOut"
STATE_ABORTED = "StateAborted"
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
    TASK_SCHEDULED, TASK_STARTED, TASK_SUBMITTED, TASK_SUBMIT_FAILED, TASK_SUCCEEDED, TASK_FAILED, TASK_TIMED_OUT,
    STATE_ENTERED, STATE_STARTED, STATE_SUCCEEDED, STATE_FAILED, STATE_TIMED_OUT, STATE_ABORTED)

# Most events carry one value under a fixed key, StepEntered two; these are stored bare (no wrapper object),
# the rest as a ready-made detail dict. Keys are restored when an event is read.
SINGLE_KEY = MappingProxyType({
    EXECUTION_STARTED: "input", EXECUTION_SUCCEEDED: "output", STEP_STARTED: "input", STEP_SUCCEEDED: "output",
    STEP_EXITED: "local", BRANCH_ENTERED: "input", BRANCH_EXITED: "local", ITERATION_ENTERED: "input",
    ITERATION_EXITED: "local", TASK_SUCCEEDED: "output",
    STATE_ENTERED: "input", STATE_STARTED: "input", STATE_SUCCEEDED: "output"})
PAIR_KEYS = MappingProxyType({STEP_ENTERED: ("input", "local")})
# How the rendered detail of such an event starts (and, for a pair, goes on after the first value).
_OPEN = MappingProxyType({type_: f'{{"{key}":' for type_, key in SINGLE_KEY.items()})
_PAIR_OPEN = MappingProxyType({type_: (f'{{"{a}":', f',"{b}":') for type_, (a, b) in PAIR_KEYS.items()})


def detail_of(type_: str, payload) -> dict:
    key = SINGLE_KEY.get(type_)
    if key is not None:
        return {key: payload}
    keys = PAIR_KEYS.get(type_)
    if keys is not None:
        return {keys[0]: payload[0], keys[1]: payload[1]}
    return payload


class Event:
    """One history event, read from a History. `detail` holds references to the (never mutated) data."""
    __slots__ = ("event_id", "schedule_event_id", "step_name", "type", "time_ms", "detail", "_json")

    def __init__(self, event_id: int, schedule_event_id: int, step_name: str, type: str, time_ms: int,
                 detail: dict, json: str | None = None):
        self.event_id = event_id
        self.schedule_event_id = schedule_event_id
        self.step_name = step_name
        self.type = type
        self.time_ms = time_ms
        self.detail = detail
        self._json = json

    @property
    def time(self) -> str:
        return format_time(self.time_ms)

    @property
    def event_detail(self) -> str:
        if self._json is None:
            self._json = to_json(self.detail)
        return self._json

    def to_dict(self) -> dict:
        return {"EventId": self.event_id, "ScheduleEventId": self.schedule_event_id, "StepName": self.step_name,
                "Type": self.type, "Time": self.time, "EventDetail": self.event_detail}

    def __repr__(self) -> str:
        return (f"Event({self.event_id}, {self.type}, step={self.step_name!r}, sched={self.schedule_event_id}, "
                f"{self.event_detail})")


WIDTH = 5   # slots per event in History.flat: ScheduleEventId, StepName, Type, time in ms, payload


class History:
    """The events of one execution, in EventId order (EventId = position + 1). Stored in one flat list, `WIDTH`
    slots per event, so that recording an event allocates nothing that stays; Event objects are made when events
    are read."""
    __slots__ = ("flat",)

    def __init__(self):
        self.flat: list = []

    def append(self, sched: int, name: str, type_: str, time_ms: int, payload) -> int:
        flat = self.flat
        flat += (sched, name, type_, time_ms, payload)
        return len(flat) // WIDTH

    def __len__(self) -> int:
        return len(self.flat) // WIDTH

    # The columns, each a new list.
    scheds = property(lambda self: self.flat[0::WIDTH])
    names = property(lambda self: self.flat[1::WIDTH])
    types = property(lambda self: self.flat[2::WIDTH])
    times = property(lambda self: self.flat[3::WIDTH])
    payloads = property(lambda self: self.flat[4::WIDTH])

    def event(self, index: int, json: str | None = None) -> Event:
        """The event at `index`; `json` is its EventDetail when already rendered."""
        base = index * WIDTH
        sched, name, type_, time_ms, payload = self.flat[base:base + WIDTH]
        return Event(index + 1, sched, name, type_, time_ms, detail_of(type_, payload), json)

    def __iter__(self):
        return (self.event(i) for i in range(len(self)))

    def __getitem__(self, index):
        count = len(self)
        if isinstance(index, slice):
            return [self.event(i) for i in range(*index.indices(count))]
        if index < 0:
            index += count
        if not 0 <= index < count:
            raise IndexError("event index out of range")
        return self.event(index)

    def types_list(self) -> list[str]:
        return self.types

    def rendered(self, start: int = 0, end: int | None = None) -> Iterator[Event]:
        """The events from index `start` to `end` (default: the last), their EventDetail rendered in one pass."""
        end = len(self) if end is None else end
        return map(self.event, range(start, end), self.details(start, end))

    def details(self, start: int, end: int) -> Iterator[str]:
        """The EventDetail texts of the events from index `start` to `end`, as Event.event_detail gives them,
        each object they share encoded once (their data is walked before the first text is made)."""
        flat = self.flat
        first, stop = start * WIDTH, end * WIDTH
        types, payloads = flat[first + 2:stop:WIDTH], flat[first + 4:stop:WIDTH]
        text = Rendering(payloads).text
        for type_, payload in zip(types, payloads):
            open_ = _OPEN.get(type_)
            if open_ is not None:
                yield f"{open_}{text(payload)}}}"
            elif type_ in _PAIR_OPEN:
                first, second = _PAIR_OPEN[type_]
                yield f"{first}{text(payload[0])}{second}{text(payload[1])}}}"
            else:
                yield text(payload)

    def to_list(self) -> list[dict]:
        return [e.to_dict() for e in self.rendered()]

    def page(self, limit: int = 60, next_token: str | None = None) -> dict:
        """One page as GetExecutionHistory returns it; NextToken is the next EventId, as a decimal string."""
        start = int(next_token) - 1 if next_token else 0
        count = len(self)
        end = min(start + limit, count)
        page = {"Events": [e.to_dict() for e in self.rendered(start, end)]}
        if end < count:
            page["NextToken"] = str(end + 1)
        return page
