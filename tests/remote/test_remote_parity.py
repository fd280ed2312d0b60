"""Task steps answered over the wire by a live endpoint (here a fakecloud server that checks signatures) behave
exactly as when the in-process fakes answer them: same status, error, cause, output and history."""
import json

import pytest
from remote_support import both, run_remote

from fakecloud.services.script import Throw

FC = """
version: v1
type: flow
steps:
  - type: task
    name: price
    resourceArn: acs:fc:::services/shop/functions/price
    serviceParams: {params}
    pattern: {pattern}
"""


def fc_flow(pattern="requestResponse", params="{}"):
    return FC.format(pattern=pattern, params=params)


def price(event, context):
    order = json.loads(event)
    if order.get("qty", 0) < 0:
        raise ValueError("qty must not be negative")
    return json.dumps({"total": order["qty"] * 3})


def with_price(cloud):
    cloud.fc.register("shop/price", price)


@pytest.mark.parametrize("input", [{"qty": 2}, {"qty": -1}], ids=["result", "function-error"])
def test_a_synchronous_invocation(server, input):
    local, remote = both(server, fc_flow(), with_price, input)
    assert remote == local
    assert remote["output"] == ({"total": 6} if input["qty"] > 0 else None)
    if input["qty"] < 0:
        assert (remote["error"], json.loads(remote["cause"])["errorMessage"]) == (
            "ValueError", "qty must not be negative")


@pytest.mark.parametrize("setup,error", [
    (lambda cloud: None, "FC.ServiceNotFound"),
    (lambda cloud: cloud.fc.create_service("shop"), "FC.FunctionNotFound"),
    (lambda cloud: cloud.fc.register("shop/price", lambda e: "[1, 2]"), "FnF.InvalidLocal"),
    (lambda cloud: cloud.fc.script("shop/price").throws("FC.ResourceExhausted", "no capacity").returns({}),
     "FC.ResourceExhausted"),
])
def test_system_errors_and_invalid_results(server, setup, error):
    local, remote = both(server, fc_flow(), setup, {"qty": 1})
    assert remote == local
    assert remote["error"] == error


def test_async_request_response_leaves_at_once_and_the_function_runs_on_the_endpoint(server):
    local, remote = both(server, fc_flow(params="{InvocationType: Async}"), with_price, {"qty": 2})
    assert remote == local
    with server.world():
        assert [(i.function, i.invocation_type, i.payload) for i in server.cloud.fc.invocations] == [
            ("price", "Async", b'{"qty":2}')]


def test_async_with_the_sync_pattern_waits_for_the_run(server):
    local, remote = both(server, fc_flow("sync", "{InvocationType: Async}"), with_price, {"qty": 4})
    assert remote == local
    assert remote["output"] == {"total": 12}


def test_a_failed_async_run_is_fc_unknown_over_the_wire(server):
    """GetStatefulAsyncInvocation does not carry the function's error body (docs/semantics.md)."""
    run = run_remote(server, fc_flow("sync", "{InvocationType: Async}"), with_price, {"qty": -1})
    assert (run.status, run.error) == ("Failed", "FC.Unknown")
    assert run.cause.startswith("asynchronous invocation fnf-") and run.cause.endswith(
        " ended Failed with UnhandledInvocationError")


def test_wait_for_callback_with_a_function_error_is_submitted_then_failed(server):
    local, remote = both(server, fc_flow("waitForCallback"), with_price, {"qty": -1})
    assert remote == local
    types = [t for t, _, _ in remote["events"]]
    assert types[types.index("TaskSubmitted"):types.index("TaskSubmitted") + 2] == ["TaskSubmitted", "TaskFailed"]


QUEUE = """
version: v1
type: flow
steps:
  - type: task
    name: send
    resourceArn: acs:mns:::/queues/orders/messages
    serviceParams:
      MessageBody: $
      DelaySeconds: $.delay
      Priority: 3
"""
TOPIC = """
version: v1
type: flow
steps:
  - type: task
    name: publish
    resourceArn: acs:mns:::/topics/news/messages
    serviceParams:
      MessageBody: {"hello": "wörld"}
      MessageTag: vip
      MessageAttributes:
        DirectMail: {AccountName: shop@example.com, Subject: Hi, AddressType: 0, IsHTML: false}
"""


@pytest.mark.parametrize("delay,queue", [(0, True), (5, True), (700000, True), (0, False)],
                         ids=["sent", "delayed", "delay-out-of-range", "no-queue"])
def test_send_message(server, delay, queue):
    def setup(cloud):
        if queue:
            cloud.mns.create_queue("orders")
    local, remote = both(server, QUEUE, setup, {"delay": delay, "note": "<&>"})
    assert remote == local
    if queue and delay == 0:
        with server.world():
            message = server.cloud.mns.peek_message("orders")
        assert (message.body, message.priority) == ('{"delay":0,"note":"\\u003c\\u0026\\u003e"}', 3)


@pytest.mark.parametrize("topic", [True, False], ids=["published", "no-topic"])
def test_publish_message_with_a_tag_and_mail_attributes(server, topic):
    def setup(cloud):
        if topic:
            cloud.mns.create_topic("news")
            cloud.mns.subscribe("news", "mail", "mail:directmail:ann@example.com", filter_tag="vip")
    local, remote = both(server, TOPIC, setup)
    assert remote == local
    if topic:
        with server.world():
            mails = server.cloud.mns.outbox.mails
            assert [(m.to_address, m.subject, m.body) for m in mails] == [("ann@example.com", "Hi", '{"hello":"wörld"}')]


VISION = """
version: v1
type: flow
steps:
  - type: task
    name: look
    action: goodstech:ClassifyCommodity
    serviceParams:
      ImageURL: $.url
    retry:
      - errors: [goodstech.InternalError.Busy]
        intervalSeconds: 10
        maxAttempts: 2
"""


def test_a_vision_call_retried_after_a_scripted_error(server):
    def setup(cloud):
        cloud.viapi.script("goodstech", "ClassifyCommodity").throws(
            "goodstech.InternalError.Busy", "busy", attempt="0").returns({"Data": {"Categories": []}})
    local, remote = both(server, VISION, setup, {"url": "http://example.com/a.jpg"})
    assert remote == local
    assert remote["output"] == {"Data": {"Categories": []}, "RequestId": "<RequestId-1>"}
    assert [t for t, _, _ in remote["events"]].count("TaskFailed") == 1


def test_a_missing_required_parameter_at_run_time(server):
    local, remote = both(server, VISION, lambda cloud: None, {"url": ""})
    assert remote == local
    assert (remote["error"], remote["cause"]) == ("goodstech.MissingImageURL",
                                                  "ImageURL is mandatory for this action.")


RECOLOR = """
version: v1
type: flow
steps:
  - type: task
    name: recolor
    action: imageenhan:RecolorImage
    serviceParams:
      Url: http://example.com/a.jpg
      Mode: TEMPLATE
      ColorCount: 2
      ColorTemplate: [{Color: FF0000}, {Color: 00FF00}]
"""


def test_list_parameters_reach_the_service_as_the_same_values(server):
    from fakecloud.cloud import FakeCloud
    from fakecloud.testing.runner import FlowRunner
    local_cloud = FakeCloud()
    FlowRunner(local_cloud, unmocked="default").run(RECOLOR)
    run = run_remote(server, RECOLOR, lambda cloud: None)
    assert run.status == "Succeeded"
    with server.world():
        sent = server.cloud.viapi.calls[-1].params
    assert sent == {"Url": "http://example.com/a.jpg", "Mode": "TEMPLATE", "ColorCount": "2",
                    "ColorTemplate": [{"Color": "FF0000"}, {"Color": "00FF00"}]}
    assert local_cloud.viapi.calls[-1].params["ColorTemplate"] == sent["ColorTemplate"]


def test_a_subflow_runs_locally_and_its_tasks_go_to_the_endpoint(server):
    parent = """
version: v1
type: flow
steps:
  - type: task
    name: child
    resourceArn: acs:fnf:::flow/pricing
    pattern: sync
    serviceParams:
      Input: $
"""
    flows = {"pricing": fc_flow()}
    local, remote = both(server, parent, with_price, {"qty": 5}, flows=flows)
    assert remote == local
    assert remote["status"] == "Succeeded"
