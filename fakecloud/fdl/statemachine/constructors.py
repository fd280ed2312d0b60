"""Constructors (`InputConstructor`, `OutputConstructor`, `GlobalConstructor`, `ItemConstructor`, a Catch rule's
`OutputConstructor`) and Task `Parameters`: maps whose keys ending in `.$` carry an expression and whose other
values are literals, compiled once. `.$` keys count at any depth, in maps inside maps and inside lists."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping

from ..model import NO_LOC, Loc
from ..paths import punctuation_message
from ..reader import describe
from . import variables as v
from .expressions import Expression, ExpressionSyntaxError, compile_expression
from .functions import FUNCTIONS
from .nodes import fresh

SUFFIX = ".$"
_CALL = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*\(")
_OLD_ROOT = re.compile(r"^\$(input|local|context)\b")


@dataclass(frozen=True, slots=True)
class Items:
    """A list inside a constructor whose elements hold `.$` keys somewhere."""
    items: tuple = field(hash=False)


_READ, _SCALAR, _OTHER = 0, 1, 2       # how Constructor.evaluate takes a field's value


@dataclass(frozen=True, slots=True)
class Constructor:
    """A compiled map. `fields` holds (name without `.$`, value): an Expression, a nested Constructor, Items, or a
    literal (copied on every evaluation). `_steps` holds each field as evaluate takes it: (name, _READ, its
    Variable node) for an expression that only reads a variable and the fields after it (expressions are strict),
    (name, _SCALAR, literal) for a number, string, boolean or null (nothing to copy), else (name, _OTHER, value)."""
    fields: tuple = field(hash=False)
    loc: Loc = NO_LOC
    _steps: tuple = field(init=False, hash=False, compare=False, repr=False)

    def __post_init__(self):
        steps = []
        for name, value in self.fields:
            if value.__class__ is Expression and value.variable is not None:
                steps.append((name, _READ, value.variable))
            elif value is None or value.__class__ in (int, float, str, bool):
                steps.append((name, _SCALAR, value))
            else:
                steps.append((name, _OTHER, value))
        object.__setattr__(self, "_steps", tuple(steps))

    def evaluate(self, variables: Mapping[str, Any], rng=None) -> dict:
        """The map for `variables`; EvaluationError when an expression cannot be evaluated."""
        out = {}
        for name, kind, value in self._steps:
            if kind is _READ:           # the commonest value, read as its expression would, without the call
                out[name] = value.read(variables, True)
            elif kind is _SCALAR:
                out[name] = value
            else:
                out[name] = _value(value, variables, rng)
        return out

    def expressions(self) -> Iterator[Expression]:
        for _, value in self.fields:
            yield from _expressions(value)

    def keys(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.fields)


def _value(value: Any, variables, rng) -> Any:
    if isinstance(value, (Expression, Constructor)):
        return value.evaluate(variables, rng)
    if isinstance(value, Items):
        return [_value(item, variables, rng) for item in value.items]
    return fresh(value)


def _expressions(value: Any) -> Iterator[Expression]:
    if isinstance(value, Expression):
        yield value
    elif isinstance(value, Constructor):
        yield from value.expressions()
    elif isinstance(value, Items):
        for item in value.items:
            yield from _expressions(item)


class ConstructorCompiler:
    """Compiles the constructors of one definition, reporting through its Reader."""

    def __init__(self, reader, limits):
        self.r = reader
        self.limits = limits

    def constructor(self, obj: dict, path: tuple, key: str, place: v.Place) -> Constructor | None:
        if key not in obj:
            return None
        value = self.r.mapping(obj, path, key)
        if value is None:
            return None
        return self._map(value, path + (key,), place)

    def _map(self, value: dict, path: tuple, place: v.Place) -> Constructor:
        fields, seen = [], {}
        for key, item in value.items():
            kpath = path + (key,)
            name = key[:-len(SUFFIX)] if key.endswith(SUFFIX) else key
            if key.endswith(SUFFIX) and not name:
                self.r.error("value", kpath, "'.$' needs a field name before it, e.g. 'total.$'", key=True)
                continue
            if name in seen:
                self.r.error("duplicate-key", kpath, f"'{key}' and '{seen[name]}' both give the field '{name}'",
                             key=True)
                continue
            seen[name] = key
            if place is v.GLOBAL_CONSTRUCTOR and len(name.encode("utf-8")) > self.limits.max_global_key_bytes:
                self.r.error("limit", kpath, f"a $Global key is at most {self.limits.max_global_key_bytes} bytes, "
                                             f"'{name[:20]}...' has {len(name.encode('utf-8'))}", key=True)
            if key.endswith(SUFFIX):
                compiled = self.expression(item, kpath, place, key)
                if compiled is not None:
                    fields.append((name, compiled))
                continue
            fields.append((name, self._literal(item, kpath, place, key)))
        return Constructor(tuple(fields), self.r.loc(path))

    def _literal(self, value: Any, path: tuple, place: v.Place, key: str) -> Any:
        if isinstance(value, dict):
            inner = self._map(value, path, place)
            plain = all(not isinstance(x, (Expression, Constructor, Items)) for _, x in inner.fields)
            return dict(inner.fields) if plain else inner
        if isinstance(value, list):
            items = tuple(self._literal(x, path + (i,), place, key) for i, x in enumerate(value))
            plain = all(not isinstance(x, (Expression, Constructor, Items)) for x in items)
            return list(items) if plain else Items(items)
        if isinstance(value, str):
            self.looks_like_expression(value, path, place, key)
        return value

    def expression(self, value: Any, path: tuple, place: v.Place, key: str) -> Expression | None:
        """Compile the expression at `path` (the value of `key`, which ends in '.$' or is always an expression)."""
        if not isinstance(value, str):
            self.r.error("type", path, f"'{key}' takes an expression (a string), not {describe(value)}")
            return None
        try:
            compiled = compile_expression(value, place, max_nesting=self.limits.max_function_nesting)
        except ExpressionSyntaxError as exc:
            self.report(exc, value, path)
            return None
        self.punctuation(compiled, path)
        return compiled

    def punctuation(self, compiled: Expression, path: tuple) -> None:
        """Warn about a punctuation mark inside a name of a path the expression reads."""
        for start, read in compiled.paths:
            hit = read.stray_punctuation()
            if hit is not None:
                self.r.warn("path-punctuation", path, punctuation_message(read.text, *hit),
                            at=self.r.source.inside(path, compiled.text, start + hit[0]))

    def report(self, exc: ExpressionSyntaxError, text: str, path: tuple) -> None:
        shown = f" {text!r}" if "\n" not in text and len(text) <= 60 else ""
        self.r.error("expression", path, f"invalid expression{shown}: {exc.message}",
                     at=self.r.source.inside(path, text, exc.offset))

    def looks_like_expression(self, value: str, path: tuple, place: v.Place, key: str) -> None:
        """Warn about a literal string that reads like an expression on a key without '.$'."""
        text = value.strip()
        hint = f"'{key}.$'" if not isinstance(path[-1], int) else "a key ending in '.$' with toArray(...)"
        if text.startswith("$.") or text == "$":
            self.r.warn("aws-path", path, f"'{value}' is an AWS Step Functions path, and here a literal string: "
                                          f"a state's input is $Input (did you mean {hint} with "
                                          f"'$Input{text[1:]}'?)")
            return
        old = _OLD_ROOT.match(text)
        if old:
            root = "$Context" if old[1] == "context" else "$Input"
            self.r.warn("flow-path", path, f"'{value}' is an old FDL dialect path, and here a literal string "
                                           f"(did you mean {hint} with '{root}{text[len(old[0]):]}'?)")
            return
        call = _CALL.match(text)
        if text.startswith("$") or (call and call[1] in FUNCTIONS):
            try:
                compile_expression(text, v.ANYWHERE)
            except ExpressionSyntaxError:
                return
            self.r.warn("literal-expression", path, f"'{value}' is a literal string: only the values of keys "
                                                    f"ending in '.$' are evaluated (did you mean {hint}?)")
