"""How much YAML aliases and merge keys expand a document: a composed node counted as every copy the converter
would make of it (a node reached through an alias is copied whole), and the alias at which the expansion passes a
bound. Counting is linear in the distinct nodes, so an alias bomb is measured without being expanded."""
from __future__ import annotations

import yaml
from yaml.nodes import MappingNode, SequenceNode


class SizeMemo:
    """The expanded size of composed nodes (one per scalar, list and mapping, keys included), remembered by node."""

    def __init__(self):
        self._sizes: dict[int, int] = {}

    def size(self, node) -> int:
        sizes = self._sizes
        stack, active = [(node, False)], set()
        while stack:                       # post-order without recursion: hostile documents nest deeply
            current, done = stack.pop()
            key = id(current)
            if done:
                sizes[key] = 1 + sum(sizes.get(id(c), 0) for c in _children(current))
                active.discard(key)
            elif key not in sizes and key not in active:    # a recursive alias adds nothing
                active.add(key)
                stack.append((current, True))
                stack.extend((c, False) for c in _children(current))
        return sizes[id(node)]

    @property
    def distinct(self) -> int:
        return len(self._sizes)


def added_by_aliases(root) -> int:
    """How many values aliases (and the merge keys that use them) add to the document beyond its written nodes."""
    memo = SizeMemo()
    return memo.size(root) - memo.distinct


def _children(node) -> list:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def alias_past(text: str, loader, limit: int) -> tuple[int, int, str] | None:
    """(line, column, anchor) of the first alias at which the nodes added by aliases pass ``limit``, reading the
    document's events; None when they never do."""
    sizes: dict[str, int] = {}
    open_nodes: list[list] = []            # [anchor, size so far] of each collection being read
    added = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent):
            size = sizes.get(event.anchor, 1)
            added += size
            if added > limit:
                mark = event.start_mark
                return mark.line + 1, mark.column + 1, event.anchor
        elif isinstance(event, yaml.ScalarEvent):
            size = 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            open_nodes.append([event.anchor, 1])
            continue
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            anchor, size = open_nodes.pop()
            if anchor:
                sizes[anchor] = size
        else:
            continue
        if open_nodes:
            open_nodes[-1][1] += size
    return None
