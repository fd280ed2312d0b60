"""The offline guard: while installed, resolving a real Alibaba Cloud host (`*.aliyuncs.com`) raises at once with
a message naming the fixture to use (hosts allowed on purpose, such as a record endpoint, excepted). It wraps `socket.getaddrinfo`, which every client library in use reaches
(requests/urllib3, http.client, aiohttp's resolver); loopback and every other host are untouched."""
from __future__ import annotations

import socket

CLOUD_SUFFIX = ".aliyuncs.com"
_FIXTURES = (("fnf", "fake_fnf"), ("mns", "fake_mns"), ("fc", "fake_fc"), ("goodstech", "fake_viapi"),
             ("facebody", "fake_viapi"), ("ocr", "fake_viapi"), ("imagerecog", "fake_viapi"),
             ("imageseg", "fake_viapi"), ("imageenhan", "fake_viapi"), ("objectdet", "fake_viapi"))


class RealCloudBlocked(RuntimeError):
    """A test tried to reach a real Alibaba Cloud endpoint. Not an OSError on purpose: client libraries retry
    or wrap connection errors, and this must reach the test as it is."""


def is_real_cloud(host) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    host = host.rstrip(".").lower()
    return host == CLOUD_SUFFIX[1:] or host.endswith(CLOUD_SUFFIX)


def fixture_for(host: str) -> str:
    labels = host.lower().split(".")
    for key, fixture in _FIXTURES:
        if any(label == key or label.startswith(key + "-") for label in labels[:-2]):
            return fixture
    return "fake_cloud"


def message(host: str) -> str:
    """What a test that reached `host` should do instead: an SDK client needs the wire layer (in process or a
    server); the fixture named for the host is the fake that then shows what the client did."""
    return (f"fakecloud blocked a connection to {host}: tests run offline. Send the SDK client to the test's world "
            f"in process, inside `with fakecloud.mock_cloud(fake_cloud):`, or over the wire, with the client "
            f"settings of the `fake_cloud_server` fixture (`fake_cloud_server.settings`); the `{fixture_for(host)}` "
            f"fixture then shows what it did. To reach the real cloud, run pytest with "
            f"--fakecloud-allow-real-cloud.")


class OfflineGuard:
    """Install around a test session (nested installs restore what each one found)."""

    def __init__(self):
        self._saved = None
        self._allowed: list = []       # predicates on a host name: hosts reached on purpose (recording)

    def allow(self, predicate) -> None:
        """Let connections to the hosts ``predicate(host)`` accepts through."""
        self._allowed.append(predicate)

    @property
    def installed(self) -> bool:
        return self._saved is not None

    def install(self) -> None:
        if self._saved is not None:
            return
        original = self._saved = socket.getaddrinfo
        allowed = self._allowed

        def getaddrinfo(host, *args, **kwargs):
            if is_real_cloud(host):
                name = host if isinstance(host, str) else host.decode("ascii", "replace")
                if not any(accepts(name) for accepts in allowed):
                    raise RealCloudBlocked(message(name))
            return original(host, *args, **kwargs)

        getaddrinfo.__wrapped__ = original
        socket.getaddrinfo = getaddrinfo

    def uninstall(self) -> None:
        if self._saved is not None:
            socket.getaddrinfo = self._saved
            self._saved = None
