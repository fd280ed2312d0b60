"""How a task attempt ends, in one vocabulary used from the user's mocks to the engine's handles: `Return` (a
value), `Throw` (an error by name and its cause), or `Pending` (the outcome arrives later through the attempt's
handle). `duration` is the virtual time the answer takes to arrive (None: at once). Python code that fakes a
service may also raise `TaskFailure(error, cause)`, the exception form of a `Throw`."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Union


def short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."


@dataclass(frozen=True)
class Return:
    """Answer with ``value`` (a JSON object, or its text; None is ``{}``)."""
    value: Any = None
    duration: float | None = None

    def describe(self) -> str:
        return f"return {short(self.value)}"


@dataclass(frozen=True)
class Throw:
    """Fail with ``error`` (the name retry and catch match, e.g. ``FC.ResourceThrottled``) and ``cause``."""
    error: str
    cause: str = ""
    duration: float | None = None

    def describe(self) -> str:
        return f"throw {self.error}" + (f" ({short(self.cause)})" if self.cause else "")


Outcome = Union[Return, Throw]


@dataclass(frozen=True)
class Pending:
    """The outcome arrives later through the request's handle (or a callback). `cancel` is called if the task
    stops waiting first (timeout, stop, a failing sibling). Immutable: `PENDING` is shared."""
    cancel: Callable[[], None] | None = None


PENDING = Pending()


class TaskFailure(Exception):
    """Raise from a fake (or any integration code) to fail the task with exactly this error and cause."""

    def __init__(self, error: str, cause: str = ""):
        super().__init__(f"{error}: {cause}" if cause else error)
        self.error, self.cause = error, cause

    def as_throw(self) -> Throw:
        return Throw(self.error, self.cause)


def wait_of(outcome: Outcome) -> float:
    """The virtual seconds before an answer arrives."""
    return outcome.duration or 0
