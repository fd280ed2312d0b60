"""JSON text of many values at once (an execution's event details) that share objects. In a foreach every iteration's
events carry a step input holding the whole collection: encoded value by value, the collection is encoded once per
event. A Rendering first walks the values (each distinct dict or list once) to find the objects held in more than
one place, then encodes each of those once and reuses its text (those of _WORTH_SHARING items or more: a smaller one
is encoded again), so the work is linear in the values plus the distinct objects (the text is as long as it is).
Every text is byte for byte `to_json` of that value alone: compact, keys in insertion order, non-ASCII kept as is,
numbers as json writes them.

Objects that hold nothing shared are encoded whole by json's C encoder; only those above a shared object (usually a
step input dict or two) are put together here, from a stack rather than by recursion, however deep they nest. The
values must not change during the rendering, as history data never does (ids stay unique: the values hold every
object)."""
from __future__ import annotations

import json
from itertools import chain, repeat

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_string = json.encoder.encode_basestring        # what that encoder writes a str with
_DEFAULT = json.JSONEncoder().default           # and what it does with anything else: TypeError
_CONTAINERS = (list, tuple, dict)               # what json writes as an array or an object
_SCALARS = frozenset({str, int, float, bool, type(None)})   # told apart faster than by isinstance(_, _CONTAINERS)
# Items (at any depth) from which an object reached more than once is encoded once and its text reused: putting
# the objects above it together costs more than encoding a smaller one again wherever it is.
_WORTH_SHARING = 32


def to_json(value) -> str:
    """Compact JSON, keys in insertion order, non-ASCII kept as is."""
    return _encode(value)


def compact_encoder(markers: dict | None):
    """A function giving `to_json(value)` through one json C encoder made now (JSONEncoder.encode makes one per
    value). `markers` is where it notes the objects it is inside, to refuse a cycle; json leaves it as it was when
    an encoding raises. None: no check, for data known to hold no cycle. Without the C speedups: to_json."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return _encode
    chunks = make(markers, _DEFAULT, _string, None, ":", ",", False, False, True)
    join = "".join
    return lambda value: join(chunks(value, 0))


class Rendering:
    """The JSON text of the given values (and of anything inside them), shared objects encoded once."""
    __slots__ = ("_values", "_shared", "_above", "_texts", "_markers", "_encoder")

    def __init__(self, values: list):
        self._values = values                   # keeps every object (and so its id) alive
        self._markers: dict = {}                # where the encoder keeps the objects it is inside, to refuse a cycle
        self._encoder = compact_encoder(self._markers)      # made once for this rendering
        self._shared: set[int] = set()          # ids of objects reached more than once, holding many items
        self._above: set[int] = set()           # ids of objects holding such an object, at any depth
        self._texts: dict[int, str] = {}        # id -> text, of shared objects once encoded
        up_of: dict[int, int | None] = {}     # id -> that of the object it was first reached in (None: a value)
        again: list[tuple[object, int | None]] = []     # each object reached once more, and where from
        stack = [(value, None) for value in values if isinstance(value, _CONTAINERS)]
        pop, push = stack.pop, stack.append
        while stack:
            obj, up = pop()
            key = id(obj)
            if key in up_of:
                again.append((obj, up))
                continue
            up_of[key] = up
            for item in obj.values() if isinstance(obj, dict) else obj:
                if type(item) not in _SCALARS and isinstance(item, _CONTAINERS):
                    push((item, key))
        worth: dict[int, bool] = {}
        for obj, up in again:
            key = id(obj)
            if key not in worth:
                worth[key] = _holds_many(obj)
                if worth[key]:
                    self._shared.add(key)
                    self._mark(up_of[key], up_of)
            if worth[key]:
                self._mark(up, up_of)

    def _mark(self, key: int | None, up_of: dict) -> None:
        """Mark an object and everything it lies in as holding a shared object. An object reached once lies in
        one object only, followed up here; one reached more than once that holds a shared object holds many
        items, so it is shared itself, and each place it is reached from is marked in its turn."""
        above = self._above
        while key is not None and key not in above:
            above.add(key)
            key = up_of[key]

    def _whole(self, value) -> str:
        """to_json(value), all of it by json's encoder."""
        try:
            return self._encoder(value)
        except BaseException:
            self._markers.clear()               # json leaves what it was inside when it stops
            raise

    def text(self, value) -> str:
        """to_json(value), reusing what this rendering already encoded."""
        if not isinstance(value, _CONTAINERS):
            return self._whole(value)
        key = id(value)
        text = self._texts.get(key)
        if text is None:
            text = self._assemble(value) if key in self._above else self._whole(value)
            if key in self._shared:
                self._texts[key] = text
        return text

    def _assemble(self, top) -> str:
        """The text of an object holding shared objects, from its parts: each frame is [object, its items as
        (separator and key, value), the text so far]; a part holding shared objects itself gets a frame above."""
        shared, above, texts, whole = self._shared, self._above, self._texts, self._whole
        stack = [_frame(top)]
        open_ = {id(top)}
        while True:
            frame = stack[-1]
            parts = frame[2]
            for lead, value in frame[1]:
                parts.append(lead)
                if not isinstance(value, _CONTAINERS):
                    parts.append(whole(value))
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
                    text = whole(value)
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


def _holds_many(obj) -> bool:
    """Whether an object holds _WORTH_SHARING items or more, at any depth (counting stops there: each object
    looked into was counted in the one holding it, so no more than that many are looked into)."""
    count, stack = 0, [obj]
    while stack:
        obj = stack.pop()
        count += len(obj)
        if count >= _WORTH_SHARING:
            return True
        for item in obj.values() if isinstance(obj, dict) else obj:
            if type(item) not in _SCALARS and isinstance(item, _CONTAINERS):
                stack.append(item)
    return False


def _frame(obj) -> list:
    if isinstance(obj, dict):
        return [obj, ((("," if n else "") + _key(k) + ":", v) for n, (k, v) in enumerate(obj.items())), ["{"]]
    return [obj, zip(chain(("",), repeat(",")), obj), ["["]]


def _key(key) -> str:
    """An object key's text: a str as is; an int, float, bool or None as the text json turns it into (any other
    key raises json's own TypeError)."""
    return _string(key) if isinstance(key, str) else _encode({key: 0})[1:-3]

