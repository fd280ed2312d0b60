"""JSON text as the workflow service (written in Go) serialises a non-string MessageBody: compact (no spaces),
keys in their given order, Go's escaping (``<``, ``>``, ``&``, U+2028 and U+2029 as \\u escapes, non-ASCII
characters kept as they are) and Go's float format (``1`` for 1.0, ``1e+21``, ``1e-7``)."""
from __future__ import annotations

import math
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Mapping

from .errors import schema_error

_SHORT = MappingProxyType({'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"})
_UNICODE = frozenset({"<", ">", "&", "\u2028", "\u2029"})


def _string(text: str) -> str:
    out = ['"']
    for ch in text:
        if ch in _SHORT:
            out.append(_SHORT[ch])
        elif ch < " " or ch in _UNICODE:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _float(value: float, name: str) -> str:
    if math.isnan(value) or math.isinf(value):
        raise schema_error(name)
    if value == 0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    number = Decimal(repr(value)).normalize()
    if 1e-6 <= abs(value) < 1e21:
        return format(number, "f")
    sign, digits, exponent = number.as_tuple()
    mantissa = str(digits[0]) + ("." + "".join(map(str, digits[1:])) if len(digits) > 1 else "")
    power = exponent + len(digits) - 1
    # Go writes at least two exponent digits, then shortens "e-07" to "e-7"
    suffix = f"e+{power:02d}" if power >= 0 else f"e-{-power}"
    return ("-" if sign else "") + mantissa + suffix


def dumps(value: Any, name: str = "MessageBody") -> str:
    """``value`` (None, bool, int, float, str, list/tuple, mapping with string keys) as Go writes it; anything
    else is a schema error on ``name``."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value, name)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(dumps(v, name) for v in value) + "]"
    if isinstance(value, Mapping):
        parts = []
        for key, item in value.items():
            if not isinstance(key, str):
                raise schema_error(name)
            parts.append(_string(key) + ":" + dumps(item, name))
        return "{" + ",".join(parts) + "}"
    raise schema_error(name)
