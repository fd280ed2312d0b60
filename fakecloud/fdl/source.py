"""Reads FDL YAML into plain Python values while remembering where every node came from.

The flow model is built from plain dicts and lists; positions live in a side table keyed by the
node's path (('steps', 2, 'name') ...), so every later diagnostic can name a line and column.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .diagnostics import ERROR, Diagnostic, format_path

try:  # libyaml is bundled with PyYAML wheels; the pure-Python loader is only a fallback
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader

# One API request carries at most 1024 KiB, so no deployable definition is larger.
MAX_DEFINITION_BYTES = 1024 * 1024

_STR = "tag:yaml.org,2002:str"
_SCALAR_BUILDERS = {
    "tag:yaml.org,2002:int": yaml.constructor.SafeConstructor.construct_yaml_int,
    "tag:yaml.org,2002:float": yaml.constructor.SafeConstructor.construct_yaml_float,
    "tag:yaml.org,2002:bool": yaml.constructor.SafeConstructor.construct_yaml_bool,
    "tag:yaml.org,2002:null": yaml.constructor.SafeConstructor.construct_yaml_null,
}
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


@dataclass(frozen=True, slots=True)
class Ref:
    """The deploy-time macro `!Ref service/function` (Funcraft / ROS), kept for the parser to resolve."""
    value: str


class SourceError(Exception):
    """The file could not be read as one YAML document; carries a single diagnostic."""

    def __init__(self, diagnostic: Diagnostic):
        self.diagnostic = diagnostic
        super().__init__(diagnostic.format())


@dataclass
class Source:
    file: str
    value: Any
    value_pos: dict = field(default_factory=dict)   # path -> (line, column) of the value
    key_pos: dict = field(default_factory=dict)     # path -> (line, column) of the mapping key
    quoted: set = field(default_factory=set)        # paths of scalars written in quotes
    diagnostics: list = field(default_factory=list)

    def where(self, path: tuple, key: bool = False) -> tuple[int, int]:
        """Position of the node at `path` (its key when asked and known), else of its nearest ancestor."""
        if key and path in self.key_pos:
            return self.key_pos[path]
        if path in self.value_pos:
            return self.value_pos[path]
        while path:
            path = path[:-1]
            if path in self.value_pos:
                return self.value_pos[path]
        return (1, 1)

    def diag(self, severity: str, code: str, path: tuple, message: str, key: bool = False,
             at: tuple[int, int] | None = None) -> Diagnostic:
        line, col = at or self.where(path, key)
        return Diagnostic(severity, code, message, self.file, line, col, format_path(path))


def _fail(file: str, message: str, code: str, line: int = 1, col: int = 1) -> SourceError:
    return SourceError(Diagnostic(ERROR, code, message, file, line, col))


def read_file(file: str) -> bytes:
    """Read a definition file, turning every way it can be unusable into a SourceError."""
    if os.path.isdir(file):
        raise _fail(file, "is a directory, not a flow definition file", "not-a-file")
    try:
        size = os.path.getsize(file)
        if size > MAX_DEFINITION_BYTES:
            raise _fail(file, f"file is {size / 1048576:.1f} MiB; a flow definition must fit in one "
                              f"API request ({MAX_DEFINITION_BYTES // 1024} KiB)", "too-large")
        with open(file, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise _fail(file, f"cannot read file: {exc.strerror or exc}", "unreadable") from None


def load_source(data: bytes | str, file: str = "<string>") -> Source:
    """Parse one YAML document into a Source; raise SourceError when it is not usable YAML text."""
    if isinstance(data, bytes):
        if len(data) > MAX_DEFINITION_BYTES:
            raise _fail(file, f"definition is {len(data)} bytes; it must fit in one API request "
                              f"({MAX_DEFINITION_BYTES // 1024} KiB)", "too-large")
        if b"\x00" in data[:8192]:
            raise _fail(file, "binary file, not a YAML flow definition", "binary")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise _fail(file, f"not UTF-8 text (invalid byte at offset {exc.start})", "encoding") from None
    else:
        text = data
    if not text.strip():
        raise _fail(file, "empty file: a flow definition needs 'version', 'type' and 'steps'", "empty")
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        if "expected a single document" in str(exc):
            problem = "more than one YAML document ('---'); a flow definition is a single document"
        raise _fail(file, f"invalid YAML: {problem}", "yaml", line, col) from None
    except yaml.YAMLError as exc:
        raise _fail(file, f"invalid YAML: {exc}", "yaml") from None
    if node is None:
        raise _fail(file, "empty document: a flow definition needs 'version', 'type' and 'steps'", "empty")
    source = Source(file, None)
    source.value = _Converter(source).convert(node, ())
    return source


class _Converter:
    """Turns a composed YAML node tree into plain values, filling the Source's position tables."""

    def __init__(self, source: Source):
        self.source = source
        self.ctor = yaml.constructor.SafeConstructor()
        self.active: set[int] = set()

    def convert(self, node, path: tuple) -> Any:
        mark = node.start_mark
        self.source.value_pos[path] = (mark.line + 1, mark.column + 1)
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        if id(node) in self.active:
            self.source.diagnostics.append(self.source.diag(ERROR, "yaml", path, "recursive YAML alias"))
            return None
        self.active.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                self._check_tag(node, _SEQ, path)
                return [self.convert(item, path + (i,)) for i, item in enumerate(node.value)]
            self._check_tag(node, _MAP, path)
            return self._mapping(node, path)
        finally:
            self.active.discard(id(node))

    def _mapping(self, node: MappingNode, path: tuple) -> dict:
        self.ctor.flatten_mapping(node)  # YAML merge keys ('<<')
        out: dict = {}
        for key_node, value_node in node.value:
            key = self._scalar(key_node, None) if isinstance(key_node, ScalarNode) else None
            if key is None or isinstance(key, (list, dict)):
                self.source.diagnostics.append(self.source.diag(
                    ERROR, "yaml", path, "mapping keys must be plain names",
                    at=(key_node.start_mark.line + 1, key_node.start_mark.column + 1)))
                continue
            key = str(key) if not isinstance(key, str) else key
            child = path + (key,)
            kmark = key_node.start_mark
            if key in out:
                first = self.source.key_pos[child]
                self.source.diagnostics.append(self.source.diag(
                    ERROR, "duplicate-key", child, f"duplicate key '{key}' (first given at line {first[0]})",
                    at=(kmark.line + 1, kmark.column + 1)))
                continue
            self.source.key_pos[child] = (kmark.line + 1, kmark.column + 1)
            out[key] = self.convert(value_node, child)
        return out

    def _scalar(self, node: ScalarNode, path: tuple) -> Any:
        tag = node.tag
        if tag == _STR:
            if path is not None and node.style in ('"', "'"):
                self.source.quoted.add(path)
            return node.value
        builder = _SCALAR_BUILDERS.get(tag)
        if builder is not None:
            return builder(self.ctor, node)
        if tag == _TIMESTAMP:  # keep RFC 3339 timestamps as the text that was written
            return node.value
        if tag == "!Ref":
            return Ref(node.value)
        self.source.diagnostics.append(self.source.diag(
            ERROR, "yaml-tag", path or (), f"unsupported YAML tag '{tag}' (only '!Ref service/function' is understood)"))
        return node.value

    def _check_tag(self, node, expected: str, path: tuple) -> None:
        if node.tag != expected:
            self.source.diagnostics.append(self.source.diag(
                ERROR, "yaml-tag", path, f"unsupported YAML tag '{node.tag}'"))
