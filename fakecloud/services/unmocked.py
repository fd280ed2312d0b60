"""The error a service fake answers with when the test set nothing up that answers a call (no HTTP route, no
script for an OpenAPI action): the same name the testing layer's mock router uses, so a flow, a strict check and
a reader see one kind of failure."""
from __future__ import annotations

from ..engine.outcomes import Throw

UNMOCKED = "FakeCloud.Unmocked"


def unmocked(cause: str) -> Throw:
    """A task failure saying what was called and what the test would set up to answer it."""
    return Throw(UNMOCKED, cause)
