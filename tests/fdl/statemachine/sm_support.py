"""Helpers of the state-machine front-end tests: a definition from a list of states, and the one diagnostic a
definition must produce."""
# Positions are 1-based; for a value they point at its first character (inside the quotes of a quoted string for
# problems found inside it). `machine(body)` puts the first state on line 6.
import textwrap

from fakecloud.fdl import ERROR, WARNING, check_text

FILE = "machine.yaml"
HEAD = "Type: StateMachine\nName: m\nSpecVersion: v1\nStartAt: S\nStates:\n"
FC = "acs:fc:::services/svc.LATEST/functions/fn"


def check(text, **options):
    return check_text(textwrap.dedent(text), FILE, **options)


def machine(body: str) -> str:
    """A state machine whose `States:` list is `body` (dedented); the first state, which should be named S, is on
    line 6."""
    return HEAD + textwrap.dedent(body)


def as_tuple(d):
    return (d.line, d.column, d.path, d.code, d.message)


def only_error(text, **options):
    """The single diagnostic of a definition that must be rejected for exactly one reason."""
    report = check(text, **options)
    assert report.flow is None and not report.ok
    assert len(report.diagnostics) == 1, [d.format() for d in report.diagnostics]
    d = report.diagnostics[0]
    assert d.severity == ERROR and d.file == FILE
    return d


def only_warning(text, **options):
    """The single diagnostic of a definition that is accepted with exactly one warning."""
    report = check(text, **options)
    assert report.ok, [d.format() for d in report.diagnostics]
    assert len(report.diagnostics) == 1, [d.format() for d in report.diagnostics]
    d = report.diagnostics[0]
    assert d.severity == WARNING and d.file == FILE
    return d


def all_of(text, **options):
    return [(d.severity,) + as_tuple(d) for d in check(text, **options).diagnostics]
