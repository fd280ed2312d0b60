"""A package's exported names loaded on first use (PEP 562): `exports(package, {module: names})` gives the
package's `__all__`, `__getattr__` and `__dir__`; a name's module is imported when the name is first read."""
from __future__ import annotations

import importlib
from types import MappingProxyType


def exports(package: str, modules: dict[str, tuple[str, ...]], module_globals: dict):
    where = MappingProxyType({name: module for module, names in modules.items() for name in names})
    names = tuple(sorted(where))

    def __getattr__(name: str):
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(module, package), name)

    def __dir__() -> list[str]:
        return sorted(set(module_globals) | set(names))

    return names, __getattr__, __dir__
