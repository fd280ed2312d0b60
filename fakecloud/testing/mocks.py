"""Per-step mocks: answers for task steps chosen by step path, attempt and input, built on `Script`; a lookup
keeps why every other mock did not answer, and a strict check lists mocks not used as scripted."""
from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from fakecloud.engine.dataflow import json_size
from fakecloud.engine.outcomes import TaskFailure
from fakecloud.services.rules import is_rule, parse_rule, rules_of
from fakecloud.services.script import Return, Script, Throw

from .paths import PathPattern

Outcome = Return | Throw


class CallableMock:
    """A mock answered by Python code: ``fn(input)`` or ``fn(input, request)`` returns the task's result (or a
    Return/Throw); raising TaskFailure throws its error, any other exception throws its class name."""

    def __init__(self, fn: Callable, name: str):
        self.fn, self.name, self.calls = fn, name, 0
        try:
            params = [p for p in inspect.signature(fn).parameters.values()
                      if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL)]
            self.with_request = len(params) >= 2 or any(p.kind == p.VAR_POSITIONAL for p in params)
        except (TypeError, ValueError):
            self.with_request = False

    def answer(self, value: Any, request) -> Outcome:
        self.calls += 1
        try:
            result = self.fn(value, request) if self.with_request else self.fn(value)
        except TaskFailure as exc:
            return Throw(exc.error, exc.cause)
        except Exception as exc:    # the mock's own exception fails the task, named by its class
            return Throw(type(exc).__name__, str(exc))
        return result if isinstance(result, (Return, Throw)) else Return(result)

    def unused(self) -> list[str]:
        return [] if self.calls else [f"{self.name}: callable {getattr(self.fn, '__name__', 'mock')} was never called"]


def to_script(spec: Any, name: str, where: str | None = None) -> Script | CallableMock:
    """A mock from what a test or a scenario gives: a Script, a Return/Throw, a callable, a list (a sequence:
    each entry answers once, in order, unless it sets `times`), or plain script data (`{"return": ...}`,
    `{"0": {"throw": ...}, "1-": {"return": ...}}`). A mistake raises ValueError (TypeError for a spec of the
    wrong kind) starting with `where` (default: "mock 'name'")."""
    where = where or f"mock {name!r}"
    if isinstance(spec, Script):
        return spec
    if isinstance(spec, (Return, Throw)):
        script = Script(name)
        script.add(checked(spec, where))
        return script
    if callable(spec):
        return CallableMock(spec, name)
    if isinstance(spec, list):
        return _sequence(spec, name, where)
    if isinstance(spec, Mapping):
        try:
            parsed = rules_of(dict(spec))
        except ValueError as exc:
            raise ValueError(f"{where}: {exc}{_value_hint(spec)}") from None
        return _script(name, parsed, where)
    raise TypeError(f"{where}: a mock is a Script, Return/Throw, a list of them, a callable or script data, "
                    f"got {type(spec).__name__}")


def _sequence(spec: list, name: str, where: str) -> Script:
    """A list: each entry answers once, in order (a rule that sets `times` answers that often)."""
    parsed = []
    for i, item in enumerate(spec):
        if isinstance(item, (Return, Throw)):
            parsed.append((checked(item, f"{where}: entry {i}"), {"times": 1}))
            continue
        if isinstance(item, Mapping) and is_rule(item) and not any(str(k).lower() == "times" for k in item):
            item = {**item, "times": 1}
        try:
            parsed.append(parse_rule(item, f"entry {i}"))
        except ValueError as exc:
            raise ValueError(f"{where}: {exc}{_value_hint(item)}") from None
    return _script(name, parsed, where)


def _script(name: str, parsed: list, where: str) -> Script:
    script = Script(name)
    for outcome, options in parsed:
        script.add(checked(outcome, where), **options)
    return script


def _value_hint(spec: Any) -> str:
    """For a mapping that is no script data, how to answer with it as a value."""
    if not isinstance(spec, Mapping) or is_rule(spec):
        return ""
    hint = f"; to answer with this value, write Return({_short(spec)}) or {{'return': {_short(spec)}}}"
    if any(str(k).lower() == "handler" for k in spec):
        hint += ("; a handler belongs to the FC function, not to a step: fake_fc.register(name, fn) in Python, "
                 "services.fc.<service/function>.handler in a scenario")
    return hint


def checked(outcome: Outcome, where: str) -> Outcome:
    """`outcome` when a task can answer with it: a JSON value (or its text, or None) / an error name and cause
    as text. Else TypeError naming the mock, raised where the test set it up or where it answered."""
    if isinstance(outcome, Return):
        problem = not_json(outcome.value)
        if problem:
            raise TypeError(f"{where}: Return({_short(outcome.value)}) is not JSON ({problem}); a mock answers "
                            f"with a JSON value: a dict, list, string, number, boolean or None")
    elif not isinstance(outcome.error, str) or not outcome.error or not isinstance(outcome.cause, str):
        raise TypeError(f"{where}: Throw({_short(outcome.error)}, {_short(outcome.cause)}): the error is a "
                        f"non-empty string and the cause a string")
    return outcome


def not_json(value: Any) -> str:
    """Why `value` is not a JSON value, as the engine reads a task's result ("" when it is)."""
    if value is None or isinstance(value, str):
        return ""
    try:
        json_size(value)
    except (TypeError, ValueError, RecursionError) as exc:
        return str(exc)
    return ""


@dataclass
class Mock:
    pattern: PathPattern
    answers: Script | CallableMock
    order: int

    @property
    def name(self) -> str:
        return self.pattern.text

    def unused(self) -> list[str]:
        return self.answers.unused()


@dataclass(frozen=True)
class MockLookup:
    """One task attempt matched against every mock: the answer (None on a miss), the mock that gave it and
    why the mocks whose path matched did not answer."""
    outcome: Outcome | None
    mock: Mock | None
    reasons: tuple[str, ...]

    def __bool__(self) -> bool:
        return self.outcome is not None


class Mocks:
    """The mocks of one test, most specific pattern first (then in the order they were added)."""

    def __init__(self):
        self.items: list[Mock] = []

    def add(self, pattern: str, spec: Any = None) -> Script | CallableMock:
        """Add a mock for the steps `pattern` selects; without `spec`, an empty Script to fill in
        (`mocks.add("charge").returns({...})`). Returns the Script (or the callable mock)."""
        answers = to_script(Script(pattern) if spec is None else spec, pattern)
        if isinstance(answers, Script) and not answers.name:
            answers.name = pattern
        self.items.append(Mock(PathPattern(pattern), answers, len(self.items)))
        self.items.sort(key=lambda m: (tuple(-x for x in m.pattern.specificity), m.order))
        return answers

    def update(self, mocks: Mapping[str, Any] | None) -> None:
        for pattern, spec in (mocks or {}).items():
            self.add(pattern, spec)

    def find(self, path: str, value: Any, attempt: int, request=None) -> MockLookup:
        reasons: list[str] = []
        for mock in self.items:
            if not mock.pattern.matches(path):
                continue
            answers = mock.answers
            if isinstance(answers, CallableMock):
                return MockLookup(answers.answer(value, request), mock, tuple(reasons))
            lookup = answers.find(value, attempt)
            if lookup:
                return MockLookup(lookup.outcome, mock, tuple(reasons))
            reasons.append(f"mock {mock.name!r}: {lookup.explain()}")
        return MockLookup(None, None, tuple(reasons))

    def unused(self) -> list[str]:
        return [line for mock in sorted(self.items, key=lambda m: m.order) for line in mock.unused()]

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return True


def _short(value: Any, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
