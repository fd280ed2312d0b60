"""The condition language of `choice` steps (`$.status == "ready" && !$.done`): a tokenizer and a
recursive-descent parser that compile each condition once into closures evaluated against the step input."""
from __future__ import annotations

import re
from types import MappingProxyType
from typing import Any, Callable, Mapping

from .bounds import MAX_CONDITION_DEPTH
from .paths import INPUT_ROOT, Path, PathSyntaxError, compile_path

_COMPARISONS = ("==", "!=", ">=", "<=", ">", "<")
_OPS2 = ("==", "!=", ">=", "<=", "&&", "||")
_TYPOS = MappingProxyType({"===": "==", "!==": "!=", "<>": "!=", "=": "==", "&": "&&", "|": "||"})
_PATH_STOP = frozenset("=!<>&|(),\"'")
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_HEX4 = re.compile(r"[0-9a-fA-F]{4}")
_LITERALS = MappingProxyType({"true": True, "false": False, "null": None})
_WORD_HINTS = MappingProxyType({"and": "&&", "or": "||", "not": "!", "none": "null", "nil": "null"})
_ESCAPES = MappingProxyType({'"': '"', "'": "'", "\\": "\\", "/": "/", "n": "\n", "t": "\t", "r": "\r",
            "b": "\b", "f": "\f"})
_NUM_TYPES = (int, float)


class ConditionSyntaxError(ValueError):
    """A condition could not be parsed; `offset` is the 0-based position of the problem in the text."""

    def __init__(self, message: str, offset: int, text: str = ""):
        super().__init__(f"{message} (at offset {offset})")
        self.message = message
        self.offset = offset
        self.text = text


def is_truthy(value: Any) -> bool:
    """Truthiness of a bare operand: false, null, 0, 0.0 and "" are false; all else (even [] and {}) true."""
    if value is None or value is False:
        return False
    if value is True:
        return True
    if isinstance(value, _NUM_TYPES):
        return value != 0
    if isinstance(value, str):
        return value != ""
    return True


def json_equal(a: Any, b: Any) -> bool:
    """Structural equality of JSON values: 1 == 1.0, but a boolean never equals a number."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, _NUM_TYPES):
        return isinstance(b, _NUM_TYPES) and a == b
    if isinstance(a, str):
        return isinstance(b, str) and a == b
    if a is None or b is None:
        return a is b
    if isinstance(a, dict):
        return (isinstance(b, dict) and len(a) == len(b)
                and all(k in b and json_equal(v, b[k]) for k, v in a.items()))
    if isinstance(a, (list, tuple)):
        return (isinstance(b, (list, tuple)) and len(a) == len(b)
                and all(json_equal(x, y) for x, y in zip(a, b)))
    return a == b


def _comparable(a: Any, b: Any) -> bool:
    ta, tb = type(a), type(b)
    if ta is str or tb is str:
        return ta is tb
    return (isinstance(a, _NUM_TYPES) and isinstance(b, _NUM_TYPES)
            and ta is not bool and tb is not bool)


_COMPARE: Mapping[str, Callable[[Any, Any], bool]] = MappingProxyType({
    "==": json_equal,
    "!=": lambda a, b: not json_equal(a, b),
    "<": lambda a, b: _comparable(a, b) and a < b,
    "<=": lambda a, b: _comparable(a, b) and a <= b,
    ">": lambda a, b: _comparable(a, b) and a > b,
    ">=": lambda a, b: _comparable(a, b) and a >= b,
})


# Shared with the state-machine expression language, which compares and quotes the same way.
COMPARE_OPERATORS = _COMPARE


class _Token:
    """A token (kind op|value|path|word|eof) or a parsed operand (kind value|path|bool) with its span."""
    __slots__ = ("kind", "value", "start", "end")

    def __init__(self, kind: str, value: Any, start: int, end: int):
        self.kind, self.value, self.start, self.end = kind, value, start, end

    def value_fn(self) -> Callable[[Any], Any]:
        if self.kind == "value":
            return lambda inp, _c=self.value: _c
        return self.value.getter(None) if self.kind == "path" else self.value

    def bool_fn(self) -> Callable[[Any], bool]:
        if self.kind == "value":
            return lambda inp, _b=is_truthy(self.value): _b
        if self.kind == "path":
            return lambda inp, _get=self.value.getter(None): is_truthy(_get(inp))
        return self.value


def _string(text: str, i: int) -> tuple[str, int]:
    quote, n, out, j = text[i], len(text), [], i + 1
    while j < n:
        c = text[j]
        if c == quote:
            return "".join(out), j + 1
        if c != "\\":
            out.append(c)
            j += 1
        elif (e := text[j + 1:j + 2]) == "u":
            if not _HEX4.fullmatch(text, j + 2, j + 6):
                raise ConditionSyntaxError("invalid \\u escape: expected 4 hex digits", j, text)
            out.append(chr(int(text[j + 2:j + 6], 16)))
            j += 6
        elif e and e in _ESCAPES:
            out.append(_ESCAPES[e])
            j += 2
        elif e:
            raise ConditionSyntaxError(f"invalid escape '\\{e}' in string", j, text)
        else:
            break
    raise ConditionSyntaxError("unterminated string", i, text)


read_string = _string   # (text, index of the opening quote) -> (value, index after the closing quote)


def _path_end(text: str, i: int) -> int:
    n, j = len(text), i + 1
    while j < n:
        c = text[j]
        if c in "'\"" and text[j - 1] == "[":          # a quoted name: skip to its closing quote
            j += 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            continue
        if c.isspace() or c in _PATH_STOP:
            break
        j += 1
    return j


def _tokens(text: str) -> list[_Token]:
    out, i, n = [], 0, len(text)
    while True:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            out.append(_Token("eof", None, n, n))
            return out
        c, two = text[i], text[i:i + 2]
        if c == "$":
            j = _path_end(text, i)
            try:
                kind, value = "path", compile_path(text[i:j], INPUT_ROOT)
            except PathSyntaxError as exc:
                raise ConditionSyntaxError(exc.message, i + exc.offset, text) from None
        elif c in "\"'":
            kind, (value, j) = "value", _string(text, i)
        elif (m := _NUMBER.match(text, i)) is not None:
            j = m.end()
            if j < n and text[j] == "." and not m[1]:
                raise ConditionSyntaxError("expected digits after the decimal point", j + 1, text)
            if j < n and text[j] in "eE" and not m[2]:
                raise ConditionSyntaxError("expected digits in the exponent", j + 1, text)
            kind, value = "value", float(m[0]) if m[1] or m[2] else int(m[0])
        elif (bad := next((t for t in (text[i:i + 3], two) if t in _TYPOS), None)) is not None:
            raise ConditionSyntaxError(f"unexpected '{bad}'; did you mean '{_TYPOS[bad]}'?", i, text)
        elif two in _OPS2 or c in "<>!()":
            kind, value = "op", two if two in _OPS2 else c
            j = i + len(value)
        elif c in _TYPOS:
            raise ConditionSyntaxError(f"unexpected '{c}'; did you mean '{_TYPOS[c]}'?", i, text)
        elif (m := _WORD.match(text, i)) is not None:
            word, j = m[0], m.end()
            hint = _WORD_HINTS.get(word.lower()) or (word.lower() if word.lower() in _LITERALS else None)
            if word not in _LITERALS and hint:
                raise ConditionSyntaxError(f"unexpected '{word}'; did you mean '{hint}'?", i, text)
            # an unknown word is reported by the parser, which knows whether a value was expected
            kind, value = ("value", _LITERALS[word]) if word in _LITERALS else ("word", word)
        elif c in "+-*/%":
            raise ConditionSyntaxError(f"unexpected '{c}'; arithmetic is not supported in conditions", i, text)
        else:
            raise ConditionSyntaxError(f"unexpected '{c}'", i, text)
        out.append(_Token(kind, value, i, j))
        i = j


def _compare(op: str, left: _Token, right: _Token) -> Callable[[Any], bool]:
    """Build the comparison closure, specialised for the common `path <op> constant` shape."""
    if left.kind == "value" and right.kind != "value" and op in ("==", "!="):
        left, right = right, left
    get = left.value_fn()
    if right.kind == "value":
        c = right.value
        if op in ("==", "!="):
            if c is None or isinstance(c, bool):
                eq = lambda inp: get(inp) is c                                    # noqa: E731
            elif isinstance(c, str):
                eq = lambda inp: get(inp) == c                                    # noqa: E731
            else:
                eq = lambda inp: (v := get(inp)) == c and v.__class__ is not bool  # noqa: E731
            return eq if op == "==" else (lambda inp: not eq(inp))
        fn = _COMPARE[op]
        return lambda inp: fn(get(inp), c)
    fn, get_right = _COMPARE[op], right.value_fn()
    return lambda inp: fn(get(inp), get_right(inp))


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.toks = _tokens(text)
        self.pos = 0
        self.depth = 0                 # '(' and '!' open around the token being read
        self.paths: list[Path] = []

    def error(self, message: str, offset: int) -> ConditionSyntaxError:
        return ConditionSyntaxError(message, offset, self.text)

    def nest(self, tok: _Token) -> None:
        self.depth += 1
        if self.depth > MAX_CONDITION_DEPTH:
            raise self.error(f"'{tok.value}' nests more than {MAX_CONDITION_DEPTH} levels of parentheses and '!'",
                             tok.start)

    def show(self, tok: _Token) -> str:
        return self.text[tok.start:tok.end]

    def peek_op(self, *ops: str) -> str | None:
        tok = self.toks[self.pos]
        return tok.value if tok.kind == "op" and tok.value in ops else None

    def parse(self) -> Callable[[Any], bool]:
        if self.toks[0].kind == "eof":
            raise self.error("empty condition", 0)
        node = self.or_()
        tok = self.toks[self.pos]
        if tok.kind != "eof":
            if tok.kind == "op" and tok.value == ")":
                raise self.error("unmatched ')'", tok.start)
            raise self.error(f"unexpected '{self.show(tok)}' after the end of the expression", tok.start)
        return node.bool_fn()

    def binary(self, op: str, operand) -> _Token:
        node = operand()
        if not self.peek_op(op):
            return node
        fns = [node.bool_fn()]
        while self.peek_op(op):
            self.pos += 1
            last = operand()
            fns.append(last.bool_fn())
        if len(fns) == 2:
            a, b = fns
            fn = (lambda inp: a(inp) or b(inp)) if op == "||" else (lambda inp: a(inp) and b(inp))
        else:
            combine = any if op == "||" else all
            fn = lambda inp, _fns=tuple(fns): combine(f(inp) for f in _fns)   # noqa: E731
        return _Token("bool", fn, node.start, last.end)

    def or_(self) -> _Token:
        return self.binary("||", self.and_)

    def and_(self) -> _Token:
        return self.binary("&&", self.unary)

    def unary(self) -> _Token:
        tok = self.toks[self.pos]
        if tok.kind == "op" and tok.value == "!":
            self.pos += 1
            self.nest(tok)
            inner = self.unary()
            self.depth -= 1
            fn = inner.bool_fn()
            return _Token("bool", lambda inp: not fn(inp), tok.start, inner.end)
        return self.cmp()

    def cmp(self) -> _Token:
        left = self.operand()
        op = self.peek_op(*_COMPARISONS)
        if op is None:
            return left
        self.pos += 1
        right = self.operand()
        nxt = self.toks[self.pos]
        if nxt.kind == "op" and nxt.value in _COMPARISONS:
            after = self.toks[self.pos + 1]
            mid = self.text[right.start:right.end]
            hint = (f"; did you mean '{self.text[left.start:left.end]} {op} {mid} && {mid} {nxt.value} "
                    f"{self.show(after)}'?" if after.kind in ("value", "path") else "; combine them with '&&'")
            raise self.error("comparisons cannot be chained" + hint, nxt.start)
        return _Token("bool", _compare(op, left, right), left.start, right.end)

    def operand(self) -> _Token:
        tok = self.toks[self.pos]
        if tok.kind in ("value", "path"):
            self.pos += 1
            if tok.kind == "path":
                self.paths.append(tok.value)
            return tok
        if tok.kind == "op" and tok.value == "(":
            self.pos += 1
            self.nest(tok)
            inner = self.or_()
            close = self.toks[self.pos]
            if close.kind == "op" and close.value == ")":
                self.pos += 1
                self.depth -= 1
                return _Token(inner.kind, inner.value, tok.start, close.end)
            if close.kind == "eof":
                raise self.error(f"missing ')' to close the '(' at offset {tok.start}", close.start)
            raise self.error(f"expected ')' to close the '(' at offset {tok.start}, "
                             f"found '{self.show(close)}'", close.start)
        if tok.kind == "word":
            raise self.error(f"unexpected '{tok.value}'; quote it for a string (\"{tok.value}\") "
                             f"or write a path ($.{tok.value})", tok.start)
        prev = self.toks[self.pos - 1] if self.pos else None
        after = f" after '{self.show(prev)}'" if prev is not None else ""
        if tok.kind == "eof":
            raise self.error(f"expected a value{after}", tok.start)
        raise self.error(f"expected a value{after}, found '{self.show(tok)}'", tok.start)


class Condition:
    """A compiled choice condition; `evaluate(step_input)` returns a bool and never raises for data.

    A missing path is null; `==`/`!=` compare JSON values structurally (numbers numerically, a boolean
    never equals a number); `< <= > >=` hold only between two numbers or two strings, else false;
    `!` covers the comparison after it (`!$.a == 1` is `!($.a == 1)`); truthiness is `is_truthy`.
    """

    __slots__ = ("text", "paths", "_fn")

    def __init__(self, text: str, paths: tuple[Path, ...], fn: Callable[[Any], bool]):
        for name, value in (("text", text), ("paths", paths), ("_fn", fn)):
            object.__setattr__(self, name, value)

    def __setattr__(self, name, value):
        raise AttributeError("Condition objects are immutable")

    def evaluate(self, step_input: dict) -> bool:
        return self._fn(step_input)

    def __eq__(self, other: object) -> bool:
        return self.text == other.text if isinstance(other, Condition) else NotImplemented

    def __hash__(self) -> int:
        return hash(("condition", self.text))

    def __repr__(self) -> str:
        return f"Condition({self.text!r})"

    def __reduce__(self):
        return compile_condition, (self.text,)

    def __deepcopy__(self, memo=None):
        return self

    __copy__ = __deepcopy__


def compile_condition(text: str) -> Condition:
    """Parse `text`; raise ConditionSyntaxError (with a 0-based offset) when it is not a valid condition."""
    if not isinstance(text, str):
        raise TypeError(f"a condition must be a string, not {type(text).__name__}")
    parser = _Parser(text)
    fn = parser.parse()
    return Condition(text, tuple(parser.paths), fn)
