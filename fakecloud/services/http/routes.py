"""Routes of the HTTP fake: which requests a route answers (a method, and an exact URL or a regular expression over
the whole URL) and with what (a status, headers and a JSON or text body, or a Python callable). A route that does
not match a request says why, so an unanswered request can list every route and its reason."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping
from urllib.parse import parse_qsl, urlsplit

from ..jsonbody import compact_json

METHODS = ("GET", "POST", "PATCH", "PUT", "DELETE", "HEAD")
JSON_TYPE = "application/json;charset=UTF-8"
TEXT_TYPE = "text/plain;charset=UTF-8"


@dataclass(frozen=True)
class HttpResponse:
    """What a route answers: the status, the response headers and the body as text."""
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    body: str = ""

    @classmethod
    def of(cls, status: int = 200, headers: Mapping[str, Any] | None = None, body: Any = None,
           json_body: Any = None, *, has_json: bool = False) -> HttpResponse:
        """A response from the parts a test writes: `json_body` (any JSON value, sent as compact JSON with a JSON
        Content-Type) or `body` (text, bytes as UTF-8, or a JSON value written as JSON)."""
        if not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 599:
            raise ValueError(f"an HTTP status is an integer 100-599, got {status!r}")
        if headers is not None and not isinstance(headers, Mapping):
            raise ValueError(f"headers must be a mapping of names to values, got {type(headers).__name__}")
        sent = {str(k): str(v) for k, v in (headers or {}).items()}
        if has_json:
            text, kind = compact_json(json_body), JSON_TYPE
        elif isinstance(body, (dict, list)):
            text, kind = compact_json(body), JSON_TYPE
        elif isinstance(body, bytes):
            text, kind = body.decode("utf-8", errors="replace"), TEXT_TYPE
        else:
            text, kind = ("" if body is None else str(body)), TEXT_TYPE
        if not any(name.lower() == "content-type" for name in sent):
            sent["Content-Type"] = kind
        return cls(status, sent, text)

    def wrapper(self, method: str) -> dict:
        """The task result CloudFlow documents for `HTTP:Request`: `Header`, `Code` and `Body` (the text)."""
        return {"Header": dict(self.headers), "Code": self.status, "Body": "" if method == "HEAD" else self.body}


def normal_url(url: str) -> tuple:
    """A URL as routes compare it: scheme and host in lower case, the path as written, query pairs in any order."""
    parts = urlsplit(url)
    return (parts.scheme.lower(), parts.netloc.lower(), parts.path or "/",
            tuple(sorted(parse_qsl(parts.query, keep_blank_values=True))))


Answer = Callable[[Any], Any]


@dataclass(eq=False)
class Route:
    """One registered answer. `method` None answers every method; `url` is an exact URL, `pattern` a compiled
    regular expression the whole URL must match. `respond` (a callable given the `HttpCall`) answers instead of
    `response` when set. `times` None: unlimited."""
    index: int
    method: str | None
    url: str | None = None
    pattern: re.Pattern | None = None
    response: HttpResponse = field(default_factory=HttpResponse)
    respond: Answer | None = None
    times: int | None = None
    uses: int = 0

    def __post_init__(self):
        if (self.url is None) == (self.pattern is None):
            raise ValueError("a route needs exactly one of a URL or a pattern")
        if self.url is not None and not isinstance(self.url, str):
            raise ValueError(f"a route's URL is a string, got {type(self.url).__name__}")
        if self.url is not None and urlsplit(self.url).scheme.lower() not in ("http", "https"):
            raise ValueError(f"a route's URL is a full http:// or https:// URL, got {self.url!r}")
        if self.method is not None:
            if not isinstance(self.method, str) or self.method.upper() not in METHODS:
                raise ValueError(f"method must be one of {', '.join(METHODS)}, got {self.method!r}")
            self.method = self.method.upper()
        if self.times is not None and (not isinstance(self.times, int) or isinstance(self.times, bool)
                                       or self.times < 1):
            raise ValueError(f"'times' must be a positive integer, got {self.times!r}")
        if self.respond is not None and not callable(self.respond):
            raise ValueError(f"a route's answer is a callable, got {self.respond!r}")

    def describe(self) -> str:
        where = self.url if self.url is not None else f"re:{self.pattern.pattern}"
        what = "a callable" if self.respond is not None else f"status {self.response.status}"
        limit = f", times={self.times}" if self.times is not None else ""
        return f"{self.method or 'ANY'} {where} ({what}{limit})"

    def miss(self, method: str, url: str) -> str | None:
        """Why this route does not answer `method url`, or None when it does."""
        if self.times is not None and self.uses >= self.times:
            return f"used up (times={self.times})"
        if self.url is not None and normal_url(self.url) != normal_url(url):
            return "another URL"
        if self.pattern is not None and not self.pattern.fullmatch(url):
            return "the pattern does not match"
        if self.method is not None and self.method != method:
            return f"method {self.method}, not {method}"
        return None

    def unfinished(self) -> str | None:
        """What a strict check reports: a route never requested, or used fewer times than it was given."""
        if self.uses == 0:
            return f"route {self.describe()} was never requested"
        if self.times is not None and self.uses < self.times:
            return f"route {self.describe()} was requested {self.uses} of {self.times} times"
        return None


def as_pattern(pattern: Any) -> re.Pattern:
    if isinstance(pattern, re.Pattern):
        return pattern
    if not isinstance(pattern, str):
        raise ValueError(f"a route's pattern is a regular expression, got {type(pattern).__name__}")
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"route pattern {pattern!r} is not a regular expression: {exc}") from None
