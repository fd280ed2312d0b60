"""Secrets kept out of what fakecloud prints: which parameter and key names hold a secret, and request lines with
those parameters' values masked (the server's request log). The recording scrubber uses the same names."""
from __future__ import annotations

import re
from urllib.parse import unquote

MASK = "********"

# the name's letters, lower-cased, with '-', '_', '.' and spaces dropped (client_secret -> clientsecret)
_SECRET_PART = re.compile(r"secret|passw(or)?d|token|apikey|privatekey|signature|authorization")
_SEPARATORS = re.compile(r"[-_.\s]")
_QUERY_ITEM = re.compile(r"([?&;])([^=&;\s\"']*)=([^&;\s\"']*)")


def letters(name: str) -> str:
    return _SEPARATORS.sub("", name).lower()


def is_secret_name(name: str) -> bool:
    """Whether a parameter or key called ``name`` holds a secret, case and separators ignored: it contains
    secret, password (passwd), token, api_key, private_key, signature or authorization, or starts with
    credential (``client_secret``, ``db_password``, ``sessionToken``, ``apiKey``, ``Credentials``)."""
    text = letters(name)
    return bool(_SECRET_PART.search(text)) or text.startswith("credential")


def mask_query(text: str) -> str:
    """``text`` with the value of every query parameter that holds a secret (``Signature``, ``SecurityToken``,
    ``x-acs-security-token``, ...) replaced by the mask; other parameters and the rest of the text unchanged."""
    def masked(match: re.Match) -> str:
        sep, name, value = match.groups()
        return f"{sep}{name}={MASK}" if value and is_secret_name(unquote(name)) else match.group(0)
    return _QUERY_ITEM.sub(masked, text)
