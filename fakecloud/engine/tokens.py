"""Task tokens in the service's shape: base64("v1#" + flow + "#" + execution + "#" + eventId + "#" + signature),
the signature being base64(HMAC-SHA256) of the rest under the engine's seeded key."""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from dataclasses import dataclass

VERSION = "v1"


@dataclass(frozen=True, slots=True)
class TaskToken:
    flow: str
    execution: str
    event_id: int


def _signature(key: bytes, payload: str) -> str:
    return base64.b64encode(hmac.new(key, payload.encode(), hashlib.sha256).digest()).decode()


def make_token(key: bytes, flow: str, execution: str, event_id: int) -> str:
    payload = f"{VERSION}#{flow}#{execution}#{event_id}"
    return base64.b64encode(f"{payload}#{_signature(key, payload)}".encode()).decode()


def parse_token(key: bytes, token: str) -> TaskToken | None:
    """The task a token names, or None when it is not a token this engine signed."""
    if not isinstance(token, str) or not token:
        return None
    try:
        text = base64.b64decode(token.encode("ascii"), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        return None
    parts = text.split("#")
    if len(parts) != 5 or parts[0] != VERSION or not parts[3].isdigit():
        return None
    payload = "#".join(parts[:4])
    if not hmac.compare_digest(parts[4], _signature(key, payload)):
        return None
    return TaskToken(parts[1], parts[2], int(parts[3]))
