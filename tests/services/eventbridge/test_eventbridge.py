"""The EventBridge sink: PutEvents recorded per bus and readable from Python, from a flow's
`action: eventbridge:PutEvents` task and directly; its errors as a flow sees them; scenario set-up; reset."""
import pytest

from fakecloud.cloud import FakeCloud
from fakecloud.fdl import check_text
from fakecloud.services.eventbridge import EventBridgeError
from fakecloud.testing.runner import FlowRunner
from fakecloud.testing.scenario import Scenario

FLOW = """version: v1
type: flow
steps:
  - type: task
    name: announce
    action: eventbridge:PutEvents
    inputMappings:
      - {target: order, source: $input.order}
    serviceParams:
      EventBusName: orders
      Events:
        - source: shop.orders
          type: order.created
          subject: acs:fnf:::flow/shop
          data: $.order
"""


def test_a_flow_puts_events_on_a_bus_readable_from_python():
    cloud = FakeCloud()
    cloud.events.create_bus("orders")
    cloud.add_flow("shop", FLOW)
    cloud.advance(5)
    execution = cloud.run("shop", {"order": {"id": 7}})
    assert execution.status == "Succeeded"
    (event,) = cloud.events.events("orders")
    assert (event.bus, event.source, event.type, event.subject, event.data, event.time) == (
        "orders", "shop.orders", "order.created", "acs:fnf:::flow/shop", {"id": 7}, 1704067205.0)
    assert execution.output == {"RequestId": execution.output["RequestId"], "FailedEntryCount": 0,
                                "EntryList": [{"EventId": event.id}]}
    assert cloud.events.events() == []              # the default bus got nothing


def test_a_missing_bus_fails_the_task_with_the_service_code():
    cloud = FakeCloud()
    cloud.add_flow("shop", FLOW)
    execution = cloud.run("shop", {"order": {"id": 7}})
    assert (execution.status, execution.error, execution.cause) == (
        "Failed", "eventbridge.EventBusNotExist", "The event bus [orders] not existed!")


def test_put_events_directly_and_its_checks():
    cloud = FakeCloud()
    entries = cloud.events.put_events("default", [{"id": "e-1", "source": "s", "type": "t", "data": [1]}])
    assert entries == [{"EventId": "e-1"}]
    assert [e.as_dict() for e in cloud.events.events("default")] == [
        {"id": "e-1", "source": "s", "type": "t", "subject": None, "data": [1]}]
    with pytest.raises(EventBridgeError, match="event 0 needs a non-empty string 'type'"):
        cloud.events.put_events("default", [{"source": "s"}])
    with pytest.raises(EventBridgeError, match="at most 16 events per PutEvents, got 17"):
        cloud.events.put_events("default", [{"source": "s", "type": "t"}] * 17)
    with pytest.raises(EventBridgeError) as exists:
        cloud.events.create_bus("default")
    assert (exists.value.code, exists.value.status) == ("EventBusAlreadyExist", 409)


def test_the_action_is_checked_at_definition_time_against_the_worlds_services():
    cloud = FakeCloud()
    missing = FLOW.replace("      Events:\n", "      Evnts:\n")
    report = check_text(missing, "shop.yaml", actions=cloud.engine.actions)
    assert [d.message for d in report.errors] == [
        "eventbridge:PutEvents requires serviceParams.Events (found 'Evnts': parameter names are case-sensitive)"]
    typo = FLOW.replace("PutEvents", "PutEvent")
    report = check_text(typo, "shop.yaml", actions=cloud.engine.actions)
    assert [d.message for d in report.errors] == [
        "unknown eventbridge API 'PutEvent' (did you mean 'PutEvents'?); the eventbridge integration offers "
        "eventbridge:PutEvents"]


def test_mocks_answer_it_and_unset_up_calls_go_to_the_sink():
    cloud = FakeCloud()
    runner = FlowRunner(cloud)
    run = runner.run(FLOW, {"order": {"id": 1}}, mocks={"announce": {"throw": {"error": "eventbridge.Throttled"}}})
    assert (run.status, run.error) == ("Failed", "eventbridge.Throttled")
    assert cloud.events.events("default") == [] and [c.kind for c in run.calls] == ["eventbridge"]


def test_scenario_set_up_and_reset(tmp_path):
    cloud = FakeCloud()
    scenario = Scenario({"definition": FLOW, "input": {"order": {"id": 2}},
                         "services": {"eventbridge": {"buses": ["orders"]}}, "expect": {"status": "Succeeded"}})
    run = scenario.run(FlowRunner(cloud))
    scenario.check(run)
    assert [e.data for e in cloud.events.events("orders")] == [{"id": 2}]
    events = cloud.events
    cloud.reset()
    assert cloud.events is events and events.buses() == ["default"]


def test_its_errors_are_service_errors():
    from fakecloud.services.errors import ServiceError
    error = EventBridgeError("EventBusNotExist", "The event bus [x] not existed!")
    assert isinstance(error, ServiceError) and (error.status, error.flow_error) == (404, "eventbridge.EventBusNotExist")
    assert error.body() == {"Code": "EventBusNotExist", "Message": "The event bus [x] not existed!", "RequestId": ""}
