"""Parallel and Map states: branches and iterations run as child fibers of the state (the old dialect's `Join`:
at most MaxConcurrency at once, results in order, the first failure cancels the rest), each a scope of its own;
with the state's Retry, the whole state runs again.

Parallel's raw output is `{"Branch0": ..., "Branch1": ...}`, Map's `{"Items": [...]}` in collection order. A
distributed Map runs its items here too, each with a `$Global` of its own, after its ItemConstructor (`$Item`),
with MaxItems and the tolerated failures (docs/semantics.md, "Distributed Map")."""
from __future__ import annotations

from .errors import BRANCHES_LIMIT_EXCEEDED, RUNTIME_ERROR, StepError
from .outcomes import Return, Throw
from .statedata import evaluate
from .states import run_scope
from .steps import run_join
from .tasks import with_retry


def _retrying(scope, plan, current, work):
    """Run `work()` (a generator returning the raw output) under the state's Retry rules."""
    def attempt(number):
        current.retries = number
        try:
            value = yield from work()
        except StepError as err:
            err.with_traceback(None)        # run_join's frame holds it: without its traceback, no cycle
            return Throw(err.error, err.cause)
        return Return(value)

    outcome = yield from with_retry(scope, plan.state.retry, attempt)
    if isinstance(outcome, Throw):
        raise StepError(outcome.error, outcome.cause)
    return outcome.value


def run_parallel(scope, plan, current):
    state = plan.state
    limit = scope.execution.engine.limits.max_state_branches
    if len(state.branches) > limit:
        raise StepError(BRANCHES_LIMIT_EXCEEDED, f"state '{current.name}' has {len(state.branches)} branches; at "
                                                 f"most {limit} are allowed")
    branches = plan.scopes

    def body(child, index):         # the child's generator itself: no frame of its own per branch
        return run_scope(child, branches[index], current.input)

    def work():
        count = len(branches)
        results = yield from run_join(scope, plan.name, False, count, count, body, plan.scopes_never_suspend)
        return {f"Branch{i}": result for i, result in enumerate(results)}

    return (yield from _retrying(scope, plan, current, work)), None


def run_map(scope, plan, current):
    state = plan.state
    limits = scope.execution.engine.limits
    items = _items(scope, plan, current)
    cap = limits.max_distributed_concurrency if state.distributed else limits.max_map_concurrency
    concurrency = min(state.max_concurrency or cap, cap)
    processor = plan.scopes[0]
    if state.distributed:
        return (yield from _distributed(scope, plan, current, items, concurrency, processor)), None

    def body(child, index):         # the child's generator itself: no frame of its own per iteration
        return run_scope(child, processor, items[index])

    def work():
        if not items:
            return {"Items": []}
        results = yield from run_join(scope, plan.name, True, len(items), concurrency, body,
                                      plan.scopes_never_suspend)
        return {"Items": results}

    return (yield from _retrying(scope, plan, current, work)), None


def _items(scope, plan, current) -> list:
    state = plan.state
    if state.item_reader is not None or state.item_batcher is not None or state.result_writer is not None:
        given = [k for k, v in (("ItemReader", state.item_reader), ("ItemBatcher", state.item_batcher),
                                ("ResultWriter", state.result_writer)) if v is not None]
        raise StepError(RUNTIME_ERROR, f"state '{current.name}': {', '.join(given)} is not supported by fakecloud "
                                       f"(its fields are not published); give the items with ItemsPath")
    items = evaluate(state.items_path, scope, current, "ItemsPath", True)
    if not isinstance(items, list):
        raise StepError(RUNTIME_ERROR, f"state '{current.name}': ItemsPath {state.items_path.text} must give an "
                                       f"array, not {_kind(items)}")
    return items


def _distributed(scope, plan, current, items, concurrency, processor):
    state = plan.state
    limit = state.max_items if isinstance(state.max_items, int) else scope.execution.engine.limits.max_map_items
    items = items[:limit]
    constructor = state.item_constructor
    if constructor is not None:
        items = [evaluate(constructor, scope, current, "ItemConstructor", True, item=item) for item in items]
    tolerant = state.tolerated_failure_count is not None or state.tolerated_failure_percentage is not None
    failures: list = []

    def body(child, index):
        child.data = child.data.fresh()
        if not tolerant:
            return (yield from run_scope(child, processor, items[index]))
        try:
            return (yield from run_scope(child, processor, items[index]))
        except StepError as err:
            failures.append(err)
            return {"Error": err.error, "Cause": err.cause}

    def work():
        failures.clear()
        if not items:
            return {"Items": []}
        results = yield from run_join(scope, plan.name, True, len(items), concurrency, body)
        if failures and not _tolerated(state, len(failures), len(items)):
            raise StepError(failures[0].error, failures[0].cause)
        return {"Items": results}

    return (yield from _retrying(scope, plan, current, work))


def _tolerated(state, failed: int, total: int) -> bool:
    count, percentage = state.tolerated_failure_count, state.tolerated_failure_percentage
    if count is not None and failed <= count:
        return True
    return percentage is not None and failed * 100 <= percentage * total


def _kind(value) -> str:
    return {dict: "an object", str: "a string", bool: "a boolean", int: "a number", float: "a number",
            type(None): "null"}.get(type(value), type(value).__name__)
