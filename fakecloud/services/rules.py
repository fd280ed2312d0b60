"""Script rules as plain data (scenario files, recordings, control-plane bodies, `mocks={...}`): a rule is a
mapping of `attempt`, `when`, `times`, `duration` and exactly one of `return` / `throw`; a script is a list of
rules, one rule, or a mapping of attempt selectors to rules. Keys are case-insensitive; a mistake raises
ValueError naming the rule and the field as written, with the closest known field."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from ..engine.outcomes import Outcome, Return, Throw
from ..fdl.diagnostics import closest
from .fields import unknown

SELECTOR = re.compile(r"(\d+)(-(\d+)?)?")
RULE_FIELDS = ("attempt", "when", "times", "duration", "return", "throw")
_RULE_KEYS = frozenset(RULE_FIELDS)


@dataclass(frozen=True)
class Attempts:
    """A selector on the 0-based attempt index: one index ``"0"``, a range ``"1-2"``, from ``"3-"`` on, or any."""
    first: int = 0
    last: int | None = None       # inclusive; None: no upper bound
    text: str = "any"

    @classmethod
    def parse(cls, selector: str | int | None) -> Attempts:
        if selector is None:
            return cls()
        if isinstance(selector, int) and not isinstance(selector, bool) and selector >= 0:
            return cls(selector, selector, str(selector))
        m = SELECTOR.fullmatch(selector.strip()) if isinstance(selector, str) else None
        if not m:
            raise ValueError(f'attempt selector must be like "0", "1-2" or "3-", got {selector!r}')
        first = int(m.group(1))
        if not m.group(2):
            return cls(first, first, str(first))
        if m.group(3) is None:
            return cls(first, None, f"{first}-")
        last = int(m.group(3))
        if last < first:
            raise ValueError(f"attempt range {selector!r} ends before it starts")
        return cls(first, last, f"{first}-{last}")

    def __contains__(self, attempt: int) -> bool:
        return attempt >= self.first and (self.last is None or attempt <= self.last)

    @property
    def closed(self) -> bool:
        """True for a finite set of attempts, all of which a strict check expects to see."""
        return self.last is not None


def rules_of(data: Any, where: str = "") -> list[tuple[Outcome, dict[str, Any]]]:
    """Every rule of script data, parsed (all or nothing); `where` prefixes messages ("charge: ")."""
    if isinstance(data, Mapping):
        items: Iterable[tuple[int, Any]] = _mapping_rules(data, where)
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        raise ValueError(f"{where}a script is a list of rules or a mapping of attempts, got {kind(data)}")
    return [parse_rule(item, f"{where}rule {i}") for i, item in items]


def is_rule(data: Any) -> bool:
    """Whether `data` is one rule (a mapping with at least one rule field), as opposed to a mapping of attempts."""
    return isinstance(data, Mapping) and any(str(k).lower() in _RULE_KEYS for k in data)


def _mapping_rules(data: Mapping, where: str) -> list[tuple[int, Any]]:
    """One rule, or a mapping of attempt selectors to outcomes. A key that is neither (a misspelt field, a value
    written without `return`) is named as an unknown field, with the closest rule field."""
    if is_rule(data):
        return [(0, data)]
    for key in data:
        if _is_selector(key):
            continue
        value = data[key]
        if closest(str(key), RULE_FIELDS) is None and is_rule(value):
            continue                 # meant as an attempt: the selector itself is reported below
        raise ValueError(f"{where}{unknown(key, RULE_FIELDS)}; script data is a rule, a list of rules or a "
                         f"mapping of attempt selectors (\"0\", \"1-2\", \"3-\") to rules")
    return list(enumerate({"attempt": k, **_as_mapping(v, f"{where}attempt {k!r}")} for k, v in data.items()))


def _is_selector(key: Any) -> bool:
    if isinstance(key, bool):
        return False
    if isinstance(key, int):
        return key >= 0
    return isinstance(key, str) and SELECTOR.fullmatch(key.strip()) is not None


def parse_rule(item: Any, where: str) -> tuple[Outcome, dict[str, Any]]:
    """One rule of plain data: its outcome and the options of `Script.add` (ValueError naming the field)."""
    given = _as_mapping(item, where)
    bad = next((k for k in given if str(k).lower() not in _RULE_KEYS), None)
    if bad is not None:
        raise ValueError(f"{where}: {unknown(bad, RULE_FIELDS)}")
    rule = {str(k).lower(): v for k, v in given.items()}
    if ("return" in rule) == ("throw" in rule):
        raise ValueError(f"{where}: exactly one of 'return' or 'throw' is required")
    options: dict[str, Any] = {}
    try:
        options["attempt"] = None if rule.get("attempt") is None else Attempts.parse(rule["attempt"]).text
    except ValueError as e:
        raise ValueError(f"{where}: 'attempt': {e}") from None
    when = rule.get("when")
    if when is not None and not isinstance(when, Mapping):
        raise ValueError(f"{where}: 'when' must be a mapping (keys and values the input must contain), "
                         f"got {kind(when)}")
    options["when"] = when
    times = rule.get("times")
    if times is not None and (not isinstance(times, int) or isinstance(times, bool) or times < 1):
        raise ValueError(f"{where}: 'times' must be a positive integer, got {times!r}")
    options["times"] = times
    duration = rule.get("duration")
    if duration is not None and (not isinstance(duration, (int, float)) or isinstance(duration, bool) or duration < 0):
        raise ValueError(f"{where}: 'duration' must be a number of seconds >= 0, got {duration!r}")
    if "return" in rule:
        return Return(rule["return"], duration), options
    throw = rule["throw"]
    if isinstance(throw, str):
        throw = {"error": throw}
    given = _as_mapping(throw, f"{where}: 'throw'")
    bad = next((k for k in given if str(k).lower() not in ("error", "cause")), None)
    if bad is not None:
        raise ValueError(f"{where}: 'throw': {unknown(bad, ('error', 'cause'))}")
    throw = {str(k).lower(): v for k, v in given.items()}
    error, cause = throw.get("error"), throw.get("cause", "")
    if not isinstance(error, str) or not error:
        raise ValueError(f"{where}: 'throw.error' must be a non-empty string, got {error!r}")
    if not isinstance(cause, str):
        raise ValueError(f"{where}: 'throw.cause' must be a string, got {kind(cause)}")
    return Throw(error, cause, duration), options


def _as_mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ValueError(f"{where}: expected a mapping, got {kind(value)}")
    return value


def kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), type(value).__name__)
