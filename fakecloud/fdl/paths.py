"""Path expressions of FDL (`$input.order.items[0]`, `$.names[*]`): parsed once into immutable
`Path` objects that resolve quickly against JSON data; wildcard paths are evaluated by jsonpath-ng."""
from __future__ import annotations

import unicodedata
from difflib import get_close_matches
from typing import Any

from jsonpath_ng import jsonpath as _jp

from .bounds import MAX_PATH_SEGMENTS

ROOT_NAMES = ("input", "local", "context")   # named roots, in the order messages list them
MAPPING_ROOTS = frozenset(ROOT_NAMES)        # the roots of mapping sources
INPUT_ROOT = frozenset({"$"})                 # step-input paths: conditions, serviceParams, waits, foreach
_NAME_STOP = frozenset(".[]")
_DIGITS = frozenset("0123456789")
_KEY, _INDEX, _WILD = "key", "index", "wildcard"
_ABSENT = object()


class PathSyntaxError(ValueError):
    """A path expression could not be parsed; `offset` is the 0-based position of the problem."""

    def __init__(self, message: str, offset: int, text: str = ""):
        super().__init__(f"{message} (at offset {offset})")
        self.message = message
        self.offset = offset
        self.text = text


class PathMissing(LookupError):
    """A path without wildcards (or the part of a path before its first wildcard) did not resolve."""

    def __init__(self, path: "Path", detail: str):
        super().__init__(detail)
        self.path = path
        self.detail = detail


def _scan_name(text: str, i: int) -> int:
    n = len(text)
    while i < n and text[i] not in _NAME_STOP and not text[i].isspace():
        i += 1
    return i


def _join_or(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def _root_rule(roots: frozenset[str]) -> str:
    named = [f"${r}" for r in ROOT_NAMES if r in roots]
    if not named:
        return "paths here are relative to the step input and start with '$'"
    return "paths here start with " + _join_or(named + (["'$'"] if "$" in roots else []))


def _root_error(text: str, root: str, rest: str, roots: frozenset[str]) -> PathSyntaxError:
    """The error for a root that is well formed but not allowed at this place."""
    rule = _root_rule(roots)
    if root == "$":
        first = next((r for r in ROOT_NAMES if r in roots), None)
        hint = f" (did you mean '${first}{rest}'?)" if first else ""
    elif "$" in roots and root != "context":
        hint = f" (did you mean '${rest}'?)"
    else:
        hint = f" (${root} is not available here)"
    return PathSyntaxError(rule + hint, 0, text)


def _parse_quoted(text: str, k: int) -> tuple[str, int]:
    """Parse a quoted name starting at the quote at `k`; return (name, index after the closing quote)."""
    quote, n, out, j = text[k], len(text), [], k + 1
    while j < n:
        c = text[j]
        if c == "\\" and j + 1 < n:
            out.append(text[j + 1])
            j += 2
        elif c == quote:
            return "".join(out), j + 1
        else:
            out.append(c)
            j += 1
    raise PathSyntaxError("unterminated quoted name", k, text)


def _parse(text: str, roots: frozenset[str]) -> tuple[str, tuple, tuple]:
    """Return (root, segments, end offsets of the root and of each segment)."""
    if not isinstance(text, str):
        raise TypeError(f"a path must be a string, not {type(text).__name__}")
    if not text.startswith("$"):
        raise PathSyntaxError(("empty path; " if not text else "") + _root_rule(roots), 0, text)
    i = _scan_name(text, 1)
    name = text[1:i]
    if not name:
        root = "$"
    elif name in ROOT_NAMES:
        root = name
    else:
        close = get_close_matches(name.lower(), ROOT_NAMES, n=1, cutoff=0.6)
        if close and close[0] in roots:
            raise PathSyntaxError(f"unknown root '${name}' (did you mean '${close[0]}'?)", 0, text)
        if "$" in roots:
            rest = text[i:] if close else "." + text[1:]
            raise PathSyntaxError(f"unknown root '${name}'; {_root_rule(roots)} (did you mean '${rest}'?)",
                                  0, text)
        raise PathSyntaxError(f"unknown root '${name}'; {_root_rule(roots)}", 0, text)
    if root not in roots:
        raise _root_error(text, root, text[i:], roots)
    segments, ends, n = [], [i], len(text)
    while i < n:
        if len(segments) == MAX_PATH_SEGMENTS:
            raise PathSyntaxError(f"a path has at most {MAX_PATH_SEGMENTS} parts ('.name', '[n]', '[*]')", i, text)
        c = text[i]
        if c == ".":
            i += 1
            if i < n and text[i] == ".":
                raise PathSyntaxError("recursive descent '..' is not supported", i - 1, text)
            j = _scan_name(text, i)
            if j == i:
                raise PathSyntaxError("expected a field name after '.'", i, text)
            name = text[i:j]
            segments.append((_WILD, None) if name == "*" else (_KEY, name))
            i = j
        elif c == "[":
            k = i + 1
            ch = text[k] if k < n else ""
            if ch == "*":
                segments.append((_WILD, None))
                k += 1
            elif ch in _DIGITS:
                j = k
                while j < n and text[j] in _DIGITS:
                    j += 1
                segments.append((_INDEX, int(text[k:j])))
                k = j
            elif ch and ch in "'\"":
                name, k = _parse_quoted(text, k)
                segments.append((_KEY, name))
            elif ch == "-":
                raise PathSyntaxError("negative indexes are not supported", k, text)
            elif ch == "?":
                raise PathSyntaxError("filter expressions are not supported", k, text)
            else:
                raise PathSyntaxError("expected a number, '*' or a quoted name after '['", k, text)
            if k >= n or text[k] != "]":
                found = text[k] if k < n else ""
                what = {":": "slices are not supported", ",": "unions are not supported"}
                raise PathSyntaxError(what.get(found, "expected ']'"), k, text)
            i = k + 1
        elif c == "]":
            raise PathSyntaxError("unexpected ']' without a matching '['", i, text)
        elif c.isspace():
            raise PathSyntaxError(
                "unexpected whitespace in path (quote names that contain spaces: ['a b'])", i, text)
        else:
            raise PathSyntaxError(f"unexpected '{c}' after ']'; expected '.' or '['", i, text)
        ends.append(i)
    return root, tuple(segments), tuple(ends)


def _node(kind: str, value: Any) -> _jp.JSONPath:
    if kind == _KEY:  # a key literally named '*' must not turn into jsonpath-ng's old wildcard
        return _jp.Fields._compliant_constructor(value) if value == "*" else _jp.Fields(value)
    if kind == _INDEX:
        return _jp.Index(value)
    return _jp.Wildcard()


def _chain(segments) -> _jp.JSONPath:
    expr = _jp.Root()
    for kind, value in segments:
        expr = _jp.Child(expr, _node(kind, value))
    return expr


def _kind_of(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "an array"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return "a string" if isinstance(value, str) else f"a {type(value).__name__}"


class Path:
    """A compiled path. `segments` is a tuple of ("key", name) / ("index", n) / ("wildcard", None)."""

    __slots__ = ("text", "root", "is_multi", "segments", "_steps", "_ends", "_tail", "_hash")

    def __init__(self, text: str, root: str, segments: tuple, ends: tuple):
        first_wild = next((i for i, (kind, _) in enumerate(segments) if kind == _WILD), None)
        prefix = segments if first_wild is None else segments[:first_wild]
        tail = None if first_wild is None else _chain(segments[first_wild:])
        for name, value in (("text", text), ("root", root), ("is_multi", first_wild is not None),
                            ("segments", segments), ("_steps", tuple(v for _, v in prefix)),
                            ("_ends", ends), ("_tail", tail), ("_hash", hash((text, root)))):
            object.__setattr__(self, name, value)

    def __setattr__(self, name, value):
        raise AttributeError("Path objects are immutable")

    __delattr__ = __setattr__

    def resolve(self, root_value: Any) -> Any:
        """Evaluate against the object the root names; raise PathMissing when it does not resolve."""
        v = self.resolve_or(root_value, _ABSENT)
        if v is _ABSENT:
            raise self._missing(root_value)
        return v

    def resolve_or(self, root_value: Any, default: Any = None) -> Any:
        """Like resolve, but return `default` instead of raising PathMissing."""
        v = root_value
        for step in self._steps:
            if step.__class__ is str:
                if isinstance(v, dict):
                    v = v.get(step, _ABSENT)
                    if v is _ABSENT:
                        return default
                    continue
            elif isinstance(v, (list, tuple)) and step < len(v):
                v = v[step]
                continue
            return default
        if self._tail is None:
            return v
        return [match.value for match in self._tail.find(v)]

    def getter(self, default: Any = None):
        """A function `f(root_value)` equivalent to `resolve_or(root_value, default)`, specialised for speed."""
        steps = self._steps
        if self._tail is None and not steps:
            return lambda v: v
        if self._tail is None and len(steps) == 1 and steps[0].__class__ is str:
            key = steps[0]

            def get_one(v, _key=key, _default=default, _dict=dict):
                return v.get(_key, _default) if isinstance(v, _dict) else _default
            return get_one
        return lambda v, _resolve=self.resolve_or, _default=default: _resolve(v, _default)

    def stray_punctuation(self) -> tuple[int, str] | None:
        """(offset in the text, character) of the first non-ASCII punctuation mark inside a name written after '.'
        (`$input.orderId。`): it is read as part of the name, which is rarely meant. Quoted names are left alone."""
        for i, (kind, name) in enumerate(self.segments):
            start = self._ends[i]
            if kind != _KEY or self.text[start:start + 1] != ".":
                continue
            for j, c in enumerate(name):
                if ord(c) > 127 and unicodedata.category(c).startswith("P"):
                    return start + 1 + j, c
        return None

    def to_jsonpath(self) -> _jp.JSONPath:
        """The whole path as a jsonpath-ng expression, applied to the object the root names."""
        return _chain(self.segments)

    def _missing(self, root_value: Any) -> PathMissing:
        """Walk again, slowly, to say which step failed and why."""
        v = root_value
        for i, step in enumerate(self._steps):
            where = self.text[: self._ends[i]]
            if isinstance(step, str):
                if not isinstance(v, dict):
                    return PathMissing(self, f"{where} is {_kind_of(v)}, not an object, "
                                             f"so it has no key '{step}'")
                if step not in v:
                    return PathMissing(self, f"key '{step}' not found in {where}")
                v = v[step]
            else:
                if not isinstance(v, (list, tuple)):
                    return PathMissing(self, f"{where} is {_kind_of(v)}, not an array, "
                                             f"so it has no element [{step}]")
                if step >= len(v):
                    return PathMissing(self, f"index {step} is out of range for {where} "
                                             f"(length {len(v)})")
                v = v[step]
        return PathMissing(self, f"{self.text} did not resolve")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Path):
            return NotImplemented
        return self.text == other.text and self.root == other.root

    def __hash__(self) -> int:
        return self._hash

    def __repr__(self) -> str:
        return f"Path({self.text!r})"

    def __str__(self) -> str:
        return self.text

    def __reduce__(self):
        return compile_path, (self.text, frozenset({self.root}))

    def __deepcopy__(self, memo=None):
        return self

    __copy__ = __deepcopy__


def compile_path(text: str, roots: frozenset[str]) -> Path:
    """Parse `text`; `roots` names the roots allowed here ("input", "local", "context", "$")."""
    root, segments, ends = _parse(text, roots)
    return Path(text, root, segments, ends)


def punctuation_message(text: str, offset: int, char: str) -> str:
    """The warning for a punctuation mark found by Path.stray_punctuation at `offset` of the path `text`."""
    where = "ends with" if offset == len(text) - 1 else "holds"
    name = unicodedata.name(char, "").lower()
    return (f"path '{text}' {where} the non-ASCII punctuation '{char}' (U+{ord(char):04X}{' ' + name if name else ''}), "
            f"which is read as part of the field name; remove it if it is not part of the name")
