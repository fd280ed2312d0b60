"""The project's own source files as the architecture tests read them: every module of `fakecloud/` and of the
pytest plugin (whose source folder `pytest_plugin/` installs as the package `fakecloud_pytest`), with its dotted
name, its path relative to the project and its parsed AST."""
from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# source folder -> the package it installs as
PACKAGES = (("fakecloud", "fakecloud"), ("pytest_plugin", "fakecloud_pytest"))


@dataclass(frozen=True)
class SourceFile:
    name: str           # dotted module name: fakecloud.wire.fc.registry, fakecloud_pytest.plugin
    path: str           # relative to the project: fakecloud/wire/fc/registry.py
    tree: ast.Module

    @property
    def is_package(self) -> bool:
        return self.path.endswith("__init__.py")

    @property
    def package(self) -> str:
        """The package relative imports start from."""
        return self.name if self.is_package else self.name.rpartition(".")[0]


@cache
def sources() -> tuple[SourceFile, ...]:
    found = []
    for folder, package in PACKAGES:
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = path.relative_to(ROOT / folder).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            name = ".".join((package,) + parts)
            found.append(SourceFile(name, path.relative_to(ROOT).as_posix(),
                                    ast.parse(path.read_text(encoding="utf-8"), filename=str(path))))
    return tuple(found)


def by_name() -> dict[str, SourceFile]:
    return {source.name: source for source in sources()}
