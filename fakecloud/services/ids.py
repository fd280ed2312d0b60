"""Deterministic ids for the service fakes: one seeded stream per kind of id, so that using one service never
shifts the ids another service hands out."""
from __future__ import annotations

import random


# The bits uuid.UUID(int=..., version=4) sets: variant 10 (RFC 4122) and version 4; the ids are formatted here,
# without building a UUID object for each one (every request id is one).
_UUID4_KEEP = ~(0xC000 << 48) & ~(0xF000 << 64)
_UUID4_SET = 0x8000 << 48 | 4 << 76


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
        digits = f"{rng.getrandbits(128) & _UUID4_KEEP | _UUID4_SET:032X}"    # str(uuid.UUID(version=4)).upper()
        return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"
