"""Floors for any HTTP server in the MNS wire benchmark: loopback socket loops that read each request no further
than where it ends (the end of its header lines and its Content-Length) and check nothing else.

* `ReplayServer` answers with the bytes fakecloud's server wrote for a request of the same method; it keeps no
  state and runs no app. What a client spends against it is what any server's answers cost that client, plus the
  socket calls.
* `BareAppServer` answers with a WSGI app called on the least environ it needs (the request line, the headers,
  the body), an answer with Content-Length and nothing else: what the app costs behind an HTTP layer that does
  almost nothing (no header limits, no refusals, no timeouts, no chunked bodies: not a server to use).

    recorded = record_round(round_factory)         # per method: what fakecloud's server read and wrote
    with ReplayServer(recorded.answers) as floor:   # floor.url, floor.spent (server thread CPU, seconds)
        ...
    with BareAppServer(FakeCloudServer().app) as bare:
        ...
"""
from __future__ import annotations

import email.utils
import io
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import unquote

from fakecloud.cloud import FakeCloud
from fakecloud.wire.protocol import BODY
from fakecloud.wire.server import FakeCloudServer

MAX_HEAD = 65536


@dataclass
class Recorded:
    """One round through fakecloud's server, per request method (as bytes): ``answers`` the bytes it wrote,
    ``requests`` the WSGI environ it made (without its streams) and the body the app read."""
    answers: dict[bytes, bytes] = field(default_factory=dict)
    requests: dict[bytes, tuple[dict, bytes]] = field(default_factory=dict)


def record_round(rounds: Callable[[str, str, str], Callable[[], None]]) -> Recorded:
    """What fakecloud's server read and wrote for each request of one round (``rounds(host, key, secret)``
    makes the round)."""
    recorded = Recorded()
    with FakeCloudServer(FakeCloud(seed=0)) as server:
        handler = server._server.RequestHandlerClass

        class Recording(handler):
            def _call(self, environ):
                kept = {k: v for k, v in environ.items() if k not in ("wsgi.input", "werkzeug.socket")}
                try:
                    return super()._call(environ)
                finally:
                    recorded.requests[self.command.encode("ascii")] = kept, environ.get(BODY, b"")

            def _write(self, environ, status, headers, data):
                real, self.wfile = self.wfile, io.BytesIO()
                try:
                    super()._write(environ, status, headers, data)
                finally:
                    written, self.wfile = self.wfile.getvalue(), real
                recorded.answers[self.command.encode("ascii")] = written
                real.write(written)

        server._server.RequestHandlerClass = Recording
        mns = server.settings["mns"]
        rounds(mns["host"], mns["access_id"], mns["access_key"])()
    return recorded


class SocketLoop:
    """A loopback port, a thread per connection, each request read to its end and answered with
    ``answer(head, body, peer)``; `spent[0]` sums the connection threads' CPU for every request they answered
    (reset it between batches)."""

    def __init__(self):
        self.spent = [0.0]
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._stopped = threading.Event()
        self._connections: set[socket.socket] = set()

    def answer(self, head: bytes, body: bytes, peer: tuple) -> bytes:
        raise NotImplementedError

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        threading.Thread(target=self._accept, name="floor-accept", daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._stopped.set()
        self._listener.close()
        for connection in list(self._connections):     # a client's kept-alive connection ends now
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                connection, peer = self._listener.accept()
            except OSError:
                return
            self._connections.add(connection)
            threading.Thread(target=self._serve, args=(connection, peer), name="floor-connection",
                             daemon=True).start()

    def _serve(self, connection: socket.socket, peer: tuple) -> None:
        try:
            self._answer(connection, peer)
        except OSError:
            pass
        finally:
            self._connections.discard(connection)
            connection.close()

    def _answer(self, connection: socket.socket, peer: tuple) -> None:
        pending = b""
        while not self._stopped.is_set():
            start = time.thread_time()
            while b"\r\n\r\n" not in pending:
                data = connection.recv(MAX_HEAD)
                if not data or len(pending) > MAX_HEAD:
                    return
                pending += data
            head, _, rest = pending.partition(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            while len(rest) < length:
                data = connection.recv(MAX_HEAD)
                if not data:
                    return
                rest += data
            body, pending = rest[:length], rest[length:]
            connection.sendall(self.answer(head, body, peer))
            self.spent[0] += time.thread_time() - start


class ReplayServer(SocketLoop):
    """Answer each request with ``answers[method]``."""

    def __init__(self, answers: dict[bytes, bytes]):
        super().__init__()
        self.answers = answers

    def answer(self, head: bytes, body: bytes, peer: tuple) -> bytes:
        return self.answers[head[:head.find(b" ")]]


class BareAppServer(SocketLoop):
    """Answer each request with what the WSGI ``app`` answers it."""

    def __init__(self, app: Callable):
        super().__init__()
        self.app = app
        self._date = (0, "")
        self._fixed = {     # what every request's environ holds alike
            "wsgi.version": (1, 0), "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr, "wsgi.multithread": True,
            "wsgi.multiprocess": False, "wsgi.run_once": False, "SCRIPT_NAME": "", "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": str(self.port),
        }

    def answer(self, head: bytes, body: bytes, peer: tuple) -> bytes:
        request_line, *lines = head.decode("latin-1").split("\r\n")
        method, target, version = request_line.split(" ")
        path, _, query = target.partition("?")
        environ = {
            **self._fixed, "wsgi.input": io.BytesIO(body), "REQUEST_METHOD": method,
            "PATH_INFO": unquote(path, "latin-1"), "QUERY_STRING": query, "REQUEST_URI": target, "RAW_URI": target,
            "REMOTE_ADDR": peer[0], "REMOTE_PORT": peer[1], "SERVER_PROTOCOL": version,
        }
        for line in lines:
            name, _, value = line.partition(":")
            key = name.upper().replace("-", "_")
            environ[key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else "HTTP_" + key] = value.strip()
        answer: list = []
        data = b"".join(self.app(environ, lambda status, headers, exc_info=None: answer.extend((status, headers))))
        status, headers = answer
        named = "".join(f"{name}: {value}\r\n" for name, value in headers if name.lower() != "content-length")
        now = int(time.time())
        if self._date[0] != now:
            self._date = (now, email.utils.formatdate(now, usegmt=True))
        return (f"HTTP/1.1 {status}\r\nDate: {self._date[1]}\r\n{named}"
                f"Content-Length: {len(data)}\r\n\r\n").encode("latin-1") + data
