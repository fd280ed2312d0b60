"""Callbacks a test or a scenario delivers to waitForCallback steps: one shape everywhere, `{step, after, output}`
or `{step, after, error, cause}`, in Python keyword arguments (`flow_runner.callback(step, after=...)`,
`run(callbacks=[{...}])`), scenario files and recordings; every entry is checked as it is given."""
from __future__ import annotations

from types import MappingProxyType

from dataclasses import dataclass
from typing import Any, Mapping

from fakecloud.services.fields import unknown

from .paths import PathPattern

FIELDS = ("step", "after", "output", "error", "cause")
RENAMED = MappingProxyType({"pattern": "step", "path": "step", "delay": "after", "result": "output"})


@dataclass
class Callback:
    """A callback delivered to the waitForCallback steps `pattern` selects, `after` seconds once each task is
    submitted: ReportTaskSucceeded with `output`, or ReportTaskFailed with `error` and `cause`."""
    pattern: PathPattern
    after: float = 0
    output: Any = None
    error: str | None = None
    cause: str = ""
    used: int = 0
    deliver: bool = True     # False: the test delivers it (a recorded callback replayed inside a Python test)

    @property
    def step(self) -> str:
        return self.pattern.text

    def as_data(self) -> dict:
        """The entry as a scenario file writes it."""
        entry: dict[str, Any] = {"step": self.step, "after": self.after}
        if self.error is not None:
            entry.update(error=self.error, cause=self.cause)
        else:
            entry["output"] = self.output
        return entry

    def __repr__(self) -> str:
        what = f"error {self.error}" if self.error is not None else f"output {self.output!r}"
        return f"Callback({self.step}, after {self.after:g}s, {what})"


def callback(step: Any, *, after: Any = 0, output: Any = None, error: Any = None, cause: Any = "",
             where: str = "callback", deliver: bool = True) -> Callback:
    """A checked Callback; ValueError naming `where` and the field for a wrong value."""
    try:
        pattern = PathPattern(step)
    except ValueError as exc:
        raise ValueError(f"{where}: 'step': {exc}") from None
    if not isinstance(after, (int, float)) or isinstance(after, bool) or not 0 <= after < 1e10:
        raise ValueError(f"{where}: 'after' must be a number of seconds >= 0, got {after!r}")
    if error is not None:
        if not isinstance(error, str) or not 1 <= len(error) <= 128:
            raise ValueError(f"{where}: 'error' must be an error name of 1 to 128 characters, got {error!r}")
        if output is not None:
            raise ValueError(f"{where}: give 'output' (ReportTaskSucceeded) or 'error' (ReportTaskFailed), not both")
    if not isinstance(cause, str):
        raise ValueError(f"{where}: 'cause' must be a string, got {type(cause).__name__}")
    if cause and error is None:
        raise ValueError(f"{where}: 'cause' goes with 'error' (a failed task)")
    if output is not None and not isinstance(output, (Mapping, str)):
        raise ValueError(f"{where}: 'output' must be a JSON object (the task's result), got {type(output).__name__}")
    return Callback(pattern, after, output, error, cause or "", deliver=deliver)


def from_data(data: Any, where: str, *, deliver: bool = True) -> Callback:
    """A Callback from a mapping as scenario files, recordings and `run(callbacks=[...])` write it."""
    if not isinstance(data, Mapping):
        raise ValueError(f"{where}: a callback is a mapping with 'step' and 'after', 'output' or 'error', "
                         f"got {type(data).__name__}")
    bad = next((k for k in data if k not in FIELDS), None)
    if bad is not None:
        raise ValueError(f"{where}: {unknown(bad, FIELDS, renamed=RENAMED)}")
    if "step" not in data:
        raise ValueError(f"{where}: 'step' is required (the waitForCallback step it answers)")
    return callback(data["step"], after=data.get("after", 0), output=data.get("output"), error=data.get("error"),
                    cause=data.get("cause", ""), where=where, deliver=deliver)


def from_list(data: Any, where: str, *, deliver: bool = True) -> list[Callback]:
    """Callbacks from a list of mappings (None is none)."""
    if data is None:
        return []
    if not isinstance(data, (list, tuple)):
        raise ValueError(f"{where}: expected a list of callbacks, got {type(data).__name__}")
    return [from_data(entry, f"{where}[{i}]", deliver=deliver) for i, entry in enumerate(data)]
