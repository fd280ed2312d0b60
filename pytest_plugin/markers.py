"""The plugin's markers and settings, checked where they are written: `@pytest.mark.fakecloud(...)` arguments and
values, `@pytest.mark.scenario(path)`, and the ini values that take a fixed set of words. A mistake fails the
test (or the session, for ini values) with the closest known name."""
from __future__ import annotations

from types import MappingProxyType

from typing import Any

import pytest

from fakecloud.testing.recording import MODES
from fakecloud.testing.unmocked import UNMOCKED_MODES

# The checks import what they compare with when a value is checked: a session whose tests use no fakecloud marker
# imports none of the engine or the front end.

WORLD_KEYS = ("seed", "start", "region", "account_id", "limits")
FAKECLOUD_KEYS = WORLD_KEYS + ("unmocked", "strict")
DESCRIPTIONS = (
    "fakecloud(seed=0, start=None, region=None, account_id=None, limits=None, unmocked=None, strict=True): "
    "settings of the test's fake world",
    "scenario(path): load a scenario file into the `scenario` fixture",
)


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value)


def _time(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return False
    from fakecloud.engine.clock import parse_time
    try:
        parse_time(value) if isinstance(value, str) else None
    except ValueError:
        return False
    return True


def _limits(value: Any) -> bool:
    from fakecloud.fdl.limits import Limits
    return isinstance(value, Limits)


def did_you_mean(word: str, choices) -> str:
    from fakecloud.fdl.diagnostics import did_you_mean as closest
    return closest(word, choices)


CHECKS = MappingProxyType({
    "seed": (lambda v: isinstance(v, (int, str)) and not isinstance(v, bool), "a number or a string"),
    "start": (lambda v: _time(v), "an RFC 3339 time such as '2030-01-01T00:00:00Z' or epoch milliseconds"),
    "region": (_text, "a region id such as 'cn-hangzhou'"),
    "account_id": (_text, "an account id (a string of digits)"),
    "limits": (lambda v: _limits(v), "a fakecloud.engine.Limits"),
    "strict": (lambda v: isinstance(v, bool), "True or False"),
})


def fakecloud_settings(node) -> dict:
    """The checked arguments of the `fakecloud` marker closest to `node` ({} without one); a mistake fails the
    test, naming the marker, the argument and the closest known one."""
    marker = node.get_closest_marker("fakecloud")
    if marker is None:
        return {}
    where = "@pytest.mark.fakecloud"
    if marker.args:
        fail(f"{where} takes keyword arguments only ({', '.join(FAKECLOUD_KEYS)}), got {marker.args!r}")
    for key, value in marker.kwargs.items():
        if key not in FAKECLOUD_KEYS:
            from fakecloud.services.fields import unknown
            fail(f"{where}: {unknown(key, FAKECLOUD_KEYS, 'argument')}")
        if key == "unmocked":
            if value not in UNMOCKED_MODES:
                fail(f"{where}(unmocked={value!r}): must be one of {', '.join(map(repr, UNMOCKED_MODES))}"
                     f"{did_you_mean(str(value), UNMOCKED_MODES)}")
            continue
        accepts, wanted = CHECKS[key]
        if not accepts(value):
            fail(f"{where}({key}={value!r}): {key} must be {wanted}")
    return dict(marker.kwargs)


def scenario_path(node) -> str:
    """The path the `scenario` marker names; a usage error without one."""
    marker = node.get_closest_marker("scenario")
    if marker is None or len(marker.args) != 1 or marker.kwargs or not isinstance(marker.args[0], str):
        given = "" if marker is None else f", got {_call(marker)}"
        fail(f"the scenario fixture needs @pytest.mark.scenario(\"path/to/x.scenario.yaml\"){given}")
    return marker.args[0]


def choice(value: Any, choices: tuple, what: str) -> None:
    """UsageError, naming the closest choice, unless `value` is one of `choices`."""
    if value not in choices:
        raise pytest.UsageError(f"{what} = {value!r}: must be one of {', '.join(choices)}"
                                f"{did_you_mean(str(value), choices)}")


def check_settings(config) -> None:
    """The options and ini values that take a fixed set of words, checked when the session starts."""
    for option, ini, choices in (("fakecloud_record_mode", "fakecloud_record_mode", MODES),
                                 ("fakecloud_unmocked", "fakecloud_unmocked", UNMOCKED_MODES)):
        given = config.getoption(option)
        if given is not None:
            choice(given, choices, f"--{option.replace('_', '-')}")
        choice(config.getini(ini), choices, f"ini {ini}")


def fail(message: str):
    __tracebackhide__ = True
    pytest.fail(message, pytrace=False)


def _call(marker) -> str:
    args = [repr(a) for a in marker.args] + [f"{k}={v!r}" for k, v in marker.kwargs.items()]
    return f"@pytest.mark.scenario({', '.join(args)})"
