"""Time in the wire layer: in process (virtual, skipped), in a server on the virtual clock (engine waits skipped,
client deadlines in real time) and on a real clock (everything in scaled real time). Real waits stay short."""
import threading
import time

import pytest
import requests

from wire_core_helpers import WAIT_FLOW
from fakecloud.cloud import FakeCloud
from fakecloud.engine import SUCCEEDED, RealClock
from fakecloud.wire.server import FakeCloudServer


# -- in process --------------------------------------------------------------------------------------------------
def test_wait_until_returns_a_true_value_at_once(app, cloud):
    assert app.wait_until(lambda: "ready", 30) == "ready"
    assert cloud.clock.iso() == "2024-01-01T00:00:00.000Z"


def test_wait_until_skips_virtual_time_to_the_deadline(app, cloud):
    started = time.monotonic()
    assert app.wait_until(lambda: None, 30) is None
    assert cloud.clock.iso() == "2024-01-01T00:00:30.000Z"
    assert time.monotonic() - started < 0.5
    assert app.wait_until(lambda: 0, 0) == 0
    assert cloud.clock.iso() == "2024-01-01T00:00:30.000Z"


def test_wait_until_stops_at_the_timer_that_makes_it_true(app, cloud):
    box = []
    cloud.clock.call_later(12, lambda: box.append("fired"), auto=False)   # a client-facing deadline
    assert app.wait_until(lambda: list(box), 30) == ["fired"]
    assert cloud.clock.iso() == "2024-01-01T00:00:12.000Z"


def test_wait_until_stops_at_the_next_event_it_is_told_about(app, cloud):
    visible_at = cloud.clock.now() + 7.5      # e.g. a delayed message turning visible: no timer, just a time
    seen = []

    def ready():
        seen.append(cloud.clock.iso())
        return cloud.clock.now() >= visible_at

    assert app.wait_until(ready, 30, next_event=lambda: visible_at) is True
    assert seen == ["2024-01-01T00:00:00.000Z", "2024-01-01T00:00:07.500Z"]


def test_engine_waits_are_skipped_while_polling(app, cloud):
    cloud.add_flow("nap", WAIT_FLOW)
    execution = cloud.start("nap")
    assert app.wait_until(lambda: execution.status == SUCCEEDED, 1) is True
    assert cloud.clock.iso() == "2024-01-01T01:00:00.000Z"


def test_a_long_poll_through_the_app(client, cloud):
    cloud.clock.call_later(5, lambda: setattr(cloud, "flag", "late"), auto=False)
    assert client.get("/poll?timeout=20").json == {"flag": "late", "now": 1704067205.0}
    cloud.flag = None
    assert client.get("/poll?timeout=3").json == {"flag": None, "now": 1704067208.0}


# -- a server on the virtual clock -------------------------------------------------------------------------------
@pytest.fixture
def server():
    with FakeCloudServer(tick_seconds=0.02) as server:
        yield server


def test_the_virtual_clock_follows_real_time_and_skips_engine_waits(server):
    first = server.control("/clock")
    time.sleep(0.1)
    second = server.control("/clock")
    assert 0.09 <= second["now"] - first["now"] < 1.5
    with server.world() as cloud:
        cloud.add_flow("nap", WAIT_FLOW)
        execution = cloud.start("nap")
    assert execution.status == SUCCEEDED            # an hour of waiting, skipped at once
    assert server.control("/clock")["now"] >= second["now"] + 3600


def test_client_deadlines_come_due_in_real_time_without_requests(server):
    fired = threading.Event()
    with server.world() as cloud:
        cloud.clock.call_later(0.1, fired.set, auto=False)
    started = time.monotonic()
    assert fired.wait(2)                                   # the ticker fired it
    assert 0.05 <= time.monotonic() - started < 1.5


def test_the_control_plane_advances_past_client_deadlines(server):
    fired = []
    with server.world() as cloud:
        cloud.clock.call_later(600, lambda: fired.append(1), auto=False)
    server.control("/clock/advance", {"seconds": 600})
    assert fired == [1]


def test_a_long_poll_ends_when_another_request_changes_the_world(server):
    results = []
    poller = threading.Thread(target=lambda: results.append(requests.get(server.url + "/poll?timeout=5").json()))
    started = time.monotonic()
    poller.start()
    time.sleep(0.1)
    assert requests.get(server.url + "/echo").status_code == 200     # the lock is free while the poll waits
    requests.get(server.url + "/flag?value=now")
    poller.join(3)
    assert results[0]["flag"] == "now"
    assert time.monotonic() - started < 1.5


def test_a_long_poll_times_out_in_real_seconds(server):
    started = time.monotonic()
    assert requests.get(server.url + "/poll?timeout=0.15").json()["flag"] is None
    assert 0.14 <= time.monotonic() - started < 1.5


def test_stopping_the_server_ends_long_polls(server):
    results = []
    poller = threading.Thread(target=lambda: results.append(requests.get(server.url + "/poll?timeout=30").json()))
    poller.start()
    time.sleep(0.1)
    started = time.monotonic()
    server.stop()
    poller.join(3)
    assert results and results[0]["flag"] is None
    assert time.monotonic() - started < 1.5


def test_a_reset_ends_long_polls_of_the_old_world(server):
    results = []
    poller = threading.Thread(target=lambda: results.append(requests.get(server.url + "/poll?timeout=30").json()))
    poller.start()
    time.sleep(0.1)
    server.control("/reset", {})
    poller.join(3)
    assert results and results[0]["flag"] is None


# -- a server on a real clock ------------------------------------------------------------------------------------
def test_real_clock_runs_engine_waits_in_scaled_real_time():
    flow = WAIT_FLOW.replace("3600", "5")
    with FakeCloudServer(clock="real", scale=50, tick_seconds=0.02) as server:
        clock = server.control("/clock")
        assert clock["mode"] == "real" and abs(clock["now"] - time.time()) < 5
        with server.world() as cloud:
            cloud.add_flow("nap", flow)
            execution = cloud.start("nap")
        assert execution.status != SUCCEEDED
        started = time.monotonic()
        while execution.status != SUCCEEDED and time.monotonic() - started < 2:
            time.sleep(0.02)
        assert execution.status == SUCCEEDED
        assert 0.08 <= time.monotonic() - started < 1.0           # 5 s at 50x: a tenth of a second
        response = requests.post(server.url + "/_fakecloud/clock/advance", json={"seconds": 1},
                                 headers=server.control_headers)
        assert (response.status_code, response.json()) == (409, {
            "Code": "ClockNotAdjustable",
            "Message": "the clock runs in real time (--clock real); it cannot be advanced"})


def test_real_clock_long_polls_last_scaled_seconds_and_reset_restarts_the_clock():
    with FakeCloudServer(clock="real", scale=20, tick_seconds=0.02) as server:
        started = time.monotonic()
        assert requests.get(server.url + "/poll?timeout=2").json()["flag"] is None
        assert 0.09 <= time.monotonic() - started < 1.0           # 2 s at 20x
        old = server.cloud.clock
        old.call_later(60, lambda: None)
        server.control("/reset", {})
        assert server.cloud.clock is old and not old.is_virtual and old.scale == 20      # restarted in place
        assert old.pending_timers() == 0 and abs(old.now() - time.time()) < 5


def test_clock_options_are_checked():
    with pytest.raises(ValueError, match="clock must be 'virtual' or 'real'"):
        FakeCloudServer(clock="fast")
    with pytest.raises(ValueError, match="scale must be a number > 0"):
        FakeCloudServer(clock="real", scale=0)
    with pytest.raises(ValueError, match="needs a FakeCloud on a RealClock; this one runs on a VirtualClock"):
        FakeCloudServer(FakeCloud(), clock="real")
    with pytest.raises(ValueError, match="needs a FakeCloud on a VirtualClock; this one runs on a RealClock"):
        FakeCloudServer(FakeCloud(clock=RealClock()))
