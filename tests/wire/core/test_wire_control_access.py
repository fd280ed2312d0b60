"""Who may use the control plane: a server's control token (generated or given, required with and without
signature checks), and which `module:function` handlers it may import (none unless allowed)."""
import json
import sys
import textwrap

import pytest
import requests
from werkzeug.test import Client

from fakecloud import FakeCloudServer, mock_cloud
from fakecloud.cloud import FakeCloud
from fakecloud.wire.access import ANY_IMPORT, HandlerImports
from fakecloud.wire.app import WireApp
from fakecloud.wire.control import ControlError

TOKEN = "a-token-of-the-test-0123456789"
MISSING = {"Code": "MissingControlToken", "Message": "the control plane needs the X-Fakecloud-Token header holding "
                                                     "the token the server printed at start"}
WRONG = {"Code": "InvalidControlToken", "Message": "the X-Fakecloud-Token header does not hold this server's "
                                                   "control token"}
PWN = {"name": "pwn/run", "handler": "os:system"}     # the two requests that once ran a shell command


def answer(response):
    return response.status_code, response.json()


@pytest.fixture
def handlers(tmp_path, monkeypatch):
    (tmp_path / "access_handlers.py").write_text(textwrap.dedent("""\
        import os
        def echo(event):
            return event
        class Box:
            @staticmethod
            def hello(event):
                return "hello"
        """))
    for name in ("access_handlers_more", "access_handlers_refused"):
        (tmp_path / f"{name}.py").write_text("def echo(event):\n    return event\n")
    monkeypatch.syspath_prepend(str(tmp_path))


@pytest.mark.parametrize("verify", [False, True])
def test_a_server_answers_only_requests_with_its_token(verify):
    with FakeCloudServer(verify_signatures=verify) as server:
        url = server.url + "/_fakecloud"
        assert answer(requests.get(url + "/clock")) == (401, MISSING)
        assert answer(requests.post(url + "/fc/functions", json=PWN)) == (401, MISSING)
        assert answer(requests.get(url + "/nope")) == (401, MISSING)        # no endpoint discovery either
        assert answer(requests.get(url + "/", headers={"X-Fakecloud-Token": "x" + server.control_token})) == \
            (403, WRONG)
        assert answer(requests.get(url + "/clock", headers={"X-Fakecloud-Token": ""})) == (401, MISSING)
        assert requests.get(url + "/health").json() == {"status": "ok"}     # tells no more than the open port
        good = requests.get(url + "/clock", headers=server.control_headers)
        assert (good.status_code, good.json()["mode"]) == (200, "virtual")
        assert server.control("/clock")["mode"] == "virtual"
        assert server.control("/reset", {}) == {"reset": True}
        with server.world() as cloud:
            assert cloud.fc.invocations.of("pwn/run") == []


def test_tokens_are_new_per_server_or_given():
    first, second = FakeCloudServer(), FakeCloudServer()
    assert first.control_token != second.control_token and len(first.control_token) == 43
    with FakeCloudServer(control_token=TOKEN) as server:
        assert server.control_token == TOKEN
        assert requests.get(server.url + "/_fakecloud/clock", headers={"X-Fakecloud-Token": TOKEN}).ok
        banner = server.describe().splitlines()
        assert banner[6] == "  control token:                 X-Fakecloud-Token: ******** (as given)"
        assert TOKEN not in server.describe()
    for bad in ("short", "has a space in it 123", "é" * 20, "x" * 257):
        with pytest.raises(ValueError, match="a control token must be 16 to 256 printable ASCII characters"):
            FakeCloudServer(control_token=bad)


def test_control_errors_arrive_as_control_error():
    with FakeCloudServer() as server:
        with pytest.raises(ControlError) as info:
            server.control("/clock/advance", {"seconds": -1})
        assert (info.value.status, info.value.code, info.value.message) == (
            400, "InvalidArgument", "'seconds' must be a number >= 0, got -1")


def test_in_process_needs_no_token_and_may_import(handlers):
    with mock_cloud() as cloud:
        response = requests.post("http://fnf.cn-hangzhou.aliyuncs.com/_fakecloud/fc/functions",
                                 json={"name": "svc/echo", "handler": "access_handlers:echo"})
        assert response.json() == {"name": "svc/echo", "handler": "access_handlers:echo", "rules": 0}
        assert cloud.fc.function("svc/echo") is not None


def post(app, body, token=None):
    headers = {"X-Fakecloud-Token": token} if token else {}
    response = Client(app).post("/_fakecloud/fc/functions", data=json.dumps(body), headers=headers,
                                content_type="application/json")
    return response.status_code, response.json


def refused(message):
    return 403, {"Code": "HandlerImportRefused", "Message": message}


def test_handler_imports_are_refused_unless_allowed(handlers):
    cloud = FakeCloud()
    off = ("importing handlers is turned off on this server; start it with --allow-handler-imports, or "
           "--handler-module os to allow that module only")
    assert post(WireApp(cloud), PWN) == refused(off)
    with FakeCloudServer(cloud, control_token=TOKEN) as server:        # the default of a server
        assert post(server.app, PWN, TOKEN) == refused(off)
        assert post(server.app, {"name": "svc/echo", "handler": "access_handlers_refused:echo"}, TOKEN) == \
            refused(off.replace("module os", "module access_handlers_refused"))
    assert cloud.fc.invocations.of("pwn/run") == [] and "pwn" not in cloud.fc.services()
    assert "access_handlers_refused" not in sys.modules      # refused before anything was imported


def test_an_allow_list_names_modules_and_the_modules_inside_them(handlers, tmp_path):
    package = tmp_path / "access_pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "fakes.py").write_text("def echo(event):\n    return event\n")
    app = WireApp(FakeCloud(), handler_imports=HandlerImports.of(modules=["access_handlers", "access_pkg"]))
    assert post(app, {"name": "svc/a", "handler": "access_handlers:echo"}) == (200, {
        "name": "svc/a", "handler": "access_handlers:echo", "rules": 0})
    assert post(app, {"name": "svc/b", "handler": "access_handlers:Box.hello"})[0] == 200
    assert post(app, {"name": "svc/c", "handler": "access_pkg.fakes:echo"})[0] == 200
    listed = "(access_handlers, access_pkg); add it with --handler-module"
    assert post(app, {"name": "svc/d", "handler": "access_handlers_more:echo"}) == refused(
        f"module access_handlers_more is not among the handler modules this server allows {listed} "
        "access_handlers_more")
    assert post(app, PWN) == refused(f"module os is not among the handler modules this server allows {listed} os")
    assert post(app, {"name": "svc/e", "handler": "access_handlers:os.system"}) == refused(
        "access_handlers:os.system: os is a module; name the handler by its own module (os:...)")
    assert post(app, {"name": "svc/f", "handler": "access_handlers:echo.__globals__"}) == refused(
        "access_handlers:echo.__globals__: a handler's attribute path may not use dunder names")


def test_allowing_every_module(handlers):
    app = WireApp(FakeCloud(), handler_imports=ANY_IMPORT)
    assert post(app, {"name": "svc/loads", "handler": "json:loads"})[0] == 200
    with pytest.raises(ValueError, match="not a module name: 'os system'"):
        HandlerImports.of(modules=["os system"])
