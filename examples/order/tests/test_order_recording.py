"""One test for both record modes: it sets up the live side (the handlers, the queue, the vision answer) and runs
the order flow with a recording. By default it replays tests/recordings/approved-order.scenario.yaml (the
handlers are not called, and the strict check knows their set-up serves the live side); with
`--fakecloud-record-mode=all` it runs them and records that file again."""
from fakecloud.testing import assert_invoked, assert_output

from app.samples import LARGE_ORDER

PHOTO = {"Data": {"Categories": [{"CategoryName": "cup"}]}}
RECORDING = "recordings/approved-order.scenario.yaml"


def test_the_approved_order_records_and_replays(shop, flow_runner, fake_viapi):
    fake_viapi.script("goodstech", "ClassifyCommodity").returns(PHOTO)
    run = flow_runner.run("../flows/order.yaml", LARGE_ORDER, recording=RECORDING)
    run.report_succeeded("askApproval", {"approved": True})
    assert_output(run, contains={"total": 1350, "approved": True, "reservations": ["r-pot", "r-pan"]})
    if not run.replayed:            # recording: the application's handlers answered
        assert_invoked(run, "orders/reserve", times=2)
