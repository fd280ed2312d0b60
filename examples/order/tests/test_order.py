"""The order flow with its real handlers in the fake world: the vision check mocked, the approval delivered as a
callback through the MNS queue, the shipping subflow waiting a day in virtual time."""
import json

from fakecloud.testing import (Return, Throw, assert_caught, assert_failed, assert_invoked, assert_message_sent,
                               assert_output, assert_path, assert_retried)

from app.samples import LARGE_ORDER, ORDER

PHOTO = {"Data": {"Categories": [{"CategoryName": "cup"}]}}


def test_a_small_order_is_approved_automatically(shop, flow_runner):
    order = dict(ORDER, items=[{"sku": "cup"}], express=True)
    run = flow_runner.run("../flows/order.yaml", order, mocks={"checkPhoto": Return(PHOTO)})
    assert_path(run, ["validateOrder", "checkPhoto", "needsApproval", "autoApprove", "reserveItems", "ship"])
    assert_output(run, contains={"total": 120, "approvedBy": "auto", "service": "express"})
    assert_invoked(run, "orders/reserve", contains={"item": {"sku": "cup"}}, times=1)


def test_a_large_order_waits_for_an_approval_from_the_queue(shop, flow_runner, fake_cloud, fake_clock):
    fake_clock.freeze()
    order = dict(ORDER, items=[{"sku": "pan"}, {"sku": "pan"}])
    run = flow_runner.run("../flows/order.yaml", order, mocks={"checkPhoto": Return(PHOTO)})
    assert run.status == "Running"
    assert_message_sent(run, "approvals", contains={"orderId": "A-1001", "total": 1800})
    # The approver reads the queue two hours later and reports with the token in the message.
    fake_clock.advance(7200)
    message = fake_cloud.receive_message("approvals")
    run.report_succeeded(json.loads(message.body)["token"], {"approved": True})
    assert run.status == "Succeeded"
    assert run.step("validateOrder").local["checkedAt"] == "2024-01-01T00:00:00Z"   # the handler read virtual time
    assert run.step("child:ship/handOver").output["shipment"]["service"] == "standard"


def test_a_busy_vision_service_is_retried(shop, flow_runner):
    busy = Throw("goodstech.InternalError.Busy", "try later")
    run = flow_runner.run("../flows/order.yaml", dict(ORDER, express=True),
                          mocks={"checkPhoto": [busy, busy, Return(PHOTO)]})
    assert_retried(run, "checkPhoto", times=2, delays=[10, 20])


def test_an_approval_that_never_comes_rejects_the_order(shop, flow_runner):
    order = dict(ORDER, items=[{"sku": "pan"}, {"sku": "pan"}])
    run = flow_runner.run("../flows/order.yaml", order, mocks={"checkPhoto": Return(PHOTO)})
    run.advance(86400)
    assert_caught(run, "askApproval", "FnF.TaskTimeout", goto="rejectOrder")
    assert_failed(run, "OrderRejected")


def test_an_invalid_order_is_rejected(shop, flow_runner):
    run = flow_runner.run("../flows/order.yaml", dict(ORDER, items=[]))
    assert_caught(run, "validateOrder", "InvalidOrder", goto="rejectOrder")
    assert_failed(run, "OrderRejected", "the order failed validation or was not approved")


def test_recorded_run_replays_without_the_handlers(flow_runner):
    run = flow_runner.run("../flows/order.yaml", LARGE_ORDER, recording="recordings/approved-order.scenario.yaml")
    run.report_succeeded("askApproval", {"approved": True})
    assert_output(run, contains={"total": 1350, "reservations": ["r-pot", "r-pan"], "service": "standard"})
