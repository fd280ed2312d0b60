"""mock_cloud: the official SDKs' HTTP calls routed into the wire app in process, other hosts refused loudly."""
import asyncio
import json

import pytest
import requests

import fakecloud
from wire_core_helpers import WAIT_FLOW, Echo
from fakecloud.cloud import FakeCloud
from fakecloud.engine import SUCCEEDED
from fakecloud.wire.intercept import MockCloud, NotIntercepted, call_app, is_aliyun_host


def test_plain_requests_to_aliyuncs_reach_the_app():
    with fakecloud.mock_cloud() as cloud:
        assert isinstance(cloud, FakeCloud)
        response = requests.post("https://fnf.cn-hangzhou.aliyuncs.com/echo/a%20b?Receipt=a+b/c%3D%3D&x=1",
                                 data=b"payload", headers={"X-Custom": "yes", "Content-Type": "text/plain"})
    assert response.status_code == 200
    assert response.headers["x-mns-request-id"] == "echo-1"
    (seen,) = Echo.seen
    assert {k: seen[k] for k in ("method", "path", "uri", "query", "host", "scheme", "data")} == {
        "method": "POST", "path": "/echo/a b", "uri": "/echo/a%20b?Receipt=a+b/c%3D%3D&x=1",
        "query": "Receipt=a+b/c%3D%3D&x=1", "host": "fnf.cn-hangzhou.aliyuncs.com", "scheme": "https",
        "data": "payload"}
    assert (seen["headers"]["x-custom"], seen["headers"]["content-type"]) == ("yes", "text/plain")


def test_the_control_plane_answers_in_process_too():
    with fakecloud.mock_cloud():
        response = requests.get("http://anything.aliyuncs.com/_fakecloud/clock")
    assert response.json() == {"now": 1704067200.0, "iso": "2024-01-01T00:00:00.000Z", "mode": "virtual"}


def test_other_hosts_fail_loudly_naming_mock_cloud():
    with fakecloud.mock_cloud():
        with pytest.raises(NotIntercepted, match=r"fakecloud\.mock_cloud\(\) answers only \*\.aliyuncs\.com; "
                                                 r"GET http://example\.com/x was not sent anywhere"):
            requests.get("http://example.com/x")
        with pytest.raises(requests.exceptions.ConnectionError):
            requests.get("http://aliyuncs.com.evil.example/x")


def test_passthrough_prefixes_reach_the_network():
    with fakecloud.FakeCloudServer() as server, fakecloud.mock_cloud(passthrough=[server.url]):
        assert requests.get(server.url + "/_fakecloud/health").json() == {"status": "ok"}
        assert requests.get("https://fnf.cn-hangzhou.aliyuncs.com/echo").status_code == 200


def test_interception_ends_with_the_block():
    m = fakecloud.mock_cloud()
    with m:
        assert m.app is not None
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get("http://127.0.0.1:9/unreachable", timeout=2)   # a real (refused) connection again
    assert Echo.seen == []


def test_a_given_world_is_used_and_each_start_otherwise_makes_a_new_one():
    mine = FakeCloud()
    with fakecloud.mock_cloud(mine) as cloud:
        assert cloud is mine
    m = fakecloud.mock_cloud()
    worlds = []

    @m
    def test_body(n):
        worlds.append(m.cloud)
        m.cloud.mns.create_queue(f"q{n}")
        return requests.get("https://fnf.cn-hangzhou.aliyuncs.com/echo").status_code

    assert (test_body(1), test_body(2)) == (200, 200)
    assert worlds[0] is not worlds[1]
    assert worlds[1].mns.list_queues().names == ("q2",)
    assert test_body.__name__ == "test_body"


def test_starting_twice_is_an_error():
    m = MockCloud()
    with m:
        with pytest.raises(RuntimeError, match="already active"):
            m.start()


def test_engine_waits_are_skipped_after_an_intercepted_request():
    with fakecloud.mock_cloud() as cloud:
        cloud.add_flow("nap", WAIT_FLOW)
        execution = cloud.start("nap")
        requests.get("https://fnf.cn-hangzhou.aliyuncs.com/echo")
        assert execution.status == SUCCEEDED


def test_the_tea_client_sync_call_is_intercepted():
    from alibabacloud_fnf20190315 import models
    from alibabacloud_fnf20190315.client import Client
    from alibabacloud_tea_openapi.models import Config
    with fakecloud.mock_cloud():
        client = Client(Config(access_key_id="ak", access_key_secret="sk", region_id="cn-hangzhou"))
        response = client.describe_execution(models.DescribeExecutionRequest(flow_name="f", execution_name="e"))
    assert response.body.request_id == "echo-1"
    (seen,) = Echo.seen
    assert seen["host"].endswith(".aliyuncs.com") and "Action=DescribeExecution" in seen["query"]


def test_async_calls_fail_loudly_pointing_to_the_server():
    from alibabacloud_fnf20190315 import models
    from alibabacloud_fnf20190315.client import Client
    from alibabacloud_tea_openapi.models import Config
    with fakecloud.mock_cloud():
        client = Client(Config(access_key_id="ak", access_key_secret="sk", region_id="cn-hangzhou"))
        with pytest.raises(Exception, match="cannot intercept aiohttp.*FakeCloudServer"):
            asyncio.run(client.describe_execution_async(
                models.DescribeExecutionRequest(flow_name="f", execution_name="e")))
    assert Echo.seen == []


def test_the_legacy_core_client_is_intercepted():
    from aliyunsdkcore.client import AcsClient
    from aliyunsdkcore.request import CommonRequest
    with fakecloud.mock_cloud():
        request = CommonRequest(domain="fnf.cn-hangzhou.aliyuncs.com", version="2019-03-15", action_name="Echo")
        request.set_method("POST")
        request.add_body_params("Input", '{"a": 1}')
        body = AcsClient("ak", "sk", "cn-hangzhou").do_action_with_exception(request)
    assert b'"RequestId": "echo-1"' in body
    (seen,) = Echo.seen
    assert seen["method"] == "POST" and "Action=Echo" in seen["query"]
    assert seen["data"] == "Input=%7B%22a%22%3A+1%7D"


def test_fc2_is_intercepted():
    import fc2
    with fakecloud.mock_cloud():
        client = fc2.Client(endpoint="https://1234567890123456.cn-hangzhou.fc.aliyuncs.com", accessKeyID="ak",
                            accessKeySecret="sk")
        response = client.invoke_function("echo", "fn", payload=b'{"n": 1}')
    seen = json.loads(response.data)
    assert (seen["path"], seen["data"]) == ("/2016-08-15/services/echo/functions/fn/invocations", '{"n": 1}')


def test_mns_is_routed_with_the_raw_query_string():
    from mns.account import Account
    from mns.mns_exception import MNSExceptionBase
    with fakecloud.mock_cloud():
        queue = Account("http://1234567890123456.mns.cn-hangzhou.aliyuncs.com", "ak", "sk").get_queue("echo")
        try:     # the echo is not an MNS answer; what matters is what arrived
            queue.delete_message("1-ODU4OTkzNDU5My0xNDMyNzI3ODI3LTItOA+/c==")
        except MNSExceptionBase:
            pass
        local = Account("http://127.0.0.1:9", "ak", "sk").get_queue("q")
        with pytest.raises(NotIntercepted, match=r"MNS DELETE http://127\.0\.0\.1:9/queues/q/messages"):
            local.delete_message("x")
    (seen,) = Echo.seen
    assert (seen["method"], seen["host"]) == ("DELETE", "1234567890123456.mns.cn-hangzhou.aliyuncs.com")
    assert seen["query"] == "ReceiptHandle=1-ODU4OTkzNDU5My0xNDMyNzI3ODI3LTItOA+/c=="
    assert seen["uri"] == "/queues/echo/messages?ReceiptHandle=1-ODU4OTkzNDU5My0xNDMyNzI3ODI3LTItOA+/c=="
    assert seen["headers"]["authorization"].startswith("MNS ak:")


def test_call_app_builds_the_environ_a_server_would():
    captured = {}

    def app(environ, start_response):
        captured.update(environ)
        start_response("201 Created", [("X-Mixed-Case", "v")])
        return [b"a", b"b"]
    status, headers, body = call_app(app, "put", "http://h.aliyuncs.com:8080/p%2Bq?r=a+b", [("Host", "h2")], "x")
    assert (status, headers, body) == (201, [("X-Mixed-Case", "v")], b"ab")
    assert {k: captured[k] for k in ("REQUEST_METHOD", "PATH_INFO", "QUERY_STRING", "RAW_URI", "HTTP_HOST",
                                     "SERVER_PORT", "CONTENT_LENGTH")} == {
        "REQUEST_METHOD": "PUT", "PATH_INFO": "/p+q", "QUERY_STRING": "r=a+b", "RAW_URI": "/p%2Bq?r=a+b",
        "HTTP_HOST": "h2", "SERVER_PORT": "8080", "CONTENT_LENGTH": "1"}


@pytest.mark.parametrize("host, expected", [
    ("fnf.cn-hangzhou.aliyuncs.com", True), ("aliyuncs.com", True), ("X.MNS.cn-hangzhou.ALIYUNCS.COM:80", True),
    ("127.0.0.1:9000", False), ("aliyuncs.com.example.org", False), ("notaliyuncs.com", False),
])
def test_which_hosts_are_intercepted(host, expected):
    assert is_aliyun_host(host) is expected
