"""Helpers of the parser error and warning tests: a flow from a list of steps, and the one error a definition
must produce."""
# Each test feeds a small definition to `check_text` and asserts the one error it must produce (or, for a
# few, the exact list). Positions are 1-based; for a value they point at its first character (inside the
# quotes of a quoted string for problems found inside it).
import textwrap

from fakecloud.fdl import ERROR, check_text

FILE = "flow.yaml"
HEAD = "version: v1\ntype: flow\nsteps:\n"   # steps given to `steps()` start on line 4
STEP_TYPES = "task, pass, wait, choice, succeed, fail, parallel, foreach"
FC = "acs:fc:::services/svc/functions/fn"


def check(text):
    return check_text(textwrap.dedent(text), FILE)


def steps(body):
    """A flow whose `steps:` list is `body` (dedented); the first step is on line 4."""
    return HEAD + textwrap.dedent(body)


def as_tuple(d):
    return (d.line, d.column, d.path, d.code, d.message)


def only_error(text):
    """The single diagnostic of a definition that must be rejected for exactly one reason."""
    report = check(text)
    assert report.flow is None and not report.ok
    assert len(report.errors) == 1, [d.format() for d in report.diagnostics]
    assert report.diagnostics == report.errors, [d.format() for d in report.diagnostics]
    d = report.errors[0]
    assert d.severity == ERROR and d.file == FILE
    return d


def error_list(text):
    report = check(text)
    assert report.flow is None
    return [as_tuple(d) for d in report.errors]
