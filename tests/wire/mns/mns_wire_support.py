"""Helpers of the MNS wire tests: where the SDK is pointed (a FakeCloudServer, or in-process interception), and raw
HTTP requests signed the MNS way."""
from __future__ import annotations

import base64
import hashlib
import hmac
import time
from dataclasses import dataclass, field
from typing import Any

from mns.account import Account

AK, SECRET = "test-ak", "test-secret"
ACCOUNT_ID = "1234567890123456"
ALIYUN_HOST = f"http://{ACCOUNT_ID}.mns.cn-hangzhou.aliyuncs.com"
NS = "http://mns.aliyuncs.com/doc/v1/"


@dataclass
class Target:
    """One place the SDK talks to: ``kind`` is "server" or "inprocess"; ``host`` is the Account host."""
    kind: str
    host: str
    app: Any
    extra: dict = field(default_factory=dict)

    @property
    def cloud(self):
        return self.app.cloud

    def account(self, ak: str = AK, secret: str = SECRET) -> Account:
        return Account(self.host, ak, secret)

    def world(self):
        """``with target.world() as cloud:`` (safe while a server runs)."""
        return self.app.world()

    def advance(self, seconds: float) -> None:
        with self.world() as cloud:
            cloud.advance(seconds)


# --- raw requests ---------------------------------------------------------------------------------------------

def http_date(at: float | None = None) -> str:
    return time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() if at is None else at))


def mns_headers(method: str, uri: str, body: bytes = b"", ak: str = AK, secret: str = SECRET,
                date: str | None = None, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The headers the SDK would send for ``method uri`` with ``body``, signed with ``ak``/``secret``."""
    headers = {"x-mns-version": "2015-06-06", "Date": date if date is not None else http_date()}
    if body:
        headers["Content-Type"] = "text/xml;charset=UTF-8"
        headers["Content-MD5"] = base64.b64encode(hashlib.md5(body).hexdigest().encode()).decode()
    headers.update(extra or {})
    mns = "".join(f"{k.lower()}:{v}\n" for k, v in sorted((k.lower(), v) for k, v in headers.items()
                                                          if k.lower().startswith("x-mns-")))
    text = (f"{method}\n{headers.get('Content-MD5', '')}\n{headers.get('Content-Type', '')}\n"
            f"{headers['Date']}\n{mns}{uri}")
    signature = base64.b64encode(hmac.new(secret.encode(), text.encode(), hashlib.sha1).digest()).decode()
    headers["Authorization"] = f"MNS {ak}:{signature}"
    return headers


def error_fields(xml_text: str) -> dict[str, str]:
    """The children of an `<Error>` body, by local name."""
    import xml.etree.ElementTree as ET
    root = ET.fromstring(xml_text)
    assert root.tag == f"{{{NS}}}Error"
    return {child.tag.split("}")[1]: child.text or "" for child in root}
