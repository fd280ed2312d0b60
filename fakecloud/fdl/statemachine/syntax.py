"""The grammar of state-machine expressions: a recursive-descent parser over the text that builds the nodes of
`nodes.py`, checking variables, $Context fields and function calls as it goes. Every error carries the 0-based
offset of the offending character."""
from __future__ import annotations

from types import MappingProxyType

import re

from ..conditions import ConditionSyntaxError, read_string
from ..paths import Path
from . import variables as v
from .functions import FUNCTIONS, unknown_function
from .nodes import Access, ArrayNode, Call, Compare, Literal, Logic, Node, Not, ObjectNode, Variable

MAX_DEPTH = 64    # brackets, calls and '!' inside one another: deeper input is refused, never a crash
_STOP = frozenset(" \t\r\n.[](){},:'\"`=!<>&|+*/%")
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?")
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_ROOT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_COMPARISONS = ("==", "!=", ">=", "<=", ">", "<")
_TYPOS = (("===", "=="), ("!==", "!="), ("<>", "!="))
_LITERALS = MappingProxyType({"true": True, "false": False, "null": None})


class ExpressionSyntaxError(ValueError):
    """An expression could not be compiled; `offset` is the 0-based position of the problem in its text."""

    def __init__(self, message: str, offset: int):
        super().__init__(f"{message} (at offset {offset})")
        self.message = message
        self.offset = offset


class Parser:
    def __init__(self, text: str, place: v.Place, max_nesting: int):
        if not isinstance(text, str):
            raise TypeError(f"an expression is a string, not {type(text).__name__}")
        self.t, self.i, self.n = text, 0, len(text)
        self.place, self.max_nesting = place, max_nesting
        self.calls = self.depth = 0
        self.used: set[str] = set()
        self.paths: list[tuple[int, Path]] = []     # (offset, path) of every path read, in order

    # -- helpers ---------------------------------------------------------------------------------
    def error(self, message: str, offset: int | None = None) -> ExpressionSyntaxError:
        return ExpressionSyntaxError(message, self.i if offset is None else offset)

    def ws(self) -> None:
        while self.i < self.n and self.t[self.i].isspace():
            self.i += 1

    def take(self, token: str) -> bool:
        self.ws()
        if self.t.startswith(token, self.i):
            self.i += len(token)
            return True
        return False

    def shown(self) -> str:
        m = _IDENT.match(self.t, self.i)
        return m[0] if m else self.t[self.i]

    def deeper(self, at: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(f"expression nested more than {MAX_DEPTH} levels deep", at)

    # -- grammar ---------------------------------------------------------------------------------
    def parse(self) -> Node:
        self.ws()
        if self.i >= self.n:
            raise self.error("empty expression", 0)
        node = self.logic("||")
        self.ws()
        if self.i < self.n:
            if self.t[self.i] == ")":
                raise self.error("unmatched ')'")
            raise self.error(f"unexpected '{self.shown()}' after the end of the expression")
        return node

    def logic(self, op: str) -> Node:
        operand = (lambda: self.logic("&&")) if op == "||" else self.negation
        items = [operand()]
        while self.take(op):
            items.append(operand())
        return items[0] if len(items) == 1 else Logic(op, tuple(items))

    def negation(self) -> Node:
        self.ws()
        if self.t.startswith("!", self.i) and not self.t.startswith("!=", self.i):
            start = self.i
            self.deeper(start)
            self.i += 1
            node = Not(self.negation(), start)
            self.depth -= 1
            return node
        return self.comparison()

    def comparison(self) -> Node:
        left = self.postfix()
        op = self.operator()
        if op is None:
            return left
        right = self.postfix()
        self.ws()
        at = self.i
        if self.operator() is not None:
            raise self.error("comparisons cannot be chained; combine them with '&&'", at)
        return Compare(op, left, right)

    def operator(self) -> str | None:
        self.ws()
        t, i = self.t, self.i
        for typo, right in _TYPOS:
            if t.startswith(typo, i):
                raise self.error(f"unexpected '{typo}'; did you mean '{right}'?")
        for op in _COMPARISONS:
            if t.startswith(op, i):
                self.i += len(op)
                return op
        c = t[i] if i < self.n else ""
        if c in ("=", "&", "|") and not t.startswith(c * 2, i):
            raise self.error(f"unexpected '{c}'; did you mean '{c * 2}'?")
        if c and c in "+-*/%":
            raise self.error(f"unexpected '{c}'; arithmetic is not part of the expression language "
                             f"(intAdd(a, b) adds integers)")
        return None

    def postfix(self) -> Node:
        self.ws()
        start = self.i
        if self.t.startswith("$", start):
            return self.variable(start)
        node = self.primary()
        segments, ends = self.segments(self.i - start)
        if not segments:
            return node
        path = Path(self.t[start:self.i], "value", segments, ends)
        self.paths.append((start, path))
        return Access(node, path, start, self.i)

    def variable(self, start: int) -> Node:
        m = _ROOT.match(self.t, start + 1)
        name = m[0] if m else ""
        self.i = start + 1 + len(name)
        segments, ends = self.segments(self.i - start)
        text = self.t[start:self.i]
        if name not in v.VARIABLES:
            raise self.error(v.unknown_variable(name, text[1 + len(name):]), start)
        if name not in self.place.variables:
            raise self.error(v.not_available(name, self.place), start)
        if name == v.CONTEXT:
            problem = v.context_problem(segments)
            if problem is not None:
                raise self.error(problem[1], start + ends[problem[0]] + 1)
            if v.reads_output(segments) and v.OUTPUT not in self.place.variables:
                raise self.error("$Context.Current.Output is $Output: " + v.not_available(v.OUTPUT, self.place),
                                 start)
        self.used.add(name)
        path = Path(text, name, segments, ends)
        self.paths.append((start, path))
        return Variable(name, path, start, self.i)

    def segments(self, base_end: int) -> tuple[tuple, tuple]:
        """The `.name`, `[n]` and `['name']` accessors at the cursor, with each one's end relative to the
        path's start (the first end is `base_end`, the end of what they apply to)."""
        t, n = self.t, self.n
        origin = self.i - base_end
        segments, ends = [], [base_end]
        while self.i < n and t[self.i] in ".[":
            if t[self.i] == ".":
                j = self.i + 1
                if t.startswith(".", j):
                    raise self.error("recursive descent '..' is not supported", self.i)
                k = j
                while k < n and t[k] not in _STOP:
                    k += 1
                if k == j:
                    raise self.error("expected a field name after '.'", j)
                segments.append(("key", t[j:k]))
                self.i = k
            else:
                segments.append(self.bracket())
            ends.append(self.i - origin)
        return tuple(segments), tuple(ends)

    def bracket(self) -> tuple:
        t, j = self.t, self.i + 1
        c = t[j] if j < self.n else ""
        if c.isdigit():
            k = j
            while k < self.n and t[k].isdigit():
                k += 1
            segment, j = ("index", int(t[j:k])), k
        elif c and c in "'\"":
            name, j = self.string(j)
            segment = ("key", name)
        elif c in ("*", "-", "?"):
            what = {"*": "wildcards", "-": "negative indexes", "?": "filter expressions"}[c]
            raise self.error(f"{what} are not supported in paths", j)
        else:
            raise self.error("expected a number or a quoted name after '['", j)
        if not t.startswith("]", j):
            found = t[j] if j < self.n else ""
            what = {":": "slices are not supported", ",": "unions are not supported"}
            raise self.error(what.get(found, "expected ']'"), j)
        self.i = j + 1
        return segment

    def string(self, at: int) -> tuple[str, int]:
        try:
            return read_string(self.t, at)
        except ConditionSyntaxError as exc:
            raise self.error(exc.message, exc.offset) from None

    def primary(self) -> Node:
        t, start = self.t, self.i
        if start >= self.n:
            before = t[:start].rstrip()
            raise self.error(f"expected a value after '{before[-12:]}'" if before else "expected a value")
        c = t[start]
        if c in "\"'`":
            value, self.i = self.string(start)
            return Literal(value, start, self.i)
        if c.isdigit() or (c == "-" and t[start + 1:start + 2].isdigit()):
            m = _NUMBER.match(t, start)
            self.i = m.end()
            return Literal(float(m[0]) if m[1] or m[2] else int(m[0]), start, self.i)
        if c == "(":
            self.deeper(start)
            self.i += 1
            inner = self.logic("||")
            if not self.take(")"):
                raise self.error(f"expected ')' to close the '(' at offset {start}")
            self.depth -= 1
            return inner
        if c == "[":
            return self.collection(start, "]", self.array_item)
        if c == "{":
            return self.collection(start, "}", self.object_item)
        m = _IDENT.match(t, start)
        if m is not None:
            self.i = m.end()
            if self.take("("):
                return self.call(m[0], start)
            self.i = m.end()
            return self.word(m[0], start)
        raise self.error(f"expected a value, found '{c}'")

    def word(self, word: str, start: int) -> Node:
        if word in _LITERALS:
            return Literal(_LITERALS[word], start, self.i)
        if word.lower() in _LITERALS:
            raise self.error(f"unexpected '{word}'; did you mean '{word.lower()}'?", start)
        raise self.error(f"unexpected '{word}'; quote it for a string (\"{word}\") or write a path "
                         f"($Input.{word})", start)

    def collection(self, start: int, close: str, item) -> Node:
        self.deeper(start)
        self.i += 1
        items: list = []
        if not self.take(close):
            while True:
                item(items)
                if self.take(close):
                    break
                if not self.take(","):
                    raise self.error(f"expected ',' or '{close}'")
        self.depth -= 1
        end = self.i
        if close == "]":
            if all(x.is_constant for x in items):
                return Literal([x.value for x in items], start, end)
            return ArrayNode(tuple(items), start, end)
        if all(node.is_constant for _, node in items):
            return Literal({k: node.value for k, node in items}, start, end)
        return ObjectNode(tuple(items), start, end)

    def array_item(self, items: list) -> None:
        items.append(self.logic("||"))

    def object_item(self, items: list) -> None:
        self.ws()
        at = self.i
        if not self.t.startswith(("\"", "'"), at):
            raise self.error("expected a quoted key")
        key, self.i = self.string(at)
        if any(k == key for k, _ in items):
            raise self.error(f"duplicate key {key!r} in an object", at)
        if not self.take(":"):
            raise self.error("expected ':' after the key")
        items.append((key, self.logic("||")))

    def call(self, name: str, start: int) -> Node:
        fn = FUNCTIONS.get(name)
        if fn is None:
            raise self.error(unknown_function(name), start)
        self.calls += 1
        if self.calls > self.max_nesting:
            raise self.error(f"built-in functions nest at most {self.max_nesting} levels deep", start)
        self.deeper(start)
        args: list[Node] = []
        if not self.take(")"):
            while True:
                args.append(self.logic("||"))
                if self.take(")"):
                    break
                if not self.take(","):
                    raise self.error(f"expected ',' or ')' in the arguments of {name}()")
        self.calls -= 1
        self.depth -= 1
        problem = fn.check_call(tuple(args))
        if problem is not None:
            raise self.error(problem[1], start if problem[0] is None else args[problem[0]].start)
        return Call(fn, tuple(args), start, self.i)
