"""Who may use the control plane, and what it may make the server do: the control token a server requires in the
``X-Fakecloud-Token`` header, and the policy deciding which ``module:function`` handlers may be imported.
The threat model is in docs/control-plane.md."""
from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import Iterable

TOKEN_HEADER = "X-Fakecloud-Token"
TOKEN_ENV = "FAKECLOUD_CONTROL_TOKEN"
OPEN_PATHS = ("/health",)        # answered without the token: they tell no more than the open port does


def new_token() -> str:
    """A fresh control token: 32 random bytes, URL-safe base64 (43 characters)."""
    return secrets.token_urlsafe(32)


def check_token(token: str) -> str:
    """A token a server may be given: printable ASCII without spaces, 16 to 256 characters."""
    if not isinstance(token, str) or not 16 <= len(token) <= 256 or \
            not all("!" <= ch <= "~" for ch in token):
        raise ValueError("a control token must be 16 to 256 printable ASCII characters without spaces")
    return token


def token_problem(expected: str | None, given: str | None) -> tuple[int, str, str] | None:
    """(status, Code, Message) refusing a control request, or None when it may pass. ``expected`` None: the
    app has no token (in process), everything passes."""
    if expected is None:
        return None
    if not given:
        return (401, "MissingControlToken", f"the control plane needs the {TOKEN_HEADER} header holding the "
                                            "token the server printed at start")
    if not hmac.compare_digest(given.encode("latin-1", "replace"), expected.encode("ascii")):
        return 403, "InvalidControlToken", f"the {TOKEN_HEADER} header does not hold this server's control token"
    return None


@dataclass(frozen=True)
class HandlerImports:
    """Which modules ``module:function`` handlers may come from: none (the default), every one (``allow_all``),
    or the ``modules`` listed and the modules inside them (``myapp.fakes`` allows ``myapp.fakes.payments``)."""
    allow_all: bool = False
    modules: tuple[str, ...] = ()

    @classmethod
    def of(cls, allow_all: bool = False, modules: Iterable[str] = ()) -> "HandlerImports":
        names = tuple(dict.fromkeys(m.strip() for m in modules))
        for name in names:
            if not name or not all(part.isidentifier() for part in name.split(".")):
                raise ValueError(f"not a module name: {name!r}")
        return cls(allow_all, names)

    @property
    def enabled(self) -> bool:
        return self.allow_all or bool(self.modules)

    def allows(self, module: str) -> bool:
        if self.allow_all:
            return True
        return any(module == name or module.startswith(name + ".") for name in self.modules)

    def refusal(self, module: str) -> str:
        """Why ``module`` may not be imported, in words that say how to allow it."""
        if not self.modules:
            return ("importing handlers is turned off on this server; start it with --allow-handler-imports, or "
                    f"--handler-module {module} to allow that module only")
        return (f"module {module} is not among the handler modules this server allows "
                f"({', '.join(self.modules)}); add it with --handler-module {module}")


NO_IMPORTS = HandlerImports()
ANY_IMPORT = HandlerImports(allow_all=True)
