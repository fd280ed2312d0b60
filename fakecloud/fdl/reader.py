"""Typed, position-aware access to the fields of a parsed YAML document, reporting every problem.

The parser asks for "a string at steps[2].name"; the reader checks the kind of value, records a
diagnostic with the exact place when it is wrong, and hands back the value (or None).
"""
from __future__ import annotations

from types import MappingProxyType
from typing import Any, Iterable, Mapping

from .diagnostics import ERROR, WARNING, closest, did_you_mean, format_path
from .model import Loc
from .source import Ref, Source

_KIND_NAMES = MappingProxyType({str: "a string", bool: "true or false", int: "an integer", float: "a number",
               list: "a list", dict: "a mapping"})


def describe(value: Any) -> str:
    """A short description of a YAML value's kind, for messages ('a list', 'the string \"x\"')."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, Ref):
        return f"'!Ref {value.value}'"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


class Reader:
    def __init__(self, source: Source):
        self.source = source
        self.diagnostics = source.diagnostics

    # -- reporting ---------------------------------------------------------------------------
    def error(self, code: str, path: tuple, message: str, key: bool = False, at=None) -> None:
        self.diagnostics.append(self.source.diag(ERROR, code, path, message, key, at))

    def warn(self, code: str, path: tuple, message: str, key: bool = False, at=None) -> None:
        self.diagnostics.append(self.source.diag(WARNING, code, path, message, key, at))

    def loc(self, path: tuple) -> Loc:
        line, col = self.source.where(path)
        return Loc(line, col, format_path(path))

    def is_quoted(self, path: tuple) -> bool:
        return path in self.source.quoted

    # -- structure ---------------------------------------------------------------------------
    def check_fields(self, obj: dict, path: tuple, allowed: Iterable[str], what: str,
                     elsewhere: Mapping[str, str] | None = None) -> None:
        """Report every key of `obj` that `what` does not allow, suggesting the right spelling."""
        allowed = tuple(allowed)
        for key in obj:
            if key in allowed:
                continue
            if elsewhere and key in elsewhere:
                hint = f" ({elsewhere[key]})"
            else:
                hint = did_you_mean(key, allowed)
            self.error("unknown-field", path + (key,), f"unknown field '{key}' in {what}{hint}", key=True)

    def check_parameters(self, names: dict, path: tuple, required: Iterable[str], known: Iterable[str] | None,
                         label: str, field: str, at: tuple | None = None) -> None:
        """The parameters an integration is given (`names`: name -> key as written, under `path`): an error for each
        required one that is missing (at `at`, the container's key when it is written), a warning for each one it
        does not take (`known` None: any)."""
        for name in required:
            if name not in names:
                near = closest(name, names)
                self.error("missing-parameter", at or path, f"{label} requires {field}.{name}"
                           + (f" (found '{names[near]}': parameter names are case-sensitive)" if near else ""),
                           key=at is None)
        if known is not None:
            known = tuple(known)
            for name, written in names.items():
                if name not in known:
                    self.warn("unknown-parameter", path + (written,),
                              f"{label} does not take {field}.{name}{did_you_mean(name, known)}", key=True)

    def require(self, obj: dict, path: tuple, key: str, what: str) -> bool:
        if key in obj:
            return True
        self.error("missing-field", path, f"{what} is missing required field '{key}'", key=len(path) > 0)
        return False

    # -- typed values ------------------------------------------------------------------------
    def kind(self, obj: dict, path: tuple, key: str, kinds: tuple, expected: str) -> Any:
        """obj[key] when it is one of `kinds` (bool is never taken for a number), else None + error."""
        value = obj.get(key)
        if value is None:
            if key in obj:
                self.error("type", path + (key,), f"'{key}' must be {expected}, not null")
            return None
        if isinstance(value, bool) and bool not in kinds:
            ok = False
        else:
            ok = isinstance(value, kinds)
        if not ok:
            self.error("type", path + (key,), f"'{key}' must be {expected}, not {describe(value)}")
            return None
        return value

    def string(self, obj: dict, path: tuple, key: str, nonempty: bool = True) -> str | None:
        value = self.kind(obj, path, key, (str,), "a string")
        if value is not None and nonempty and not value.strip():
            self.error("type", path + (key,), f"'{key}' must not be empty")
            return None
        return value

    def boolean(self, obj: dict, path: tuple, key: str) -> bool | None:
        return self.kind(obj, path, key, (bool,), "true or false")

    def number(self, obj: dict, path: tuple, key: str, low: float, high: float, integer: bool = False,
               unit: str = "") -> float | None:
        kinds = (int,) if integer else (int, float)
        value = self.kind(obj, path, key, kinds, "an integer" if integer else "a number")
        if value is None:
            return None
        if not low <= value <= high:
            bound = (f"at least {_num(low)}{unit}" if high == float("inf")
                     else f"between {_num(low)} and {_num(high)}{unit}")
            self.error("range", path + (key,), f"'{key}' is {value}{unit}; it must be {bound}")
            return None
        return value

    def listof(self, obj: dict, path: tuple, key: str) -> list | None:
        return self.kind(obj, path, key, (list,), "a list")

    def mapping(self, obj: dict, path: tuple, key: str) -> dict | None:
        return self.kind(obj, path, key, (dict,), "a mapping")

    def strings(self, obj: dict, path: tuple, key: str) -> tuple[str, ...] | None:
        items = self.listof(obj, path, key)
        if items is None:
            return None
        out = []
        for i, item in enumerate(items):
            if isinstance(item, str) and item.strip():
                out.append(item)
            else:
                self.error("type", path + (key, i), f"each entry of '{key}' must be a non-empty string, "
                                                    f"not {describe(item)}")
        return tuple(out)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
