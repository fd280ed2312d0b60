"""Checking plain data a user writes (scenario blocks, script rules, marker arguments, control-plane bodies): a
block must be a mapping, its keys must be known, and a misspelt key is named with the closest known one."""
from __future__ import annotations

from typing import Any, Iterable, Mapping

from ..fdl.diagnostics import closest


def unknown(word: Any, known: Iterable[str], what: str = "field", renamed: Mapping[str, str] | None = None) -> str:
    """"unknown field 'mockz' (did you mean 'mocks'? known: a, b)", or without the suggestion when none is close;
    `renamed` maps names used elsewhere (or earlier) to the known name that means the same."""
    known = list(known)
    match = (renamed or {}).get(str(word)) or closest(str(word), known)
    hint = f"did you mean {match!r}? " if match else ""
    listed = f"known: {', '.join(known)}" if known else "none are known"
    return f"unknown {what} {str(word)!r} ({hint}{listed})"


def first_unknown(data: Iterable[Any], keys: Iterable[str]) -> Any:
    """The first key of `data` that is not one of `keys`, or None."""
    allowed = set(keys)
    return next((k for k in data if k not in allowed), None)


def expect_mapping(value: Any, where: str) -> dict:
    """A block that must be a mapping (None is empty)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValueError(f"{where}: expected a mapping, got {type(value).__name__}")
    return value


def expect_fields(data: dict, keys: tuple, where: str) -> None:
    """Every key of `data` is one of `keys`; else ValueError naming the first other one (and the closest key)."""
    bad = first_unknown(data, keys)
    if bad is not None:
        raise ValueError(f"{where}: {unknown(bad, keys)}")
