"""Reading JSON text from outside (request bodies and parameters, execution inputs, task outputs, function payloads)
with a bound on nesting, in one place for every layer and protocol.

Python's parser recurses once per level and fakecloud's own code walks values recursively, so text nested deeper
than MAX_JSON_DEPTH is refused as invalid JSON (a ``json.JSONDecodeError``, hence a ``ValueError``, naming where
it passes the bound) before it is parsed; every caller already answers invalid JSON in its service's terms.
A lone surrogate (``"\\ud800"``, which UTF-8 cannot carry) is read as U+FFFD, as decoders that produce UTF-8 do,
so whatever a value is echoed into (a name in an error message, a stored message) can always be sent back."""
from __future__ import annotations

from types import MappingProxyType

import json
import re
from itertools import accumulate
from typing import Any

MAX_JSON_DEPTH = 100

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.S)
_STEP = MappingProxyType({"[": 1, "{": 1, "]": -1, "}": -1})
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def loads(text: str | bytes | bytearray) -> Any:
    """``json.loads`` for text from outside: bytes are decoded as json.loads would (UTF-8, -16 or -32), and text
    nested deeper than MAX_JSON_DEPTH raises ``json.JSONDecodeError``."""
    if isinstance(text, (bytes, bytearray)):
        text = bytes(text).decode(json.detect_encoding(text), "surrogatepass")
    check_depth(text)
    if _SURROGATE.search(text):
        text = _SURROGATE.sub(REPLACEMENT, text)
    value = json.loads(text)
    if _SURROGATE_ESCAPE.search(text):      # a pair is one character once parsed: what is left is lone
        value = _without_surrogates(value)
    return value


def _without_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        return _SURROGATE.sub(REPLACEMENT, value)
    if isinstance(value, list):
        return [_without_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {_without_surrogates(k): _without_surrogates(v) for k, v in value.items()}
    return value


def check_depth(text: str) -> None:
    """Raise ``json.JSONDecodeError`` at the bracket where ``text`` passes MAX_JSON_DEPTH levels of nesting."""
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return
    brackets = _NOT_BRACKET.sub("", _STRING.sub('""', text))
    if max(accumulate(map(_STEP.__getitem__, brackets)), default=0) <= MAX_JSON_DEPTH:
        return
    depth = 0
    for token in _TOKEN.finditer(text):          # only now: find where, for the message
        step = _STEP.get(token[0], 0)
        depth += step
        if depth > MAX_JSON_DEPTH:
            raise json.JSONDecodeError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels", text, token.start())
