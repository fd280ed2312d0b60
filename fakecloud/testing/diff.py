"""A structural diff of JSON data for failure messages: one line per difference, named by its JSON path
(`$.items[1].sku: expected "pot", got "pan"`); `subset` ignores keys the expectation does not name."""
from __future__ import annotations

import json
import re
from typing import Any

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def show(value: Any, limit: int = 80) -> str:
    """Compact JSON (Python repr for what JSON cannot hold), cut at `limit` characters."""
    try:
        text = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def same(a: Any, b: Any) -> bool:
    """JSON equality: a boolean never equals a number."""
    if isinstance(a, bool) != isinstance(b, bool):
        return False
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def _key(where: str, key: Any) -> str:
    return f"{where}.{key}" if isinstance(key, str) and _IDENT.match(key) else f"{where}[{json.dumps(key)}]"


def differences(expected: Any, actual: Any, *, subset: bool = False, where: str = "$") -> list[str]:
    """Every difference between `expected` and `actual`; empty when they agree."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        out = []
        for key, want in expected.items():
            if key not in actual:
                out.append(f"{_key(where, key)}: missing, expected {show(want)}")
            else:
                out.extend(differences(want, actual[key], subset=subset, where=_key(where, key)))
        if not subset:
            out.extend(f"{_key(where, key)}: unexpected {show(got)}" for key, got in actual.items()
                       if key not in expected)
        return out
    if isinstance(expected, list) and isinstance(actual, list):
        out = []
        if len(expected) != len(actual):
            out.append(f"{where}: expected {len(expected)} items, got {len(actual)}")
        for i, (want, got) in enumerate(zip(expected, actual)):
            out.extend(differences(want, got, subset=subset, where=f"{where}[{i}]"))
        return out
    if same(expected, actual):
        return []
    return [f"{where}: expected {show(expected)}, got {show(actual)}"]
