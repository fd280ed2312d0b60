"""EventBridge:PutEvents from state machines: one event from Parameters (`id`, `source`, `type`, `eventBusName`,
`subject` defaulting to the flow's ARN, `data`), the result and history, `EventBridge.<Code>` errors with Catch,
WaitForCustomCallback with the token carried in `data`, and the testing layer's unmocked modes."""
from fakecloud.cloud import FakeCloud
from fakecloud.testing.router import MockRouter
from state_machine_support import one_task, rows, run, then_done

FLOW_ARN = "acs:fnf:cn-hangzhou:1234567890123456:flow/m"


def machine(parameters: str, mode: str = "RequestComplete", extra: str = "") -> str:
    return one_task("Announce", "EventBridge:PutEvents", parameters, mode, extra)


ORDER_EVENT = ("      eventBusName: orders\n      source: shop.orders\n      type: order.created\n"
               "      data:\n        id.$: $Input.id\n        total: 12.5\n")


def test_one_event_with_the_flow_arn_as_subject_and_its_history():
    cloud = FakeCloud()
    cloud.events.create_bus("orders")
    cloud.advance(5)
    execution = run(cloud, machine(ORDER_EVENT), {"id": 7})
    (event,) = cloud.events.events("orders")
    assert (event.bus, event.source, event.type, event.subject, event.data, event.time) == (
        "orders", "shop.orders", "order.created", FLOW_ARN, {"id": 7, "total": 12.5}, 1704067205.0)
    result = {"RequestId": execution.output["RequestId"], "FailedEntryCount": 0, "EntryList": [{"EventId": event.id}]}
    assert (execution.status, execution.output) == ("Succeeded", result)
    assert len(event.id) == 36 and len(result["RequestId"]) == 36 and event.id != result["RequestId"]
    assert rows(execution) == [
        ("ExecutionStarted", "", {"input": {"id": 7}}),
        ("StateEntered", "Announce", {"input": {"id": 7}}),
        ("StateStarted", "Announce", {"input": {"id": 7}}),
        ("TaskSucceeded", "Announce", {"output": result}),
        ("StateSucceeded", "Announce", {"output": result}),
        ("ExecutionSucceeded", "", {"output": result})]
    again = FakeCloud()
    again.events.create_bus("orders")
    again.advance(5)
    assert [e.to_dict() for e in run(again, machine(ORDER_EVENT), {"id": 7}).history] == \
        [e.to_dict() for e in execution.history]


def test_given_id_and_subject_are_kept_and_the_default_bus_takes_events():
    cloud = FakeCloud()
    params = ("      eventBusName: default\n      id.$: $Input.key\n      source: shop\n      type: ping\n"
              "      subject: orders/7\n")
    execution = run(cloud, machine(params), {"key": "evt-7"})
    (event,) = cloud.events.events()
    assert (event.id, event.subject, event.data) == ("evt-7", "orders/7", None)
    assert execution.output["EntryList"] == [{"EventId": "evt-7"}]


def test_a_missing_bus_is_eventbridge_event_bus_not_exist_and_caught():
    cloud = FakeCloud()
    catch = ("    Catch:\n      - Errors: [EventBridge.EventBusNotExist]\n        Description: no bus\n"
             "        OutputConstructor:\n          code.$: $Context.Current.Error.Code\n"
             "          detail.$: $Context.Current.Error.Detail\n        Next: Done\n")
    text = then_done(machine(ORDER_EVENT, extra=catch))
    execution = run(cloud, text, {"id": 7})
    assert (execution.status, execution.output) == (
        "Succeeded", {"code": "EventBridge.EventBusNotExist", "detail": "The event bus [orders] not existed!"})
    assert rows(execution)[3] == ("TaskFailed", "Announce", {"error": "EventBridge.EventBusNotExist",
                                                             "cause": "The event bus [orders] not existed!"})


def test_bad_dynamic_fields_fail_with_the_service_codes():
    cloud = FakeCloud()
    params = "      eventBusName.$: $Input.bus\n      source.$: $Input.source\n      type: t\n"
    bad_bus = run(cloud, machine(params), {"bus": 3, "source": "s"})
    assert (bad_bus.error, bad_bus.cause) == ("EventBridge.EventBusNameInvalid",
                                              "Parameters.eventBusName must be the name of an event bus, not 3")
    bad_source = run(cloud, machine(params), {"bus": "default", "source": ""})
    assert (bad_source.error, bad_source.cause) == ("EventBridge.EventsInvalid",
                                                    "event 0 needs a non-empty string 'source'")


def test_custom_callback_puts_the_token_in_data_and_waits_for_the_report():
    cloud = FakeCloud()
    params = ("      eventBusName: default\n      source: shop\n      type: review.requested\n"
              "      data:\n        token.$: $Context.Current.TaskToken\n")
    cloud.add_flow("m", machine(params, "WaitForCustomCallback"))
    execution = cloud.start("m", {})
    cloud.run_until_idle()
    assert execution.status == "Running"
    (event,) = cloud.events.events()
    cloud.advance(60)
    cloud.report_task_succeeded(event.data["token"], '{"approved": true}')
    assert (execution.status, execution.output) == ("Succeeded", {"approved": True})
    assert [(t, s) for t, s, _ in rows(execution)][3:] == [
        ("TaskSucceeded", "Announce"), ("StateSucceeded", "Announce"), ("ExecutionSucceeded", "")]
    assert execution.history[3].time == "2024-01-01T00:01:00.000Z"


def test_the_sink_is_always_set_up_for_unmocked_error():
    cloud = FakeCloud()
    router = MockRouter(cloud, unmocked="error").install()
    cloud.events.create_bus("orders")
    execution = run(cloud, machine(ORDER_EVENT), {"id": 7})
    assert execution.status == "Succeeded" and [c.answered_by for c in router.calls] == ["world"]
    assert len(cloud.events.events("orders")) == 1
    missing = run(cloud, machine(ORDER_EVENT.replace("orders", "audit")), {"id": 7})
    assert missing.error == "EventBridge.EventBusNotExist"
    assert router.calls[-1].missing == "event bus 'audit' does not exist; buses: default, orders"
