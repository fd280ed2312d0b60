"""The HTTP handler of `FakeCloudServer`: werkzeug's request parsing and WSGI environ, with connections kept open
between requests.

werkzeug's development handler closes every connection after one answer, because Python's http.server cannot
tell where a body nobody read ends; every request then paid a new TCP connection and a new server thread, most of
its time. Here a connection stays open (HTTP/1.1 keep-alive, or HTTP/1.0 with ``Connection: keep-alive``) when
the request's body was read whole (the app reads every body it accepts before handling it, see `read_body`) or had
none; otherwise, and when the client or the answer asks for it, the answer carries ``Connection: close``. An answer
is written in one piece, with its Content-Length. The HTTP layer's own refusals (a request line, URI or header
it cannot read) are the neutral JSON error; every line logged has secret query values masked."""
from __future__ import annotations

import email.parser
import email.utils
import json
import logging
import socket
import sys
import time
from http import HTTPStatus
from http.client import HTTPMessage
from types import MappingProxyType
from urllib.parse import unquote, urlsplit

from werkzeug.http import parse_set_header
from werkzeug.serving import DechunkedInput, WSGIRequestHandler

from .masking import mask_query

log = logging.getLogger("fakecloud.wire")
DROPPED = (ConnectionError, socket.timeout)
MAX_LINE, MAX_HEADERS = 65536, 100           # http.client's bounds on a header line and on the number of lines
COMMON_VERSIONS = MappingProxyType({"HTTP/1.1": (1, 1), "HTTP/1.0": (1, 0)})    # what _version reads them as


class HeaderLimit(Exception):
    """Header lines over the bounds: `reason` is the refusal's message, `detail` its explanation."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason, self.detail = reason, detail


def read_headers(rfile) -> list[tuple[str, str]]:
    """The request's header lines as (name, value) pairs: what http.server's message holds (its raw_items()), read
    within the same bounds. Plain ``Name: value`` lines (a name of visible characters, a value without CR) are
    split here; when any line is not plain, the email parser reads them all, as http.server would."""
    block, end = _buffered_block(rfile), b"\r\n"
    if block is None:
        lines = []
        while True:
            line = rfile.readline(MAX_LINE + 1)
            if len(line) > MAX_LINE:
                raise HeaderLimit("Line too long", f"got more than {MAX_LINE} bytes when reading header line")
            lines.append(line)
            if len(lines) > MAX_HEADERS:
                raise HeaderLimit("Too many headers", f"got more than {MAX_HEADERS} headers")
            if line in (b"\r\n", b"\n", b""):
                break
        if not lines[-1]:                            # the client stopped before the empty line
            return _parsed(b"".join(lines))
        block, end = b"".join(lines[:-1]), lines[-1]
    pairs = []
    for line in block.decode("iso-8859-1").split("\n")[:-1]:
        name, colon, value = line.removesuffix("\r").partition(":")
        value = value.lstrip(" \t")
        if not (colon and name and name.isascii() and name.isprintable()) or " " in name or "\r" in value:
            return _parsed(block + end)
        pairs.append((name, value))
    return pairs


def _buffered_block(rfile) -> bytes | None:
    """The header lines (without the empty line that ends them) when the reader already holds them all, read past
    the empty line in one call; None when the lines must be read one by one: they are not all there yet, end with
    a bare LF, are none at all, or are more than MAX_HEADERS (the line loop then reads what http.server would,
    refusals included). A buffered block is shorter than the buffer, so no line in it is over MAX_LINE."""
    peek = getattr(rfile, "peek", None)
    if peek is None:
        return None
    buffered = peek(0)
    end = buffered.find(b"\r\n\r\n")
    if end < 0 or buffered.startswith((b"\r\n", b"\n")):
        return None
    block = buffered[:end + 2]
    if b"\n\n" in block or b"\n\r\n" in block or block.count(b"\n") >= MAX_HEADERS:
        return None                                  # an earlier empty line ends the block, or too many lines
    rfile.read(end + 4)
    return block


def _parsed(raw: bytes) -> list[tuple[str, str]]:
    message = email.parser.Parser(_class=HTTPMessage).parsestr(raw.decode("iso-8859-1"))
    return list(message.raw_items())


def first_value(pairs: list[tuple[str, str]], name: str) -> str:
    """The first value of the header ``name`` (lower case) among ``pairs``, "" when there is none: what
    http.server's ``headers.get(name, "")`` gives."""
    for key, value in pairs:
        if key.lower() == name:
            return value
    return ""


class Handler(WSGIRequestHandler):
    """`server` is werkzeug's threaded server with `read_timeout`, `log_requests` and `connections` (the sockets
    open now, which `FakeCloudServer.stop` shuts) set on it."""

    def setup(self) -> None:
        self.timeout = self.server.read_timeout       # every read from this client's socket waits at most this long
        super().setup()
        self.server.connections.add(self.connection)

    def finish(self) -> None:
        self.server.connections.discard(self.connection)
        super().finish()

    def parse_request(self) -> bool:
        """The request line and headers, as http.server reads them (the same checks, refusals and keep-alive
        rules), its headers read by `read_headers`."""
        self.command = None
        self.request_version = self.default_request_version
        self.close_connection = True
        self.requestline = requestline = str(self.raw_requestline, "iso-8859-1").rstrip("\r\n")
        words = requestline.split()
        if not words:
            return False
        if len(words) >= 3:
            version = words[-1]
            number = COMMON_VERSIONS.get(version) or _version(version)
            if number is None:
                self.send_error(HTTPStatus.BAD_REQUEST, f"Bad request version ({version!r})")
                return False
            if number >= (1, 1) and self.protocol_version >= "HTTP/1.1":
                self.close_connection = False
            if number >= (2, 0):
                self.send_error(HTTPStatus.HTTP_VERSION_NOT_SUPPORTED,
                                f"Invalid HTTP version ({version.split('/', 1)[1]})")
                return False
            self.request_version = version
        if not 2 <= len(words) <= 3:
            self.send_error(HTTPStatus.BAD_REQUEST, f"Bad request syntax ({requestline!r})")
            return False
        command, path = words[:2]
        if len(words) == 2:
            self.close_connection = True
            if command != "GET":
                self.send_error(HTTPStatus.BAD_REQUEST, f"Bad HTTP/0.9 request type ({command!r})")
                return False
        self.command = command
        self.path = "/" + path.lstrip("/") if path.startswith("//") else path     # never a scheme-less absolute URL
        try:
            self.header_pairs = pairs = read_headers(self.rfile)
        except HeaderLimit as exc:
            self.send_error(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, exc.reason, exc.detail)
            return False
        connection = first_value(pairs, "connection").lower()
        if connection == "close":
            self.close_connection = True
        elif connection == "keep-alive" and self.protocol_version >= "HTTP/1.1":
            self.close_connection = False
        if (first_value(pairs, "expect").lower().strip(" \t") == "100-continue"
                and self.protocol_version >= "HTTP/1.1" and self.request_version >= "HTTP/1.1"):
            return self.handle_expect_100()          # one interim answer, before the body is read
        return True

    def make_environ(self) -> dict:
        """The WSGI environ werkzeug's handler makes (the same keys and values; header values read raw, as the
        message holds them, which for latin-1 text is what its accessors return)."""
        url = urlsplit(self.path)
        if url.scheme or not url.netloc:
            path = url.path
        else:                                          # "//a/b" read as a netloc: it is the path
            path = f"/{url.netloc}{url.path}"
        server, target = self.server, _latin1(self.path)
        environ = {
            "wsgi.version": (1, 0), "wsgi.url_scheme": "http", "wsgi.input": self.rfile, "wsgi.errors": sys.stderr,
            "wsgi.multithread": server.multithread, "wsgi.multiprocess": server.multiprocess, "wsgi.run_once": False,
            "werkzeug.socket": self.connection, "SERVER_SOFTWARE": self.server_version,
            "REQUEST_METHOD": self.command, "SCRIPT_NAME": "", "PATH_INFO": _latin1(unquote(path)),
            "QUERY_STRING": _latin1(url.query), "REQUEST_URI": target, "RAW_URI": target,
            "REMOTE_ADDR": self.client_address[0], "REMOTE_PORT": self.client_address[1],
            "SERVER_NAME": server.server_address[0], "SERVER_PORT": str(server.server_address[1]),
            "SERVER_PROTOCOL": self.request_version,
        }
        for name, value in self.header_pairs:
            if "_" in name:
                continue
            key = name.upper().replace("-", "_")
            value = value.replace("\r\n", "")
            if key not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
                key = "HTTP_" + key
                if key in environ:
                    value = f"{environ[key]},{value}"
            environ[key] = value
        coding = environ.get("HTTP_TRANSFER_ENCODING")
        if coding and "chunked" in parse_set_header(coding):
            environ["wsgi.input_terminated"] = True
            environ["wsgi.input"] = DechunkedInput(self.rfile)
        if url.scheme and url.netloc:
            environ["HTTP_HOST"] = url.netloc
        return environ

    @property
    def headers(self) -> HTTPMessage:
        """The header lines as http.server's handler holds them (an email message), made only for a caller that
        asks: this handler reads `header_pairs`."""
        message = HTTPMessage()
        for name, value in self.header_pairs:
            message.set_raw(name, value)
        return message

    def date_time_string(self, timestamp=None) -> str:
        """The Date header, made once a second."""
        if timestamp is not None:
            return super().date_time_string(timestamp)
        now = int(time.time())
        if getattr(self, "_date", (None,))[0] != now:
            self._date = (now, email.utils.formatdate(now, usegmt=True))
        return self._date[1]

    def run_wsgi(self) -> None:
        environ = self.make_environ()
        try:
            status, headers, data = self._call(environ)
        except DROPPED as exc:
            self.close_connection = True
            self.connection_dropped(exc, environ)
            return
        except Exception:         # the app answers its own errors; this is a last resort, without a traceback
            log.exception("fakecloud: the server could not answer %s %s", self.command, mask_query(self.path))
            self.close_connection = True
            status, headers = "500 Internal Server Error", [("Content-Type", "application/json")]
            data = b'{"Code":"InternalError","Message":"internal error in fakecloud"}'
        try:
            self._write(environ, status, headers, data)
        except DROPPED as exc:
            self.close_connection = True
            self.connection_dropped(exc, environ)

    def _call(self, environ) -> tuple[str, list, bytes]:
        sent_input = environ["wsgi.input"]
        answer: list = []
        body: list[bytes] = []

        def start_response(status, headers, exc_info=None):
            answer[:] = [status, headers]
            return body.append

        chunks = self.server.app(environ, start_response)
        try:
            body.extend(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        if environ["wsgi.input"] is sent_input and (environ.get("CONTENT_LENGTH") not in (None, "", "0")
                                                    or "wsgi.input_terminated" in environ):
            self.close_connection = True              # a body nobody read: where the next request starts is unknown
        return answer[0], answer[1], b"".join(body)

    def _write(self, environ, status: str, headers: list, data: bytes) -> None:
        lines = [f"{self.protocol_version} {status}\r\nServer: {self.version_string()}\r\n"
                 f"Date: {self.date_time_string()}\r\n"]
        length = False
        for name, value in headers:
            key = name.lower()
            if key == "connection":
                if value.lower() == "close":
                    self.close_connection = True
                continue
            length = length or key == "content-length"
            lines.append(f"{name}: {value}\r\n")
        if not length:
            lines.append(f"Content-Length: {len(data)}\r\n")
        if self.close_connection:
            lines.append("Connection: close\r\n")
        lines.append("\r\n")
        head = "".join(lines).encode("latin-1")
        self.wfile.write(head if self.command == "HEAD" else head + data)
        self.log_request(int(status.split(None, 1)[0]), len(data))

    def _dispatch(self) -> None:
        self.run_wsgi()

    # http.server calls do_<METHOD>, which werkzeug's handler finds through __getattr__ (twice a request): the
    # methods the SDKs send are found directly (and still reach an overridden run_wsgi); any other method is
    # answered through __getattr__, as there.
    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _dispatch

    def log_request(self, code="-", size="-") -> None:   # quiet unless asked (log_requests=True)
        if self.server.log_requests:
            super().log_request(code, size)

    def log(self, type: str, message: str, *args) -> None:
        """Every line the server logs (requests, malformed request lines) with secret query values masked."""
        super().log(type, "%s", mask_query(message % args if args else message))

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The HTTP layer's own refusals (a request line, URI or header it cannot read), made before any protocol
        sees the request: the neutral JSON error rather than an HTML page, logged as a request, not a failure."""
        reason = self.responses.get(code, ("Error",))[0]
        body = json.dumps({"Code": "".join(w[:1].upper() + w[1:] for w in reason.replace("-", " ").split()),
                           "Message": message or reason}).encode()
        self.send_response(code, message)             # werkzeug's logs the request
        self.send_header("Connection", "close")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_error(self, format: str, *args) -> None:
        if not format.startswith("Request timed out"):    # an idle keep-alive connection being closed
            super().log_error(format, *args)


def _version(text: str) -> tuple[int, int] | None:
    """(major, minor) of ``HTTP/major.minor`` (one dot, digits only, at most ten of each), else None."""
    if not text.startswith("HTTP/"):
        return None
    parts = text[5:].split(".")
    if len(parts) != 2 or not all(p.isdigit() and len(p) <= 10 for p in parts):
        return None
    try:
        return int(parts[0]), int(parts[1])
    except ValueError:             # digits int() does not read (superscripts, ...)
        return None


def _latin1(text: str) -> str:
    """WSGI's form of request-line text: its UTF-8 bytes as latin-1 code points (ASCII text is its own)."""
    return text if text.isascii() else text.encode().decode("latin1")
