"""JSON text of many values at once (an execution's event details) that share objects. In a foreach every iteration's
events carry a step input holding the whole collection: encoded value by value, the collection is encoded once per
event. A Rendering first walks the values (each distinct dict or list once) to find the objects held in more than
one place, then encodes each of those once and reuses its text, so the work is linear in the values plus the
distinct objects (the text itself is as long as it is). Every text is byte for byte `to_json` of that value alone:
compact, keys in insertion order, non-ASCII kept as is, numbers as json writes them.

Objects that hold nothing shared are encoded whole by json's C encoder; only those above a shared object (usually a
step input dict or two) are put together here, from a stack rather than by recursion, however deep they nest. The
values must not change during the rendering, as history data never does (ids stay unique: the values hold every
object)."""
from __future__ import annotations

import json
from itertools import chain, repeat

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_string = json.encoder.encode_basestring        # what that encoder writes a str with
_CONTAINERS = (list, tuple, dict)               # what json writes as an array or an object


def to_json(value) -> str:
    """Compact JSON, keys in insertion order, non-ASCII kept as is."""
    return _encode(value)


def _made_once():
    """`_encode` without its cost per call: JSONEncoder.encode makes json's C encoder anew for every value; this
    is the same encoder, made once, with the same arguments but for the check for circular values. It is given
    objects that hold nothing shared, which cannot be circular (every object of a cycle is reached twice, so it
    is put together by Rendering, which checks), and data from outside, which never is."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:                                      # no C encoder in this interpreter
        return _encode
    encoder = make(None, json.JSONEncoder().default, _string, None, ":", ",", False, False, True)
    return lambda value: "".join(encoder(value, 0))


_whole = _made_once()


class Rendering:
    """The JSON text of the given values (and of anything inside them), shared objects encoded once."""
    __slots__ = ("_values", "_shared", "_above", "_texts")

    def __init__(self, values: list):
        self._values = values                   # keeps every object (and so its id) alive
        self._shared: set[int] = set()          # ids of objects reached more than once
        self._above: set[int] = set()           # ids of objects holding a shared object, at any depth
        self._texts: dict[int, str] = {}        # id -> text, of shared objects once encoded
        up_of: dict[int, int | None] = {}     # id -> that of the object it was first reached in (None: a value)
        stack = [(value, None) for value in values if isinstance(value, _CONTAINERS)]
        pop, push = stack.pop, stack.append
        while stack:
            obj, up = pop()
            key = id(obj)
            if key in up_of:
                if key not in self._shared:
                    self._shared.add(key)
                    self._mark(up_of[key], up_of)
                self._mark(up, up_of)
                continue
            up_of[key] = up
            for item in obj.values() if isinstance(obj, dict) else obj:
                if isinstance(item, _CONTAINERS):
                    push((item, key))

    def _mark(self, key: int | None, up_of: dict) -> None:
        """Mark an object and everything it lies in as holding a shared object. An object reached once lies in
        one object only; one reached more than once is shared, and each place it is reached from is marked."""
        above = self._above
        while key is not None and key not in above:
            above.add(key)
            key = up_of[key]

    def text(self, value) -> str:
        """to_json(value), reusing what this rendering already encoded."""
        if not isinstance(value, _CONTAINERS):
            return _whole(value)
        key = id(value)
        text = self._texts.get(key)
        if text is None:
            text = self._assemble(value) if key in self._above else _whole(value)
            if key in self._shared:
                self._texts[key] = text
        return text

    def _assemble(self, top) -> str:
        """The text of an object holding shared objects, from its parts: each frame is [object, its items as
        (separator and key, value), the text so far]; a part holding shared objects itself gets a frame above."""
        shared, above, texts = self._shared, self._above, self._texts
        stack = [_frame(top)]
        open_ = {id(top)}
        while True:
            frame = stack[-1]
            parts = frame[2]
            for lead, value in frame[1]:
                parts.append(lead)
                if not isinstance(value, _CONTAINERS):
                    parts.append(_whole(value))
                    continue
                key = id(value)
                text = texts.get(key)
                if text is None:
                    if key in above:
                        if key in open_:
                            raise ValueError("Circular reference detected")
                        open_.add(key)
                        stack.append(_frame(value))
                        break
                    text = _whole(value)
                    if key in shared:
                        texts[key] = text
                parts.append(text)
            else:
                obj = stack.pop()[0]
                open_.discard(id(obj))
                parts.append("}" if isinstance(obj, dict) else "]")
                text = "".join(parts)
                if id(obj) in shared:
                    texts[id(obj)] = text
                if not stack:
                    return text
                stack[-1][2].append(text)


def _frame(obj) -> list:
    if isinstance(obj, dict):
        return [obj, ((("," if n else "") + _key(k) + ":", v) for n, (k, v) in enumerate(obj.items())), ["{"]]
    return [obj, zip(chain(("",), repeat(",")), obj), ["["]]


def _key(key) -> str:
    """An object key's text: a str as is; an int, float, bool or None as the text json turns it into (any other
    key raises json's own TypeError)."""
    return _string(key) if isinstance(key, str) else _encode({key: 0})[1:-3]

