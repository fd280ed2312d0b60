"""Attribute and parameter values: coercion of what a test or the wire layer passes (ints, digit strings,
booleans, "true"/"false") into checked values, and the documented ranges and defaults of queue and topic
attributes, each under its wire name."""
from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Mapping

from .errors import range_error, schema_error

_INT = re.compile(r"[+-]?\d+")


@dataclass(frozen=True)
class IntRange:
    low: int
    high: int
    default: int | None = None
    unit: str = ""          # "seconds", "bytes" or "" (a count), as the service's range message says it

    def check(self, name: str, value: Any) -> int:
        number = to_int(name, value)
        if not self.low <= number <= self.high:
            raise range_error(name, self.low, self.high, self.unit)
        return number


def to_int(name: str, value: Any) -> int:
    """An integer from an int, an integral float or a decimal string; anything else is a schema error."""
    if isinstance(value, bool):
        raise schema_error(name)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _INT.fullmatch(value.strip()):
        return int(value.strip())
    raise schema_error(name)


def to_bool(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise schema_error(name)


# --- documented limits ----------------------------------------------------------------------------------------

DELAY_SECONDS = IntRange(0, 604800, 0, "seconds")
PRIORITY = IntRange(1, 16, 8)
VISIBILITY_TIMEOUT = IntRange(1, 43200, 30, "seconds")
WAIT_SECONDS = IntRange(0, 30, None, "seconds")
NUM_OF_MESSAGES = IntRange(1, 16)
RET_NUMBER = IntRange(1, 1000, 1000)
BATCH_MAX_MESSAGES = 16
BATCH_MAX_BYTES = 65536
TAG_MAX_LENGTH = 16
TOPIC_RETENTION_SECONDS = 86400

QUEUE_INT_ATTRIBUTES = MappingProxyType({
    "DelaySeconds": DELAY_SECONDS,
    "MaximumMessageSize": IntRange(1024, 65536, 65536, "bytes"),
    "MessageRetentionPeriod": IntRange(60, 604800, 345600, "seconds"),
    "VisibilityTimeout": VISIBILITY_TIMEOUT,
    "PollingWaitSeconds": IntRange(0, 30, 0, "seconds"),
})
TOPIC_INT_ATTRIBUTES = MappingProxyType({
    "MaximumMessageSize": IntRange(1024, 65536, 65536, "bytes"),
})
BOOL_ATTRIBUTES = ("LoggingEnabled",)


def _parse(given: Any, ints: Mapping[str, IntRange], root: str) -> dict[str, Any]:
    if given is None:
        return {}
    if not isinstance(given, Mapping):
        raise schema_error(root)
    out: dict[str, Any] = {}
    for name, value in given.items():
        if name in ints:
            out[name] = ints[name].check(name, value)
        elif name in BOOL_ATTRIBUTES:
            out[name] = to_bool(name, value)
        else:
            raise schema_error(name if isinstance(name, str) else root)
    return out


def _defaults(ints: Mapping[str, IntRange]) -> dict[str, Any]:
    values: dict[str, Any] = {name: spec.default for name, spec in ints.items()}
    values["LoggingEnabled"] = False
    return values


def queue_attributes(given: Any, base: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The full, checked attribute set of a queue: ``given`` over ``base`` (the defaults when None)."""
    values = dict(_defaults(QUEUE_INT_ATTRIBUTES) if base is None else base)
    values.update(_parse(given, QUEUE_INT_ATTRIBUTES, "Queue"))
    return values


def topic_attributes(given: Any, base: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The full, checked attribute set of a topic: ``given`` over ``base`` (the defaults when None)."""
    values = dict(_defaults(TOPIC_INT_ATTRIBUTES) if base is None else base)
    values.update(_parse(given, TOPIC_INT_ATTRIBUTES, "Topic"))
    return values


def check_tag(name: str, value: Any) -> str | None:
    """A message tag or filter tag: None or "" means none; otherwise a string of 1 to 16 characters."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise schema_error(name)
    if len(value) > TAG_MAX_LENGTH:
        raise range_error(name, 1, TAG_MAX_LENGTH, "characters")
    return value
