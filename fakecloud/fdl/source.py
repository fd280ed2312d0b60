"""Reads FDL YAML into plain Python values while remembering where every node came from.

The flow model is built from plain dicts and lists; positions live in a side table keyed by the
node's path (('steps', 2, 'name') ...), so every later diagnostic can name a line and column.
"""
from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .bounds import MAX_ALIAS_NODES, MAX_YAML_DEPTH
from .diagnostics import ERROR, Diagnostic, format_path
from .expansion import added_by_aliases, alias_past

try:  # libyaml is bundled with PyYAML wheels; the pure-Python loader is only a fallback
    from yaml import CSafeLoader as YamlLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as YamlLoader

# One API request carries at most 1024 KiB, so no deployable definition is larger.
MAX_DEFINITION_BYTES = 1024 * 1024
# Mappings and lists inside one another: far beyond any real flow, well within what recursion can read.

_STR = "tag:yaml.org,2002:str"
_SCALAR_BUILDERS = MappingProxyType({
    "tag:yaml.org,2002:int": yaml.constructor.SafeConstructor.construct_yaml_int,
    "tag:yaml.org,2002:float": yaml.constructor.SafeConstructor.construct_yaml_float,
    "tag:yaml.org,2002:bool": yaml.constructor.SafeConstructor.construct_yaml_bool,
    "tag:yaml.org,2002:null": yaml.constructor.SafeConstructor.construct_yaml_null,
})
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAP = "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"
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
    text: str = ""                                  # the document as read
    blocks: dict = field(default_factory=dict)      # path -> '|' or '>' for block scalars
    _lines: list | None = field(default=None, repr=False, compare=False)

    def inside(self, path: tuple, value: str, offset: int) -> tuple[int, int]:
        """Position of the character at `offset` of the string scalar `value` at `path`: exact for one-line
        scalars and literal blocks ('|'), the block's first line for folded ones ('>')."""
        line, col = self.where(path)
        style = self.blocks.get(path)
        if style is None:
            return line, col + offset + (1 if path in self.quoted else 0)
        if self._lines is None:
            self._lines = self.text.split("\n")
        lines = self._lines
        indent = next((len(t) - len(t.lstrip(" ")) for t in lines[line:] if t.strip()), 0)
        if style != "|":
            return line + 1, indent + 1
        row = value.count("\n", 0, offset)
        start = value.rfind("\n", 0, offset) + 1
        return line + 1 + row, indent + offset - start + 1

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


@contextmanager
def cycle_collection_paused():
    """Pause Python's cyclic garbage collector while a definition is read (restoring it after). Reading builds a
    large graph of YAML nodes, values and model objects without reference cycles, which the collector would scan
    again and again as it grows: with it running, the cost per state of a 20,000-state definition is several times
    that of a 1,000-state one; paused, it stays flat. Reference counting still frees everything."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _fail(file: str, message: str, code: str, line: int = 1, col: int = 1) -> SourceError:
    return SourceError(Diagnostic(ERROR, code, message, file, line, col))


def _check_size(file: str, size: int) -> None:
    if size > MAX_DEFINITION_BYTES:
        raise _fail(file, f"definition is {size} bytes; it must fit in one API request "
                          f"({MAX_DEFINITION_BYTES // 1024} KiB)", "too-large")


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
        _check_size(file, len(data))
        if b"\x00" in data[:8192]:
            raise _fail(file, "binary file, not a YAML flow definition", "binary")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise _fail(file, f"not UTF-8 text (invalid byte at offset {exc.start})", "encoding") from None
    else:
        text = data
        if len(text) > MAX_DEFINITION_BYTES // 4:   # a character is at most 4 bytes in UTF-8
            _check_size(file, len(text.encode("utf-8")))
    if not text.strip():
        raise _fail(file, "empty file: a flow definition needs 'version', 'type' and 'steps'", "empty")
    try:
        node = yaml.compose(text, Loader=YamlLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        if "expected a single document" in str(exc):
            problem = "more than one YAML document ('---'); a flow definition is a single document"
        raise _fail(file, f"invalid YAML: {problem}", "yaml", line, col) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise _fail(file, f"invalid YAML: special character U+{ord(char):04X} is not allowed", "yaml",
                    line, col) from None
    except RecursionError:   # only the pure-Python loader recurses; libyaml stops at its own depth
        raise _fail(file, f"YAML values nest more than {MAX_YAML_DEPTH} levels deep", "too-deep") from None
    except yaml.YAMLError as exc:
        problem = str(exc).replace("\n", " ")
        raise _fail(file, f"invalid YAML: {problem}", "yaml") from None
    if node is None:
        raise _fail(file, "empty document: a flow definition needs 'version', 'type' and 'steps'", "empty")
    if "&" in text and added_by_aliases(node) > MAX_ALIAS_NODES:   # no alias without an anchor ('&name')
        line, col, anchor = alias_past(text, YamlLoader, MAX_ALIAS_NODES) or (1, 1, "?")
        raise _fail(file, f"YAML aliases and merge keys expand the definition by more than {MAX_ALIAS_NODES} "
                          f"values (alias '*{anchor}' passes the limit)", "too-large", line, col)
    source = Source(file, None, text=text)
    source.value = _Converter(source).convert(node, ())
    return source


class _Converter:
    """Turns a composed YAML node tree into plain values, filling the Source's position tables."""

    def __init__(self, source: Source):
        self.source = source
        self.ctor = yaml.constructor.SafeConstructor()
        self.active: set[int] = set()
        self.merged: dict[int, list] = {}

    def convert(self, node, path: tuple, depth: int = 1) -> Any:
        mark = node.start_mark
        self.source.value_pos[path] = (mark.line + 1, mark.column + 1)
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        if depth > MAX_YAML_DEPTH:
            raise SourceError(self.source.diag(ERROR, "too-deep", path, f"YAML values nest more than "
                                               f"{MAX_YAML_DEPTH} levels deep here", at=_mark(node)))
        key = id(node)
        if key in self.active:
            self.source.diagnostics.append(self.source.diag(ERROR, "yaml", path, "recursive YAML alias"))
            return None
        self.active.add(key)
        try:
            if isinstance(node, SequenceNode):
                self._check_tag(node, _SEQ, path)
                return [self.convert(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
            self._check_tag(node, _MAP, path)
            return self._mapping(node, path, depth)
        finally:
            self.active.discard(key)

    def _mapping(self, node: MappingNode, path: tuple, depth: int) -> dict:
        out: dict = {}
        own_keys: set = set()
        for key_node, value_node, own in self._pairs(node, path):
            if not isinstance(key_node, ScalarNode):
                self.source.diagnostics.append(self.source.diag(
                    ERROR, "yaml", path, "mapping keys must be plain names", at=_mark(key_node)))
                continue
            key = key_node.value   # the key as written ('on' stays 'on', '1' stays '1')
            child = path + (key,)
            if own and key in own_keys:
                first = self.source.key_pos[child]
                self.source.diagnostics.append(self.source.diag(
                    ERROR, "duplicate-key", child, f"duplicate key '{key}' (first given at line {first[0]})",
                    at=_mark(key_node)))
                continue
            if not own and key in out:
                continue                  # merged: the mapping listed first wins
            if own:
                own_keys.add(key)         # a key written here overrides a merged one
            self.source.key_pos[child] = _mark(key_node)
            out[key] = self.convert(value_node, child, depth + 1)
        return out

    def _pairs(self, node: MappingNode, path: tuple) -> list:
        """(key, value, written here?) for a mapping: merged pairs ('<<') first, in the order they take effect."""
        merged, own = [], []
        for key_node, value_node in node.value:
            if key_node.tag != _MERGE:
                own.append((key_node, value_node, True))
                continue
            sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
            for src in sources:
                if not isinstance(src, MappingNode) or id(src) in self.active:
                    self.source.diagnostics.append(self.source.diag(
                        ERROR, "yaml", path, "a merge key ('<<') takes a mapping or a list of mappings",
                        at=_mark(src)))
                    continue
                merged.extend((k, v, False) for k, v in self._effective(src, path))
        return merged + own

    def _effective(self, node: MappingNode, path: tuple) -> list:
        """The (key, value) pairs a mapping contributes when merged: its own keys over the ones it merges, each
        key once, worked out once per mapping (so merging one mapping many times costs nothing more)."""
        if id(node) in self.merged:
            return self.merged[id(node)]
        self.active.add(id(node))
        try:
            pairs, seen = [], set()
            for key_node, value_node, own in sorted(self._pairs(node, path), key=lambda p: not p[2]):
                name = key_node.value if isinstance(key_node, ScalarNode) else id(key_node)
                if name not in seen:
                    seen.add(name)
                    pairs.append((key_node, value_node))
        finally:
            self.active.discard(id(node))
        self.merged[id(node)] = pairs
        return pairs

    def _scalar(self, node: ScalarNode, path: tuple) -> Any:
        tag = node.tag
        if tag == _STR:
            if path is not None and node.style in ('"', "'"):
                self.source.quoted.add(path)
            elif node.style in ("|", ">"):
                self.source.blocks[path] = node.style
            return node.value
        builder = _SCALAR_BUILDERS.get(tag)
        if builder is not None:
            try:
                return builder(self.ctor, node)
            except (ValueError, KeyError, TypeError):   # an explicit '!!int abc'
                self.source.diagnostics.append(self.source.diag(
                    ERROR, "yaml-tag", path or (), f"{node.value!r} is not a valid {tag.rsplit(':', 1)[-1]}",
                    at=_mark(node)))
                return node.value
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


def _mark(node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1
