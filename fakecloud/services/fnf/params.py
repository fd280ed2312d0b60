"""Reading one request's parameters the way the service checks them: required and optional strings, names,
integers that may arrive as decimal text, JSON object strings, RFC 3339 times and enumerations — every
problem raised as the service's own error."""
from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from ... import jsontext
from . import errors

NAME_RULE = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,127}$")
# Names looked up (not created) may also start with a digit: generated execution names are UUIDs.
LOOKUP_RULE = re.compile(r"^[A-Za-z0-9_-]{1,128}$")
SYNC_NAME_RULE = re.compile(r"^(?:[A-Za-z0-9_-]{1,128}:)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_INT = re.compile(r"^[+-]?[0-9]+$")


def _absent(value: Any) -> bool:
    """Unset, or set to the empty string (an empty form field is no value)."""
    return value is None or value == ""


class Params:
    """The parameters of one call, by the service's names."""

    def __init__(self, values: dict[str, Any]):
        self.values = values

    def has(self, name: str) -> bool:
        return not _absent(self.values.get(name))

    def string(self, name: str, *, required: bool = False, min_len: int = 0, max_len: int | None = None):
        value = self.values.get(name)
        if _absent(value):
            if required:
                raise errors.missing_params(name)
            return None
        if not isinstance(value, str):
            raise errors.invalid_argument(f"Parameter {name} must be a string, not {type(value).__name__}.")
        if len(value) < min_len or (max_len is not None and len(value) > max_len):
            bounds = f"{min_len} to {max_len}" if max_len is not None else f"at least {min_len}"
            raise errors.invalid_argument(f"Parameter {name} must be {bounds} characters long; it has {len(value)}.")
        return value

    def name(self, name: str, *, required: bool = True, kind: str = "name"):
        """A new flow or execution name: 1-128 letters, digits, '_' or '-', starting with a letter or '_'."""
        value = self.string(name, required=required)
        if value is not None and not NAME_RULE.match(value):
            raise errors.invalid_argument(
                f"Parameter {name} '{_clip(value)}' is not a valid {kind}: it must be 1 to 128 characters long, "
                f"contain only letters, digits, '_' and '-', and start with a letter or '_'.")
        return value

    def existing_name(self, name: str, *, kind: str = "name") -> str:
        """The (required) name of a flow or execution to look up: 1-128 letters, digits, '_' or '-' (an execution
        StartSyncExecution started is also `name:uuid`)."""
        value = self.string(name, required=True)
        if not LOOKUP_RULE.match(value) and not (kind == "execution name" and SYNC_NAME_RULE.match(value)):
            raise errors.invalid_argument(
                f"Parameter {name} '{_clip(value)}' is not a valid {kind}: it must be 1 to 128 characters long "
                f"and contain only letters, digits, '_' and '-'.")
        return value

    def integer(self, name: str, low: int, high: int, default: int | None = None):
        value = self.values.get(name)
        if _absent(value):
            return default
        if isinstance(value, str) and _INT.match(value.strip()):
            number = int(value.strip())
        elif isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            raise errors.invalid_argument(f"Parameter {name} must be an integer, not {_clip(repr(value))}.")
        if not low <= number <= high:
            raise errors.invalid_argument(f"Parameter {name} must be between {low} and {high}; it is {number}.")
        return number

    def json_object(self, name: str, *, required: bool = False):
        """A JSON object given as text: (text, parsed object), or (None, None) when absent."""
        text = self.string(name, required=required)
        if text is None:
            return None, None
        try:
            value = jsontext.loads(text)
        except ValueError as exc:
            raise errors.invalid_argument(f"Parameter {name} is not valid JSON: {exc}.") from None
        if not isinstance(value, dict):
            raise errors.invalid_argument(f"Parameter {name} must be a JSON object.")
        return text, value

    def time(self, name: str):
        """An RFC 3339 time as epoch milliseconds, or None when absent."""
        text = self.string(name)
        if text is None:
            return None
        return parse_rfc3339(text, name)

    def choice(self, name: str, allowed: tuple[str, ...], *, required: bool = False, default: str | None = None):
        value = self.string(name, required=required)
        if value is None:
            return default
        if value not in allowed:
            raise errors.invalid_argument(f"Parameter {name} must be one of {', '.join(allowed)}; it is "
                                          f"'{_clip(value)}'.")
        return value


_RFC3339 = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$")


def parse_rfc3339(text: str, name: str) -> int:
    """RFC 3339 text as epoch milliseconds (fractions beyond milliseconds are dropped)."""
    m = _RFC3339.match(text)
    if m is None:
        raise errors.invalid_argument(f"Parameter {name} must be an RFC 3339 time such as "
                                      f"2019-01-01T01:01:01.001Z; it is '{_clip(text)}'.")
    year, month, day, hour, minute, second = (int(g) for g in m.groups()[:6])
    try:
        value = datetime(year, month, day, hour, minute, second, tzinfo=timezone.utc)
    except ValueError:
        raise errors.invalid_argument(f"Parameter {name} is not a valid time: '{_clip(text)}'.") from None
    millis = int((m[7] or "0")[:3].ljust(3, "0"))
    offset = 0 if m[8] else (int(m[10]) * 60 + int(m[11])) * (1 if m[9] == "+" else -1)
    return round(value.timestamp() * 1000) + millis - offset * 60_000


def _clip(text: str, limit: int = 64) -> str:
    return text if len(text) <= limit else text[:limit] + "..."
