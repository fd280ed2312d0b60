"""The data a state machine's expressions read while a state runs: `$Input`, `$Output`, `$Global`, `$Item` and the
`$Context` object (`Execution.{Name, Input, RoleArn}`, `Current.{Name, Input, Output, Error, RetryCount,
TaskToken}`), the `$Global` store of a scope chain, and evaluation that turns an expression's failure into the
state's error."""
from __future__ import annotations

import random

from ..fdl.statemachine.expressions import EvaluationError
from .errors import DATA_SIZE_EXCEEDED, RUNTIME_ERROR, StepError, Terminated
from .dataflow import json_size
from .execution import FAILED


CONTEXT = "Context"


class MachineData:
    """What the scopes of one state machine run share: `$Global` (replaced, never mutated, on every write) and
    the random source of `uuid()` and `randomInt()`. A distributed Map's iterations get a `$Global` of their own."""
    __slots__ = ("globals", "rng")

    def __init__(self, rng: random.Random, globals_: dict | None = None):
        self.rng = rng
        self.globals = {} if globals_ is None else globals_

    def fresh(self) -> "MachineData":
        return MachineData(self.rng)


class Current:
    """The state being run, as `$Context.Current` shows it. `entered` is its StateEntered EventId, `started` its
    StateStarted EventId (0 until recorded)."""
    __slots__ = ("name", "input", "entered", "started", "retries", "token", "error")

    def __init__(self, name: str, inp, entered: int):
        self.name, self.input, self.entered = name, inp, entered
        self.started = 0
        self.retries = 0
        self.token = None
        self.error = None


_NOTHING = object()       # no value given: a state without `$Output` or `$Item`


def context(scope, current: Current, output=_NOTHING) -> dict:
    execution = scope.execution
    cur = {"Name": current.name, "Input": current.input, "RetryCount": current.retries}
    if output is not _NOTHING:
        cur["Output"] = output
    if current.error is not None:
        cur["Error"] = {"Code": current.error.error, "Detail": current.error.cause}
    if current.token is not None:
        cur["TaskToken"] = current.token
    return {"Execution": {"Name": execution.name, "Input": execution.input, "RoleArn": execution.flow_entry.role_arn},
            "Current": cur}


def uses(compiled, name: str) -> bool:
    """Whether a compiled constructor or expression (or None) reads the variable `name`."""
    if compiled is None:
        return False
    exprs = compiled.expressions() if hasattr(compiled, "expressions") else (compiled,)
    return any(name in e.variables for e in exprs)


def evaluate(compiled, scope, current: Current, what: str, with_context: bool, output=_NOTHING,
             item=_NOTHING):
    """The value of a compiled constructor or expression for the running state; a failure is the state's
    FnF.RuntimeError naming the state and the field."""
    variables = {"Input": current.input, "Global": scope.data.globals}
    if with_context:
        variables["Context"] = context(scope, current, output)
    if output is not _NOTHING:
        variables["Output"] = output
    if item is not _NOTHING:
        variables["Item"] = item
    try:
        return compiled.evaluate(variables, scope.data.rng)
    except (EvaluationError, RecursionError) as exc:
        raise _failure(current.name, what, exc) from None


def pass_output(compiled, scope, name: str, inp):
    """What `evaluate` gives for the OutputConstructor of a Pass named `name` that reads no $Context (its $Input
    and $Output are both its input), without a Current."""
    try:
        return compiled.evaluate({"Input": inp, "Global": scope.data.globals, "Output": inp}, scope.data.rng)
    except (EvaluationError, RecursionError) as exc:
        raise _failure(name, "OutputConstructor", exc) from None


def _failure(name: str, what: str, exc: Exception) -> StepError:
    if isinstance(exc, RecursionError):
        return StepError(RUNTIME_ERROR, f"state '{name}': {what}: the value is nested too deeply")
    return StepError(RUNTIME_ERROR, f"state '{name}': {what}: {exc.message}")


def merge_globals(scope, current: Current, values: dict) -> None:
    """`$Global = Merge($Global, values)`: a shallow merge, later keys win. A value over the documented size
    fails the execution."""
    execution = scope.execution
    limit = execution.engine.limits.max_global_value_bytes
    for key, value in values.items():
        size = json_size(value)
        if size > limit:
            fail_execution(execution, f"state '{current.name}': GlobalConstructor '{key}' takes {size} bytes; a "
                                      f"$Global value is limited to {limit} bytes", current.entered)
    scope.data.globals = {**scope.data.globals, **values}


def check_state_data(scope, current: Current, value, what: str) -> None:
    """A state's input or output over the 64 KiB limit fails the execution (FnF.DataSizeExceeded)."""
    execution = scope.execution
    size = execution.meter.size(value)
    limit = execution.engine.limits.max_state_data_bytes
    if size > limit:
        fail_execution(execution, f"state '{current.name}': its {what} takes {size} bytes; the limit is {limit}",
                       current.entered)


def fail_execution(execution, cause: str, entered: int | None = None) -> None:
    """End the execution with FnF.DataSizeExceeded in the state entered at event `entered` (kept as
    `failed_step_event`: the history records no end for that state)."""
    execution.failed_step_event = entered
    execution.finish(FAILED, DATA_SIZE_EXCEEDED, cause)
    raise Terminated()
