"""Seeded, deterministic identifiers: execution names and flow ids in UUID shape, request ids, and the key
that signs task tokens. The same seed gives the same sequence on every machine."""
from __future__ import annotations

import hashlib
import random
import uuid


class IdSource:
    def __init__(self, seed: int | str = 0):
        self.seed = seed
        self.reset()

    def reset(self) -> None:
        """Back to the start of the seed's sequence."""
        seed = self.seed
        # A string seed is hashed (SHA-512) by `random`, independently of PYTHONHASHSEED and platform.
        self._rng = random.Random(f"fakecloud-ids:{seed}")
        self.token_key = hashlib.sha256(f"fakecloud-token-key:{seed}".encode()).digest()

    def uuid(self) -> str:
        """A version-4-shaped UUID, lower case ('3f2c...-4...-8...')."""
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))

    def execution_name(self) -> str:
        return self.uuid()

    def flow_id(self) -> str:
        return self.uuid()

    def request_id(self) -> str:
        """Request ids are upper-case UUIDs, as Alibaba Cloud APIs return them."""
        return self.uuid().upper()
