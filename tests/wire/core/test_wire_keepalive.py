"""The server keeps connections open between requests (HTTP/1.1, or HTTP/1.0 asking for it) when it knows where
the next request starts, closes them when a body went unread or either side asks, ends idle ones when it stops,
and reads request lines and headers exactly as http.server does."""
import http.client
import io
import json
import socket
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fakecloud.wire.handler import HeaderLimit, first_value, read_headers
from fakecloud.wire.server import FakeCloudServer

LIST_FLOWS = b"GET /?Action=ListFlows&Version=2019-03-15 HTTP/1.1\r\nHost: x\r\n\r\n"


@pytest.fixture(scope="module")
def server():
    with FakeCloudServer() as server:
        yield server


def read_answer(sock) -> tuple[bytes, dict, bytes]:
    """One answer from the socket: its status line, headers (lower-case names) and body (by Content-Length)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise EOFError(data)
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    status, *lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value for name, _, value in (line.partition(": ") for line in lines)}
    length = int(headers["content-length"])
    while len(rest) < length:
        rest += sock.recv(65536)
    assert len(rest) == length, "nothing may follow an answer before the next request"
    return status.encode(), headers, rest


def closed(sock, within: float = 3) -> bool:
    sock.settimeout(within)
    try:
        return sock.recv(1) == b""
    except OSError:
        return True


def test_one_connection_carries_many_requests(server):
    with socket.create_connection((server.connect_host, server.port), timeout=5) as sock:
        for _ in range(3):
            sock.sendall(LIST_FLOWS)
            status, headers, body = read_answer(sock)
            assert status == b"HTTP/1.1 200 OK" and "connection" not in headers
            assert json.loads(body)["Flows"] == []
        sock.sendall(b"PUT /queues/kept HTTP/1.1\r\nHost: x\r\nx-mns-version: 2015-06-06\r\n"
                     b"Content-Length: 0\r\n\r\n" + LIST_FLOWS)
        assert read_answer(sock)[0].startswith(b"HTTP/1.1 201 ")
        assert read_answer(sock)[0] == b"HTTP/1.1 200 OK"


@pytest.mark.parametrize("method", ["GET", "DELETE", "PROPFIND", "M-SEARCH"])
def test_every_method_reaches_the_app(server, method):
    """The methods SDKs send and any other name alike go to the app (no 501 from http.server)."""
    with socket.create_connection((server.connect_host, server.port), timeout=5) as sock:
        sock.sendall(f"{method} /nowhere HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        status, headers, body = read_answer(sock)
        assert status == b"HTTP/1.1 404 NOT FOUND" and "connection" not in headers
        assert json.loads(body) == {"Code": "InvalidRequestURL", "Message": "no fakecloud service answers /nowhere"}


def test_a_body_nobody_read_closes_the_connection(server):
    with socket.create_connection((server.connect_host, server.port), timeout=5) as sock:
        sock.sendall(b"POST /nobody/answers/this HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")
        status, headers, _ = read_answer(sock)
        assert status == b"HTTP/1.1 404 NOT FOUND" and headers["connection"] == "close"
        assert closed(sock)


def test_an_oversized_body_is_refused_and_the_connection_closed():
    with FakeCloudServer(max_body_bytes=100) as small:
        with socket.create_connection((small.connect_host, small.port), timeout=5) as sock:
            sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                         b"Content-Length: 1000\r\n\r\n" + b"a" * 1000)
            status, headers, _ = read_answer(sock)
            assert status.startswith(b"HTTP/1.1 413 ") and headers["connection"] == "close"
            assert closed(sock)


@pytest.mark.parametrize("request_head, kept", [
    (b"GET /?Action=ListFlows&Version=2019-03-15 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", False),
    (b"GET /?Action=ListFlows&Version=2019-03-15 HTTP/1.0\r\nHost: x\r\n\r\n", False),
    (b"GET /?Action=ListFlows&Version=2019-03-15 HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n\r\n", True),
])
def test_the_client_decides_whether_the_connection_stays(server, request_head, kept):
    with socket.create_connection((server.connect_host, server.port), timeout=5) as sock:
        sock.sendall(request_head)
        _, headers, body = read_answer(sock)
        assert json.loads(body)["Flows"] == []
        assert ("connection" in headers) is not kept
        if kept:
            sock.sendall(LIST_FLOWS)
            assert read_answer(sock)[0] == b"HTTP/1.1 200 OK"
        else:
            assert closed(sock)


def test_stopping_ends_idle_connections_at_once():
    server = FakeCloudServer().start()
    with socket.create_connection((server.connect_host, server.port), timeout=5) as sock:
        sock.sendall(LIST_FLOWS)
        read_answer(sock)
        start = time.perf_counter()
        server.stop()
        assert closed(sock, within=5) and time.perf_counter() - start < 2


def test_expect_100_continue_gets_one_interim_answer(server):
    with socket.create_connection((server.connect_host, server.port), timeout=5) as sock:
        form = b"Action=ListFlows&Version=2019-03-15"
        sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                     b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n" % len(form))
        assert sock.recv(65536) == b"HTTP/1.1 100 Continue\r\n\r\n"
        sock.sendall(form)
        status, _, body = read_answer(sock)
        assert status == b"HTTP/1.1 200 OK" and json.loads(body)["Flows"] == []


def everything(sock) -> bytes:
    answer = b""
    while chunk := sock.recv(65536):
        answer += chunk
    return answer


@pytest.mark.parametrize("line, status, message", [
    # a request line whose version cannot be read is answered as HTTP/0.9 (a body, no status line), as http.server
    (b"GET / HTTP/1.x", None, "Bad request version ('HTTP/1.x')"),
    (b"GET / HTTP/\xc2\xb2.1", None, "Bad request version ('HTTP/\xc2\xb2.1')"),
    (b"GET / HTTP/2.0", None, "Invalid HTTP version (2.0)"),
    (b"POST /", None, "Bad HTTP/0.9 request type ('POST')"),
    (b"GET / x HTTP/1.1", 400, "Bad request syntax ('GET / x HTTP/1.1')"),
])
def test_request_lines_are_refused_as_http_server_refuses_them(server, line, status, message):
    with socket.create_connection((server.connect_host, server.port), timeout=5) as sock:
        sock.sendall(line + b"\r\nHost: x\r\n\r\n")
        answer = everything(sock)
    if status is None:
        body = answer
    else:
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 %d " % status) and b"Content-Type: application/json" in head
    assert json.loads(body)["Message"] == message


@pytest.mark.parametrize("extra, message", [
    (b"".join(b"X-%d: v\r\n" % i for i in range(101)), "Too many headers"),
    (b"X-Long: " + b"v" * 70000 + b"\r\n", "Line too long"),
])
def test_header_limits_are_http_servers(server, extra, message):
    with socket.create_connection((server.connect_host, server.port), timeout=5) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n" + extra + b"\r\n")
        head, _, body = read_answer(sock)
        assert head.startswith(b"HTTP/1.1 431 ") and json.loads(body)["Message"] == message


# -- header parsing: exactly what http.server gets from http.client.parse_headers ---------------------------------

LINES = st.one_of(
    st.builds(lambda n, v: n + b": " + v + b"\r\n", st.sampled_from([b"Host", b"X-A", b"x-a", b"Content-Length"]),
              st.binary(max_size=6).filter(lambda v: b"\n" not in v)),
    st.builds(lambda n, v: n + b":" + v + b"\n", st.binary(min_size=1, max_size=4).filter(lambda v: b"\n" not in v),
              st.binary(max_size=6).filter(lambda v: b"\n" not in v)),
    st.sampled_from([b" folded continuation\r\n", b"\tmore\r\n", b"no colon here\r\n", b"From someone\r\n",
                     b"X-Cr: a\rb\r\n", b": empty name\r\n", b"X-Trail: v  \r\n", b"X-Empty:\r\n"]),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(LINES, max_size=8), st.sampled_from([b"\r\n", b"\n", b""]))
def test_headers_read_the_same_as_http_client_reads_them(lines, end):
    # what follows the headers looks like the end of another block: neither reader may read into it
    block = b"".join(lines) + end + (b"next: 1\r\n\r\n" if end else b"")
    expected = io.BytesIO(block)
    theirs = http.client.parse_headers(expected)
    rest = expected.read()
    # line by line (a reader that cannot peek), and from the buffer (a socket's reader, headers all there)
    for reader in (io.BytesIO(block), io.BufferedReader(io.BytesIO(block))):
        ours = read_headers(reader)
        assert ours == theirs.items()
        assert reader.read() == rest
        for name in ("Host", "x-a", "Content-Length", "Connection"):
            assert first_value(ours, name.lower()) == theirs.get(name, "")


@pytest.mark.parametrize("reader", [io.BytesIO, lambda data: io.BufferedReader(io.BytesIO(data))],
                         ids=["line by line", "buffered"])
def test_header_bounds_are_http_clients(reader):
    assert len(read_headers(reader(b"X: 1\r\n" * 99 + b"\r\n"))) == 99
    with pytest.raises(HeaderLimit, match="got more than 100 headers"):
        read_headers(reader(b"X: 1\r\n" * 100 + b"\r\n"))
    with pytest.raises(HeaderLimit, match="got more than 65536 bytes"):
        read_headers(reader(b"X: " + b"1" * 65536 + b"\r\n\r\n"))


# -- the WSGI environ: what werkzeug's handler makes ---------------------------------------------------------------

REQUESTS = [
    b"GET /?Action=ListFlows&Version=2019-03-15 HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /queues/q/messages?waitseconds=1&x=a%2Bb+c HTTP/1.1\r\nHost: h:1\r\nX-Mns-Version: 2015-06-06\r\n\r\n",
    b"GET /t\xc3\xa9st/%C3%A9?q=\xc3\xa9 HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET http://other.example:8080/abs/path?a=1 HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET //double//slash HTTP/1.1\r\nHost: x\r\n\r\n",
    b"POST /x HTTP/1.0\r\nHost: x\r\nX-Dup: a\r\nX-Dup: b\r\nX_Under: no\r\nContent-Type: text/plain\r\n"
    b"Content-Length: 3\r\n\r\nabc",
    b"POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
    b"GET /x HTTP/1.1\r\nHost: x\r\nX-Folded: one\r\n two\r\n\r\n",
]


def test_the_environ_is_the_one_werkzeug_makes(monkeypatch):
    from werkzeug.serving import WSGIRequestHandler

    from fakecloud.wire.handler import Handler
    seen = []

    def compare(self):
        ours, theirs = Handler.make_environ(self), WSGIRequestHandler.make_environ(self)
        for environ in (ours, theirs):
            environ.pop("werkzeug.socket")
            environ["wsgi.input"] = type(environ["wsgi.input"]).__name__
        seen.append((ours, theirs))
        self.close_connection = True
        self.send_error(400, "compared")
    monkeypatch.setattr(Handler, "run_wsgi", compare)
    with FakeCloudServer() as server:
        for raw in REQUESTS:
            with socket.create_connection((server.connect_host, server.port), timeout=5) as sock:
                sock.sendall(raw)
                everything(sock)
    assert len(seen) == len(REQUESTS)
    for ours, theirs in seen:
        assert ours == theirs
