"""Making recordings safe and stable: access keys, secrets, security tokens, signatures and passwords are
replaced by placeholders at record time (structure kept), and service ids become numbered placeholders, the
same id always the same placeholder; timestamps likewise (`<time-1>`)."""
from __future__ import annotations

import re
from typing import Any

SCRUBBED = "<scrubbed>"
SECRET_KEY = re.compile(r"(?i)^(x-acs-)?(access[_-]?key([_-]?(id|secret))?|secret([_-]?(key|access[_-]?key))?|"
                        r"security[_-]?token|signature|authorization|password|credentials?)$")
SECRET_TEXT = (
    (re.compile(r"\bLTAI[0-9A-Za-z]{12,30}\b"), "<AccessKeyId>"),
    (re.compile(r"\bSTS\.[0-9A-Za-z._-]{8,}"), "<AccessKeyId>"),
    (re.compile(r"(?i)\b((?:Signature|AccessKeyId|AccessKeySecret|SecurityToken)=)[^&\s\"']+"), r"\1" + SCRUBBED),
    (re.compile(r"(?i)\b(acs|MNS|FC) ([^:\s\"']+):[A-Za-z0-9+/=]{8,}"), r"\1 \2:" + SCRUBBED),
)
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$")
ID_KEY = re.compile(r"(?i)^(RequestId|MessageId|InvocationId|JobId|ReceiptHandle|TaskToken|ExecutionName|"
                    r"StatefulAsyncInvocationID|x-fc-request-id)$")


class Scrubber:
    def __init__(self):
        self._ids: dict[tuple[str, str], str] = {}
        self._counts: dict[str, int] = {}

    def text(self, value: str) -> str:
        for regex, replacement in SECRET_TEXT:
            value = regex.sub(replacement, value)
        return value

    def placeholder(self, kind: str, value: str) -> str:
        key = (kind.lower(), value)
        if key not in self._ids:
            self._counts[kind.lower()] = n = self._counts.get(kind.lower(), 0) + 1
            self._ids[key] = f"<{kind}-{n}>"
        return self._ids[key]

    def __call__(self, value: Any, key: str | None = None) -> Any:
        if isinstance(value, dict):
            return {k: self(v, k if isinstance(k, str) else None) for k, v in value.items()}
        if isinstance(value, list):
            return [self(v) for v in value]
        if key is not None and SECRET_KEY.match(key) and value not in (None, ""):
            return SCRUBBED
        if isinstance(value, str):
            if key is not None and ID_KEY.match(key) and value:
                return self.placeholder(key, value)
            if TIMESTAMP.match(value):
                return self.placeholder("time", value)
            return self.text(value)
        return value
