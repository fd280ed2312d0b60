"""The vision products over RPC: find the product from (Version, Action) — with the one job registry settling
`GetAsyncJobResult`, which several products share — turn the wire text of list and object parameters
(``Name.1.Field=...`` or JSON text) back into values, and answer from the vision fake."""
from __future__ import annotations

import re
from functools import cache
from types import MappingProxyType
from typing import Any, Mapping

from ... import jsontext
from ...fdl.viapi import load_catalog
from ...services.viapi import GET_ASYNC_JOB_RESULT

_INDEX = re.compile(r"^[1-9][0-9]*$")


@cache
def _index() -> tuple[Mapping[tuple[str, str], tuple[str, ...]], Mapping[str, tuple[str, ...]]]:
    """(version, action) -> products offering it; version -> products. Made once from the immutable catalog, and
    read-only like it."""
    catalog = load_catalog()
    by_action: dict = {}
    by_version: dict = {}
    for name in catalog.products:
        product = catalog.product(name)
        by_version.setdefault(product.version, []).append(name)
        for api in product.apis:
            by_action.setdefault((product.version, api), []).append(name)
    return _read_only(by_action), _read_only(by_version)


def _read_only(table: dict) -> Mapping:
    return MappingProxyType({key: tuple(names) for key, names in table.items()})


def versions() -> set[str]:
    return set(_index()[1])


def products_for(version: str, action: str, hint: str = "") -> list[str]:
    """The products that may serve the call; the one the host names first."""
    by_action, by_version = _index()
    if action == GET_ASYNC_JOB_RESULT:
        found = list(by_version.get(version, ()))
    else:
        found = list(by_action.get((version, action), ()))
    return sorted(found, key=lambda p: p != hint)


def serve(cloud, version: str, action: str, params: dict, hint: str = "") -> dict | None:
    """The answer of the vision fake (or its VisionError), or None when no product has this (Version, Action)."""
    candidates = products_for(version, action, hint)
    if not candidates:
        return None
    backend = cloud.viapi
    if action == GET_ASYNC_JOB_RESULT:
        job_id = params.get("JobId", "")
        job = backend.jobs.get(job_id)
        owner = job.product if job is not None and job.product in candidates else candidates[0]
        return backend.get_async_job_result(owner, job_id)
    product = candidates[0]
    spec = backend.catalog.api(product, action)
    return backend.call(product, action, structured(params, spec.types if spec is not None else {}))


def structured(params: dict[str, str], types) -> dict[str, Any]:
    """Parameters whose catalog type is a list or an object, rebuilt from their flattened wire form
    (``Colors.1.Name=red``) or from JSON text; every other parameter stays text."""
    out: dict[str, Any] = {}
    flat: dict[str, list[tuple[list[str], str]]] = {}
    for key, value in params.items():
        root, dot, rest = key.partition(".")
        if dot and types.get(root) in ("array", "object") and root not in params:
            flat.setdefault(root, []).append((rest.split("."), value))
        elif types.get(key) in ("array", "object") and isinstance(value, str):
            out[key] = _json_or_text(value)
        else:
            out[key] = value
    for root, entries in flat.items():
        tree: dict = {}
        for path, value in entries:
            node = tree
            for part in path[:-1]:
                node = node.setdefault(part, {}) if isinstance(node.get(part, {}), dict) else {}
            node[path[-1]] = value
        out[root] = _lists(tree)
    return out


def _lists(node: Any) -> Any:
    """Objects whose keys are all 1, 2, ... become lists (in index order)."""
    if not isinstance(node, dict):
        return node
    items = {k: _lists(v) for k, v in node.items()}
    if items and all(_INDEX.match(k) for k in items):
        return [items[k] for k in sorted(items, key=int)]
    return items


def _json_or_text(value: str) -> Any:
    try:
        parsed = jsontext.loads(value)
    except ValueError:
        return value
    return parsed if isinstance(parsed, (list, dict)) else value
