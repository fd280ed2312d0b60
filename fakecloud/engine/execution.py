"""One execution of a flow: its record as DescribeExecution shows it (name, status, input, output, error, cause,
times, history) and its running state (root fiber, flow timeout, event emission under the limits)."""
from __future__ import annotations

from typing import Callable

from . import history as h
from .clock import format_time
from .dataflow import SizeMeter, json_size
from .errors import (DATA_SIZE_EXCEEDED, EVENTS_LIMIT_EXCEEDED, EXECUTION_TIMEOUT, INTERNAL_ERROR, StepError,
                     Terminated)
from .history import STEP_ENTERED, STEP_EXITED, STEP_STARTED, STEP_SUCCEEDED, WIDTH, History, to_json
from .scheduler import Fiber
from .steps import Scope
from .tokens import make_token

STARTING, RUNNING, SUCCEEDED, FAILED, STOPPED, TIMED_OUT = (
    "Starting", "Running", "Succeeded", "Failed", "Stopped", "TimedOut")
TERMINAL = frozenset({SUCCEEDED, FAILED, STOPPED, TIMED_OUT})


class Execution:
    def __init__(self, engine, flow_entry, name: str, input: dict, parent_token: str | None = None,
                 parent=None):
        self.engine = engine
        self.flow_entry = flow_entry
        self.program = flow_entry.program
        self.name = name
        self.flow_name = flow_entry.name
        self.status = STARTING
        self.input = input
        self.output = None
        self.error = None
        self.cause = None
        self.started_ms = engine.clock.now_ms
        self.stopped_ms = None
        self.history = history = History()
        self._flat = history.flat
        self.parent_token = parent_token          # CallbackFnFTaskToken: reported when this execution ends
        self.parent = parent                      # ParentLink: the task attempt that started it, if any
        self.closed = False
        self.failed_step_event: int | None = None     # StepEntered of the step the execution failed in, if one
        self.lenient = engine.limits.missing_path == "null"
        self._limit = (engine.limits.max_events - 1) * WIDTH     # room is kept for the terminal event
        self._limit_pair, self._limit_triple = self._limit - WIDTH, self._limit - 2 * WIDTH   # (flat slots)
        self._limit_step = self._limit - 5 * WIDTH      # emit_step: up to six events
        self.max_step_bytes, self._max_event_bytes = self.program.data_bytes(engine.limits)
        self.meter = SizeMeter()
        self._clock = engine.clock
        self._on_end: list[Callable[["Execution"], None]] = []
        self._scope = Scope(self, None, 0, None)
        self._timeout = None
        self.root = None

    # -- record ------------------------------------------------------------------------------------
    @property
    def flow(self):
        return self.flow_entry.flow

    @property
    def is_terminal(self) -> bool:
        return self.status in TERMINAL

    @property
    def started_time(self) -> str:
        return format_time(self.started_ms)

    @property
    def stopped_time(self) -> str | None:
        return None if self.stopped_ms is None else format_time(self.stopped_ms)

    def describe(self) -> dict:
        """The execution as DescribeExecution returns it (Input/Output as JSON strings)."""
        out = {"Name": self.name, "FlowName": self.flow_name, "FlowDefinition": self.flow_entry.definition,
               "Input": to_json(self.input), "Output": "" if self.output is None else to_json(self.output),
               "Status": self.status, "StartedTime": self.started_time}
        if self.stopped_ms is not None:
            out["StoppedTime"] = self.stopped_time
        if self.error is not None:
            out["ErrorCode"] = self.error
            out["ErrorMessage"] = self.cause
        return out

    def on_end(self, callback: Callable[["Execution"], None]) -> None:
        """Call `callback(execution)` when this execution reaches a terminal status (at once if it has)."""
        if self.is_terminal:
            callback(self)
        else:
            self._on_end.append(callback)

    def report_to(self, handle) -> None:
        """Complete `handle` (a task waiting on this ended execution) with its output, or its error and cause."""
        if self.status == SUCCEEDED:
            handle.succeed(self.output)
        else:
            handle.fail(self.error, self.cause)

    def __repr__(self) -> str:
        return f"Execution({self.flow_name}/{self.name}, {self.status})"

    # -- running -----------------------------------------------------------------------------------
    def start(self) -> None:
        engine = self.engine
        self._append(h.EXECUTION_STARTED, self.input)
        self.root = self.new_fiber(self._body(), self._root_exit)
        self._scope.fiber = self.root
        self.root.start()
        limit = self.program.max_seconds(engine.limits)
        timeout = self.program.timeout_seconds
        seconds = limit if timeout is None else min(timeout, limit)
        self._timeout = engine.clock.call_later(seconds, lambda: self._timed_out(seconds), auto=False)

    def new_fiber(self, gen, on_exit) -> Fiber:
        return Fiber(self.engine.scheduler, gen, on_exit, self._crash)

    def _body(self):
        self.status = RUNNING
        self._check_started()
        return (yield from self.program.body(self, self._scope))

    def _root_exit(self, output, error: StepError | None) -> None:
        if error is None:
            self.finish(SUCCEEDED, output=output)
        else:
            self.finish(FAILED, error.error, error.cause)

    def _crash(self, exc: BaseException) -> None:
        self.finish(FAILED, INTERNAL_ERROR, f"{type(exc).__name__}: {exc}")

    def _timed_out(self, seconds: float) -> None:
        self.finish(TIMED_OUT, EXECUTION_TIMEOUT, f"execution did not finish within {seconds:g} seconds")

    def finish(self, status: str, error: str | None = None, cause: str | None = None, output=None) -> None:
        """End the execution: record the terminal event, cancel whatever is still running, notify watchers."""
        if self.closed:
            return
        self.closed = True
        self._limit = self._limit_pair = self._limit_triple = self._limit_step = -1
        self.status = status
        self.stopped_ms = self.engine.clock.now_ms
        if status == SUCCEEDED:
            self.output = output
            self._append(h.EXECUTION_SUCCEEDED, output)
        else:
            self.error, self.cause = error or "", cause or ""
            kind = {FAILED: h.EXECUTION_FAILED, STOPPED: h.EXECUTION_STOPPED, TIMED_OUT: h.EXECUTION_TIMED_OUT}
            self._append(kind[status], {"error": self.error, "cause": self.cause})
        if self._timeout is not None:
            self._timeout.cancel()
            self._timeout = None
        self.meter.clear()
        if self.root is not None:
            self.root.cancel("execution ended")
        callbacks, self._on_end = self._on_end, []
        for callback in callbacks:
            callback(self)
        if self.parent_token is not None:
            self.engine._report_parent(self)

    def _append(self, type_: str, payload) -> int:
        eid = self.history.append(self._scope.last, "", type_, self.engine.clock.now_ms, payload)
        self._scope.last = eid
        return eid

    def emit(self, scope: Scope, type_: str, step_name: str, payload) -> int:
        """Append an event (payload as history.detail_of reads it); fails the execution at the events limit."""
        flat = self._flat
        if len(flat) >= self._limit:
            if not self.closed:
                self.finish(FAILED, EVENTS_LIMIT_EXCEEDED,
                            f"the execution reached the limit of {self.engine.limits.max_events} history events")
            raise Terminated()
        flat += (scope.last, step_name, type_, self._clock.now_ms, payload)
        scope.last = eid = len(flat) // WIDTH
        return eid

    def emit_pair(self, scope: Scope, step_name: str, first_type: str, first, second_type: str, second) -> int:
        """Two events of one step in a row, as two `emit`s would record them (the second scheduled by the first,
        the limit checked before each); returns the first's EventId."""
        flat = self._flat
        if len(flat) >= self._limit_pair:
            eid = self.emit(scope, first_type, step_name, first)
            self.emit(scope, second_type, step_name, second)
            return eid
        now = self._clock.now_ms
        eid = len(flat) // WIDTH + 1
        flat += (scope.last, step_name, first_type, now, first, eid, step_name, second_type, now, second)
        scope.last = eid + 1
        return eid

    def emit_triple(self, scope: Scope, first_name: str, first_type: str, first, second_name: str,
                    second_type: str, second, third_name: str, third_type: str, third) -> int:
        """Three events in a row, as three `emit`s would record them (each scheduled by the one before, the limit
        checked before each); returns the second's EventId."""
        flat = self._flat
        if len(flat) >= self._limit_triple:
            self.emit(scope, first_type, first_name, first)
            eid = self.emit(scope, second_type, second_name, second)
            self.emit(scope, third_type, third_name, third)
            return eid
        now = self._clock.now_ms
        eid = len(flat) // WIDTH + 2
        flat += (scope.last, first_name, first_type, now, first, eid - 1, second_name, second_type, now, second,
                 eid, third_name, third_type, now, third)
        scope.last = eid + 1
        return eid

    def emit_step(self, scope: Scope, lead: tuple | None, step_name: str, entered, inp, output, local,
                  trail: tuple | None) -> None:
        """A step's StepEntered (`entered`: its input and the local before it), StepStarted, StepSucceeded and
        StepExited in a row; before them the entered event of the branch or iteration `lead` (an edge: parent
        name, entered type, exited type) names, with `entered[0]`, and after them the exited event of `trail`'s,
        with `local`: as separate `emit`s would record them (each scheduled by the one before, the limit checked
        before each)."""
        flat = self._flat
        if len(flat) >= self._limit_step:
            if lead is not None:
                self.emit(scope, lead[1], lead[0], entered[0])
            self.emit(scope, STEP_ENTERED, step_name, entered)
            self.emit(scope, STEP_STARTED, step_name, inp)
            self.emit(scope, STEP_SUCCEEDED, step_name, output)
            self.emit(scope, STEP_EXITED, step_name, local)
            if trail is not None:
                self.emit(scope, trail[2], trail[0], local)
            return
        now = self._clock.now_ms
        eid = len(flat) // WIDTH + 1
        last = scope.last
        if lead is not None:
            flat += (last, lead[0], lead[1], now, entered[0])
            last, eid = eid, eid + 1
        flat += (last, step_name, STEP_ENTERED, now, entered, eid, step_name, STEP_STARTED, now, inp,
                 eid + 1, step_name, STEP_SUCCEEDED, now, output, eid + 2, step_name, STEP_EXITED, now, local)
        if trail is not None:
            flat += (eid + 3, trail[0], trail[2], now, local)
            eid += 1
        scope.last = eid + 3

    def check_size(self, step_name: str, inp, output, local, entered: int | None = None) -> None:
        """End the execution with FnF.DataSizeExceeded when a step's data is too large; `entered` (the step's
        StepEntered event id) is kept as `failed_step_event`: the history records no end for that step."""
        size = self.meter.step_size(inp, output, local)
        if size > self.max_step_bytes:
            self._too_large(step_name, size, entered)

    def measure_step(self, step_name: str, inp, output, local, entered: int) -> int:
        """A step whose size bound crossed the limit, measured exactly: fails the execution as check_size does
        when it is over, else returns its output's exact size."""
        output_size = json_size(output)
        size = json_size(inp) + output_size + json_size(local)
        if size > self.max_step_bytes:
            self._too_large(step_name, size, entered)
        return output_size

    def _too_large(self, step_name: str, size: int, entered: int | None) -> None:
        self.failed_step_event = entered
        self.finish(FAILED, DATA_SIZE_EXCEEDED,
                    f"step '{step_name}': input, output and local take {size} bytes; the limit is "
                    f"{self.max_step_bytes}")
        raise Terminated()

    def _check_started(self) -> None:
        """The ExecutionStarted event carries the whole input, whatever the flow's inputMappings keep of it: an
        input over the event data limit fails the execution before any step runs."""
        size = self.meter.size(self.input) + len('{"input":}')
        if size > self._max_event_bytes:
            self.finish(FAILED, DATA_SIZE_EXCEEDED,
                        f"the execution input takes {size} bytes in its ExecutionStarted event; an event's data is "
                        f"limited to {self._max_event_bytes} bytes")
            raise Terminated()

    # -- context object ----------------------------------------------------------------------------
    def token_for(self, entered: int) -> str:
        return make_token(self.engine.ids.token_key, self.flow_name, self.name, entered)

    def flow_context(self) -> dict:
        return {"flow": {"id": self.flow_entry.id, "name": self.flow_name}, "execution": {"name": self.name}}

    def context(self, scope: Scope, plan, entered: int) -> dict:
        step = {"name": plan.name, "eventId": entered}
        if scope.iteration is not None:
            step["iterationIndex"] = scope.iteration
        ctx = self.flow_context()
        ctx["step"] = step
        if plan.callback:
            ctx["task"] = {"token": self.token_for(entered)}
        return ctx
