"""One MNS request as the operations see it: method, path segments, the query parsed from the raw query string
(receipt handles travel unencoded, so `+` stays `+`), the headers, the body, the endpoint the client called and
the request id of the answer; plus the reply an operation gives back."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import quote, unquote

from werkzeug.wrappers import Request

from ..protocol import body_of
from .errors import invalid_query_string

_INT = re.compile(r"[+-]?\d{1,12}")


@dataclass
class Reply:
    """A success answer: status, XML body (None: empty) and extra headers (e.g. Location)."""
    status: int
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)


def _undance(value: str) -> str:
    """WSGI carries the request line as latin-1 code points of its bytes; recover the UTF-8 text."""
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def raw_query(query_string: str) -> dict[str, str]:
    """``a=1&b=x+y/z`` -> {"a": "1", "b": "x+y/z"}: split on `&` and the first `=`, percent-decode, never turn
    `+` into a space. A parameter given twice is an invalid query string item."""
    out: dict[str, str] = {}
    for part in query_string.split("&"):
        if not part:
            continue
        key, _, val = part.partition("=")
        key = unquote(key)
        if key in out:
            raise invalid_query_string(key)
        out[key] = unquote(val)
    return out


class Call:
    def __init__(self, request: Request, request_id: str):
        environ = request.environ
        self.request = request
        self.method = request.method.upper()
        self.path = request.path
        self.segments = self.path.strip("/").split("/") if self.path.strip("/") else []
        self.trailing_slash = self.path.endswith("/") and self.path != "/"
        self.query_string = _undance(environ.get("QUERY_STRING", ""))
        self.headers = request.headers
        self.request_id = request_id
        self._body: bytes | None = None
        self._query: dict[str, str] | None = None

    @cached_property
    def raw_uri(self) -> str:
        """The request target as sent (path and query, undecoded), which signatures sign."""
        environ = self.request.environ
        raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
        if raw and not raw.startswith("/"):          # absolute form: keep the path and query only
            raw = "/" + raw.split("://", 1)[-1].partition("/")[2]
        return _undance(raw) if raw else quote(self.path) + ("?" + self.query_string if self.query_string else "")

    @cached_property
    def endpoint(self) -> str:
        """The endpoint the client called (``http://host:port``), for Location headers, list answers and HostId;
        only those need it, and werkzeug's host_url costs more than the rest of reading the call."""
        return self.request.host_url.rstrip("/")

    # --- query ---------------------------------------------------------------------------------------------
    @property
    def query(self) -> dict[str, str]:
        if self._query is None:
            self._query = raw_query(self.query_string)
        return self._query

    def allow(self, *names: str) -> dict[str, str]:
        """The query, which may hold only ``names``."""
        query = self.query
        for key in query:
            if key not in names:
                raise invalid_query_string(key)
        return query

    def int_param(self, name: str) -> int | None:
        """An integer query parameter, None when absent."""
        text = self.query.get(name)
        if text is None:
            return None
        if not _INT.fullmatch(text):
            raise invalid_query_string(name)
        return int(text)

    def flag(self, name: str) -> bool:
        """A true/false query parameter (absent: false)."""
        text = self.query.get(name)
        if text is None:
            return False
        if text.lower() not in ("true", "false"):
            raise invalid_query_string(name)
        return text.lower() == "true"

    # --- headers and body ----------------------------------------------------------------------------------
    def header(self, name: str) -> str | None:
        value = self.headers.get(name)
        return None if value is None else _undance(value)

    @property
    def body(self) -> bytes:
        if self._body is None:      # an oversized body raises werkzeug's RequestEntityTooLarge: the app answers
            self._body = body_of(self.request)
        return self._body

    def has_body(self) -> bool:
        return bool(self.body.strip())
