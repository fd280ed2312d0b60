"""Nothing is global: no module of fakecloud or of its pytest plugin keeps mutable state at module (or class) level.
Everything a world needs lives on its `FakeCloud`, so two worlds in one process never see each other.

Read from the source (AST): a module- or class-level name bound to a dict, list or set (a literal, a comprehension
or a constructor call, also inside a tuple or a read-only wrapper), a module-level statement that changes a value
(item or attribute assignment, a mutating method call, a loop), a mutable default argument, a `global` statement,
and a memoising decorator that is not on the list of allowed caches. Read from the imported modules: every value a
module binds itself is immutable all the way down (constants, tuples, frozensets, mappingproxies of such,
functions, classes, compiled patterns, frozen dataclasses, sentinels and a few stateless library objects)."""
from __future__ import annotations

import ast
import dataclasses
import enum
import importlib
import json
import logging
import re
import types
import typing

import pytest

from architecture_support import sources

MUTABLE_CONSTRUCTORS = frozenset({
    "dict", "list", "set", "bytearray", "defaultdict", "OrderedDict", "Counter", "deque", "ChainMap",
    "WeakKeyDictionary", "WeakValueDictionary", "WeakSet", "count", "cycle", "local", "Random", "SimpleNamespace",
    "Queue", "Lock", "RLock", "Event", "Condition", "Semaphore",
})
FROZEN_WRAPPERS = frozenset({"MappingProxyType", "frozenset", "tuple"})
MUTATORS = frozenset({"append", "extend", "insert", "update", "setdefault", "add", "pop", "popitem", "clear",
                      "remove", "discard", "appendleft", "__setitem__"})
MEMOISERS = frozenset({"cache", "lru_cache"})
# Memoised functions that may stay: each one's results are immutable (checked below), so the cache is invisible.
ALLOWED_CACHES = {
    ("fakecloud.fdl.viapi", "load_catalog"): "the vision API catalog, read-only all the way down",
    ("fakecloud.wire.rpc.viapi", "_index"): "lookups made from that catalog, read-only",
    ("fakecloud.engine.clock", "format_time"): "a pure function from an int to a str",
}


def _name(node: ast.expr) -> str | None:
    return node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None


def _mutable(value: ast.expr | None) -> bool:
    """Whether an expression builds a mutable container (looking inside tuples and read-only wrappers)."""
    if isinstance(value, (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp, ast.GeneratorExp)):
        return True
    if isinstance(value, ast.Tuple):
        return any(_mutable(item) for item in value.elts)
    if isinstance(value, ast.Call):
        called = _name(value.func)
        if called in MUTABLE_CONSTRUCTORS:
            return True
        if called in FROZEN_WRAPPERS and value.args:
            inner = value.args[0]
            if isinstance(inner, ast.Dict):
                return any(_mutable(item) for item in inner.values)
            if isinstance(inner, (ast.List, ast.Set, ast.Tuple)):
                return any(_mutable(item) for item in inner.elts)
    return False


def _bindings(body: list[ast.stmt]):
    """(statement, value) of every assignment in a module or class body, looking into if/try blocks."""
    for stmt in body:
        if isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            yield stmt, stmt.value
        elif isinstance(stmt, ast.If):
            yield from _bindings(stmt.body + stmt.orelse)
        elif isinstance(stmt, ast.Try):
            yield from _bindings(stmt.body + stmt.orelse + stmt.finalbody + [s for h in stmt.handlers for s in h.body])
        elif isinstance(stmt, ast.ClassDef):
            yield from _bindings(stmt.body)


def _module_level_changes(body: list[ast.stmt]):
    for stmt in body:
        if isinstance(stmt, (ast.For, ast.AsyncFor, ast.While)):
            yield stmt, "a loop runs at import time (build the value in a function)"
        elif isinstance(stmt, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            if any(isinstance(t, (ast.Subscript, ast.Attribute)) for t in targets):
                yield stmt, "changes an item or attribute of a module-level value"
        elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) \
                and isinstance(stmt.value.func, ast.Attribute) and stmt.value.func.attr in MUTATORS:
            yield stmt, f"calls .{stmt.value.func.attr}() on a module-level value"
        elif isinstance(stmt, (ast.If, ast.Try)):
            yield from _module_level_changes(stmt.body + stmt.orelse)


def _problems(source) -> list[str]:
    where = lambda node: f"{source.path}:{node.lineno}"    # noqa: E731
    found = []
    for stmt, value in _bindings(source.tree.body):
        if _mutable(value):
            found.append(f"{where(stmt)}: mutable value at module or class level: {ast.unparse(stmt)[:90]}")
    for stmt, why in _module_level_changes(source.tree.body):
        found.append(f"{where(stmt)}: {why}: {ast.unparse(stmt).splitlines()[0][:90]}")
    for node in ast.walk(source.tree):
        if isinstance(node, ast.Global):
            found.append(f"{where(node)}: global statement ({', '.join(node.names)})")
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            defaults = node.args.defaults + [d for d in node.args.kw_defaults if d is not None]
            if any(_mutable(d) for d in defaults):
                found.append(f"{where(node)}: mutable default argument")
            for decorator in getattr(node, "decorator_list", ()):
                called = _name(decorator.func if isinstance(decorator, ast.Call) else decorator)
                if called in MEMOISERS and (source.name, node.name) not in ALLOWED_CACHES:
                    found.append(f"{where(node)}: memoised function {node.name} is not an allowed cache")
    return found


def test_no_module_level_mutable_state_in_the_source():
    problems = [problem for source in sources() for problem in _problems(source)]
    assert not problems, "module-level mutable state:\n" + "\n".join(problems)


# --- the imported modules ---------------------------------------------------------------------------------

_STATELESS = (str, bytes, int, float, complex, bool, type(None), type(Ellipsis), range, type, re.Pattern,
              types.FunctionType, types.BuiltinFunctionType, types.ModuleType, enum.Enum, property, staticmethod,
              classmethod, types.UnionType, types.GenericAlias, typing.TypeVar, logging.Logger,
              json.JSONEncoder, json.JSONDecoder)


def immutable(value, seen: frozenset = frozenset()) -> bool:
    """Whether nothing reachable from `value` can be changed (for the values modules bind at import)."""
    if id(value) in seen:
        return True
    seen = seen | {id(value)}
    if isinstance(value, _STATELESS) or type(value) is object or type(value).__module__ == "typing":
        return True
    if isinstance(value, types.MethodType):
        return immutable(value.__self__, seen)
    if isinstance(value, (tuple, frozenset)):
        return all(immutable(item, seen) for item in value)
    if isinstance(value, types.MappingProxyType):
        return all(immutable(k, seen) and immutable(v, seen) for k, v in value.items())
    if callable(value) and hasattr(value, "cache_info"):                      # functools caches
        return immutable(value.__wrapped__, seen)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return value.__dataclass_params__.frozen and all(
            immutable(getattr(value, f.name), seen) for f in dataclasses.fields(value))
    if type(value).__name__ == "StashKey" and type(value).__module__.startswith(("_pytest", "pytest")):
        return True                                                           # an identity, no state
    return False


def _bound_names(source) -> list[str]:
    names = []
    for stmt, _ in _bindings([s for s in source.tree.body if not isinstance(s, ast.ClassDef)]):
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        for target in targets:
            names += [n.id for n in ast.walk(target) if isinstance(n, ast.Name)]
    return names


def _runtime_problems(source) -> list[str]:
    if source.name.endswith("__main__"):
        return []
    module = importlib.import_module(source.name)
    return [f"{source.path}: {name} = {type(getattr(module, name)).__name__} (can be changed)"
            for name in _bound_names(source) if hasattr(module, name) and not immutable(getattr(module, name))]


def test_every_value_a_module_binds_is_immutable():
    problems = [problem for source in sources() for problem in _runtime_problems(source)]
    assert not problems, "mutable module-level values:\n" + "\n".join(problems)


@pytest.mark.parametrize("module, function", sorted(ALLOWED_CACHES))
def test_allowed_caches_answer_with_immutable_values(module, function):
    cached = getattr(importlib.import_module(module), function)
    results = [cached(1_700_000_000_123), cached(0)] if function == "format_time" else [cached()]
    assert results and all(immutable(result) for result in results), (module, function)
