"""The offline guard: real Alibaba Cloud hosts fail loudly during tests, naming the fixture to use; loopback and
other hosts still resolve; --fakecloud-allow-real-cloud lifts it."""
import socket

import pytest

from fakecloud.testing.offline import OfflineGuard, RealCloudBlocked, fixture_for, is_real_cloud

TEST = """
import http.client, socket, pytest, requests
from fakecloud.testing import RealCloudBlocked

def test_requests_fail_loudly():
    with pytest.raises(RealCloudBlocked) as err:
        requests.get("https://1234567890123456.mns.cn-hangzhou.aliyuncs.com/queues/q", timeout=1)
    assert str(err.value) == (
        "fakecloud blocked a connection to 1234567890123456.mns.cn-hangzhou.aliyuncs.com: tests run offline. "
        "Send the SDK client to the test's world in process, inside `with fakecloud.mock_cloud(fake_cloud):`, or "
        "over the wire, with the client settings of the `fake_cloud_server` fixture (`fake_cloud_server.settings`); "
        "the `fake_mns` fixture then shows what it did. To reach the real cloud, run pytest with "
        "--fakecloud-allow-real-cloud.")

def test_http_client_fails_loudly():
    with pytest.raises(RealCloudBlocked, match="fake_fnf"):
        http.client.HTTPSConnection("fnf.cn-hangzhou.aliyuncs.com", timeout=1).request("GET", "/")

def test_loopback_still_works():
    assert socket.getaddrinfo("127.0.0.1", 80)
"""


def test_blocked_inside_tests(pytester):
    pytester.makepyfile(TEST)
    pytester.runpytest().assert_outcomes(passed=3)


class Outer:
    """Hands the inner session the getaddrinfo it started with (this session's own guard, if any)."""

    def __init__(self, getaddrinfo):
        self.getaddrinfo = getaddrinfo

    @pytest.fixture
    def outer_getaddrinfo(self):
        return self.getaddrinfo


TEA = """
import pytest
import fakecloud
from alibabacloud_fnf20190315.client import Client
from alibabacloud_fnf20190315.models import ListFlowsRequest
from alibabacloud_tea_openapi.models import Config

def client():
    return Client(Config(access_key_id="ak", access_key_secret="sk", region_id="cn-hangzhou",
                         endpoint="cn-hangzhou.fnf.aliyuncs.com"))

def test_unpatched(fake_fnf):
    with pytest.raises(Exception) as err:
        client().list_flows(ListFlowsRequest(limit=10))
    print("BLOCKED", err.value)

def test_as_the_message_says(fake_cloud, fake_fnf):
    fake_fnf.add_flow("hello", "version: v1\\ntype: flow\\nsteps:\\n  - type: pass\\n    name: p\\n")
    with fakecloud.mock_cloud(fake_cloud):
        flows = client().list_flows(ListFlowsRequest(limit=10)).body.flows
    assert [f.name for f in flows] == ["hello"]
"""


def test_an_unpatched_sdk_client_is_told_how_to_reach_the_world(pytester):
    pytester.makepyfile(TEA)
    result = pytester.runpytest("-s", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
    blocked = next(line for line in result.outlines if "BLOCKED" in line)
    assert "fakecloud blocked a connection to cn-hangzhou.fnf.aliyuncs.com: tests run offline. Send the SDK client " \
           "to the test's world in process, inside `with fakecloud.mock_cloud(fake_cloud):`, or over the wire" in blocked
    assert "the `fake_fnf` fixture then shows what it did" in blocked


def test_allowed_with_the_option(pytester):
    pytester.makepyfile("""
        import socket
        def test_guard_off(outer_getaddrinfo):
            assert socket.getaddrinfo is outer_getaddrinfo
    """)
    original = socket.getaddrinfo
    pytester.runpytest("--fakecloud-allow-real-cloud", plugins=[Outer(original)]).assert_outcomes(passed=1)
    pytester.runpytest(plugins=[Outer(original)]).assert_outcomes(failed=1)      # without it: guarded
    assert socket.getaddrinfo is original


def test_hosts_and_fixtures():
    assert is_real_cloud("FNF.cn-hangzhou.aliyuncs.com.") and is_real_cloud(b"aliyuncs.com")
    assert not is_real_cloud("aliyuncs.com.example.org") and not is_real_cloud("localhost")
    assert fixture_for("1234.fc.cn-hangzhou.aliyuncs.com") == "fake_fc"
    assert fixture_for("goodstech.cn-shanghai.aliyuncs.com") == "fake_viapi"
    assert fixture_for("ecs.aliyuncs.com") == "fake_cloud"
    guard = OfflineGuard()
    guard.install()
    try:
        try:
            socket.getaddrinfo("ocr.cn-shanghai.aliyuncs.com", 443)
        except RealCloudBlocked as exc:
            assert "`fake_viapi`" in str(exc)
        else:
            raise AssertionError("not blocked")
    finally:
        guard.uninstall()


def test_hosts_allowed_on_purpose_pass_and_others_stay_blocked(monkeypatch):
    looked_up = []
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, *args, **kwargs: looked_up.append(host) or ["addr"])
    guard = OfflineGuard()
    guard.allow(lambda host: host == "ocr.cn-shanghai.aliyuncs.com")
    guard.install()
    try:
        assert socket.getaddrinfo("ocr.cn-shanghai.aliyuncs.com", 443) == ["addr"]
        try:
            socket.getaddrinfo("ocr.cn-beijing.aliyuncs.com", 443)
        except RealCloudBlocked:
            pass
        else:
            raise AssertionError("not blocked")
    finally:
        guard.uninstall()
    assert looked_up == ["ocr.cn-shanghai.aliyuncs.com"]
