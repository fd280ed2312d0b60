"""The data-flow rules: evaluating compiled mappings (`$input`/`$local`/`$context` paths and literals),
resolving serviceParams templates against the mapped input, and the 32 KiB step-data measure.

Data objects are never mutated once built: merges always make new dicts, so history events can keep
references to them and render their JSON later."""
from __future__ import annotations

import json
from types import MappingProxyType
from typing import Any

from ..fdl.paths import Path, PathMissing
from .errors import INVALID_MAPPING, StepError

LITERAL, INPUT, LOCAL, CONTEXT = 0, 1, 2, 3
_ROOTS = MappingProxyType({"input": INPUT, "local": LOCAL, "context": CONTEXT})

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def compile_mappings(mappings) -> tuple | None:
    """Mapping entries as (target, root code, path, literal) tuples; None when there are none (default rule)."""
    if not mappings:
        return None
    return tuple((m.target, _ROOTS[m.path.root], m.path, None) if m.path is not None
                 else (m.target, LITERAL, None, m.literal) for m in mappings)


def uses_context(entries: tuple | None) -> bool:
    return bool(entries) and any(root == CONTEXT for _, root, _, _ in entries)


def apply_mappings(entries: tuple, inp: Any, local: Any, ctx: Any, lenient: bool, what: str) -> dict:
    """Build the object a mapping list describes; a path that does not resolve fails the step
    (FnF.InvalidMapping) unless `lenient`, where it gives null."""
    out = {}
    for target, root, path, literal in entries:
        if root == LITERAL:
            out[target] = literal
            continue
        try:
            out[target] = path.resolve(inp if root == INPUT else local if root == LOCAL else ctx)
        except PathMissing as exc:
            if lenient:
                out[target] = None
            else:
                raise StepError(INVALID_MAPPING, f"{what} '{target}': source {path.text}: {exc.detail}") from None
    return out


def template_has_paths(template) -> bool:
    return template is not None and bool(template.paths)


def resolve_template(value: Any, inp: Any, lenient: bool) -> Any:
    """A serviceParams structure with every `$` path replaced by its value in the (mapped) step input."""
    if isinstance(value, Path):
        try:
            return value.resolve(inp)
        except PathMissing as exc:
            if lenient:
                return None
            raise StepError(INVALID_MAPPING, f"serviceParams: {value.text}: {exc.detail} "
                                             f"(serviceParams paths read the mapped step input)") from None
    if isinstance(value, dict):
        return {k: resolve_template(v, inp, lenient) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve_template(v, inp, lenient) for v in value]
    return value


def json_size(value: Any) -> int:
    """UTF-8 bytes of the compact JSON of a value."""
    text = _encode(value)
    return len(text) if text.isascii() else len(text.encode("utf-8"))


class SizeMeter:
    """Measures step data for the 32 KiB limit without re-serialising it at every step: the size of each data
    object is remembered (with a reference, so ids stay unique), and a merge is bounded by the sum of its parts.
    Only when a bound exceeds the limit is the exact size computed."""
    __slots__ = ("_sizes", "_kept")

    def __init__(self):
        self._sizes: dict[int, int] = {}
        self._kept: dict[int, Any] = {}     # keeps measured objects alive: ids stay unique

    def size(self, value: Any) -> int:
        if not value and value.__class__ is dict:
            return 2
        key = id(value)
        size = self._sizes.get(key)
        if size is None:
            size = self._sizes[key] = json_size(value)
            self._kept[key] = value
        return size

    def bound(self, value: Any, size: int) -> None:
        """Record an upper bound for the size of `value` (a merge of measured parts)."""
        key = id(value)
        self._sizes[key] = size
        self._kept[key] = value

    def exact(self, value: Any) -> int:
        key = id(value)
        size = self._sizes[key] = json_size(value)
        self._kept[key] = value
        return size

    def clear(self) -> None:
        self._sizes.clear()
        self._kept.clear()

    def step_size(self, inp: Any, output: Any, local: Any, limit: int) -> int:
        """A step's input + output + local in bytes: exact when over `limit`, else possibly an upper bound."""
        size = self.size
        total = size(inp) + size(output) + size(local)
        if total > limit:
            exact = self.exact
            total = exact(inp) + exact(output) + exact(local)
        return total


def json_copy(value: Any) -> Any:
    """A private JSON copy of a value from outside the engine (raises TypeError/ValueError when not JSON)."""
    return json.loads(_encode(value))
