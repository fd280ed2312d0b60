"""Diagnostics: the errors and warnings the FDL front end reports, each tied to a place in the file."""
from __future__ import annotations

from types import MappingProxyType

import re
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Iterable

ERROR = "error"
WARNING = "warning"

# What would break the one-line `file:line:col:` form or a terminal: line breaks and other control characters,
# and lone surrogates (which no UTF-8 output can carry).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_NAMED = MappingProxyType({"\n": "\\n", "\r": "\\r", "\t": "\\t"})


def one_line(text: str) -> str:
    """`text` with every character that could break a one-line message written as an escape (a newline as \\n)."""
    if text.isprintable():
        return text
    return _UNSAFE.sub(lambda m: _NAMED.get(m[0]) or (f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100
                                                        else f"\\u{ord(m[0]):04x}"), text)


def format_path(path: tuple) -> str:
    """Render a node path like ('steps', 2, 'choices', 0, 'goto') as 'steps[2].choices[0].goto'."""
    out = []
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif out:
            out.append(f".{part}")
        else:
            out.append(str(part))
    return "".join(out)


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to `word` (a case-insensitive match first), or None when nothing is close."""
    pool = list(candidates)
    lowered = {c.lower(): c for c in pool}
    if word.lower() in lowered and lowered[word.lower()] != word:
        return lowered[word.lower()]
    match = get_close_matches(word, pool, n=1, cutoff=0.6)
    return match[0] if match else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest candidate, or '' when nothing is close."""
    match = closest(word, candidates)
    return f" (did you mean '{match}'?)" if match else ""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    severity: str      # ERROR or WARNING
    code: str          # stable machine-readable id, e.g. "unknown-field"
    message: str       # what is wrong and what would be right
    file: str
    line: int          # 1-based
    column: int        # 1-based
    path: str = ""     # node path, e.g. "steps[2].choices[0].goto"; "" for the document itself

    def __post_init__(self):
        object.__setattr__(self, "message", one_line(self.message))
        object.__setattr__(self, "path", one_line(self.path))
        object.__setattr__(self, "file", one_line(self.file))

    def format(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {where}{self.message}"

    def to_dict(self) -> dict:
        return {
            "file": self.file, "line": self.line, "column": self.column, "severity": self.severity,
            "code": self.code, "path": self.path, "message": self.message,
        }

    def as_error(self) -> "Diagnostic":
        return Diagnostic(ERROR, self.code, self.message, self.file, self.line, self.column, self.path)


class FlowDefinitionError(Exception):
    """A flow definition was rejected; carries every diagnostic found (errors first)."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.format() for d in diagnostics))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == ERROR]
