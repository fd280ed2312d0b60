"""What the order flow looks like when it runs, and what it does with every fault it meets: a run report and a
fault sweep, written to reports/ (`make demo` opens nothing; the files open offline in any browser)."""
import json

from conftest import deploy
from fakecloud.testing import Return, Throw

from app.samples import LARGE_ORDER

PHOTO = {"Data": {"Categories": [{"CategoryName": "pot"}]}}


def test_the_run_report_of_an_order_approved_two_hours_later(shop, flow_runner, fake_cloud, request):
    busy = Throw("goodstech.InternalError.Busy", "try later")
    run = flow_runner.run("../flows/order.yaml", LARGE_ORDER, mocks={"checkPhoto": [busy, Return(PHOTO)]})
    run.advance(7200)
    message = fake_cloud.receive_message("approvals")
    run.report_succeeded(json.loads(message.body)["token"], {"approved": True})
    assert run.status == "Succeeded"
    page = run.report(request.config.rootpath / "reports" / "approved-order.html")
    assert "run of order" in open(page, encoding="utf-8").read()


def test_a_sweep_shows_which_faults_the_order_flow_handles(flow_runner, request):
    sweep = flow_runner.sweep("../flows/order.yaml", LARGE_ORDER, mocks={"checkPhoto": Return(PHOTO)},
                              callbacks=[{"step": "askApproval", "after": 3600, "output": {"approved": True}}],
                              setup=deploy)
    handled = {(o.fault.path, o.fault.error, o.fault.when): o.handled_by for o in sweep.outcomes if o.handled}
    assert handled[("validateOrder", "InvalidOrder", "first")] == "catch at validateOrder -> rejectOrder"
    assert handled[("askApproval", "FnF.TaskTimeout", "first")] == "catch at askApproval -> rejectOrder"
    assert handled[("validateOrder", "FC.ResourceThrottled", "first")] == "retry"
    assert len(sweep.outcomes) == 26 and len(sweep.unhandled()) == 18
    sweep.report(request.config.rootpath / "reports" / "sweep.html")
