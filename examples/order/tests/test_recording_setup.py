"""Records tests/recordings/approved-order.scenario.yaml from the real handlers (run with
`--fakecloud-record-mode=all -k test_record_the_approved_order`); skipped otherwise."""
import pytest

from app.samples import LARGE_ORDER


@pytest.mark.skipif("config.getoption('fakecloud_record_mode') in (None, 'none')",
                    reason="records only with --fakecloud-record-mode=all (the recording is checked in)")
def test_record_the_approved_order(shop, flow_runner, fake_viapi):
    fake_viapi.script("goodstech", "ClassifyCommodity").returns({"Data": {"Categories": [{"CategoryName": "cup"}]}})
    run = flow_runner.run("../flows/order.yaml", LARGE_ORDER, recording="recordings/approved-order.scenario.yaml")
    run.report_succeeded("askApproval", {"approved": True})
    assert run.status == "Succeeded"
