"""Deterministic ids for the service fakes: one seeded stream per kind of id, so that using one service never
shifts the ids another service hands out."""
from __future__ import annotations

import random
import uuid


class ServiceIds:
    """`new(kind)` for the kinds the fakes ask for ("request", "message", "receipt", "job", ...)."""

    def __init__(self, seed: int | str = 0):
        self.seed = seed
        self._streams: dict[str, random.Random] = {}

    def reset(self) -> None:
        """Back to the start of every stream."""
        self._streams.clear()

    def _stream(self, kind: str) -> random.Random:
        rng = self._streams.get(kind)
        if rng is None:
            rng = self._streams[kind] = random.Random(f"fakecloud-service-ids:{self.seed}:{kind}")
        return rng

    def new(self, kind: str) -> str:
        rng = self._stream(kind)
        if kind == "message":      # MNS message ids: 32 upper-case hex digits
            return f"{rng.getrandbits(128):032X}"
        if kind == "receipt":      # MNS receipt handles: opaque, URL-safe
            return f"1-{rng.getrandbits(192):048X}"
        return str(uuid.UUID(int=rng.getrandbits(128), version=4)).upper()
