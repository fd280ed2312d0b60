"""Scripted answers shared by every service fake: ordered rules, chosen by attempt index and input, that return
a value or throw an error; a lookup keeps the reason each rule did not match, and unused rules can be listed."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Union

from ..engine.outcomes import Outcome, Return, Throw, short as _short

Predicate = Union[Callable[[Any], Any], Mapping[str, Any], None]



_SELECTOR = re.compile(r"(\d+)(-(\d+)?)?")


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
        m = _SELECTOR.fullmatch(selector.strip()) if isinstance(selector, str) else None
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


@dataclass(eq=False)
class Rule:
    """One scripted answer: where it applies (attempts, predicate), what it answers and how often."""
    index: int
    outcome: Outcome
    attempts: Attempts = field(default_factory=Attempts)
    when: Predicate = None
    times: int | None = None      # None: unlimited
    uses: int = 0
    seen: set[int] = field(default_factory=set)    # attempt indexes this rule answered

    def describe(self) -> str:
        parts = []
        if self.attempts.text != "any":
            parts.append(f"attempt {self.attempts.text}")
        if self.when is not None:
            parts.append(f"when {_describe_when(self.when)}")
        if self.times is not None:
            parts.append(f"times={self.times}")
        scope = f" ({', '.join(parts)})" if parts else ""
        return f"rule {self.index}{scope}: {self.outcome.describe()}"

    def miss(self, value: Any, attempt: int) -> str | None:
        """Why this rule does not answer (``value``, ``attempt``), or None when it does."""
        if self.times is not None and self.uses >= self.times:
            return f"used up (times={self.times})"
        if attempt not in self.attempts:
            return f"attempt {attempt} not in {self.attempts.text}"
        return _when_miss(self.when, value)

    def unfinished(self) -> str | None:
        """What a strict check should report about this rule, or None when it was used as scripted."""
        if self.uses == 0:
            return f"{self.describe()} was never used"
        if self.times is not None and self.uses < self.times:
            return f"{self.describe()} was used {self.uses} of {self.times} times"
        if self.attempts.closed:
            missing = [a for a in range(self.attempts.first, self.attempts.last + 1) if a not in self.seen]
            if missing:
                return f"{self.describe()} never answered attempt {', '.join(map(str, missing))}"
        return None


@dataclass(frozen=True)
class Lookup:
    """The result of matching one call: the outcome (None on a miss) and why the other rules did not match."""
    outcome: Outcome | None
    rule: Rule | None
    reasons: tuple[str, ...]

    def __bool__(self) -> bool:
        return self.outcome is not None

    def explain(self) -> str:
        return "; ".join(self.reasons) if self.reasons else "no rules"


class Script:
    """An ordered list of rules; the first rule that matches a call answers it."""

    def __init__(self, name: str = ""):
        self.name = name
        self.rules: list[Rule] = []

    def add(self, outcome: Outcome, *, attempt: str | int | None = None, when: Predicate = None,
            times: int | None = None) -> Rule:
        if not isinstance(outcome, (Return, Throw)):
            raise TypeError(f"a rule answers with Return(...) or Throw(...), got {outcome!r}")
        if when is not None and not callable(when) and not isinstance(when, Mapping):
            raise TypeError(f"'when' is a callable or a mapping (a subset of the input), got {when!r}")
        if times is not None and (not isinstance(times, int) or isinstance(times, bool) or times < 1):
            raise ValueError(f"'times' must be a positive integer, got {times!r}")
        rule = Rule(len(self.rules), outcome, Attempts.parse(attempt), when, times)
        self.rules.append(rule)
        return rule

    def returns(self, value: Any, *, attempt: str | int | None = None, when: Predicate = None,
                times: int | None = None, duration: float | None = None) -> Script:
        self.add(Return(value, duration), attempt=attempt, when=when, times=times)
        return self

    def throws(self, error: str, cause: str = "", *, attempt: str | int | None = None, when: Predicate = None,
               times: int | None = None, duration: float | None = None) -> Script:
        self.add(Throw(error, cause, duration), attempt=attempt, when=when, times=times)
        return self

    def find(self, value: Any, attempt: int, *, consume: bool = True) -> Lookup:
        """The first rule matching (``value``, ``attempt``); with ``consume`` the match counts as a use."""
        if not isinstance(attempt, int) or isinstance(attempt, bool) or attempt < 0:
            raise ValueError(f"an attempt index is an integer >= 0, got {attempt!r}")
        reasons: list[str] = []
        for rule in self.rules:
            why = rule.miss(value, attempt)
            if why is None:
                if consume:
                    rule.uses += 1
                    rule.seen.add(attempt)
                return Lookup(rule.outcome, rule, tuple(reasons))
            reasons.append(f"rule {rule.index}: {why}")
        return Lookup(None, None, tuple(reasons))

    def answer(self, value: Any, attempt: int) -> Outcome | None:
        return self.find(value, attempt).outcome

    def unused(self) -> list[str]:
        """Readable descriptions of the rules never used, used fewer times than scripted, or with attempts unseen."""
        prefix = f"{self.name}: " if self.name else ""
        return [prefix + text for rule in self.rules if (text := rule.unfinished())]

    def assert_all_used(self) -> None:
        left = self.unused()
        if left:
            raise AssertionError("scripted answers not used:\n  " + "\n  ".join(left))

    def clear(self) -> None:
        self.rules.clear()

    def __len__(self) -> int:
        return len(self.rules)

    def __repr__(self) -> str:
        return f"<Script {self.name or '(unnamed)'}: {len(self.rules)} rules>"

    @classmethod
    def from_data(cls, data: Any, *, name: str = "") -> Script:
        """Build a script from plain data (a scenario file, a control-plane request); see ``extend``."""
        script = cls(name)
        script.extend(data)
        return script

    def extend(self, data: Any) -> Script:
        """Add rules from plain data: a list of rules ``{attempt, when, times, duration, return | throw}``, one
        such rule, or a mapping of attempt selectors to outcomes (``{"0": {"Throw": {"Error": ..., "Cause": ...}},
        "1-": {"Return": ...}}``). Keys are case-insensitive. Invalid data raises ValueError naming the field."""
        where = f"{self.name}: " if self.name else ""
        if isinstance(data, Mapping) and _RULE_KEYS & {str(k).lower() for k in data}:
            items: Iterable[tuple[int, Any]] = [(0, data)]
        elif isinstance(data, Mapping):
            items = enumerate({"attempt": k, **_as_mapping(v, f"{where}attempt {k!r}")} for k, v in data.items())
        elif isinstance(data, list):
            items = enumerate(data)
        else:
            raise ValueError(f"{where}a script is a list of rules or a mapping of attempts, got {_kind(data)}")
        parsed = [_parse_rule(item, f"{where}rule {i}") for i, item in items]   # all or nothing
        for outcome, options in parsed:
            self.add(outcome, **options)
        return self


_RULE_FIELDS = ("attempt", "when", "times", "duration", "return", "throw")
_RULE_KEYS = frozenset(_RULE_FIELDS)


def _parse_rule(item: Any, where: str) -> tuple[Outcome, dict[str, Any]]:
    rule = {str(k).lower(): v for k, v in _as_mapping(item, where).items()}
    unknown = sorted(set(rule) - _RULE_KEYS)
    if unknown:
        raise ValueError(f"{where}: unknown field {unknown[0]!r} (known: {', '.join(_RULE_FIELDS)})")
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
                         f"got {_kind(when)}")
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
    throw = {str(k).lower(): v for k, v in _as_mapping(throw, f"{where}: 'throw'").items()}
    extra = sorted(set(throw) - {"error", "cause"})
    if extra:
        raise ValueError(f"{where}: unknown field 'throw.{extra[0]}' (known: error, cause)")
    error, cause = throw.get("error"), throw.get("cause", "")
    if not isinstance(error, str) or not error:
        raise ValueError(f"{where}: 'throw.error' must be a non-empty string, got {error!r}")
    if not isinstance(cause, str):
        raise ValueError(f"{where}: 'throw.cause' must be a string, got {_kind(cause)}")
    return Throw(error, cause, duration), options


def _as_mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ValueError(f"{where}: expected a mapping, got {_kind(value)}")
    return value


def _when_miss(when: Predicate, value: Any) -> str | None:
    if when is None:
        return None
    if isinstance(when, Mapping):
        return _subset_miss(when, value, "input")
    try:
        ok = when(value)
    except Exception as e:      # a predicate that cannot read the input does not match it
        return f"predicate {_describe_when(when)} raised {type(e).__name__}: {e}"
    return None if ok else f"predicate {_describe_when(when)} is false"


def _subset_miss(expected: Mapping[str, Any], actual: Any, where: str) -> str | None:
    if not isinstance(actual, Mapping):
        return f"{where} is {_kind(actual)}, not an object"
    for key, want in expected.items():
        if key not in actual:
            return f"{where} lacks key {key!r}"
        got = actual[key]
        if isinstance(want, Mapping) and isinstance(got, Mapping):
            why = _subset_miss(want, got, f"{where}[{key!r}]")
            if why:
                return why
        elif not _same(got, want):
            return f"{where}[{key!r}] is {_short(got)}, not {_short(want)}"
    return None


def _same(a: Any, b: Any) -> bool:
    """JSON equality: a boolean never equals a number."""
    if isinstance(a, bool) != isinstance(b, bool):
        return False
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


def _describe_when(when: Predicate) -> str:
    if isinstance(when, Mapping):
        return _short(dict(when))
    return getattr(when, "__name__", None) or repr(when)


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), type(value).__name__)
