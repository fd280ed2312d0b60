"""Making recordings safe and stable: values under secret-like keys (access keys, secrets, passwords, tokens, API
and private keys, credentials, signatures) are replaced by a placeholder at record time (structure kept), also
inside string values holding JSON text; service ids become numbered placeholders, the same id always the same
placeholder; timestamps likewise (`<time-1>`)."""
from __future__ import annotations

import json
import re
from typing import Any

from ..wire.masking import is_secret_name, letters

SCRUBBED = "<scrubbed>"
PLACEHOLDER = re.compile(r"<[A-Za-z][\w.-]*>")       # <scrubbed>, <AccessKeyId>, <TaskToken-1>, <time-2>
SECRET_TEXT = (
    (re.compile(r"\bLTAI[0-9A-Za-z]{12,30}\b"), "<AccessKeyId>"),
    (re.compile(r"\bSTS\.[0-9A-Za-z._-]{8,}"), "<AccessKeyId>"),
    (re.compile(r"(?i)\b(acs|MNS|FC) ([^:\s\"']+):[A-Za-z0-9+/=]{8,}"), r"\1 \2:" + SCRUBBED),
)
TEXT_PARAM = re.compile(r"\b([A-Za-z][\w.-]*)=([^&\s\"']+)")     # name=value inside text (URLs, causes)
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$")
ID_KEY = re.compile(r"(?i)^(RequestId|MessageId|InvocationId|JobId|ReceiptHandle|TaskToken|ExecutionName|"
                    r"StatefulAsyncInvocationID|x-fc-request-id)$")


def is_secret_key(key: str) -> bool:
    """A key whose value is scrubbed: a secret name (see `fakecloud.wire.masking.is_secret_name`) or one that
    names an access key (``AccessKeyId``, ``ALIBABA_CLOUD_ACCESS_KEY_ID``)."""
    return is_secret_name(key) or "accesskey" in letters(key)


class Scrubber:
    def __init__(self):
        self._ids: dict[tuple[str, str], str] = {}
        self._counts: dict[str, int] = {}

    def text(self, value: str) -> str:
        for regex, replacement in SECRET_TEXT:
            value = regex.sub(replacement, value)
        return TEXT_PARAM.sub(lambda m: f"{m.group(1)}={SCRUBBED}" if is_secret_key(m.group(1)) else m.group(0),
                              value)

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
        if isinstance(value, str) and key is not None and ID_KEY.match(key) and value:
            return self.placeholder(key, value)
        if key is not None and value not in (None, "") and is_secret_key(key):
            return value if isinstance(value, str) and PLACEHOLDER.fullmatch(value) else SCRUBBED
        if isinstance(value, str):
            if TIMESTAMP.match(value):
                return self.placeholder("time", value)
            return self.json_text(value)
        return value

    def json_text(self, value: str) -> str:
        """A string holding a JSON object or array is scrubbed as that value and written back in the same layout
        (compact or with spaces) when anything in it changed; any other string is scrubbed as text."""
        if value.lstrip()[:1] in ("{", "["):
            try:
                data = json.loads(value)
            except (ValueError, RecursionError):
                data = None
            if isinstance(data, (dict, list)):
                try:
                    scrubbed = self(data)
                except RecursionError:
                    return SCRUBBED
                if scrubbed == data:
                    return value
                compact = ": " not in value and ", " not in value
                return json.dumps(scrubbed, ensure_ascii=False, separators=(",", ":") if compact else None)
        return self.text(value)
