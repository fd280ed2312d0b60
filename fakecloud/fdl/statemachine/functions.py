"""The built-in functions of state-machine expressions (`format(...)`, `length(...)`, `uuid()`, ...): each one's
arity, argument kinds, result kind, checks of constant arguments at definition time, and its evaluation."""
from __future__ import annotations

from types import MappingProxyType

import base64
import binascii
import hashlib
import json
import re
import uuid as _uuid
from dataclasses import dataclass, replace
from typing import Any, Callable

from ..conditions import json_equal
from ..diagnostics import closest, did_you_mean

STRING, NUMBER, INTEGER, BOOLEAN, NULL, ARRAY, OBJECT, ANY = (
    "string", "number", "integer", "boolean", "null", "array", "object", "any")
KIND_NAMES = MappingProxyType({STRING: "a string", NUMBER: "a number", INTEGER: "an integer", BOOLEAN: "a boolean", NULL: "null",
              ARRAY: "an array", OBJECT: "an object", ANY: "any value"})
HASHES = MappingProxyType({"MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-512": "sha512"})
_ANY = frozenset({ANY})


class FunctionError(ValueError):
    """A built-in function could not compute a result from the arguments it was given."""


def kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return BOOLEAN
    if isinstance(value, int):
        return INTEGER
    if isinstance(value, float):
        return INTEGER if value.is_integer() else NUMBER
    if isinstance(value, str):
        return STRING
    if isinstance(value, (list, tuple)):
        return ARRAY
    if isinstance(value, dict):
        return OBJECT
    return NULL if value is None else ANY


def fits(kind: str, allowed: frozenset[str]) -> bool:
    return kind == ANY or ANY in allowed or kind in allowed or (kind == INTEGER and NUMBER in allowed)


def kinds_text(allowed: frozenset[str]) -> str:
    names = [KIND_NAMES[k] for k in (STRING, NUMBER, INTEGER, BOOLEAN, NULL, ARRAY, OBJECT) if k in allowed]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def to_text(value: Any) -> str:
    """A value as text: strings as they are, everything else as compact JSON."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class Builtin:
    name: str
    params: tuple[frozenset[str], ...]       # the kinds each positional argument may have
    returns: str
    run: Callable[..., Any]                  # run(rng, *arguments)
    rest: frozenset[str] | None = None       # the kinds of further arguments, when any number may follow
    check: Callable[[tuple], tuple[int, str] | None] | None = None   # (argument index, problem) for constants

    def arity(self) -> str:
        n = len(self.params)
        if self.rest is not None:
            return f"at least {n} argument{'s' if n != 1 else ''}"
        return "no arguments" if n == 0 else f"{n} argument{'s' if n != 1 else ''}"

    def check_call(self, args: tuple) -> tuple[int | None, str] | None:
        """(index of the argument at fault, or None for the call, problem) when a call with these argument nodes
        cannot be right: the number of arguments, a kind known at definition time, a constant argument."""
        n = len(args)
        if n < len(self.params) or (self.rest is None and n > len(self.params)):
            return None, f"{self.name}() takes {self.arity()}, not {n}"
        for i, arg in enumerate(args):
            allowed = self.params[i] if i < len(self.params) else self.rest
            if not fits(arg.kind, allowed):
                return i, (f"{self.name}() takes {kinds_text(allowed)} as argument {i + 1}, "
                           f"not {KIND_NAMES[arg.kind]}")
        return self.check(args) if self.check else None


def _format(rng, template: str, *values) -> str:
    parts = template.split("{}")
    if len(parts) - 1 != len(values):
        raise FunctionError(_placeholders(template, len(values)))
    out = [parts[0]]
    for value, part in zip(values, parts[1:]):
        out += [to_text(value), part]
    return "".join(out)


def _placeholders(template: str, values: int) -> str:
    n = template.count("{}")
    return (f"format(): the template {template!r} has {n} placeholder{'s' if n != 1 else ''} ('{{}}') "
            f"for {values} value{'s' if values != 1 else ''}")


def _hash(rng, text: str, algorithm: str) -> str:
    if algorithm not in HASHES:
        raise FunctionError(_bad_hash(algorithm))
    return hashlib.new(HASHES[algorithm], text.encode("utf-8")).hexdigest()


def _bad_hash(algorithm) -> str:
    shown = algorithm if not isinstance(algorithm, str) else repr(algorithm)
    return (f"hash(): the algorithm must be one of {', '.join(HASHES)}, not {shown}"
            f"{did_you_mean(str(algorithm), HASHES) if isinstance(algorithm, str) else ''}")


def _from_base64(rng, text: str) -> str:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        raise FunctionError(f"fromBase64(): {text!r} is not Base64-encoded UTF-8 text") from None


def _from_json(rng, text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise FunctionError(f"stringToJson(): the string is not JSON ({exc})") from None


def _get(rng, container, key) -> Any:
    if isinstance(container, dict):
        if not isinstance(key, str):
            raise FunctionError(f"get(): an object is read by a string key, not {KIND_NAMES[kind_of(key)]}")
        return container.get(key)
    if kind_of(key) != INTEGER:
        raise FunctionError(f"get(): an array is read by an integer index, not {KIND_NAMES[kind_of(key)]}")
    index = int(key)
    return container[index] if 0 <= index < len(container) else None


def _int(value, function: str) -> int:
    if kind_of(value) != INTEGER:
        raise FunctionError(f"{function}(): {to_text(value)} is not an integer")
    return int(value)


def _random_int(rng, low, high) -> int:
    low, high = _int(low, "randomInt"), _int(high, "randomInt")
    if low >= high:
        raise FunctionError(f"randomInt(): the range needs min < max, not {low} and {high}")
    if rng is None:
        raise FunctionError("randomInt(): no source of random numbers was given")
    return rng.randrange(low, high)


def _uuid4(rng) -> str:
    if rng is None:
        raise FunctionError("uuid(): no source of random numbers was given")
    return str(_uuid.UUID(int=rng.getrandbits(128), version=4))


def _canonical(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    return value


def _unique(rng, items: list) -> list:
    seen, out = set(), []
    for item in items:
        key = json.dumps(_canonical(item), sort_keys=True)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _regex(rng, text: str, pattern: str) -> bool:
    try:
        return re.search(pattern, text) is not None
    except re.error as exc:
        raise FunctionError(f"regexMatchString(): invalid regular expression {pattern!r}: {exc}") from None


# -- checks of constant arguments at definition time -------------------------------------------------

def _const(node) -> tuple[bool, Any]:
    return (True, node.value) if getattr(node, "is_constant", False) else (False, None)


def _check_format(args: tuple):
    known, template = _const(args[0]) if args else (False, None)
    if known and isinstance(template, str) and template.count("{}") != len(args) - 1:
        return 0, _placeholders(template, len(args) - 1)
    return None


def _check_hash(args: tuple):
    known, algorithm = _const(args[1]) if len(args) > 1 else (False, None)
    return (1, _bad_hash(algorithm)) if known and algorithm not in HASHES else None


def _check_regex(args: tuple):
    known, pattern = _const(args[1]) if len(args) > 1 else (False, None)
    if known and isinstance(pattern, str):
        try:
            re.compile(pattern)
        except re.error as exc:
            return 1, f"regexMatchString(): invalid regular expression {pattern!r}: {exc}"
    return None


def _check_json(args: tuple):
    known, text = _const(args[0]) if args else (False, None)
    if known and isinstance(text, str):
        try:
            json.loads(text)
        except ValueError as exc:
            return 0, f"stringToJson(): the string is not JSON ({exc})"
    return None


def _check_range(args: tuple):
    (k1, low), (k2, high) = (_const(a) for a in args[:2])
    if k1 and k2 and kind_of(low) == kind_of(high) == INTEGER and low >= high:
        return 0, f"randomInt(): the range needs min < max, not {low} and {high}"
    return None


def _kinds(*names: str) -> frozenset[str]:
    return frozenset(names)


_S, _A, _O = _kinds(STRING), _kinds(ARRAY), _kinds(OBJECT)
_I = _kinds(INTEGER)
_BUILTINS = (
    Builtin("arrayContains", (_A, _ANY), BOOLEAN, lambda rng, items, v: any(json_equal(x, v) for x in items)),
    Builtin("arrayUnique", (_A,), ARRAY, _unique),
    Builtin("format", (_S,), STRING, _format, rest=_ANY, check=_check_format),
    Builtin("fromBase64", (_S,), STRING, _from_base64),
    Builtin("toBase64", (_S,), STRING, lambda rng, s: base64.b64encode(s.encode("utf-8")).decode("ascii")),
    Builtin("stringToJson", (_S,), ANY, _from_json, check=_check_json),
    Builtin("jsonToString", (_ANY,), STRING, lambda rng, v: json.dumps(v, ensure_ascii=False, separators=(",", ":"))),
    Builtin("hash", (_S, _S), STRING, _hash, check=_check_hash),
    Builtin("jsonMerge", (_O, _O), OBJECT, lambda rng, a, b: {**a, **b}),
    Builtin("length", (_kinds(ARRAY, OBJECT, STRING),), INTEGER, lambda rng, v: len(v)),
    Builtin("mapKeys", (_O,), ARRAY, lambda rng, m: list(m)),
    Builtin("mapValues", (_O,), ARRAY, lambda rng, m: list(m.values())),
    Builtin("regexMatchString", (_S, _S), BOOLEAN, _regex, check=_check_regex),
    Builtin("split", (_S, _S), ARRAY, lambda rng, s, sep: s.split(sep) if sep else list(s)),
    Builtin("toArray", (), ARRAY, lambda rng, *values: list(values), rest=_ANY),
    Builtin("get", (_kinds(ARRAY, OBJECT), _kinds(STRING, INTEGER)), ANY, _get),
    Builtin("intAdd", (_I, _I), INTEGER, lambda rng, a, b: _int(a, "intAdd") + _int(b, "intAdd")),
    Builtin("randomInt", (_I, _I), INTEGER, _random_int, check=_check_range),
    Builtin("uuid", (), STRING, _uuid4),
)
_ALIASES = MappingProxyType({"fromJSON": "stringToJson", "toJSON": "jsonToString"})



def _functions() -> MappingProxyType:
    """Every built-in by name, its aliases included."""
    by_name = {b.name: b for b in _BUILTINS}
    return MappingProxyType({**by_name, **{alias: replace(by_name[name], name=alias)
                                           for alias, name in _ALIASES.items()}})


FUNCTIONS = _functions()


def unknown_function(name: str) -> str:
    if name.startswith("States."):
        near = closest(name[7:][:1].lower() + name[8:], FUNCTIONS)
        hint = f" (did you mean '{near}'?)" if near else ""
        return f"unknown function '{name}': built-in functions have no 'States.' prefix here{hint}"
    near = closest(name, FUNCTIONS)
    hint = f" (did you mean '{near}'?)" if near else ""
    return f"unknown function '{name}'{hint}"
