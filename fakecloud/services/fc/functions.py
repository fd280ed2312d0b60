"""One fake function: its configuration (handler name, memory, timeout, virtual duration) and what answers an
invocation, a Python handler or a Script of scripted answers (a matching rule first, then the handler)."""
from __future__ import annotations

from typing import Any, Callable

from fakecloud.engine.integrations import takes_second_argument

from ..script import Return, Script
from .errors import invalid_argument, injected
from .names import FunctionKey
from .records import decode
from .runtime import FunctionResponse, Context, encode_body, function_error, run_handler, timed_out

DEFAULT_TIMEOUT = 60
DEFAULT_MEMORY = 512
MAX_TIMEOUT = 86400
UNSCRIPTED = "UnscriptedInvocation"


def _number(name: str, value: Any, low: float, high: float, integer: bool = False) -> Any:
    ok_type = isinstance(value, int) if integer else isinstance(value, (int, float))
    if not ok_type or isinstance(value, bool) or not low <= value <= high:
        kind = "an integer" if integer else "a number"
        raise invalid_argument(f"{name} must be {kind} between {low:g} and {high:g}, got {value!r}")
    return value


class Function:
    """A registered function. ``duration`` is the virtual time each run takes unless its answer says otherwise;
    a run longer than ``timeout`` ends in a timeout. ``decode`` hands the handler the decoded JSON event
    instead of the raw bytes."""

    def __init__(self, key: FunctionKey, handler: Callable | None = None, *, duration: float = 0,
                 timeout: int = DEFAULT_TIMEOUT, memory: int = DEFAULT_MEMORY, handler_name: str = "index.handler",
                 decode: bool = False):
        if handler is not None and not callable(handler):
            raise invalid_argument(f"a function's handler must be callable, got {type(handler).__name__}")
        self.key = key
        self.handler = handler
        self.with_context = handler is not None and takes_second_argument(handler)
        self.duration = _number("duration", duration, 0, MAX_TIMEOUT)
        self.timeout = _number("timeout", timeout, 1, MAX_TIMEOUT, integer=True)
        self.memory = _number("memorySize", memory, 64, 32768, integer=True)
        if not isinstance(handler_name, str) or not handler_name:
            raise invalid_argument(f"handler must be a non-empty string, got {handler_name!r}")
        self.handler_name = handler_name
        self.decode = bool(decode)
        self.script: Script | None = None

    @property
    def name(self) -> str:
        return str(self.key)

    def __repr__(self) -> str:
        handler = f"handler {getattr(self.handler, '__name__', 'callable')}" if self.handler is not None else \
            "no handler"
        rules = f", {len(self.script)} scripted rules" if self.script else ""
        return f"Function({self.name}, {handler}{rules})"

    def answer(self, payload: bytes, context: Context, attempt: int) -> tuple[FunctionResponse, tuple[str, ...]]:
        """Run once: a matching scripted rule answers, else the handler runs. Returns the answer (its duration
        set) and why the rules did not match, when a script exists."""
        misses: tuple[str, ...] = ()
        answer = None
        if self.script is not None and len(self.script):
            lookup = self.script.find(decode(payload), attempt)
            if lookup:
                answer = _scripted(lookup.outcome)
            else:
                misses = lookup.reasons
                if self.handler is None:
                    answer = function_error(UNSCRIPTED, f"no scripted answer for attempt {attempt} of {self.name}: "
                                                        f"{lookup.explain()}")
        if answer is None:
            if self.handler is None:
                answer = function_error(UNSCRIPTED, f"{self.name} has neither a handler nor scripted answers")
            else:
                event = decode(payload) if self.decode else payload
                answer = run_handler(self.handler, self.with_context, event, context)
        duration = self.duration if answer.duration is None else answer.duration
        if duration > self.timeout:
            return timed_out(self.timeout), misses
        return FunctionResponse(answer.body, answer.error_type, answer.error, float(duration)), misses


def _scripted(outcome) -> FunctionResponse:
    """A scripted rule's answer: Return(value) is the output; Throw("FC.<Code>") a system error; any other Throw a
    function error with that errorType and the cause as errorMessage."""
    if isinstance(outcome, Return):
        try:
            return FunctionResponse(encode_body(outcome.value), duration=outcome.duration)
        except (TypeError, ValueError) as exc:
            return function_error(type(exc).__name__, str(exc), duration=outcome.duration)
    if outcome.error.startswith("FC.") and len(outcome.error) > 3:
        return FunctionResponse(error=injected(outcome.error[3:], outcome.cause or None), duration=outcome.duration)
    return function_error(outcome.error, outcome.cause, duration=outcome.duration)
