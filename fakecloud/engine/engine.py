"""The Engine: flows by name, their executions, the task-callback API, and running everything on one clock.

    engine = Engine(seed=0)
    engine.add_flow("order", yaml_text)
    engine.functions.register("shop/charge", lambda event: {"paid": True})
    execution = engine.run("order", {"id": 7})           # start, then run to the end skipping time
    execution.status, execution.output, execution.history.to_list()
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from typing import Any, Callable

from ..fdl import Flow, StateMachine, parse_flow
from .clock import DEFAULT_EPOCH, VirtualClock
from .dataflow import json_copy
from .errors import (ExecutionAlreadyExists, ExecutionNotExists, FlowAlreadyExists, FlowNotExists, InvalidArgument,
                     TaskAlreadyCompleted)
from .execution import STOPPED, Execution
from .ids import IdSource
from .integrations import Functions
from ..fdl.limits import Limits
from .program import Program
from .scheduler import Scheduler
from .subflows import Subflows
from .tokens import parse_token

_NAME = re.compile(r"^[A-Za-z0-9_-]{1,128}$")


@dataclass(frozen=True)
class FlowEntry:
    name: str
    flow: Flow | StateMachine
    program: Program | None        # None for a state machine: the engine cannot run those yet
    id: str
    definition: str
    created_ms: int


class Engine:
    def __init__(self, *, clock: VirtualClock | None = None, ids: IdSource | None = None,
                 limits: Limits | None = None, seed: int | str = 0, start: str | int = DEFAULT_EPOCH):
        self.clock = clock if clock is not None else VirtualClock(start)
        self.ids = ids if ids is not None else IdSource(seed)
        self.limits = limits if limits is not None else Limits()
        self.scheduler = Scheduler()
        self.clock.add_runner(self.scheduler.run)
        self.flows: dict[str, FlowEntry] = {}
        self.executions: dict[tuple[str, str], Execution] = {}
        self.functions = Functions(self)
        self.integrations: dict[str, Any] = {"fc": self.functions, "subflow": Subflows(self)}
        self._callbacks: dict[str, Any] = {}      # task token -> the TaskHandle of the attempt waiting on it

    # -- flows -------------------------------------------------------------------------------------
    def add_flow(self, name: str, definition: Flow | StateMachine | str, *, replace: bool = False,
                 text: str | None = None) -> FlowEntry:
        """Register a flow under `name` from a parsed Flow or StateMachine, or from its text (FlowDefinitionError when
        invalid); `text` is the definition's text when `definition` is already parsed."""
        if not _NAME.match(name or ""):
            raise InvalidArgument(f"invalid flow name {name!r}")
        if name in self.flows and not replace:
            raise FlowAlreadyExists(f"flow {name} already exists")
        if isinstance(definition, str):
            text, flow = definition, parse_flow(definition, f"{name}.yaml", limits=self.limits)
        else:
            text, flow = text or "", definition
        program = Program(flow) if isinstance(flow, Flow) else None
        entry = FlowEntry(name, flow, program, self.ids.flow_id(), text, self.clock.now_ms)
        self.flows[name] = entry
        return entry

    def update_flow(self, name: str, definition: Flow | StateMachine | str | None = None, *,
                    text: str | None = None) -> FlowEntry:
        """A new version of flow `name` (same id and creation time). Running executions keep the version they
        started with; new ones use this one."""
        old = self.flows.get(name)
        if old is None:
            raise FlowNotExists(f"flow {name} does not exist")
        if definition is None:
            entry = replace(old)
        else:
            entry = replace(self.add_flow(name, definition, replace=True, text=text), id=old.id,
                            created_ms=old.created_ms)
        self.flows[name] = entry
        return entry

    def delete_flow(self, name: str) -> FlowEntry:
        """Forget flow `name` and its executions (running ones run on, out of sight)."""
        entry = self.flows.pop(name, None)
        if entry is None:
            raise FlowNotExists(f"flow {name} does not exist")
        for key in [key for key in self.executions if key[0] == name]:
            del self.executions[key]
        return entry

    def register_integration(self, kind: str, integration) -> None:
        """Route task steps whose target kind is `kind` ("fc", "subflow", "mns-queue", "mns-topic", "action")."""
        self.integrations[kind] = integration

    # -- executions --------------------------------------------------------------------------------
    def start_execution(self, flow_name: str, input: Any = None, name: str | None = None,
                        callback_token: str | None = None) -> Execution:
        """StartExecution: a running execution of the same name is returned as is; a finished one is an error."""
        entry = self.flows.get(flow_name)
        if entry is None:
            raise FlowNotExists(f"flow {flow_name} does not exist")
        if entry.program is None:
            raise InvalidArgument(f"flow {flow_name} is a CloudFlow state machine (Type: StateMachine); running "
                                  f"state-machine flows is not supported yet")
        data = self._input(input)
        if name is None:
            name = self.ids.execution_name()
        elif not isinstance(name, str) or not _NAME.match(name):
            raise InvalidArgument(f"invalid execution name {name!r}: 1-128 letters, digits, '_' or '-'")
        existing = self.executions.get((flow_name, name))
        if existing is not None:
            if existing.is_terminal:
                raise ExecutionAlreadyExists(f"execution {name} of flow {flow_name} already exists")
            return existing
        execution = Execution(self, entry, name, data, callback_token)
        self.executions[(flow_name, name)] = execution
        execution.start()
        return execution

    @staticmethod
    def _input(value: Any) -> dict:
        if value is None or value == "":
            return {}
        if isinstance(value, (str, bytes)):
            try:
                value = json.loads(value)
            except ValueError as exc:
                raise InvalidArgument(f"Input is not valid JSON: {exc}") from None
        else:
            try:
                value = json_copy(value)
            except (TypeError, ValueError) as exc:
                raise InvalidArgument(f"Input is not JSON: {exc}") from None
        if not isinstance(value, dict):
            raise InvalidArgument("Input must be a JSON object")
        return value

    def describe_execution(self, flow_name: str, name: str) -> Execution:
        execution = self.executions.get((flow_name, name))
        if execution is None:
            if flow_name not in self.flows:
                raise FlowNotExists(f"flow {flow_name} does not exist")
            raise ExecutionNotExists(f"execution {name} of flow {flow_name} does not exist")
        return execution

    def list_executions(self, flow_name: str, status: str | None = None) -> list[Execution]:
        if flow_name not in self.flows:
            raise FlowNotExists(f"flow {flow_name} does not exist")
        return [e for (f, _), e in self.executions.items() if f == flow_name and (status is None or e.status == status)]

    def stop_execution(self, flow_name: str, name: str, error: str = "", cause: str = "") -> Execution:
        execution = self.describe_execution(flow_name, name)
        if not execution.is_terminal:
            execution.finish(STOPPED, error, cause)
        return execution

    # -- callbacks ---------------------------------------------------------------------------------
    def _handle(self, token: str):
        if parse_token(self.ids.token_key, token) is None:
            raise InvalidArgument("TaskToken is not a valid task token")
        handle = self._callbacks.get(token)
        if handle is None:
            raise InvalidArgument("TaskToken does not name a task waiting for a callback")
        if handle.done:
            raise TaskAlreadyCompleted(f"Task {token} has already completed")
        return handle

    def report_task_succeeded(self, token: str, output: Any) -> int | None:
        """ReportTaskSucceeded: `output` (a JSON object or its text) becomes the task's $local. Returns the EventId."""
        handle = self._handle(token)
        if isinstance(output, (str, bytes)):
            try:
                output = json.loads(output)
            except ValueError as exc:
                raise InvalidArgument(f"Output is not valid JSON: {exc}") from None
        if not isinstance(output, dict):
            raise InvalidArgument("Output must be a JSON object")
        return handle.succeed(output)

    def report_task_failed(self, token: str, error: str, cause: str = "") -> int | None:
        """ReportTaskFailed: the task fails with `error` and `cause` (retry and catch apply)."""
        if not isinstance(error, str) or not 1 <= len(error) <= 128:
            raise InvalidArgument("Error must be 1-128 characters")
        handle = self._handle(token)
        return handle.fail(error, cause or "")

    def _report_parent(self, child: Execution) -> None:
        """CallbackFnFTaskToken: report a finished child's outcome to the task that started it."""
        handle = self._callbacks.get(child.parent_token)
        if handle is not None and not handle.done:
            child.report_to(handle)

    # -- running -----------------------------------------------------------------------------------
    def call_soon(self, fn: Callable[[Any], None]) -> None:
        """Run `fn(None)` after what is already runnable (in order)."""
        self.scheduler.call_soon(fn, None)

    def run_until_idle(self, skip_time: bool = True) -> None:
        """Run everything runnable; with `skip_time`, jump the clock to the next engine-owned timer (waits,
        back-off, simulated work) while there is one. Deadlines that wait on the outside world (callback
        timeouts, flow timeouts) fire only when time passes them."""
        self.clock.run_ready()
        while skip_time and self.clock.skip_to_next(auto_only=True):
            pass

    def run_until_done(self, execution: Execution | None = None) -> None:
        """Run, skipping all time (outside-world deadlines included), until `execution` ends (or until no
        timer is left)."""
        clock = self.clock
        clock.run_ready()
        while execution is None or not execution.is_terminal:
            if not clock.skip_to_next(auto_only=True) and not clock.skip_to_next(auto_only=False):
                break

    def run(self, flow_name: str, input: Any = None, name: str | None = None) -> Execution:
        """Start an execution and run it to its end, skipping time."""
        execution = self.start_execution(flow_name, input, name)
        self.run_until_done(execution)
        return execution

    def advance(self, seconds: float) -> None:
        """Move the clock forward, firing every timer that falls due (and running what they wake)."""
        self.clock.advance(seconds)


__all__ = ["Engine", "FlowEntry"]
