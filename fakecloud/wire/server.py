"""`FakeCloudServer`: the wire app on a threaded local HTTP server running in a background thread, with the client
settings of every official SDK, for tests, pytest fixtures and the ``fakecloud server`` command.

    with FakeCloudServer() as server:
        client = fnf_client.Client(open_api_models.Config(**server.settings["tea"]))
        account = mns.account.Account(**server.settings["mns"])
"""
from __future__ import annotations

import glob
import json
import os
import socket
import threading
import urllib.error
import urllib.request
from typing import Any, Iterable

from werkzeug.serving import make_server

from ..cloud import FakeCloud
from ..engine import RealClock
from ..fdl import check_file
from .access import TOKEN_HEADER, HandlerImports, check_token, new_token
from .app import DEFAULT_CREDENTIALS, MAX_BODY_BYTES, WireApp
from .banner import banner
from .control import ControlError
from .handler import Handler
from .timekeeping import TICK_SECONDS, Ticker

CLOCKS = ("virtual", "real")
READ_TIMEOUT_SECONDS = 30.0     # a client silent this long while sending a request (or between requests) is dropped


class FlowLoadError(Exception):
    """A flow of --flows DIR is invalid or unreadable; the message lists every diagnostic."""


def load_flows(cloud, directory: str) -> list[str]:
    """Register every ``*.yaml`` / ``*.yml`` in ``directory`` under its file stem (replacing flows of that name)."""
    if not os.path.isdir(directory):
        raise FlowLoadError(f"{directory} is not a directory")
    files = sorted(glob.glob(os.path.join(directory, "*.yaml")) + glob.glob(os.path.join(directory, "*.yml")))
    checked = [(os.path.splitext(os.path.basename(f))[0], f, check_file(f)) for f in files]
    problems = [d.format() for _, _, report in checked for d in report.errors]
    if problems:
        raise FlowLoadError("\n".join(problems))
    for name, file, _ in checked:
        with open(file, "rb") as fh:
            cloud.add_flow(name, fh.read().decode("utf-8-sig"), replace=True)
    return [name for name, _, _ in checked]


def _bind(host: str, port: int) -> socket.socket:
    family, kind, proto, _, address = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM,
                                                         flags=socket.AI_PASSIVE)[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except BaseException:
        sock.close()
        raise
    return sock


class FakeCloudServer:
    """Serve ``cloud`` (a new FakeCloud by default) on ``host:port`` (0: a free port). ``clock="virtual"`` skips
    engine-owned waits and lets client-facing deadlines follow real time; ``clock="real"`` runs everything in real
    time, ``scale`` times faster (a given cloud must then run on a RealClock). ``credentials`` maps AccessKeyId to
    AccessKeySecret for ``verify_signatures``. A client that sends nothing for ``read_timeout`` seconds in the middle
    of a request is answered 400 and dropped (bodies are read before the world's lock is taken, so it delays no one
    else). Touch ``cloud`` from another thread only inside ``world()``.

    The control plane (``/_fakecloud/``) answers only requests with ``control_token`` (a new random one unless
    given) in the ``X-Fakecloud-Token`` header: ``control()`` and ``settings["control"]`` carry it. A
    ``module:function`` handler is imported only with ``allow_handler_imports`` or from ``handler_modules``."""

    def __init__(self, cloud: FakeCloud | None = None, host: str = "127.0.0.1", port: int = 0, *,
                 clock: str = "virtual", scale: float = 1.0, verify_signatures: bool = False,
                 credentials: dict[str, str] | None = None, flows_dir: str | None = None,
                 tick_seconds: float = TICK_SECONDS, max_body_bytes: int = MAX_BODY_BYTES,
                 log_requests: bool = False, control_token: str | None = None,
                 allow_handler_imports: bool = False, handler_modules: Iterable[str] = (),
                 read_timeout: float = READ_TIMEOUT_SECONDS):
        if clock not in CLOCKS:
            raise ValueError(f"clock must be 'virtual' or 'real', got {clock!r}")
        if not isinstance(scale, (int, float)) or isinstance(scale, bool) or scale <= 0:
            raise ValueError(f"scale must be a number > 0, got {scale!r}")
        if cloud is None:
            cloud = FakeCloud(clock=RealClock(scale=scale)) if clock == "real" else FakeCloud()
        elif cloud.clock.is_virtual != (clock == "virtual"):
            wanted = "VirtualClock" if clock == "virtual" else "RealClock"
            raise ValueError(f"clock={clock!r} needs a FakeCloud on a {wanted}; "
                             f"this one runs on a {type(cloud.clock).__name__}")
        self.cloud = cloud
        self.host, self.requested_port = host, port
        self.log_requests = log_requests
        self.token_given = control_token is not None
        self.secret_given = credentials is not None
        self.read_timeout = read_timeout
        self.app = WireApp(cloud, verify_signatures=verify_signatures, credentials=credentials,
                           max_body_bytes=max_body_bytes, follow_real_time=True, tick_seconds=tick_seconds,
                           control_token=new_token() if control_token is None else check_token(control_token),
                           handler_imports=HandlerImports.of(allow_handler_imports, handler_modules))
        self.flows: list[str] = []
        if flows_dir is not None:
            self.flows = load_flows(cloud, flows_dir)
            self.app.reset_hooks.append(lambda world: load_flows(world, flows_dir))
        self._ticker = Ticker(self.app, tick_seconds)
        self._server = None
        self._thread: threading.Thread | None = None

    # -- life cycle ------------------------------------------------------------------------------------------
    def start(self) -> "FakeCloudServer":
        """Bind and serve in a background thread (OSError if the address is taken)."""
        if self._server is not None:
            raise RuntimeError("the server is already running")
        sock = _bind(self.host, self.requested_port)
        try:   # werkzeug would exit the process when it cannot bind: it gets a bound socket instead
            server = make_server(self.host, self.requested_port, self.app, threaded=True, request_handler=Handler,
                                 fd=sock.fileno())
        finally:
            sock.close()     # make_server serves on a duplicate of it
        server.log_requests = self.log_requests
        server.read_timeout = self.read_timeout
        server.connections = set()          # kept-alive client connections, shut when the server stops
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="fakecloud-server", daemon=True)
        self._thread.start()
        self._ticker.start()
        return self

    def stop(self) -> None:
        """Stop serving: long polls in progress end at once, the port is released."""
        server, self._server = self._server, None
        if server is None:
            return
        self.app.time.close()
        self._ticker.stop()
        server.shutdown()
        self._thread.join()
        for connection in list(server.connections):     # idle kept-alive connections end now, not at their timeout
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        server.server_close()

    def __enter__(self) -> "FakeCloudServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._server is not None

    def world(self):
        """``with server.world() as cloud:`` use the world safely while the server runs."""
        return self.app.world()

    @property
    def lock(self):
        return self.app.lock

    def reset(self) -> None:
        self.app.reset()

    # -- where clients connect -------------------------------------------------------------------------------
    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the server is not running; call start() or use it as a context manager")
        return self._server.socket.getsockname()[1]

    @property
    def connect_host(self) -> str:
        host = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}.get(self.host, self.host)
        return f"[{host}]" if ":" in host else host

    @property
    def endpoint(self) -> str:
        """host:port, the form the Tea clients' ``Config(endpoint=...)`` takes."""
        return f"{self.connect_host}:{self.port}"

    @property
    def url(self) -> str:
        return f"http://{self.endpoint}"

    @property
    def access_key(self) -> tuple[str, str]:
        """The key pair the printed settings use: the first configured one, else the default pair."""
        return next(iter((self.app.credentials or DEFAULT_CREDENTIALS).items()))

    @property
    def settings(self) -> dict:
        """Keyword arguments for each SDK's client: ``Config(**settings["tea"])`` (every alibabacloud-* client),
        ``AcsClient(**settings["acs"])`` then ``request.set_endpoint(settings["acs_endpoint"])``,
        ``Account(**settings["mns"])``, ``fc2.Client(**settings["fc2"])``; ``settings["control"]`` is the control
        plane's ``url`` and the ``headers`` its requests need."""
        key, secret = self.access_key
        region = self.cloud.region
        return {
            "tea": {"access_key_id": key, "access_key_secret": secret, "endpoint": self.endpoint,
                    "protocol": "http", "region_id": region},
            "acs": {"ak": key, "secret": secret, "region_id": region, "port": self.port},
            "acs_endpoint": self.connect_host,
            "mns": {"host": self.url, "access_id": key, "access_key": secret},
            "fc2": {"endpoint": self.url, "accessKeyID": key, "accessKeySecret": secret},
            "control": {"url": f"{self.url}/_fakecloud", "headers": self.control_headers},
        }

    @property
    def control_token(self) -> str:
        """The token every control-plane request needs (in the ``X-Fakecloud-Token`` header)."""
        return self.app.control_token

    @property
    def control_headers(self) -> dict[str, str]:
        return {TOKEN_HEADER: self.control_token}

    def control(self, path: str, body: Any = None, method: str | None = None) -> Any:
        """Call the control plane with this server's token: ``control("/clock/advance", {"seconds": 60})``
        (POST when there is a body, else GET); the decoded JSON answer, or `ControlError` for an error."""
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(f"{self.url}/_fakecloud{path}", data=data, method=method or (
            "POST" if data is not None else "GET"), headers={**self.control_headers,
                                                             "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return json.loads(answer.read() or b"null")
        except urllib.error.HTTPError as err:
            with err:
                error = json.loads(err.read() or b"{}")
            raise ControlError(err.code, error.get("Code", ""), error.get("Message", "")) from None

    def describe(self) -> str:
        """What ``fakecloud server`` prints at start: the address, the clock, each SDK's settings and the control
        token (a configured secret and a given token masked)."""
        return banner(self)
