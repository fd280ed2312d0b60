"""GetExecutionHistory: events in the service's shape, paging by NextToken, limits and errors."""
from __future__ import annotations

import pytest

from fnf_support import PASS, T0, WAIT, World, raises

PASS_EVENTS = [
    {"EventId": 1, "ScheduleEventId": 0, "StepName": "", "Type": "ExecutionStarted", "Time": T0,
     "EventDetail": '{"input":{"a":1}}'},
    {"EventId": 2, "ScheduleEventId": 1, "StepName": "p", "Type": "StepEntered", "Time": T0,
     "EventDetail": '{"input":{"a":1},"local":{}}'},
    {"EventId": 3, "ScheduleEventId": 2, "StepName": "p", "Type": "StepStarted", "Time": T0,
     "EventDetail": '{"input":{"a":1}}'},
    {"EventId": 4, "ScheduleEventId": 3, "StepName": "p", "Type": "StepSucceeded", "Time": T0,
     "EventDetail": '{"output":{}}'},
    {"EventId": 5, "ScheduleEventId": 4, "StepName": "p", "Type": "StepExited", "Time": T0,
     "EventDetail": '{"local":{}}'},
    {"EventId": 6, "ScheduleEventId": 5, "StepName": "", "Type": "ExecutionSucceeded", "Time": T0,
     "EventDetail": '{"output":{}}'},
]




@pytest.fixture
def done(world: World) -> World:
    world.create("f")
    world.start("f", "e1", {"a": 1})
    world.run()
    return world


def test_history_of_a_finished_execution(done: World):
    assert done.fnf.get_execution_history(FlowName="f", ExecutionName="e1") == {"Events": PASS_EVENTS,
                                                                               "RequestId": "REQ-3"}


def test_history_pages(done: World):
    history = done.fnf.get_execution_history
    first = history(FlowName="f", ExecutionName="e1", Limit=4)
    assert first == {"Events": PASS_EVENTS[:4], "NextToken": "5", "RequestId": "REQ-3"}
    second = history(FlowName="f", ExecutionName="e1", Limit="4", NextToken=first["NextToken"])
    assert second == {"Events": PASS_EVENTS[4:], "RequestId": "REQ-4"}
    assert history(FlowName="f", ExecutionName="e1", Limit=1, NextToken="6") == {"Events": PASS_EVENTS[5:],
                                                                                 "RequestId": "REQ-5"}
    assert history(FlowName="f", ExecutionName="e1", NextToken="7")["Events"] == []


def test_history_default_limit_is_60(world: World):
    world.create("f", "version: v1\ntype: flow\nsteps:\n" + "".join(
        f"  - type: pass\n    name: p{i}\n" for i in range(15)))
    world.start("f", "e1")
    world.run()
    page = world.fnf.get_execution_history(FlowName="f", ExecutionName="e1")
    assert len(page["Events"]) == 60 and page["NextToken"] == "61"
    rest = world.fnf.get_execution_history(FlowName="f", ExecutionName="e1", NextToken="61", Limit=1000)
    assert [e["EventId"] for e in rest["Events"]] == [61, 62] and "NextToken" not in rest


def test_history_of_a_running_execution_grows(world: World):
    world.create("f", WAIT)
    world.start("f", "e1")
    page = world.fnf.get_execution_history(FlowName="f", ExecutionName="e1")
    assert [e["Type"] for e in page["Events"]] == ["ExecutionStarted", "StepEntered", "StepStarted"]
    world.run()
    page = world.fnf.get_execution_history(FlowName="f", ExecutionName="e1", NextToken="4")
    assert [(e["Type"], e["Time"]) for e in page["Events"]] == [
        ("StepSucceeded", "2024-01-01T00:00:10.000Z"), ("StepExited", "2024-01-01T00:00:10.000Z"),
        ("ExecutionSucceeded", "2024-01-01T00:00:10.000Z")]


@pytest.mark.parametrize("params, message", [
    ({"Limit": 0}, "Parameter Limit must be between 1 and 1000; it is 0."),
    ({"Limit": "1001"}, "Parameter Limit must be between 1 and 1000; it is 1001."),
    ({"NextToken": "abc"}, "Parameter NextToken 'abc' is not a token this API returned."),
    ({"NextToken": "0"}, "Parameter NextToken '0' is not a token this API returned."),
    ({"NextToken": "-2"}, "Parameter NextToken '-2' is not a token this API returned."),
    ({"NextToken": 5}, "Parameter NextToken must be a string, not int."),
])
def test_history_parameter_checks(done: World, params, message):
    raises("InvalidArgument", message, 400, done.fnf.get_execution_history, FlowName="f", ExecutionName="e1",
           **params)


def test_history_limit_bounds_accepted(done: World):
    assert len(done.fnf.get_execution_history(FlowName="f", ExecutionName="e1", Limit=1)["Events"]) == 1
    assert len(done.fnf.get_execution_history(FlowName="f", ExecutionName="e1", Limit=1000)["Events"]) == 6


def test_history_errors(world: World):
    raises("MissingRequiredParams", "The required parameter FlowName is missing.", 400,
           world.fnf.get_execution_history, ExecutionName="e1")
    raises("MissingRequiredParams", "The required parameter ExecutionName is missing.", 400,
           world.fnf.get_execution_history, FlowName="f")
    raises("FlowNotExists", "Flow f does not exist.", 404, world.fnf.get_execution_history, FlowName="f",
           ExecutionName="e1")
    world.create("f", PASS)
    raises("ExecutionNotExists", "Execution e1 for flow f does not exist.", 404, world.fnf.get_execution_history,
           FlowName="f", ExecutionName="e1")
