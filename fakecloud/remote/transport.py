"""Sending one request to an endpoint and reading the whole answer, with the standard library's http.client (so
no interception installed on another HTTP library in the same process can answer it instead)."""
from __future__ import annotations

import http.client
from dataclasses import dataclass, field
from urllib.parse import urlsplit

DEFAULT_TIMEOUT = 60.0


class EndpointUnreachable(RuntimeError):
    """The endpoint did not answer (refused, unknown host, timed out). Raised through the run, never recorded."""


class EndpointRefused(RuntimeError):
    """The endpoint refused the request itself (a signature or access-key error): a problem of the recording's
    settings, not an answer of the task, so it is raised through the run and never recorded."""


# Codes of the four signature schemes' refusals (FC, MNS, the RPC gateway and FnF), and missing permissions.
REFUSALS = frozenset({
    "SignatureNotMatch", "SignatureDoesNotMatch", "IncompleteSignature", "InvalidAccessKeyID", "InvalidAccessKeyId",
    "InvalidAccessKeyId.NotFound", "InvalidAccessKeyId.Inactive", "InvalidAccessKeySecret", "InvalidSecurityToken",
    "InvalidSecurityToken.Expired", "InvalidAuthorizationHeader", "MissingAuthorizationHeader", "MissingDateHeader",
    "TimeExpired", "AccessDenied", "Forbidden.RAM", "Forbidden.AccessKeyDisabled", "InvalidTimeStamp.Expired",
})


def check_refusal(where: str, code: str, message: str) -> None:
    """Raise EndpointRefused when ``code`` says the endpoint refused the request's credentials."""
    if code in REFUSALS:
        raise EndpointRefused(f"{where} refused the request: {code}: {message} (check the AccessKey pair the "
                              f"recording signs with)")


@dataclass
class Outgoing:
    """A request ready to send: ``target`` is the path with its query string, exactly as signed."""
    method: str
    base: str
    target: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


@dataclass
class Answer:
    status: int
    headers: dict[str, str]          # lower-case names
    body: bytes

    def header(self, name: str, default: str = "") -> str:
        return self.headers.get(name.lower(), default)


def send(request: Outgoing, timeout: float = DEFAULT_TIMEOUT) -> Answer:
    parts = urlsplit(request.base)
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = kind(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request(request.method, request.target, body=request.body or None, headers=request.headers)
        response = connection.getresponse()
        body = response.read()
        headers = {name.lower(): value for name, value in response.getheaders()}
        return Answer(response.status, headers, body)
    except OSError as exc:
        raise EndpointUnreachable(f"{request.method} {request.base}{request.target.split('?')[0]}: "
                                  f"{type(exc).__name__}: {exc}") from None
    finally:
        connection.close()
