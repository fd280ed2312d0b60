"""Where task steps go when a run is recorded from a live endpoint, and the key that signs the requests.

One base URL serves every protocol (a `fakecloud server`, or any stand-in that routes by path the way it does):

    Endpoint.parse("http://127.0.0.1:9000")

or the real cloud's hosts, per product, in one region (the AccessKey pair and, for FC and MNS, the account id
come from the environment: ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET, optionally
ALIBABA_CLOUD_SECURITY_TOKEN, ALIBABA_CLOUD_ACCOUNT_ID, ALIBABA_CLOUD_REGION_ID):

    Endpoint.parse("aliyun:cn-shanghai")
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Mapping
from urllib.parse import urlsplit

LOCAL_KEY = ("fakecloud", "fakecloud-secret")     # what a fakecloud server accepts when it checks signatures
DEFAULT_REGION = "cn-hangzhou"
ENV_KEY_ID = "ALIBABA_CLOUD_ACCESS_KEY_ID"
ENV_SECRET = "ALIBABA_CLOUD_ACCESS_KEY_SECRET"
ENV_TOKEN = "ALIBABA_CLOUD_SECURITY_TOKEN"
ENV_ACCOUNT = "ALIBABA_CLOUD_ACCOUNT_ID"
ENV_REGION = "ALIBABA_CLOUD_REGION_ID"


class EndpointError(ValueError):
    """An endpoint setting that cannot be used, with what would be right."""


def _base(url: str, what: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise EndpointError(f"{what} must be an http:// or https:// URL, got {url!r}")
    return f"{parts.scheme}://{parts.netloc}"


@dataclass(frozen=True)
class Endpoint:
    """Base URLs per service (``vision`` may hold ``{product}``), the region and account the requests name, and
    the AccessKey pair (plus an STS token) that signs them."""
    fc: str
    mns: str
    vision: str
    region: str = DEFAULT_REGION
    account_id: str = ""
    access_key_id: str = LOCAL_KEY[0]
    access_key_secret: str = field(default=LOCAL_KEY[1], repr=False)
    security_token: str = field(default="", repr=False)

    def __post_init__(self):
        for name in ("fc", "mns"):      # "" : not reachable (the real cloud without an account id)
            if getattr(self, name):
                object.__setattr__(self, name, _base(getattr(self, name), f"the {name} endpoint"))
        _base(self.vision.replace("{product}", "product"), "the vision endpoint")
        object.__setattr__(self, "vision", self.vision.rstrip("/"))

    # -- construction --------------------------------------------------------------------------------------------
    @classmethod
    def local(cls, url: str, *, access_key_id: str = LOCAL_KEY[0], access_key_secret: str = LOCAL_KEY[1],
              region: str = DEFAULT_REGION, account_id: str = "") -> "Endpoint":
        """Every service at one base URL, as `fakecloud server` serves them."""
        base = _base(url, "the endpoint")
        return cls(base, base, base, region, account_id, access_key_id, access_key_secret)

    @classmethod
    def aliyun(cls, region: str, account_id: str, access_key_id: str, access_key_secret: str,
               security_token: str = "") -> "Endpoint":
        """The real cloud's public HTTPS endpoints in ``region``."""
        if not access_key_id or not access_key_secret:
            raise EndpointError(f"recording from Alibaba Cloud needs an AccessKey pair: set {ENV_KEY_ID} and "
                                f"{ENV_SECRET}")
        return cls(fc=f"https://{account_id}.{region}.fc.aliyuncs.com" if account_id else "",
                   mns=f"https://{account_id}.mns.{region}.aliyuncs.com" if account_id else "",
                   vision=f"https://{{product}}.{region}.aliyuncs.com", region=region, account_id=account_id,
                   access_key_id=access_key_id, access_key_secret=access_key_secret, security_token=security_token)

    @classmethod
    def parse(cls, text: str, environ: Mapping[str, str] = os.environ) -> "Endpoint":
        """``http(s)://host[:port]`` (one endpoint for every service) or ``aliyun[:region]`` (the real cloud);
        keys and account from ``environ``."""
        text = text.strip()
        region = environ.get(ENV_REGION) or DEFAULT_REGION
        if text == "aliyun" or text.startswith("aliyun:"):
            region = text.partition(":")[2] or region
            return cls.aliyun(region, environ.get(ENV_ACCOUNT, ""), environ.get(ENV_KEY_ID, ""),
                              environ.get(ENV_SECRET, ""), environ.get(ENV_TOKEN, ""))
        if not text.startswith(("http://", "https://")):
            raise EndpointError(f"the record endpoint must be a URL (http://127.0.0.1:9000) or aliyun[:region], "
                                f"got {text!r}")
        endpoint = cls.local(text, region=region, account_id=environ.get(ENV_ACCOUNT, ""))
        if environ.get(ENV_KEY_ID) and environ.get(ENV_SECRET):
            endpoint = cls(endpoint.fc, endpoint.mns, endpoint.vision, region, endpoint.account_id,
                           environ[ENV_KEY_ID], environ[ENV_SECRET], environ.get(ENV_TOKEN, ""))
        return endpoint

    # -- use ---------------------------------------------------------------------------------------------------
    def url(self, service: str, product: str = "") -> str:
        """The base URL of "fc", "mns" or "vision" (for ``product``)."""
        if service == "vision":
            return self.vision.replace("{product}", product)
        base = getattr(self, service)
        if not base:
            raise EndpointError(f"{service.upper()} endpoints of Alibaba Cloud name the account: set {ENV_ACCOUNT}")
        return base

    def allows(self, host: str) -> bool:
        """Whether ``host`` is one this endpoint sends requests to (any product's host for the vision APIs)."""
        host = host.rstrip(".").lower()
        for base in (self.fc, self.mns):
            if base and urlsplit(base).hostname == host:
                return True
        head, _, tail = (urlsplit(self.vision.replace("{product}", "product")).hostname or "").partition(".")
        if "{product}" in self.vision:
            return host.partition(".")[2] == tail
        return host == f"{head}.{tail}".rstrip(".")

    def describe(self) -> str:
        if self.fc == self.mns == self.vision:
            return self.fc
        return f"fc {self.fc}, mns {self.mns}, vision {self.vision}"
