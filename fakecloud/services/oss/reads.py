"""What GetObject reads of an object: the `range` parameter (`1024-2048`, `1024-`, `-2048`, optionally after
`bytes=`) and the `ifMatch` / `ifNoneMatch` conditions, as OSS applies them."""
from __future__ import annotations

import re

from .errors import OssError
from .store import ObjectVersion

_RANGE = re.compile(r"(?:bytes=)?\s*(\d*)\s*-\s*(\d*)\s*")


def byte_range(text, size: int) -> tuple[int, int] | None:
    """The inclusive (first, last) bytes `text` asks for, or None for the whole object (no range, or one OSS does
    not read as a range). A range that starts past the end is InvalidRange."""
    if text is None or text == "":
        return None
    m = _RANGE.fullmatch(str(text))
    if not m or (not m[1] and not m[2]):
        return None
    if not m[1]:                         # the last n bytes
        count = int(m[2])
        if count == 0 or size == 0:
            return None
        return max(size - count, 0), size - 1
    first = int(m[1])
    last = int(m[2]) if m[2] else None
    if last is not None and last < first:
        return None
    if first >= size:
        raise OssError.of("InvalidRange", f"bytes {text} of an object of {size} bytes")
    return first, size - 1 if last is None else min(last, size - 1)


def check_conditions(version: ObjectVersion, if_match, if_none_match) -> None:
    """ifMatch: the ETag must match (else PreconditionFailed); ifNoneMatch: it must not (else NotModified).
    ETags compare without quotes and case."""
    etag = _bare(version.etag)
    if if_match is not None and _bare(if_match) != etag:
        raise OssError.of("PreconditionFailed", f"ifMatch {if_match} against ETag {version.etag}")
    if if_none_match is not None and _bare(if_none_match) == etag:
        raise OssError.of("NotModified", f"ifNoneMatch {if_none_match} matches ETag {version.etag}")


def _bare(etag) -> str:
    return str(etag).strip().strip('"').upper()
