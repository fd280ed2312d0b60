"""The expression language of state machines, compiled once at definition time: paths over the system variables
(`$Input.order.items[0]`), literals (JSON numbers, strings in double quotes, single quotes or back-ticks, arrays,
objects), built-in function calls nested at most 10 deep, and the Choice condition operators (`== != > >= < <=`,
`&& || !`, parentheses). Errors carry the 0-based offset of the offending character.

    expr = compile_expression("format('Hi {}', $Input.name)", OUTPUT_CONSTRUCTOR)
    expr.evaluate({"Input": {"name": "Ann"}})      # 'Hi Ann'
"""
from __future__ import annotations

from typing import Any, Mapping

from ..conditions import is_truthy
from . import variables as v
from .nodes import Env, EvaluationError, Node, Variable
from .syntax import ExpressionSyntaxError, Parser

__all__ = ("Condition", "EvaluationError", "Expression", "ExpressionSyntaxError", "compile_condition",
           "compile_expression")


class Expression:
    """A compiled expression. `evaluate` raises EvaluationError when a path does not resolve."""
    __slots__ = ("text", "node", "variables", "paths", "variable")
    strict = True

    def __init__(self, text: str, node: Node, variables: frozenset[str], paths: tuple = ()):
        self.text, self.node, self.variables = text, node, variables
        self.paths = paths      # (offset in the text, fdl.paths.Path) of every path it reads
        # the Variable node when the expression is only a variable and the fields after it: read without an Env
        self.variable = node if node.__class__ is Variable else None

    @property
    def kind(self) -> str:
        """What it yields when that is known at definition time ('string', 'array', ...), else 'any'."""
        return self.node.kind

    def evaluate(self, variables: Mapping[str, Any], rng=None) -> Any:
        """The value for `variables` ({"Input": ..., "Context": ..., ...}); `rng` (a random.Random) feeds
        uuid() and randomInt()."""
        variable = self.variable
        if variable is not None:
            return variable.read(variables, self.strict)
        return self.node.evaluate(Env(variables, self.strict, rng))

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.text == self.text

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.text))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.text!r})"


class Condition(Expression):
    """A compiled Choice condition: a missing path is null, and the result is taken by truthiness."""
    __slots__ = ()
    strict = False

    def evaluate(self, variables: Mapping[str, Any], rng=None) -> bool:
        return is_truthy(self.node.evaluate(Env(variables, False, rng)))


def compile_expression(text: str, place: v.Place = v.ANYWHERE, *, max_nesting: int = 10) -> Expression:
    parser = Parser(text, place, max_nesting)
    return Expression(text, parser.parse(), frozenset(parser.used), tuple(parser.paths))


def compile_condition(text: str, place: v.Place = v.CONDITION, *, max_nesting: int = 10) -> Condition:
    parser = Parser(text, place, max_nesting)
    return Condition(text, parser.parse(), frozenset(parser.used), tuple(parser.paths))
