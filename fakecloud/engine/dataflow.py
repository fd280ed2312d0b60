"""The data-flow rules: evaluating compiled mappings (`$input`/`$local`/`$context` paths and literals),
resolving serviceParams templates against the mapped input, and the 32 KiB step-data measure.

Data objects are never mutated once built: merges always make new dicts, so history events can keep
references to them and render their JSON later."""
from __future__ import annotations

import json
from json import encoder as _json_encoder
from types import MappingProxyType
from typing import Any

from ..fdl.paths import Path, PathMissing
from .errors import INVALID_MAPPING, StepError

LITERAL, INPUT, LOCAL, CONTEXT = 0, 1, 2, 3
_ROOTS = MappingProxyType({"input": INPUT, "local": LOCAL, "context": CONTEXT})



def _not_json(value: Any):
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _make_encode():
    """Compact JSON (keys in insertion order, non-ASCII kept as is) through one C encoder made once, not one per
    call as JSONEncoder.encode makes. No cycle check: engine data is JSON copied in from outside."""
    make = _json_encoder.c_make_encoder
    if make is None or _json_encoder.c_encode_basestring is None:      # an interpreter without the C speedups
        return json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    chunks = make(None, _not_json, _json_encoder.c_encode_basestring, None, ":", ",", False, False, True)
    join = "".join
    return lambda value: join(chunks(value, 0))


_encode = _make_encode()
_encode_string = _json_encoder.encode_basestring


def compile_mappings(mappings) -> tuple | None:
    """Mapping entries as (target, root code, path, literal, fixed) tuples, `fixed` being the bytes the entry
    adds to the output's JSON besides a path's value (key, colon, comma, a literal); None when there are none
    (default rule)."""
    if not mappings:
        return None
    return tuple((m.target, _ROOTS[m.path.root], m.path, None, json_size(m.target) + 2) if m.path is not None
                 else (m.target, LITERAL, None, m.literal, json_size(m.target) + 2 + json_size(m.literal))
                 for m in mappings)


def uses_context(entries: tuple | None) -> bool:
    return bool(entries) and any(entry[1] == CONTEXT for entry in entries)


def apply_mappings(entries: tuple, inp: Any, local: Any, ctx: Any, lenient: bool, what: str, meter=None) -> dict:
    """Build the object a mapping list describes; a path that does not resolve fails the step
    (FnF.InvalidMapping) unless `lenient`, where it gives null. With a `meter`, the object's size is recorded
    from its parts as it is built."""
    out = {}
    size = 1                                    # the braces, less the comma the last entry does not have
    for target, root, path, literal, fixed in entries:
        size += fixed
        if root == LITERAL:
            out[target] = literal
            continue
        try:
            value = path.resolve(inp if root == INPUT else local if root == LOCAL else ctx)
        except PathMissing as exc:
            if not lenient:
                raise StepError(INVALID_MAPPING, f"{what} '{target}': source {path.text}: {exc.detail}") from None
            value = None
        out[target] = value
        if meter is not None:
            size += meter.value_size(value)
    if meter is not None:
        meter.bound(out, size)
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
    """UTF-8 bytes of the compact JSON of a value (integers and ASCII strings without building the text)."""
    cls = value.__class__
    if cls is int:
        return len(int.__repr__(value))
    if cls is str and value.isascii():
        return len(_encode_string(value))
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

    def value_size(self, value: Any) -> int:
        """The size of a value inside a measured object: a container's is remembered, a scalar's is not."""
        cls = value.__class__
        if cls is dict or cls is list:
            return self._sizes.get(id(value)) or self.size(value)
        return json_size(value)

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
        sizes = self._sizes
        total = ((sizes.get(id(inp)) or self.size(inp)) + (sizes.get(id(output)) or self.size(output))
                 + (sizes.get(id(local)) or self.size(local)))
        if total > limit:
            exact = self.exact
            total = exact(inp) + exact(output) + exact(local)
        return total

    def merge(self, base: dict, update: dict) -> dict:
        """`{**base, **update}`, its size bounded by the sum of theirs."""
        merged = {**base, **update}
        sizes = self._sizes
        key = id(merged)
        sizes[key] = (sizes.get(id(base)) or self.size(base)) + (sizes.get(id(update)) or self.size(update))
        self._kept[key] = merged
        return merged


def json_copy(value: Any) -> Any:
    """A private JSON copy of a value from outside the engine (raises TypeError/ValueError when not JSON)."""
    return json.loads(_encode(value))
