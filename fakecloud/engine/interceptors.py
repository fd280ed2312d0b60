"""Interceptors around every task attempt: each one sees the attempt's `TaskRequest` and the next link of the
chain, and may answer itself (a mock, a replayed recording, a live endpoint) or call `call_next(request)` to go
on towards the integration that answers the target. The innermost link asks that integration; with none, the
attempt fails with FnF.IntegrationNotConfigured, naming the target.

    class Log:
        def intercept_task(self, request, call_next):
            print("calling", request.path)
            return call_next(request)

    engine.interceptors.add(Log())
"""
from __future__ import annotations

from typing import Callable, Protocol

from .errors import NO_INTEGRATION
from .integrations import TaskRequest
from .outcomes import Outcome, Pending, Throw

CallNext = Callable[[TaskRequest], "Outcome | Pending"]


class TaskInterceptor(Protocol):
    def intercept_task(self, request: TaskRequest, call_next: CallNext) -> Outcome | Pending: ...


def call_integration(request: TaskRequest) -> Outcome | Pending:
    """The innermost link: the integration found for the request's target."""
    integration = request.integration
    if integration is None:
        target = request.target
        what = getattr(target, "arn", None) or getattr(target, "action", None) or str(target)
        return Throw(NO_INTEGRATION, f"no integration answers {what} (the world registers its services' "
                                     f"integrations with engine.register_integration)")
    return integration.invoke(request)


class Interceptors:
    """The engine's ordered interceptors; the first added is the outermost. The chain is rebuilt when the list
    changes, so an attempt costs one call per interceptor."""

    def __init__(self):
        self._items: list = []
        self._chain: CallNext = call_integration

    def add(self, interceptor) -> None:
        if interceptor not in self._items:
            self._items.append(interceptor)
            self._rebuild()

    def remove(self, interceptor) -> None:
        if interceptor in self._items:
            self._items.remove(interceptor)
            self._rebuild()

    def replace(self, old, new) -> None:
        """`new` where `old` is in the order (`old` leaves; `new` leaves where it was before)."""
        if new in self._items:
            self._items.remove(new)
        self._items[self._items.index(old)] = new
        self._rebuild()

    def clear(self) -> None:
        self._items.clear()
        self._rebuild()

    def __iter__(self):
        return iter(tuple(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, interceptor) -> bool:
        return interceptor in self._items

    def call(self, request: TaskRequest) -> Outcome | Pending:
        return self._chain(request)

    def _rebuild(self) -> None:
        chain = call_integration
        for interceptor in reversed(self._items):
            chain = _link(interceptor, chain)
        self._chain = chain


def _link(interceptor, call_next: CallNext) -> CallNext:
    intercept = interceptor.intercept_task
    return lambda request: intercept(request, call_next)
