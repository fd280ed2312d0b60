"""The vision products over RPC: find the product from (Version, Action) — with the job registry settling
`GetAsyncJobResult`, which several products share — and answer from the vision fake."""
from __future__ import annotations

from functools import cache

from ...fdl.viapi import load_catalog
from ...services.viapi import GET_ASYNC_JOB_RESULT


@cache
def _index() -> dict:
    """(version, action) -> products offering it; version -> products (the catalog is immutable)."""
    catalog = load_catalog()
    by_action: dict = {}
    by_version: dict = {}
    for name in catalog.products:
        product = catalog.product(name)
        by_version.setdefault(product.version, []).append(name)
        for api in product.apis:
            by_action.setdefault((product.version, api), []).append(name)
    return by_action, by_version


def versions() -> set[str]:
    return set(_index()[1])


def products_for(version: str, action: str, host: str) -> list[str]:
    """The products that may serve the call, the one the host names first."""
    by_action, by_version = _index()
    if action == GET_ASYNC_JOB_RESULT:
        found = list(by_version.get(version, ()))
    else:
        found = list(by_action.get((version, action), ()))
    hint = host.split(".", 1)[0].lower()
    return sorted(found, key=lambda p: p != hint)


def serve(cloud, version: str, action: str, params: dict, host: str) -> dict | None:
    """The answer of the vision fake, or None when no vision product has this (Version, Action)."""
    candidates = products_for(version, action, host)
    if not candidates:
        return None
    backend = cloud.viapi
    if action == GET_ASYNC_JOB_RESULT:
        job_id = params.get("JobId", "")
        owner = next((job.product for job in backend.jobs if job.job_id == job_id), candidates[0])
        return backend.get_async_job_result(owner, job_id)
    return backend.call(candidates[0], action, params)
