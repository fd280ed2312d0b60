"""The nodes a compiled state-machine expression is made of, each evaluated against the variables of one moment
of an execution ($Input, $Output, $Context, $Global, $Item). Evaluation is pure: a function of the variables (and of
a random source, for `uuid()` and `randomInt()`)."""
from __future__ import annotations

from typing import Any

from ..conditions import COMPARE_OPERATORS, is_truthy
from ..paths import Path, PathMissing
from .functions import ANY, ARRAY, BOOLEAN, KIND_NAMES, OBJECT, Builtin, FunctionError, fits, kind_of, kinds_text

_ABSENT = object()


class EvaluationError(ValueError):
    """An expression could not produce a value from the data it was given (a missing path in a constructor, a
    function given the wrong kind of value)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Env:
    """What one evaluation reads: the variables by name (without '$'), whether a missing path is an error (else
    null), and the random source of uuid() and randomInt()."""
    __slots__ = ("variables", "strict", "rng")

    def __init__(self, variables, strict: bool, rng):
        self.variables, self.strict, self.rng = variables, strict, rng


class Node:
    __slots__ = ("start", "end")
    kind = ANY
    is_constant = False

    def evaluate(self, env: Env) -> Any:   # pragma: no cover - every node class defines it
        raise NotImplementedError


class Literal(Node):
    __slots__ = ("value", "kind")
    is_constant = True

    def __init__(self, value: Any, start: int, end: int):
        self.value, self.kind, self.start, self.end = value, kind_of(value), start, end

    def evaluate(self, env: Env) -> Any:
        return fresh(self.value)


def fresh(value: Any) -> Any:
    """A literal as a new value each time: maps and lists are copied (at every depth), so no evaluation can change
    what a compiled definition holds."""
    if isinstance(value, dict):
        return {k: fresh(v) for k, v in value.items()}
    if isinstance(value, list):
        return [fresh(v) for v in value]
    return value


def _follow(path: Path, value: Any, strict: bool) -> Any:
    if not strict:
        return path.resolve_or(value, None)
    try:
        return path.resolve(value)
    except PathMissing as exc:
        raise EvaluationError(f"{path.text}: {exc.detail}") from None


class Variable(Node):
    """`$Name` and the fields after it, e.g. `$Input.order.items[0]`."""
    __slots__ = ("name", "path", "_get")

    def __init__(self, name: str, path: Path, start: int, end: int):
        self.name, self.path, self.start, self.end = name, path, start, end
        self._get = path.getter(_ABSENT) if path.segments else None    # the path's specialised reader

    def evaluate(self, env: Env) -> Any:
        return self.read(env.variables, env.strict)

    def read(self, variables, strict: bool) -> Any:
        """The value in `variables`, as `evaluate` gives it (an expression that is only this path reads it so,
        without an Env)."""
        value = variables.get(self.name, _ABSENT)
        if value is _ABSENT:
            if strict:
                raise EvaluationError(f"{self.path.text}: ${self.name} has no value here")
            return None
        get = self._get
        if get is None:
            return value
        found = get(value)
        return _follow(self.path, value, strict) if found is _ABSENT else found    # missing: null, or the error


class Access(Node):
    """Fields read from a value that is not a variable: `stringToJson($Output.Body).Data[0]`."""
    __slots__ = ("base", "path")

    def __init__(self, base: Node, path: Path, start: int, end: int):
        self.base, self.path, self.start, self.end = base, path, start, end

    def evaluate(self, env: Env) -> Any:
        return _follow(self.path, self.base.evaluate(env), env.strict)


class Call(Node):
    __slots__ = ("function", "args", "kind")

    def __init__(self, function: Builtin, args: tuple, start: int, end: int):
        self.function, self.args, self.kind, self.start, self.end = function, args, function.returns, start, end

    def evaluate(self, env: Env) -> Any:
        fn = self.function
        values = [a.evaluate(env) for a in self.args]
        for i, value in enumerate(values):
            allowed = fn.params[i] if i < len(fn.params) else fn.rest
            if not fits(kind_of(value), allowed):
                raise EvaluationError(f"{fn.name}(): argument {i + 1} must be {kinds_text(allowed)}, "
                                      f"not {KIND_NAMES[kind_of(value)]}")
        try:
            return fn.run(env.rng, *values)
        except FunctionError as exc:
            raise EvaluationError(str(exc)) from None


class ArrayNode(Node):
    __slots__ = ("items",)
    kind = ARRAY

    def __init__(self, items: tuple, start: int, end: int):
        self.items, self.start, self.end = items, start, end

    def evaluate(self, env: Env) -> list:
        return [item.evaluate(env) for item in self.items]


class ObjectNode(Node):
    __slots__ = ("pairs",)
    kind = OBJECT

    def __init__(self, pairs: tuple, start: int, end: int):
        self.pairs, self.start, self.end = pairs, start, end

    def evaluate(self, env: Env) -> dict:
        return {key: node.evaluate(env) for key, node in self.pairs}


class Compare(Node):
    __slots__ = ("op", "left", "right", "_fn")
    kind = BOOLEAN

    def __init__(self, op: str, left: Node, right: Node):
        self.op, self.left, self.right = op, left, right
        self.start, self.end, self._fn = left.start, right.end, COMPARE_OPERATORS[op]

    def evaluate(self, env: Env) -> bool:
        return self._fn(self.left.evaluate(env), self.right.evaluate(env))


class Logic(Node):
    """`a && b && ...` or `a || b || ...`, by truthiness, evaluated left to right and only as far as needed."""
    __slots__ = ("op", "items")
    kind = BOOLEAN

    def __init__(self, op: str, items: tuple):
        self.op, self.items, self.start, self.end = op, items, items[0].start, items[-1].end

    def evaluate(self, env: Env) -> bool:
        if self.op == "&&":
            return all(is_truthy(item.evaluate(env)) for item in self.items)
        return any(is_truthy(item.evaluate(env)) for item in self.items)


class Not(Node):
    __slots__ = ("item",)
    kind = BOOLEAN

    def __init__(self, item: Node, start: int):
        self.item, self.start, self.end = item, start, item.end

    def evaluate(self, env: Env) -> bool:
        return not is_truthy(self.item.evaluate(env))
