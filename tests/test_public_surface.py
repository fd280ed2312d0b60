"""The stated public surface of `fakecloud`: the supported names, loaded on first use, and the typing marker."""
from __future__ import annotations

import subprocess
import sys
from importlib import resources

import pytest

import fakecloud

SUPPORTED = ("FakeCloud", "mock_cloud", "FakeCloudServer", "Limits", "parse_flow", "check_file",
             "FlowDefinitionError", "Return", "Throw", "ServiceError", "FcError", "FnfError", "MnsError",
             "VisionError")


def test_all_lists_the_supported_names():
    assert fakecloud.__all__ == SUPPORTED
    assert set(SUPPORTED) <= set(dir(fakecloud)) and "__version__" in dir(fakecloud)
    assert "_HOMES" not in dir(fakecloud) and "importlib" not in dir(fakecloud)


@pytest.mark.parametrize("name", SUPPORTED)
def test_every_supported_name_imports(name):
    value = getattr(fakecloud, name)
    assert getattr(value, "__name__", None) == name
    namespace: dict = {}
    exec(f"from fakecloud import {name}", namespace)
    assert namespace[name] is value


def test_the_names_are_the_project_objects_themselves():
    from fakecloud.cloud import FakeCloud
    from fakecloud.fdl import FlowDefinitionError, Limits, check_file, parse_flow
    from fakecloud.services.errors import ServiceError
    from fakecloud.services.fc import FcError
    from fakecloud.testing import Return, Throw
    from fakecloud.wire.intercept import mock_cloud
    from fakecloud.wire.server import FakeCloudServer

    assert (fakecloud.FakeCloud, fakecloud.Limits, fakecloud.parse_flow, fakecloud.check_file,
            fakecloud.FlowDefinitionError, fakecloud.ServiceError, fakecloud.FcError, fakecloud.Return,
            fakecloud.Throw, fakecloud.mock_cloud, fakecloud.FakeCloudServer) == (
        FakeCloud, Limits, parse_flow, check_file, FlowDefinitionError, ServiceError, FcError, Return, Throw,
        mock_cloud, FakeCloudServer)
    assert all(issubclass(getattr(fakecloud, name), fakecloud.ServiceError)
               for name in ("FcError", "FnfError", "MnsError", "VisionError"))


def test_star_import_gives_exactly_the_supported_names():
    namespace: dict = {}
    exec("from fakecloud import *", namespace)
    assert sorted(n for n in namespace if not n.startswith("__")) == sorted(SUPPORTED)


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="module 'fakecloud' has no attribute 'Engine'"):
        fakecloud.Engine  # noqa: B018


def test_importing_fakecloud_loads_nothing_else():
    code = "import sys, fakecloud; print(sorted(m for m in sys.modules if m.split('.')[0] == 'fakecloud'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['fakecloud', 'fakecloud.version']"


def test_the_package_is_marked_typed():
    assert resources.files("fakecloud").joinpath("py.typed").is_file()
