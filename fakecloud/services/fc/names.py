"""Names of Function Compute resources: service, function, qualifier and stateful invocation id rules, and the
"service[.qualifier]/function" shorthand tests register functions under. Bad names raise InvalidArgument."""
from __future__ import annotations

import re
from typing import Any, NamedTuple

from .errors import invalid_argument

LATEST = "LATEST"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,127}")
_QUALIFIER = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]{0,127}")
_INVOCATION_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]{0,127}")


class FunctionKey(NamedTuple):
    """A function as addressed: service, qualifier (None: every qualifier) and function name."""
    service: str
    qualifier: str | None
    function: str

    def __str__(self) -> str:
        service = self.service if self.qualifier is None else f"{self.service}.{self.qualifier}"
        return f"{service}/{self.function}"


def _kind(value: Any) -> str:
    return {str: "a string", bytes: "bytes", int: "an integer", float: "a number", bool: "a boolean", list: "a list",
            dict: "an object", type(None): "null"}.get(type(value), type(value).__name__)


def check_name(kind: str, value: Any) -> str:
    """A service or function name: 1-128 letters, digits, '_' or '-', not starting with a digit or '-'."""
    if not isinstance(value, str):
        raise invalid_argument(f"{kind} name must be a string, got {_kind(value)}")
    if not _NAME.fullmatch(value):
        raise invalid_argument(f"invalid {kind} name '{value}': 1-128 characters, letters, digits, '_' or '-', "
                               f"starting with a letter or '_'")
    return value


def check_qualifier(value: Any) -> str:
    """A qualifier: LATEST, a version number or an alias name. None means LATEST."""
    if value is None or value == "":
        return LATEST
    if not isinstance(value, str):
        raise invalid_argument(f"qualifier must be a string, got {_kind(value)}")
    if not _QUALIFIER.fullmatch(value):
        raise invalid_argument(f"invalid qualifier '{value}': LATEST, a version number or an alias name")
    return value


def check_invocation_id(value: Any) -> str:
    """A stateful async invocation id: 1-128 letters, digits, '_' or '-', not starting with '-' (a leading digit
    is accepted: flows pass execution names, which may start with one)."""
    if not isinstance(value, str):
        raise invalid_argument(f"StatefulAsyncInvocationId must be a string, got {_kind(value)}")
    if not _INVOCATION_ID.fullmatch(value):
        raise invalid_argument(f"invalid StatefulAsyncInvocationId '{value}': 1-128 characters, letters, digits, "
                               f"'_' or '-', not starting with '-'")
    return value


def parse_key(text: Any) -> FunctionKey:
    """'service/function' (every qualifier) or 'service.qualifier/function' (that qualifier only)."""
    if not isinstance(text, str) or text.count("/") != 1:
        raise invalid_argument(f"a function is named 'service/function' or 'service.qualifier/function', "
                               f"got {text!r}")
    service, function = text.split("/")
    qualifier = None
    if "." in service:
        service, qualifier = service.split(".", 1)
        qualifier = check_qualifier(qualifier)
    return FunctionKey(check_name("service", service), qualifier, check_name("function", function))
