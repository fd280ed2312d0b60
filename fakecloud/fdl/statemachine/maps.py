"""Parsing and checking of a Map state: ItemsPath, the Processor scope, MaxConcurrency (and the documentation's
spelling MaxConcuccency), and the fields of distributed mode (ItemReader, ItemBatcher, ItemConstructor,
ResultWriter, MaxItems, ToleratedFailureCount, ToleratedFailurePercentage), whose presence makes a Map distributed."""
from __future__ import annotations

from . import fields as f
from . import model as m
from . import variables as v

_CONCURRENCY = "MaxConcurrency"


def map_state(p, raw: dict, path: tuple, common: dict) -> m.MapState:
    """The Map state at `path`; `p` is the StateParser reading it."""
    r, limits = p.r, p.limits
    distributed = any(k in raw for k in f.MAP_DISTRIBUTED)
    items_path = None
    if "ItemsPath" in raw:
        items_path = p.cc.expression(raw["ItemsPath"], path + ("ItemsPath",), v.ITEMS_PATH, "ItemsPath")
    elif "ItemReader" not in raw:
        r.error("missing-field", path, "a Map state is missing required field 'ItemsPath' (the array of items)")
    processor = None
    if r.require(raw, path, "Processor", "a Map state"):
        processor = p.scopes(raw["Processor"], path + ("Processor",), "a Map processor")
    limit = limits.max_distributed_concurrency if distributed else limits.max_map_concurrency
    concurrency = _concurrency(r, raw, path, limit, distributed)
    tolerated = {}
    for key, name, high, integer in (("ToleratedFailureCount", "tolerated_failure_count", float("inf"), True),
                                     ("ToleratedFailurePercentage", "tolerated_failure_percentage", 100, False)):
        if key in raw:
            tolerated[name] = r.number(raw, path, key, 0, high, integer=integer)
    settings = {name: r.mapping(raw, path, key) for key, name in (
        ("ItemReader", "item_reader"), ("ItemBatcher", "item_batcher"), ("ResultWriter", "result_writer"))
        if key in raw}
    max_items = None
    if "MaxItems" in raw:
        value = raw["MaxItems"]
        max_items = value if isinstance(value, dict) else r.number(raw, path, "MaxItems", 1, limits.max_map_items,
                                                                   integer=True)
    return m.MapState(
        items_path=items_path, processor=processor or m.Scope("", ()), max_concurrency=concurrency or limit,
        distributed=distributed, item_constructor=p.cc.constructor(raw, path, "ItemConstructor", v.ITEM_CONSTRUCTOR),
        max_items=max_items, retry=p.retry(raw, path), catch=p.catch(raw, path), **settings, **tolerated, **common)


def _concurrency(r, raw: dict, path: tuple, limit: int, distributed: bool) -> int | None:
    misspelt = f.MISSPELT_CONCURRENCY
    if misspelt in raw and _CONCURRENCY in raw:
        r.error("duplicate-key", path + (misspelt,), f"give '{_CONCURRENCY}' once: '{misspelt}' is the same field",
                key=True)
        return None
    key = misspelt if misspelt in raw else _CONCURRENCY
    if key not in raw:
        return None
    if key == misspelt:
        r.warn("misspelt-field", path + (key,), f"'{misspelt}' is the documentation's misspelling of "
                                                f"'{_CONCURRENCY}'; it is read as {_CONCURRENCY}, write "
                                                f"'{_CONCURRENCY}'", key=True)
    value = r.number(raw, path, key, 1, float("inf"), integer=True)
    if value is not None and value > limit:
        what = "a distributed Map runs at most" if distributed else "an inline Map runs at most"
        unit = "child executions" if distributed else "iterations"
        r.error("limit", path + (key,), f"'{key}' is {value}; {what} {limit} {unit} at once")
        return None
    return value
