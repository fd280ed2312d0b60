"""Scripted answers shared by every service fake: ordered rules, chosen by attempt index and input, that return
a value or throw an error; a lookup keeps the reason each rule did not match, and unused rules can be listed."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Union

from ..engine.outcomes import Outcome, Return, Throw, short as _short
from .rules import Attempts, kind as _kind, rules_of

Predicate = Union[Callable[[Any], Any], Mapping[str, Any], None]



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
        for outcome, options in rules_of(data, f"{self.name}: " if self.name else ""):
            self.add(outcome, **options)
        return self


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
