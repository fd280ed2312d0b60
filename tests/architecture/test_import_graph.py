"""The import graph of fakecloud's files, built from the source (module-level, function-level and TYPE_CHECKING
imports alike, and imports by a constant name through importlib): no file imports itself through others, and no
layer imports one above it.

Layers, bottom up: the version, the JSON text helpers and lazy exports, then fdl (flow language) < engine < services < cloud (the world) < wire <
testing and remote < cli < the package's public surface (fakecloud/__init__.py) < the pytest plugin."""
from __future__ import annotations

import ast

from architecture_support import PACKAGES, SourceFile, by_name

PLUGIN = PACKAGES[1][1]         # the pytest plugin's package
LAYERS = (("fakecloud.version", "fakecloud.jsontext", "fakecloud.lazy"), ("fakecloud.fdl",), ("fakecloud.engine",), ("fakecloud.services",),
          ("fakecloud.cloud",), ("fakecloud.wire",), ("fakecloud.testing", "fakecloud.remote", "fakecloud.insight"),
          ("fakecloud.cli", "fakecloud.cli_run", "fakecloud.__main__"), ("fakecloud",), (PLUGIN,))


TOP = "fakecloud"               # its layer holds fakecloud/__init__.py only, not the modules below it


def layer_of(module: str) -> int:
    """The index in LAYERS of the longest prefix naming `module` or a package holding it."""
    best, rank = -1, None
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            inside = module == prefix or (prefix != TOP and module.startswith(prefix + "."))
            if inside and len(prefix) > best:
                best, rank = len(prefix), index
    assert rank is not None, f"{module} is in no layer: add it to LAYERS"
    return rank


def _absolute(source: SourceFile, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = source.package.split(".")
    base = base[:len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _constant_import(node: ast.Call) -> str | None:
    """The module named by importlib.import_module("...") or __import__("...")."""
    func = node.func
    called = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
    if called in ("import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant) \
            and isinstance(node.args[0].value, str):
        return node.args[0].value
    return None


def imports_of(source: SourceFile, known: dict[str, SourceFile]) -> dict[str, int]:
    """The project's modules `source` imports, with the line of the first import of each."""
    found: dict[str, int] = {}

    def add(name: str, line: int) -> None:
        while name and name not in known:          # `import a.b.c` names a.b.c, or a name inside a module
            name = name.rpartition(".")[0]
        if name and name != source.name:
            found.setdefault(name, line)

    for node in ast.walk(source.tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            module = _absolute(source, node)
            for alias in node.names:
                add(f"{module}.{alias.name}" if f"{module}.{alias.name}" in known else module, node.lineno)
        elif isinstance(node, ast.Call) and _constant_import(node):
            add(_constant_import(node), node.lineno)
    return found


def graph() -> dict[str, dict[str, int]]:
    known = by_name()
    return {name: imports_of(source, known) for name, source in known.items()}


def cycles(edges: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(found)


def _describe(component: list[str], edges: dict[str, dict[str, int]]) -> str:
    paths = by_name()
    inside = set(component)
    lines = [f"  {paths[a].path}:{line} imports {paths[b].path}"
             for a in component for b, line in sorted(edges[a].items()) if b in inside]
    return "cycle between " + ", ".join(paths[m].path for m in component) + ":\n" + "\n".join(lines)


def test_the_graph_sees_every_kind_of_import():
    edges = graph()
    assert "fakecloud.engine.clock" in edges["fakecloud.engine.history"]               # from .clock import ...
    assert "fakecloud.wire.server" in edges["fakecloud.cli"]                           # inside a function
    assert "fakecloud.services.fc.errors" in edges["fakecloud.wire.fc.errors"] or \
        "fakecloud.services.fc" in edges["fakecloud.wire.fc.errors"]                   # absolute import
    assert all(name in edges for name in ("fakecloud", "fakecloud.wire.fc", f"{PLUGIN}.plugin"))


def test_no_import_cycles_between_files():
    edges = graph()
    found = cycles(edges)
    assert not found, "\n".join(_describe(component, edges) for component in found)


def test_no_layer_imports_a_layer_above_it():
    paths = by_name()
    upward = [f"{paths[a].path}:{line} imports {paths[b].path} (a layer above it)"
              for a, targets in sorted(graph().items()) for b, line in sorted(targets.items())
              if layer_of(b) > layer_of(a)]
    assert not upward, "\n".join(upward)


def test_the_checks_find_what_they_look_for():
    edges = {"a": {"b": 1}, "b": {"c": 2}, "c": {"a": 3}, "d": {"a": 4}}
    assert cycles(edges) == [["a", "b", "c"]]
    assert layer_of("fakecloud.wire.fc.registry") > layer_of("fakecloud.services.fc.backend") > \
        layer_of("fakecloud.engine.engine") > layer_of("fakecloud.fdl.parser") > layer_of("fakecloud.version")
    assert layer_of("fakecloud.cloud") < layer_of("fakecloud.wire.server") < layer_of("fakecloud.testing.runner")
    assert layer_of("fakecloud.testing.run") == layer_of("fakecloud.remote.tasks") < layer_of("fakecloud.cli")
    assert layer_of("fakecloud") > layer_of("fakecloud.cli") and layer_of(f"{PLUGIN}.plugin") > layer_of("fakecloud")
