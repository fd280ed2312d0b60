"""How fakecloud installs: every package folder is in the distribution, and the pytest plugin, whose source is the
`pytest_plugin/` folder, installs and loads as `fakecloud_pytest` (a name no other distribution uses)."""
from __future__ import annotations

import ast
import importlib.metadata
import sys
from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib")

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]


def test_the_plugin_source_folder_installs_as_fakecloud_pytest():
    assert SETUPTOOLS["package-dir"] == {"fakecloud_pytest": "pytest_plugin"}
    assert PYPROJECT["project"]["entry-points"]["pytest11"] == {"fakecloud": "fakecloud_pytest.plugin"}


def test_every_package_folder_is_distributed():
    folders = {".".join(path.relative_to(ROOT).parts) for path in (ROOT / "fakecloud").rglob("*")
               if path.is_dir() and path.name != "__pycache__"} | {"fakecloud"}
    assert sorted(SETUPTOOLS["packages"]) == sorted(folders | {"fakecloud_pytest"})
    assert SETUPTOOLS["package-data"] == {"fakecloud": ["py.typed"], "fakecloud.fdl.data": ["*.yaml"]}


def test_the_installed_entry_point_names_fakecloud_pytest():
    points = importlib.metadata.entry_points(group="pytest11", name="fakecloud")
    assert {point.value for point in points} == {"fakecloud_pytest.plugin"}


def test_pytest_loaded_the_plugin_as_fakecloud_pytest(request):
    plugin = request.config.pluginmanager.get_plugin("fakecloud")
    assert plugin.__name__ == "fakecloud_pytest.plugin"
    assert Path(plugin.__file__).resolve().parent.name in ("pytest_plugin", "fakecloud_pytest")
    assert "pytest_plugin" not in sys.modules


def test_nothing_imports_the_source_folder_name():
    found = []
    for folder in ("fakecloud", "pytest_plugin", "tests", "examples", "benchmarks", "tools"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                    [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else []
                found += [f"{path.relative_to(ROOT)}:{node.lineno}" for n in names
                          if n.split(".")[0] == "pytest_plugin"]
    assert not found, "imports of pytest_plugin (install name: fakecloud_pytest): " + ", ".join(found)
