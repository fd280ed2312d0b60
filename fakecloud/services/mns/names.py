"""Name rules of MNS resources: queues (up to 120 characters), topics and subscriptions (up to 255), each
made of letters, digits and hyphens and starting with a letter or a digit."""
from __future__ import annotations

import re
from types import MappingProxyType

from .errors import invalid_name, name_length_error

MAX_LENGTH = MappingProxyType({"queue": 120, "topic": 255, "subscription": 255})
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*")


def check_name(kind: str, name: object) -> str:
    """``name`` if it is a valid ``kind`` ("queue", "topic" or "subscription") name, else the service's error:
    a non-string or bad characters give the Invalid... code, an empty or too long name the ...LengthError."""
    if not isinstance(name, str):
        raise invalid_name(kind)
    high = MAX_LENGTH[kind]
    if not 1 <= len(name) <= high:
        raise name_length_error(kind, high)
    if not _NAME.fullmatch(name):
        raise invalid_name(kind)
    return name


def check_queue_name(name: object) -> str:
    return check_name("queue", name)


def check_topic_name(name: object) -> str:
    return check_name("topic", name)


def check_subscription_name(name: object) -> str:
    return check_name("subscription", name)


def is_valid_name(kind: str, name: object) -> bool:
    return isinstance(name, str) and 1 <= len(name) <= MAX_LENGTH[kind] and bool(_NAME.fullmatch(name))
