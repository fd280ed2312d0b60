"""A floor for any HTTP server in the MNS wire benchmark: a loopback socket loop that answers each request with the
bytes fakecloud's server wrote for a request of the same method, without reading more of the request than where
it ends (the end of its header lines and its Content-Length). It keeps no state, checks nothing and runs no app;
what a client spends against it is what any server's answers cost that client, plus the socket calls.

    recorded = record_round(round_factory)         # per method: what fakecloud's server read and wrote
    with ReplayServer(recorded.answers) as floor:   # floor.url, floor.spent (server thread CPU, seconds)
        ...
"""
from __future__ import annotations

import io
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

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


class ReplayServer:
    """Serve `answers` on a loopback port, a thread per connection; `spent[0]` sums the connection threads' CPU
    for every request they answered (reset it between batches)."""

    def __init__(self, answers: dict[bytes, bytes]):
        self.answers = answers
        self.spent = [0.0]
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._stopped = threading.Event()
        self._connections: set[socket.socket] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def __enter__(self) -> "ReplayServer":
        threading.Thread(target=self._accept, name="replay-accept", daemon=True).start()
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
                connection, _ = self._listener.accept()
            except OSError:
                return
            self._connections.add(connection)
            threading.Thread(target=self._serve, args=(connection,), name="replay-connection", daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        try:
            self._answer(connection)
        except OSError:
            pass
        finally:
            self._connections.discard(connection)
            connection.close()

    def _answer(self, connection: socket.socket) -> None:
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
            pending = rest[length:]
            connection.sendall(self.answers[head[:head.find(b" ")]])
            self.spent[0] += time.thread_time() - start
