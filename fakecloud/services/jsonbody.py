"""How the fakes write a JSON value they send or store as text (an HTTP body, an OSS object): compact, UTF-8
characters kept; a value that is not JSON is a ValueError naming why."""
from __future__ import annotations

import json
from typing import Any


def compact_json(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"the body is not JSON: {exc}") from None
