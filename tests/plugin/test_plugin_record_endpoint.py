"""Recording from a live endpoint: with --fakecloud-record-endpoint, a recording run's tasks are answered over the
wire by that endpoint (here a fakecloud server standing in for the cloud, checking signatures) and the recording
replays later with no endpoint at all; it is the same recording the in-process fakes give for the same world."""
import json

import pytest

from fakecloud.wire.server import FakeCloudServer

TEST = '''
import os
from fakecloud.testing import assert_succeeded

def test_order(flow_runner, fake_cloud):
    if os.environ.get("IN_PROCESS") == "1":
        from shop_world import set_up
        set_up(fake_cloud)
    run = flow_runner.run("flows/shop.yaml", {"orderId": "o-1", "items": ["cup", "pan"]}, recording=True)
    run.advance(90)
    run.report_succeeded("approve", {"approved": True})
    assert_succeeded(run)
    assert run.output["slot"] == "mon-cup"
'''
WORLD = '''
import json

def set_up(cloud):
    """What the stand-in cloud holds for the shop flow."""
    cloud.fc.register("shop/charge", lambda event: json.dumps({"paid": True}))
    cloud.fc.register("shop/reserve", lambda event: {"reserved": event["item"]}, decode=True)
    cloud.fc.register("shop/book", lambda event: {"slot": "mon-" + event["items"][0]}, decode=True)
    cloud.mns.create_topic("orders")
    cloud.mns.create_queue("approvals")
    cloud.viapi.script("goodstech", "ClassifyCommodity").returns({"Data": {"Categories": [{"CategoryName": "cup"}]}})
'''
RECORDING = "recordings/test_live/test_order.scenario.yaml"


@pytest.fixture
def live(shop, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("IN_PROCESS", raising=False)
    shop.makepyfile(test_live=TEST, shop_world=WORLD)
    shop.syspathinsert()
    return shop


def run(pytester, mode, *args):
    return pytester.runpytest("-p", "no:cacheprovider", "-o", "fakecloud_scenarios=false",
                              f"--fakecloud-record-mode={mode}", "test_live.py", *args)


def stand_in(pytester):
    import shop_world
    server = FakeCloudServer(verify_signatures=True).start()
    with server.world():
        shop_world.set_up(server.cloud)
    return server


def test_once_records_from_the_endpoint_then_replays_without_it(live):
    server = stand_in(live)
    try:
        result = run(live, "once", f"--fakecloud-record-endpoint={server.url}")
        result.assert_outcomes(passed=1)
        result.stdout.fnmatch_lines([f"fakecloud: recording task answers from {server.url}"])
        with server.world():
            cloud = server.cloud
            calls = [(i.function, json.loads(i.payload)) for i in cloud.fc.invocations]
            approval = cloud.mns.peek_message("approvals")
            published = [m.body for m in cloud.mns.published("orders")]
            looks = [c.params for c in cloud.viapi.calls]
    finally:
        server.stop()
    assert [name for name, _ in calls] == ["charge", "reserve", "reserve", "book"]
    assert calls[0][1] == {"orderId": "o-1", "items": ["cup", "pan"]}
    assert json.loads(approval.body)["orderId"] == "o-1"
    assert published == ["o-1"]
    assert looks == [{"ImageURL": "http://example.com/p.jpg"}]
    text = (live.path / RECORDING).read_text()
    assert "  charge:\n  - attempt: 0\n    return:\n      paid: true\n" in text
    assert "- step: approve\n  after: 90\n  output:\n    approved: true\n" in text
    run(live, "none").assert_outcomes(passed=1)         # the server is gone: replayed from the file
    assert (live.path / RECORDING).read_text() == text


def test_the_endpoint_recording_equals_the_in_process_recording(live, monkeypatch):
    server = stand_in(live)
    try:
        run(live, "all", f"--fakecloud-record-endpoint={server.url}").assert_outcomes(passed=1)
    finally:
        server.stop()
    remote = (live.path / RECORDING).read_text()
    monkeypatch.setenv("IN_PROCESS", "1")
    run(live, "all").assert_outcomes(passed=1)
    assert (live.path / RECORDING).read_text() == remote


def test_replay_only_never_touches_the_endpoint(live):
    server = stand_in(live)
    try:
        run(live, "once", f"--fakecloud-record-endpoint={server.url}").assert_outcomes(passed=1)
        with server.world():
            before = len(server.cloud.fc.invocations)
        run(live, "none", f"--fakecloud-record-endpoint={server.url}").assert_outcomes(passed=1)
        with server.world():
            assert len(server.cloud.fc.invocations) == before == 4
    finally:
        server.stop()


def test_an_unusable_endpoint_is_a_usage_error(live):
    result = run(live, "once", "--fakecloud-record-endpoint=localhost:9000")
    result.stderr.fnmatch_lines(["ERROR: --fakecloud-record-endpoint: the record endpoint must be a URL "
                                 "(http://127.0.0.1:9000) or aliyun[:region], got 'localhost:9000'"])
    assert result.ret == pytest.ExitCode.USAGE_ERROR
