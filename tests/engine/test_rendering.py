"""Rendering many values at once, shared objects encoded once: every text is byte for byte the standard encoder's
(compact, insertion order, non-ASCII as is); a history rendered in one pass gives each event's own EventDetail."""
import json
import random
import sys

import pytest
from engine_support import bare_engine, flow_text

from fakecloud.engine import rendering
from fakecloud.engine.history import History, detail_of
from fakecloud.engine.rendering import Rendering, to_json


def reference(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@pytest.fixture(params=["every shared object", "shared objects of 32 items or more"])
def worth_sharing(request, monkeypatch):
    """Renderings that keep the text of every object reached twice (so small values are put together from their
    parts), and renderings as they are (a small shared object encoded again wherever it is)."""
    if request.param == "every shared object":
        monkeypatch.setattr(rendering, "_WORTH_SHARING", 1)
    return rendering._WORTH_SHARING


SCALARS = ["", "plain", "ä ø 漢字 😀", 'quote " and \\ backslash', "\n\r\t\b\f\x00\x1f\x7f", "\u2028\u2029",
           "\ud800 lone", "</script>", 0, -1, 7, 10 ** 30, -(10 ** 30), 2 ** 63, 0.0, -0.0, 1.5, 1e16, 1e-7, -2.5e300,
           123456789.123456789, float("inf"), float("-inf"), float("nan"), True, False, None]
CONTAINERS = [[], {}, [[]], [{}], {"": {}}, {"a": []}, (1, "t"), (), {"k": (None, [])},
              {1: "int key", 2.5: "float key", True: "bool key", None: "none key", "s": "str key"}]


@pytest.mark.parametrize("value", SCALARS + CONTAINERS, ids=repr)
def test_each_kind_of_value_is_written_as_the_standard_encoder_writes_it(value, worth_sharing):
    shared = [value, "x"]              # inside an object held twice, so it is put together from its parts
    holder = {"v": value, "again": shared, "more": [shared, value]}
    texts = Rendering([holder, shared, value]).text
    assert texts(value) == reference(value)
    assert texts(holder) == reference(holder)
    assert texts(shared) == reference(shared)


def _random_value(rng: random.Random, pool: list, depth: int):
    roll = rng.random()
    if depth > 5 or roll < 0.35:
        return rng.choice(SCALARS)
    if roll < 0.55 and pool:
        return rng.choice(pool)                       # an object already held elsewhere
    if roll < 0.8:
        value = [_random_value(rng, pool, depth + 1) for _ in range(rng.randrange(4))]
    else:
        value = {rng.choice(["a", "b", "ø", "k\"", "", "long key " * 3]) + str(i): _random_value(rng, pool, depth + 1)
                 for i in range(rng.randrange(4))}
    pool.append(value)
    return value


@pytest.mark.parametrize("seed", range(40))
def test_random_values_sharing_objects_are_written_as_each_alone(seed, worth_sharing):
    rng = random.Random(seed)
    pool: list = []
    values = [_random_value(rng, pool, 0) for _ in range(30)]
    texts = Rendering(values).text
    assert [texts(v) for v in values] == [reference(v) for v in values]
    assert [texts(v) for v in pool] == [reference(v) for v in pool]      # and any object inside them


class CountedDict(dict):
    """A dict that counts how often it is read, as json's encoder and the rendering read it: by items()."""
    reads = 0

    def items(self):
        self.reads += 1
        return super().items()


def test_an_object_many_values_hold_is_read_once():
    collection = CountedDict({f"item-{i}": i for i in range(50)})
    values = [{"input": {"items": collection, "item": i}, "n": n} for i in range(200) for n in range(3)]
    expected = [reference({"input": {"items": dict(collection), "item": i}, "n": n}) for i in range(200)
                for n in range(3)]
    texts = Rendering(values).text
    assert [texts(v) for v in values] == expected
    assert collection.reads == 1
    assert [to_json(v) for v in values] == expected
    assert collection.reads == 1 + 600                # what encoding value by value costs


def test_a_shared_object_is_put_together_once_and_a_small_one_encoded_again(monkeypatch):
    collection = list(range(40))
    inputs = [CountedDict({"items": collection, "item": i}) for i in range(200)]
    small = CountedDict({"small": [1, 2]})
    values = [{"input": step_input, "also": small} for step_input in inputs for _ in range(3)]
    expected = [reference(v) for v in values]

    def reads(worth: int) -> tuple[set[int], int]:
        monkeypatch.setattr(rendering, "_WORTH_SHARING", worth)
        for counted in inputs + [small]:
            counted.reads = 0
        texts = Rendering(values).text
        assert [texts(v) for v in values] == expected
        return {i.reads for i in inputs}, small.reads

    assert reads(32) == ({1}, 600)        # each input holds 42 items: put together once; 3 items: encoded again
    assert reads(43) == ({3}, 600)
    assert reads(1) == ({1}, 1)


def test_a_value_outside_the_rendering_is_still_written_right():
    inside = list(range(40))
    texts = Rendering([{"a": inside}, {"b": inside}]).text
    assert texts({"c": inside, "d": "ø"}) == reference({"c": inside, "d": "ø"})
    assert texts("ø") == '"ø"'


def test_nesting_above_shared_data_is_put_together_without_recursion():
    leaf = ["shared"] * 40
    deep = leaf
    for _ in range(5000):               # deeper than the interpreter's recursion limit
        deep = [deep]
    assert 5000 > sys.getrecursionlimit()
    assert Rendering([deep, leaf]).text(deep) == "[" * 5000 + reference(leaf) + "]" * 5000


def test_what_json_refuses_is_refused_the_same_way(worth_sharing):
    loop: list = [1]
    loop.append({"back": loop})
    with pytest.raises(ValueError, match="Circular reference detected"):
        Rendering([loop]).text(loop)
    shared = list(range(40))
    odd_value, odd_key = {"s": shared, "x": object()}, {"s": shared, (1, 2): shared}
    texts = Rendering([odd_value, odd_key, shared]).text
    with pytest.raises(TypeError, match="Object of type object is not JSON serializable"):
        texts(odd_value)
    with pytest.raises(TypeError, match="keys must be str, int, float, bool or None, not tuple"):
        texts(odd_key)
    assert texts({"after": [shared]}) == reference({"after": [shared]})       # the rendering goes on


FOREACH = """
- type: foreach
  name: each
  iterationMapping: {collection: $.items, item: item}
  steps:
    - type: pass
      name: work
      outputMappings:
        - {target: v, source: $input.item}
"""


def _foreach_history() -> History:
    engine = bare_engine()
    engine.add_flow("f", flow_text(FOREACH))
    execution = engine.run("f", {"items": [{"n": i, "name": f"é-{i}"} for i in range(30)], "keep": [1.5, None]})
    assert execution.status == "Succeeded"
    return execution.history


def test_a_history_rendered_in_one_pass_gives_each_event_its_own_detail():
    history = _foreach_history()
    alone = [reference(detail_of(t, p)) for t, p in zip(history.types, history.payloads)]
    assert list(history.details(0, len(history))) == alone
    assert [e["EventDetail"] for e in history.to_list()] == alone
    assert [e.event_detail for e in history] == alone
    assert list(history.details(100, 107)) == alone[100:107]
    pages, token = [], None
    while True:
        page = history.page(limit=7, next_token=token)
        pages.extend(e["EventDetail"] for e in page["Events"])
        token = page.get("NextToken")
        if token is None:
            break
    assert pages == alone


def test_the_rendered_events_are_the_events():
    history = _foreach_history()
    rendered = list(history.rendered(3, 9))
    assert [(e.event_id, e.type, e.step_name, e.detail) for e in rendered] == [
        (e.event_id, e.type, e.step_name, e.detail) for e in history[3:9]]
    assert [e.to_dict() for e in rendered] == [e.to_dict() for e in history[3:9]]
