"""Listing queues, topics and subscriptions a page at a time: ListQueue / ListTopic / ListSubscriptionByTopic's
prefix, marker and ret-number, answered as a `ListPage` that reads as its names."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from . import attributes as attrs
from .errors import schema_error


@dataclass(frozen=True)
class ListPage:
    """One page of ListQueue / ListTopic / ListSubscriptionByTopic: names in name order, and the marker that
    starts the next page (None on the last page). It reads as its names: `len(page)`, `list(page)`, `"q" in page`,
    `page[0]`."""
    names: tuple[str, ...]
    next_marker: str | None

    def __iter__(self):
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)

    def __getitem__(self, index):
        return self.names[index]

    def __contains__(self, name) -> bool:
        return name in self.names



def page(names: Iterable[str], prefix: Any, ret_number: Any, marker: Any) -> ListPage:
    if prefix is not None and not isinstance(prefix, str):
        raise schema_error("x-mns-prefix")
    if marker is not None and not isinstance(marker, str):
        raise schema_error("x-mns-marker")
    count = attrs.RET_NUMBER.default if ret_number is None else attrs.RET_NUMBER.check("x-mns-ret-number", ret_number)
    chosen = sorted(n for n in names if n.startswith(prefix or "") and (not marker or n >= marker))
    return ListPage(tuple(chosen[:count]), chosen[count] if len(chosen) > count else None)
