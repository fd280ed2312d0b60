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
from .rendering import compact_encoder

LITERAL, INPUT, LOCAL, CONTEXT = 0, 1, 2, 3
SMALL_ROOT = 2048       # bytes: a container inside a root this small is bounded by the root, not measured
_ROOTS = MappingProxyType({"input": INPUT, "local": LOCAL, "context": CONTEXT})

_MISSING = object()     # what a compiled path's getter gives when the path does not resolve
_encode = compact_encoder(None)     # engine data is JSON copied in from outside: no cycle to look for
_encode_string = json.encoder.encode_basestring


def compile_mappings(mappings) -> tuple | None:
    """Mapping entries as (target, root code, path, literal, fixed, getter) tuples, `fixed` being the bytes the
    entry adds to the output's JSON besides a path's value (key, colon, comma, a literal), `getter` the path's
    specialised reader (`_MISSING` when it does not resolve); None when there are none (default rule)."""
    if not mappings:
        return None
    return tuple((m.target, _ROOTS[m.path.root], m.path, None, json_size(m.target) + 2, m.path.getter(_MISSING))
                 if m.path is not None
                 else (m.target, LITERAL, None, m.literal, json_size(m.target) + 2 + json_size(m.literal), None)
                 for m in mappings)


def uses_context(entries: tuple | None) -> bool:
    return bool(entries) and any(entry[1] == CONTEXT for entry in entries)


def apply_mappings(entries: tuple, inp: Any, local: Any, ctx: Any, lenient: bool, what: str, inp_size: int = 0,
                   local_size: int = 0) -> tuple[dict, int]:
    """Build the object a mapping list describes, and bound its size: `inp_size` and `local_size` bound the JSON
    of `inp` and `local`. A path that does not resolve fails the step (FnF.InvalidMapping) unless `lenient`,
    where it gives null."""
    out = {}
    size = 1                                    # the braces, less the comma the last entry does not have
    for target, root, path, literal, fixed, get in entries:
        size += fixed
        if root == LITERAL:
            out[target] = literal
            continue
        source = inp if root == INPUT else local if root == LOCAL else ctx
        value = get(source)
        if value is _MISSING:
            if not lenient:
                raise _invalid(what, target, path, source)
            value = None
        out[target] = value
        if value.__class__ is int:      # the commonest value, measured as value_bound would, without a call
            size += len(int.__repr__(value))
        else:
            size += value_bound(value, inp_size if root == INPUT else local_size if root == LOCAL else -1)
    return out, size


def _invalid(what: str, target: str, path: Path, root_value: Any) -> StepError:
    try:
        path.resolve(root_value)
    except PathMissing as exc:
        return StepError(INVALID_MAPPING, f"{what} '{target}': source {path.text}: {exc.detail}")
    raise AssertionError(f"{path.text} resolves, its getter said it does not")


def value_bound(value: Any, root_size: int) -> int:
    """At most the bytes of `value`'s JSON, `value` being part of an object whose JSON takes at most `root_size`
    bytes (-1: unknown): a scalar's exact size; a container's, when its root is small, the root's (no encoding),
    else its exact size (encoding only what the value holds)."""
    cls = value.__class__
    if cls is dict or cls is list:
        return root_size if 0 <= root_size <= SMALL_ROOT else json_size(value)
    if cls is int:      # the commonest scalars, as json_size measures them, without a call
        return len(int.__repr__(value))
    if cls is str and value.isascii():
        return len(_encode_string(value))
    return json_size(value)


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
    if value is None or value is True:
        return 4
    if value is False:
        return 5
    if cls is str and value.isascii():
        return len(_encode_string(value))
    text = _encode(value)
    return len(text) if text.isascii() else len(text.encode("utf-8"))


class SizeMeter:
    """Measures data objects for the size limits without re-serialising them: the size of each object measured is
    remembered (with a reference, so ids stay unique)."""
    __slots__ = ("_sizes", "_kept")

    def __init__(self):
        self._sizes: dict[int, int] = {}
        self._kept: list = []       # keeps measured objects alive: ids stay unique

    def size(self, value: Any) -> int:
        cls = value.__class__
        if cls is dict:
            if not value:
                return 2
        elif cls is not list and cls is not str:
            return json_size(value)     # a number, true, false or null: measured faster than looked up
        key = id(value)
        size = self._sizes.get(key)
        if size is None:
            size = self._sizes[key] = json_size(value)
            self._kept.append(value)
        return size

    def clear(self) -> None:
        self._sizes.clear()
        self._kept.clear()

    def step_size(self, inp: Any, output: Any, local: Any) -> int:
        """A step's input + output + local in bytes."""
        size = self.size
        return size(inp) + size(output) + size(local)


def json_copy(value: Any) -> Any:
    """A private JSON copy of a value from outside the engine (raises TypeError/ValueError when not JSON)."""
    return json.loads(_encode(value))
