"""FakeCloudServer: life cycle on an ephemeral port, client settings, flows from a directory, robustness."""
import socket
import threading

import pytest
import requests

from fakecloud import FakeCloudServer
from fakecloud.cloud import FakeCloud
from fakecloud.engine import SUCCEEDED
from fakecloud.wire.app import MAX_BODY_BYTES
from fakecloud.wire.server import FlowLoadError

PASS_FLOW = "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: p\n"


def test_start_and_stop_on_an_ephemeral_port():
    server = FakeCloudServer()
    with pytest.raises(RuntimeError, match="not running"):
        server.port
    assert server.start() is server and server.running
    port = server.port
    assert port > 0
    assert (server.endpoint, server.url) == (f"127.0.0.1:{port}", f"http://127.0.0.1:{port}")
    assert requests.get(server.url + "/_fakecloud/health").json() == {"status": "ok"}
    with pytest.raises(RuntimeError, match="already running"):
        server.start()
    server.stop()
    server.stop()                                     # stopping twice is harmless
    assert not server.running
    with socket.socket() as sock:                     # the port is free again
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))


def test_a_taken_port_raises_oserror_instead_of_exiting():
    with FakeCloudServer() as first:
        with pytest.raises(OSError):
            FakeCloudServer(port=first.port).start()
        assert requests.get(first.url + "/_fakecloud/health").status_code == 200


def test_the_given_world_is_served():
    cloud = FakeCloud()
    with FakeCloudServer(cloud) as server:
        assert server.cloud is cloud and server.app.cloud is cloud
        with server.world() as world:
            assert world is cloud
            world.fc.script("svc/fn").returns({"ok": True})
        assert server.lock is server.app.lock


def test_settings_for_every_sdk():
    with FakeCloudServer() as server:
        port = server.port
        assert server.settings == {
            "tea": {"access_key_id": "fakecloud", "access_key_secret": "fakecloud-secret",
                    "endpoint": f"127.0.0.1:{port}", "protocol": "http", "region_id": "cn-hangzhou"},
            "acs": {"ak": "fakecloud", "secret": "fakecloud-secret", "region_id": "cn-hangzhou", "port": port},
            "acs_endpoint": "127.0.0.1",
            "mns": {"host": f"http://127.0.0.1:{port}", "access_id": "fakecloud", "access_key": "fakecloud-secret"},
            "fc2": {"endpoint": f"http://127.0.0.1:{port}", "accessKeyID": "fakecloud",
                    "accessKeySecret": "fakecloud-secret"},
            "control": {"url": f"http://127.0.0.1:{port}/_fakecloud",
                        "headers": {"X-Fakecloud-Token": server.control_token}},
        }
        assert server.describe().splitlines() == [
            f"fakecloud server listening on http://127.0.0.1:{port} (clock: virtual, signatures: not checked)",
            f"  alibabacloud-* (Tea) clients:  Config(access_key_id='fakecloud', access_key_secret='fakecloud-secret', "
            f"endpoint='127.0.0.1:{port}', protocol='http', region_id='cn-hangzhou')",
            f"  aliyunsdkcore AcsClient:       AcsClient('fakecloud', 'fakecloud-secret', 'cn-hangzhou', port={port}); "
            f"request.set_endpoint('127.0.0.1')",
            f"  aliyun-mns-sdk:                Account('http://127.0.0.1:{port}', 'fakecloud', 'fakecloud-secret')",
            f"  aliyun-fc2:                    fc2.Client(endpoint='http://127.0.0.1:{port}', accessKeyID='fakecloud', "
            f"accessKeySecret='fakecloud-secret')",
            f"  control plane:                 http://127.0.0.1:{port}/_fakecloud/ (see docs/control-plane.md)",
            f"  control token:                 X-Fakecloud-Token: {server.control_token}",
        ]


def test_settings_build_working_clients():
    from alibabacloud_tea_openapi.models import Config
    from aliyunsdkcore.client import AcsClient
    from mns.account import Account
    import fc2
    with FakeCloudServer() as server:
        s = server.settings
        assert Config(**s["tea"]).endpoint == server.endpoint
        AcsClient(**s["acs"])
        Account(**s["mns"])
        fc2.Client(**s["fc2"])


def test_configured_credentials_and_signature_checking():
    with FakeCloudServer(verify_signatures=True, credentials={"AK1": "S1"}, clock="real", scale=2) as server:
        assert server.app.verify_signatures and server.app.credentials == {"AK1": "S1"}
        assert server.settings["tea"]["access_key_id"] == "AK1"
        assert server.settings["fc2"]["accessKeySecret"] == "S1"
        banner = server.describe().splitlines()
        assert "(clock: real, 2x, signatures: verified)" in banner[0]
        assert "'S1'" not in server.describe()          # a configured secret is never printed
        assert banner[1].startswith("  alibabacloud-* (Tea) clients:  Config(access_key_id='AK1', "
                                    "access_key_secret=********, endpoint=")
        assert banner[2].endswith(f"AcsClient('AK1', ********, 'cn-hangzhou', port={server.port}); "
                                  "request.set_endpoint('127.0.0.1')")
        assert banner[3].endswith(f"Account('http://127.0.0.1:{server.port}', 'AK1', ********)")
        assert banner[4].endswith("accessKeyID='AK1', accessKeySecret=********)")


def test_flows_from_a_directory_are_registered_and_survive_a_reset(tmp_path):
    (tmp_path / "hello.yaml").write_text(PASS_FLOW)
    (tmp_path / "other.yml").write_text(PASS_FLOW)
    (tmp_path / "notes.txt").write_text("not a flow")
    with FakeCloudServer(flows_dir=str(tmp_path)) as server:
        assert server.flows == ["hello", "other"]
        assert server.describe().splitlines()[-1] == "  flows:                         hello, other"
        server.control("/reset", {})
        with server.world() as cloud:
            assert sorted(cloud.engine.flows) == ["hello", "other"]
            assert cloud.engine.flows["hello"].definition == PASS_FLOW
            assert cloud.run("hello").status == SUCCEEDED


def test_invalid_flow_directories_are_refused(tmp_path):
    with pytest.raises(FlowLoadError, match="is not a directory"):
        FakeCloudServer(flows_dir=str(tmp_path / "missing"))
    (tmp_path / "bad.yaml").write_text("version: v1\ntype: flow\n")
    with pytest.raises(FlowLoadError, match=r"bad\.yaml:"):
        FakeCloudServer(flows_dir=str(tmp_path))


def test_the_server_keeps_serving_after_failures():
    with FakeCloudServer() as server:
        response = requests.get(server.url + "/boom")
        assert response.status_code == 500 and "Traceback" not in response.text
        assert requests.get(server.url + "/nowhere").json() == {
            "Code": "InvalidRequestURL", "Message": "no fakecloud service answers /nowhere"}
        assert requests.post(server.url + "/_fakecloud/clock/advance", data="{",
                             headers=server.control_headers).status_code == 400
        with socket.create_connection(("127.0.0.1", server.port)) as sock:     # garbage on the wire
            sock.sendall(b"GET / HTTP/9.9\r\n\r\n")
            assert b'"Code": "HTTPVersionNotSupported"' in sock.recv(1000)
        with socket.create_connection(("127.0.0.1", server.port)) as sock:     # a client that goes away
            sock.sendall(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nshort")
        assert requests.get(server.url + "/echo").status_code == 200


def test_oversized_bodies_are_refused_with_and_without_content_length():
    with FakeCloudServer() as server:
        response = requests.post(server.url + "/boom/read", data=b"x" * (MAX_BODY_BYTES + 10))
        assert response.status_code == 413 and "<Code>EntityTooLarge</Code>" in response.text

        def chunks():
            for _ in range(MAX_BODY_BYTES // 65536 + 2):
                yield b"y" * 65536
        response = requests.post(server.url + "/boom/read", data=chunks())          # chunked: no length
        assert response.status_code == 413 and "<Code>EntityTooLarge</Code>" in response.text
        response = requests.post(server.url + "/echo", data=iter([b"small ", b"chunks"]))
        assert response.json()["data"] == "small chunks"


def test_concurrent_requests_are_served_one_at_a_time_without_errors():
    with FakeCloudServer() as server:
        statuses = []

        def hammer():
            with requests.Session() as session:
                statuses.extend(session.get(server.url + "/echo").status_code for _ in range(20))
        threads = [threading.Thread(target=hammer) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert statuses == [200] * 80
