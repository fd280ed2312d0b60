"""MNS request and response bodies: XML in the `http://mns.aliyuncs.com/doc/v1/` namespace.

Parsing is lenient about the namespace (the service's own examples send `xmlns=""`) and strict about
well-formedness: anything the parser cannot read, any document type declaration or entity, whatever the document's
encoding, and elements nested deeper than MAX_DEPTH (no MNS body nests more than three) are MalformedXML. A body
in an ASCII-compatible encoding (what every SDK sends) without `<!DOCTYPE` cannot declare an entity, so the C
parser reads it as it is (twice as fast); any other body goes through defusedxml, which refuses a DTD or entity as
the parser meets it, so no entity is ever expanded. An element with children becomes a mapping (a child given twice is a schema error;
lists such as `<Messages>` are read with `items`); a leaf becomes its text, untouched (message bodies keep their
whitespace). Rendering checks values by exact type first and escapes only text that needs it: it runs on every
answer, and an isinstance against collections.abc's Mapping costs several times more than a type check."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from typing import Any
from xml.sax.saxutils import escape

import defusedxml.ElementTree as SafeET

from ...services.mns.errors import schema_error
from .errors import malformed_xml

NS = "http://mns.aliyuncs.com/doc/v1/"
DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
MAX_DEPTH = 16


# --- parsing ----------------------------------------------------------------------------------------------------

def _local(tag: Any) -> str:
    if not isinstance(tag, str):        # comments and processing instructions
        return ""
    return tag.rsplit("}", 1)[-1]


def parse(body: bytes, root: str | tuple[str, ...]) -> ET.Element:
    """The document's root element, which must be ``root`` (or one of them)."""
    if not body.strip():
        raise malformed_xml()
    try:
        element = ET.fromstring(body) if _without_dtd(body) else SafeET.fromstring(body, forbid_dtd=True)
    except (ET.ParseError, ValueError):      # defusedxml refuses a DTD or entity with a ValueError
        raise malformed_xml() from None
    if body.count(b"<") > MAX_DEPTH and _deeper_than(element, MAX_DEPTH):   # each level opens with a `<`
        raise malformed_xml()
    roots = (root,) if isinstance(root, str) else root
    if _local(element.tag) not in roots:
        raise schema_error(_local(element.tag) or roots[0])
    return element


def _without_dtd(body: bytes) -> bool:
    """True when ``body`` holds no document type declaration, as far as the bytes show it: a document whose first
    byte is `<` (after ASCII blanks or a UTF-8 byte order mark) and whose second is not NUL is read by expat in an
    ASCII-compatible encoding (UTF-8, or a single-byte one in which ASCII bytes keep their meaning: expat refuses
    any other, and a declared UTF-16 or UTF-32 as incorrect), so a declaration would be the bytes `<!DOCTYPE`.
    Without one no entity can be declared, and the standard parser expands nothing. Anything else (UTF-16 with
    or without a byte order mark, UTF-32, EBCDIC, a DOCTYPE) is left to defusedxml."""
    text = body.lstrip(b" \t\r\n")
    if text.startswith(b"\xef\xbb\xbf"):
        text = text[3:]
    return text[:1] == b"<" and text[1:2] != b"\x00" and b"<!DOCTYPE" not in text


def _deeper_than(root: ET.Element, limit: int) -> bool:
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in element)
    return False


def value(element: ET.Element) -> Any:
    """A leaf's text ("" when empty), or a mapping of an element's children."""
    children = [c for c in element if _local(c.tag)]
    if not children:
        return element.text or ""
    return fields(element)


def fields(element: ET.Element) -> dict[str, Any]:
    """An element's children by local name; a name given twice is a schema error."""
    out: dict[str, Any] = {}
    for child in element:
        name = _local(child.tag)
        if not name:
            continue
        if name in out:
            raise schema_error(name)
        else:
            out[name] = value(child)
    return out


def items(element: ET.Element, name: str) -> list[Any]:
    """The values of the children named ``name``; any other child is a schema error."""
    out = []
    for child in element:
        local = _local(child.tag)
        if not local:
            continue
        if local != name:
            raise schema_error(local)
        out.append(value(child))
    return out


# --- rendering --------------------------------------------------------------------------------------------------

def text(value: Any) -> str:
    if isinstance(value, bool):
        return "True" if value else "False"
    return escape(str(value))


def _elements(pairs: Mapping[str, Any]) -> str:
    parts = []
    for name, value in pairs.items():
        kind = type(value)
        if kind is str:
            inner = escape(value) if ("&" in value or "<" in value or ">" in value) else value
        elif kind is int:
            inner = str(value)
        elif value is None:
            continue
        elif kind is dict or isinstance(value, Mapping):
            inner = _elements(value)
        else:
            inner = text(value)
        parts.append(f"<{name}>{inner}</{name}>")
    return "".join(parts)


def document(root: str, pairs: Mapping[str, Any]) -> bytes:
    """``<root xmlns=NS>`` with one child per pair (None values left out; mappings nest)."""
    return f'{DECLARATION}<{root} xmlns="{NS}">{_elements(pairs)}</{root}>'.encode("utf-8")


def document_list(root: str, item: str, entries: Iterable[Mapping[str, Any]],
                  tail: Mapping[str, Any] | None = None) -> bytes:
    """``<root>`` holding one ``<item>`` per entry, then the ``tail`` elements (e.g. NextMarker)."""
    body = "".join(f"<{item}>{_elements(entry)}</{item}>" for entry in entries)
    if tail:
        body += _elements(tail)
    return f'{DECLARATION}<{root} xmlns="{NS}">{body}</{root}>'.encode("utf-8")
