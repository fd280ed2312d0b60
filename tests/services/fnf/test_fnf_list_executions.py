"""ListExecutions: name order and paging by NextToken, filters by status, start time and name prefix, limits and
errors."""
from __future__ import annotations

import pytest

from fnf_support import PASS, T0, WAIT, World, raises

def _names(page):
    return [e["Name"] for e in page["Executions"]]


def test_list_executions_in_name_order_with_paging(world: World):
    world.create("f")
    for name in ["c", "a", "e", "b", "d"]:
        world.start("f", name)
    first = world.fnf.list_executions(FlowName="f", Limit=2)
    assert _names(first) == ["a", "b"] and first["NextToken"] == "c"
    assert first["Executions"][0] == {"Name": "a", "FlowName": "f", "FlowDefinition": PASS, "Input": "{}",
                                      "Output": "{}", "Status": "Succeeded", "StartedTime": T0, "StoppedTime": T0}
    second = world.fnf.list_executions(FlowName="f", Limit="2", NextToken="c")
    assert _names(second) == ["c", "d"] and second["NextToken"] == "e"
    last = world.fnf.list_executions(FlowName="f", Limit=2, NextToken="e")
    assert _names(last) == ["e"] and "NextToken" not in last


def test_list_executions_default_limit_is_60(world: World):
    world.create("f")
    for i in range(61):
        world.start("f", f"e{i:02d}")
    page = world.fnf.list_executions(FlowName="f")
    assert len(page["Executions"]) == 60 and page["NextToken"] == "e60"


def test_list_executions_only_of_the_flow(world: World):
    world.create("f")
    world.create("g")
    world.start("f", "x")
    world.start("g", "y")
    assert _names(world.fnf.list_executions(FlowName="g")) == ["y"]


def test_list_executions_filters(world: World):
    world.create("f", WAIT)
    world.create("p")
    world.start("f", "run_a")
    world.engine.advance(2)
    world.start("f", "run_b")
    world.fnf.stop_execution(FlowName="f", ExecutionName="run_b")
    world.engine.advance(2)
    world.start("f", "other")
    world.run()                      # run_a and other succeed
    assert _names(world.fnf.list_executions(FlowName="f", Status="Succeeded")) == ["other", "run_a"]
    assert _names(world.fnf.list_executions(FlowName="f", Status="Stopped")) == ["run_b"]
    assert _names(world.fnf.list_executions(FlowName="f", Status="Running")) == []
    assert _names(world.fnf.list_executions(FlowName="f", ExecutionNamePrefix="run_")) == ["run_a", "run_b"]
    assert _names(world.fnf.list_executions(FlowName="f", StartedTimeBegin="2024-01-01T00:00:02Z")) == \
        ["other", "run_b"]
    assert _names(world.fnf.list_executions(FlowName="f", StartedTimeEnd="2024-01-01T00:00:02.000Z")) == \
        ["run_a", "run_b"]
    assert _names(world.fnf.list_executions(FlowName="f", StartedTimeBegin="2024-01-01T08:00:01+08:00",
                                            StartedTimeEnd="2024-01-01T00:00:03Z")) == ["run_b"]
    assert _names(world.fnf.list_executions(FlowName="f", Status="Succeeded", ExecutionNamePrefix="run",
                                            StartedTimeEnd="2024-01-01T00:00:00Z")) == ["run_a"]


def test_list_executions_paging_applies_after_filters(world: World):
    world.create("f")
    for name in ["a1", "b1", "a2", "b2", "a3"]:
        world.start("f", name)
    page = world.fnf.list_executions(FlowName="f", ExecutionNamePrefix="a", Limit=2)
    assert _names(page) == ["a1", "a2"] and page["NextToken"] == "a3"


@pytest.mark.parametrize("params, message", [
    ({"Limit": 0}, "Parameter Limit must be between 1 and 100; it is 0."),
    ({"Limit": 101}, "Parameter Limit must be between 1 and 100; it is 101."),
    ({"Status": "Done"}, "Parameter Status must be one of Starting, Running, Stopped, Succeeded, Failed, TimedOut; "
                         "it is 'Done'."),
    ({"StartedTimeBegin": "yesterday"}, "Parameter StartedTimeBegin must be an RFC 3339 time such as "
                                        "2019-01-01T01:01:01.001Z; it is 'yesterday'."),
    ({"StartedTimeEnd": "2024-13-01T00:00:00Z"}, "Parameter StartedTimeEnd is not a valid time: "
                                                 "'2024-13-01T00:00:00Z'."),
    ({"ExecutionNamePrefix": "x" * 129}, "Parameter ExecutionNamePrefix must be 0 to 128 characters long; it has 129."),
])
def test_list_executions_parameter_checks(world: World, params, message):
    world.create("f")
    raises("InvalidArgument", message, 400, world.fnf.list_executions, FlowName="f", **params)


def test_list_executions_limit_bounds_accepted(world: World):
    world.create("f")
    world.start("f", "a")
    assert _names(world.fnf.list_executions(FlowName="f", Limit=1)) == ["a"]
    assert _names(world.fnf.list_executions(FlowName="f", Limit="100")) == ["a"]


def test_list_executions_errors(world: World):
    raises("MissingRequiredParams", "The required parameter FlowName is missing.", 400, world.fnf.list_executions)
    raises("FlowNotExists", "Flow f does not exist.", 404, world.fnf.list_executions, FlowName="f")
