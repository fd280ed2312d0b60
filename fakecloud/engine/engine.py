"""The Engine: flows by name, their executions, the task-callback API, and running everything on one clock.

    engine = Engine(seed=0)
    engine.register_integration(integration)             # a world registers its services' integrations
    engine.add_flow("order", yaml_text)
    execution = engine.run("order", {"id": 7})           # start, then run to the end skipping time
    execution.status, execution.output, execution.history.to_list()

The engine has no integrations of its own: `FakeCloud` gives it those of its services (Function Compute, MNS,
vision, subflows, ...). Every task attempt passes through `engine.interceptors` (mocks, recordings) on its way.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Callable

from .. import jsontext
from ..fdl import Flow, StateMachine, parse_flow
from .clock import DEFAULT_EPOCH, VirtualClock
from .dataflow import json_copy
from .errors import (ExecutionAlreadyExists, ExecutionNotExists, FlowAlreadyExists, FlowNotExists, InvalidArgument,
                     TaskAlreadyCompleted)
from .execution import STOPPED, Execution
from .ids import IdSource
from .interceptors import Interceptors
from ..fdl.limits import DEFAULTS, Limits
from .machine import MachineProgram
from .program import Program
from .scheduler import Scheduler
from .tokens import parse_token

_NAME = re.compile(r"^[A-Za-z0-9_-]{1,128}$")


@dataclass(frozen=True)
class ParentLink:
    """Who started a child execution: the parent execution, the task step's path inside it, the 0-based attempt,
    and the id of that attempt's TaskScheduled event in the parent's history."""
    execution: Any
    path: str
    attempt: int
    event_id: int


@dataclass(frozen=True)
class FlowEntry:
    name: str
    flow: Flow | StateMachine
    program: Program | MachineProgram
    id: str
    definition: str
    created_ms: int
    role_arn: str = ""             # CreateFlow's RoleArn ($Context.Execution.RoleArn)

    def __repr__(self) -> str:
        return f"FlowEntry({self.name}, {len(self.flow.steps)} top-level steps)"


def compile_program(definition: Flow | StateMachine, execution_mode: str | None = None) -> Program | MachineProgram:
    """The compiled form of a parsed definition, registered with `execution_mode` (CreateFlow's ExecutionMode)."""
    if isinstance(definition, Flow):
        return Program(definition, execution_mode)
    return MachineProgram(definition, execution_mode)


class Engine:
    def __init__(self, *, clock: VirtualClock | None = None, ids: IdSource | None = None,
                 limits: Limits | None = None, seed: int | str = 0, start: str | int = DEFAULT_EPOCH,
                 actions: tuple = ()):
        self.clock = clock if clock is not None else VirtualClock(start)
        self.ids = ids if ids is not None else IdSource(seed)
        self.limits = limits if limits is not None else DEFAULTS
        self.actions = actions                    # action specs the world's services add to definitions
        self.scheduler = Scheduler()
        self.clock.add_runner(self.scheduler.run)
        self.flows: dict[str, FlowEntry] = {}
        self.executions: dict[tuple[str, str], Execution] = {}
        self.integrations: list = []              # in the order they are asked whether they answer a target
        self.interceptors = Interceptors()
        self._answering: dict[Any, Any] = {}      # target -> the integration that answers it (or None)
        self._callbacks: dict[str, Any] = {}      # task token -> the TaskHandle of the attempt waiting on it
        self._invoking: list = []                 # the TaskRequests being invoked, innermost last

    def reset(self) -> None:
        """Forget every flow, execution, pending callback and scheduled fiber; keep integrations and
        interceptors. (The world resets the clock and the id source it shares with this engine.)"""
        self.scheduler.reset()
        self.flows.clear()
        self.executions.clear()
        self._callbacks.clear()
        self._invoking.clear()

    # -- flows -------------------------------------------------------------------------------------
    def add_flow(self, name: str, definition: Flow | StateMachine | str, *, replace: bool = False,
                 text: str | None = None, execution_mode: str | None = None, role_arn: str = "",
                 program: Program | MachineProgram | None = None) -> FlowEntry:
        """Register a flow under `name` from a parsed Flow or StateMachine, or from its text (FlowDefinitionError when
        invalid); `text` is the definition's text when `definition` is already parsed. `execution_mode`
        ("Standard" or "Express", CreateFlow's ExecutionMode) checks and runs a state machine in that mode.
        `program`: the definition already compiled (`compile_program(definition, execution_mode)`, which holds
        nothing of a world and never changes: worlds may share it)."""
        if not _NAME.match(name or ""):
            raise InvalidArgument(f"invalid flow name {name!r}")
        if name in self.flows and not replace:
            raise FlowAlreadyExists(f"flow {name} already exists")
        if isinstance(definition, str):
            text = definition
            flow = parse_flow(definition, f"{name}.yaml", limits=self.limits, actions=self.actions,
                              execution_mode=execution_mode)
        else:
            text, flow = text or "", definition
        if program is None:
            program = compile_program(flow, execution_mode)
        elif program.definition is not flow or program.mode != execution_mode:
            raise ValueError(f"the program given for flow {name} was compiled from another definition or mode")
        entry = FlowEntry(name, flow, program, self.ids.flow_id(), text, self.clock.now_ms, role_arn)
        self.flows[name] = entry
        return entry

    def update_flow(self, name: str, definition: Flow | StateMachine | str | None = None, *,
                    text: str | None = None, role_arn: str | None = None) -> FlowEntry:
        """A new version of flow `name` (same id and creation time). Running executions keep the version they
        started with; new ones use this one."""
        old = self.flows.get(name)
        if old is None:
            raise FlowNotExists(f"flow {name} does not exist")
        role_arn = old.role_arn if role_arn is None else role_arn
        if definition is None:
            entry = replace(old, role_arn=role_arn)
        else:
            mode = "Express" if getattr(old.program, "express", False) else None
            entry = replace(self.add_flow(name, definition, replace=True, text=text, execution_mode=mode,
                                          role_arn=role_arn), id=old.id, created_ms=old.created_ms)
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

    # -- integrations ----------------------------------------------------------------------------
    def register_integration(self, integration, *, first: bool = False) -> None:
        """Add an integration (see `integrations.Integration`): task targets it `answers` go to it, unless an
        integration registered earlier answers them too; with `first`, it is asked before every other."""
        if integration in self.integrations:
            self.integrations.remove(integration)
        if first:
            self.integrations.insert(0, integration)
        else:
            self.integrations.append(integration)
        self._answering.clear()

    def integration_for(self, target):
        """The first registered integration that answers `target`, or None."""
        try:
            return self._answering[target]
        except KeyError:
            found = next((i for i in self.integrations if i.answers(target)), None)
            self._answering[target] = found
            return found
        except TypeError:           # an unhashable target is asked every time
            return next((i for i in self.integrations if i.answers(target)), None)

    def invoke_task(self, request):
        """One task attempt through the interceptors to its integration. A child execution started meanwhile
        records this attempt as its parent."""
        self._invoking.append(request)
        try:
            return self.interceptors.call(request)
        finally:
            self._invoking.pop()

    # -- executions --------------------------------------------------------------------------------
    def start_execution(self, flow_name: str, input: Any = None, name: str | None = None,
                        callback_token: str | None = None, *, checked: bool = True) -> Execution:
        """StartExecution: a running execution of the same name is returned as is; a finished one is an error.
        `checked=False` takes a name the caller made (StartSyncExecution's `name:uuid`) without checking it."""
        entry = self.flows.get(flow_name)
        if entry is None:
            raise FlowNotExists(f"flow {flow_name} does not exist")
        data = self._input(input)
        if name is None:
            name = self.ids.execution_name()
        elif checked and (not isinstance(name, str) or not _NAME.match(name)):
            raise InvalidArgument(f"invalid execution name {name!r}: 1-128 letters, digits, '_' or '-'")
        existing = self.executions.get((flow_name, name))
        if existing is not None:
            if existing.is_terminal:
                raise ExecutionAlreadyExists(f"execution {name} of flow {flow_name} already exists")
            return existing
        invoking = self._invoking[-1] if self._invoking else None
        parent = None if invoking is None else ParentLink(invoking.execution, invoking.path, invoking.attempt,
                                                          invoking.event_id)
        execution = Execution(self, entry, name, data, callback_token, parent)
        self.executions[(flow_name, name)] = execution
        execution.start()
        return execution

    @staticmethod
    def _input(value: Any) -> dict:
        if value is None or value == "":
            return {}
        if isinstance(value, (str, bytes)):
            try:
                value = jsontext.loads(value)
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
                output = jsontext.loads(output)
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


__all__ = ("Engine", "FlowEntry", "ParentLink")
