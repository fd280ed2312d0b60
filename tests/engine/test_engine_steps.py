"""Every step type: pass, wait, choice, succeed (Q1 scopes), fail, end, goto loops, parallel, foreach."""
import pytest
from engine_support import details, steps_of, types

from fakecloud.engine import FAILED, SUCCEEDED, Engine, Limits
from fakecloud.fdl import FlowDefinitionError, parse_flow


# -- wait -------------------------------------------------------------------------------------------

def test_wait_duration_takes_virtual_time_only(h):
    ex = h.run("""
        - {type: wait, name: w, duration: 172800}
        - {type: pass, name: p}
    """)
    assert ex.status == SUCCEEDED
    times = [(e.type, e.time) for e in ex.history if e.step_name == "w"]
    assert times == [("StepEntered", "2024-01-01T00:00:00.000Z"), ("StepStarted", "2024-01-01T00:00:00.000Z"),
                     ("StepSucceeded", "2024-01-03T00:00:00.000Z"), ("StepExited", "2024-01-03T00:00:00.000Z")]
    assert ex.stopped_time == "2024-01-03T00:00:00.000Z"


def test_wait_duration_from_a_path_and_timestamps(h):
    ex = h.run("""
        - {type: wait, name: d, duration: $.secs}
        - {type: wait, name: t, timestamp: $.at}
        - {type: wait, name: past, timestamp: "2020-01-01T00:00:00Z"}
    """, {"secs": 1.5, "at": "2024-01-01T01:00:00Z"})
    assert ex.status == SUCCEEDED
    assert [e.time for e in ex.history if e.type == "StepSucceeded"] == [
        "2024-01-01T00:00:01.500Z", "2024-01-01T01:00:00.000Z", "2024-01-01T01:00:00.000Z"]


@pytest.mark.parametrize("value,error", [(172801, "FnF.WaitLimitExceeded"), (-1, "FnF.RuntimeError"),
                                         ("soon", "FnF.RuntimeError")])
def test_wait_runtime_values_are_checked(h, value, error):
    ex = h.run("- {type: wait, name: w, duration: $.secs}", {"secs": value})
    assert (ex.status, ex.error) == (FAILED, error)


def test_wait_timestamp_more_than_two_days_away_fails(h):
    ex = h.run("- {type: wait, name: w, timestamp: $.at}", {"at": "2024-01-04T00:00:00Z"})
    assert (ex.status, ex.error) == (FAILED, "FnF.WaitLimitExceeded")


# -- choice ------------------------------------------------------------------------------------------

CHOICE = """
- type: choice
  name: route
  choices:
    - condition: $.score >= 90
      steps:
        - {type: pass, name: gold, outputMappings: [{target: tier, source: gold}]}
      goto: notify
    - condition: $.score < 0
      goto: reject
  default:
    steps:
      - {type: pass, name: std, outputMappings: [{target: tier, source: standard}]}
- {type: pass, name: middle, outputMappings: [{target: middle, source: true}]}
- {type: pass, name: notify, outputMappings: [{target: notified, source: true}], end: true}
- {type: fail, name: reject, error: Rejected, cause: negative score}
"""


def test_choice_first_true_option_runs_its_steps_then_goto(h):
    ex = h.run(CHOICE, {"score": 95})
    assert ex.output == {"tier": "gold", "notified": True}
    assert steps_of(ex, "StepEntered") == ["route", "gold", "notify"]
    assert details(ex, "StepSucceeded", "route") == [{"output": {"tier": "gold"}}]


def test_choice_default_runs_when_nothing_matches_then_falls_through(h):
    ex = h.run(CHOICE, {"score": 50})
    assert ex.output == {"tier": "standard", "middle": True, "notified": True}


def test_choice_goto_without_steps(h):
    ex = h.run(CHOICE, {"score": -5})
    assert (ex.status, ex.error, ex.cause) == (FAILED, "Rejected", "negative score")


def test_choice_without_default_just_completes(h):
    ex = h.run("""
        - type: choice
          name: c
          choices:
            - condition: $.missing == "x"
              goto: never
        - {type: pass, name: next}
        - {type: pass, name: never, outputMappings: [{target: bad, source: 1}]}
    """)
    assert ex.status == SUCCEEDED
    assert details(ex, "StepSucceeded", "c") == [{"output": {}}]
    assert steps_of(ex, "StepEntered") == ["c", "next", "never"]


def test_goto_backward_loop(h):
    h.functions.register("s/inc", lambda e: {"n": e["n"] + 1, "seen": e["seen"] + [e["n"]]})
    ex = h.run("""
        - {type: pass, name: init, outputMappings: [{target: n, source: 0}, {target: seen, source: []}]}
        - type: task
          name: inc
          resourceArn: acs:fc:::services/s/functions/inc
        - type: choice
          name: more
          choices:
            - condition: $.n < 3
              goto: inc
    """)
    assert ex.output == {"n": 3, "seen": [0, 1, 2]}
    assert steps_of(ex, "StepEntered") == ["init", "inc", "more", "inc", "more", "inc", "more"]


# -- succeed (Q1), fail, end -----------------------------------------------------------------------

def test_succeed_at_top_level_ends_the_flow(h):
    ex = h.run("""
        - {type: pass, name: a, outputMappings: [{target: a, source: 1}]}
        - {type: succeed, name: done, outputMappings: [{target: s, source: 2}]}
        - {type: pass, name: never}
    """)
    assert ex.status == SUCCEEDED and ex.output == {"a": 1, "s": 2}
    assert "never" not in steps_of(ex, "StepEntered")


def test_succeed_inside_a_choice_option_ends_the_sequence_holding_the_choice(h):
    ex = h.run("""
        - type: choice
          name: c
          choices:
            - condition: $.stop == true
              steps:
                - {type: succeed, name: out}
                - {type: pass, name: skipped1}
              goto: skipped2
        - {type: pass, name: skipped2}
    """, {"stop": True})
    assert ex.status == SUCCEEDED
    assert steps_of(ex, "StepEntered") == ["c", "out"]
    assert types(ex)[-3:] == ["StepSucceeded", "StepExited", "ExecutionSucceeded"]


def test_succeed_inside_a_branch_or_iteration_ends_only_that_branch(h):
    ex = h.run("""
        - type: parallel
          name: par
          branches:
            - steps:
                - {type: succeed, name: early}
                - {type: pass, name: skipped, outputMappings: [{target: v, source: 0}]}
            - steps:
                - {type: pass, name: b, outputMappings: [{target: v, source: 2}]}
          outputMappings:
            - target: vs
              source: $local[*].v
        - type: foreach
          name: fe
          iterationMapping: {collection: $.xs, item: x}
          steps:
            - type: choice
              name: c
              choices:
                - condition: $.x == 1
                  steps:
                    - {type: succeed, name: s}
            - {type: pass, name: after, outputMappings: [{target: y, source: $input.x}]}
          outputMappings:
            - target: ys
              source: $local[*].y
        - {type: pass, name: last, outputMappings: [{target: last, source: true}]}
    """, {"xs": [1, 2]})
    assert ex.output == {"vs": [2], "ys": [2], "last": True}


def test_succeed_scope_switch_sequence_ends_only_the_option():
    engine = Engine(limits=Limits(succeed_scope="sequence"))
    engine.add_flow("f", """version: v1
type: flow
steps:
  - type: choice
    name: c
    choices:
      - condition: $.stop == true
        steps:
          - {type: succeed, name: out}
  - {type: pass, name: after}
""")
    assert "after" in steps_of(engine.run("f", {"stop": True}), "StepEntered")


def test_fail_propagates_through_containers_to_the_flow(h):
    ex = h.run("""
        - type: parallel
          name: par
          branches:
            - steps:
                - type: choice
                  name: c
                  choices:
                    - condition: $.x == 1
                      steps:
                        - {type: fail, name: boom, error: Bad, cause: it broke}
    """, {"x": 1})
    assert (ex.status, ex.error, ex.cause) == (FAILED, "Bad", "it broke")
    assert [(e.step_name, e.type) for e in ex.history if e.type in ("StepFailed", "ExecutionFailed")] == [
        ("boom", "StepFailed"), ("c", "StepFailed"), ("par", "StepFailed"), ("", "ExecutionFailed")]
    assert details(ex, "ExecutionFailed") == [{"error": "Bad", "cause": "it broke"}]


def test_q5_fail_without_error_has_empty_error_and_cause(h):
    ex = h.run("- {type: fail, name: f}")
    assert (ex.status, ex.error, ex.cause) == (FAILED, "", "")


def test_end_stops_the_enclosing_sequence(h):
    ex = h.run("""
        - {type: pass, name: a, end: true}
        - {type: fail, name: never}
    """)
    assert ex.status == SUCCEEDED and steps_of(ex, "StepEntered") == ["a"]


# -- parallel ------------------------------------------------------------------------------------------

def test_parallel_branches_have_their_own_locals_and_events(h):
    ex = h.run("""
        - type: parallel
          name: par
          branches:
            - steps:
                - {type: pass, name: a, outputMappings: [{target: v, source: 1}]}
            - steps:
                - {type: pass, name: b, outputMappings: [{target: v, source: 2}]}
          outputMappings:
            - target: values
              source: $local[*].v
    """, {"k": 0})
    assert ex.output == {"values": [1, 2]}
    assert types(ex) == ["ExecutionStarted", "StepEntered", "StepStarted",
                         "BranchEntered", "StepEntered", "StepStarted", "StepSucceeded", "StepExited", "BranchExited",
                         "BranchEntered", "StepEntered", "StepStarted", "StepSucceeded", "StepExited", "BranchExited",
                         "StepSucceeded", "StepExited", "ExecutionSucceeded"]
    scheds = [(e.type, e.schedule_event_id) for e in ex.history if e.type.startswith("Branch")]
    assert scheds == [("BranchEntered", 3), ("BranchExited", 8), ("BranchEntered", 3), ("BranchExited", 14)]
    assert details(ex, "BranchEntered") == [{"input": {"k": 0}}, {"input": {"k": 0}}]
    assert details(ex, "BranchExited") == [{"local": {"v": 1}}, {"local": {"v": 2}}]


def test_parallel_fail_fast_cancels_waiting_branches_and_records_it(h):
    ex = h.run("""
        - type: parallel
          name: par
          branches:
            - steps:
                - {type: wait, name: slow, duration: 60}
                - {type: pass, name: never}
            - steps:
                - {type: wait, name: quick, duration: 1}
                - {type: fail, name: boom, error: Boom}
    """)
    assert (ex.status, ex.error) == (FAILED, "Boom")
    failed = [(e.step_name, e.time, e.event_detail) for e in ex.history if e.type == "StepFailed"]
    assert failed == [
        ("boom", "2024-01-01T00:00:01.000Z", '{"error":"Boom","cause":""}'),
        ("slow", "2024-01-01T00:00:01.000Z", '{"error":"FnF.Cancelled","cause":"branch failed with Boom"}'),
        ("par", "2024-01-01T00:00:01.000Z", '{"error":"Boom","cause":""}')]
    assert "never" not in steps_of(ex, "StepEntered")
    assert ex.stopped_time == "2024-01-01T00:00:01.000Z"


def test_parallel_branches_started_in_the_same_instant_all_run_their_first_turn(h):
    calls = []
    h.functions.register("s/f", lambda e: calls.append(1) or {})
    ex = h.run("""
        - type: parallel
          name: par
          branches:
            - steps:
                - {type: fail, name: boom, error: Boom}
            - steps:
                - {type: task, name: t, resourceArn: "acs:fc:::services/s/functions/f"}
    """)
    assert ex.error == "Boom" and calls == [1]


_TWO_BRANCHES = """version: v1
type: flow
steps:
  - type: parallel
    name: par
    branches:
      - steps: [{type: pass, name: a}]
      - steps: [{type: pass, name: b}]
"""


def test_branch_limit_is_configurable():
    """The engine's limit applies when the flow is added (the front end reads it) and again at run time, for a
    flow that was parsed under other limits."""
    engine = Engine(limits=Limits(max_branches=1))
    with pytest.raises(FlowDefinitionError) as refused:
        engine.add_flow("f", _TWO_BRANCHES)
    assert [d.message for d in refused.value.diagnostics] == [
        "parallel step has 2 branches; at most 1 are allowed"]
    engine.add_flow("f", parse_flow(_TWO_BRANCHES, "f.yaml"))
    ex = engine.run("f")
    assert (ex.status, ex.error) == (FAILED, "FnF.BranchesLimitExceeded")


# -- foreach ---------------------------------------------------------------------------------------------

def test_foreach_items_index_order_and_iteration_events(h):
    ex = h.run("""
        - type: foreach
          name: fe
          iterationMapping: {collection: $.names, item: name, index: i}
          steps:
            - type: pass
              name: p
              outputMappings:
                - {target: out, source: $input.name}
                - {target: at, source: $input.i}
          outputMappings:
            - target: all
              source: $local
    """, {"names": ["a", "b", "c"]})
    assert ex.output == {"all": [{"out": "a", "at": 0}, {"out": "b", "at": 1}, {"out": "c", "at": 2}]}
    assert details(ex, "IterationEntered")[1] == {"input": {"names": ["a", "b", "c"], "name": "b", "i": 1}}
    assert types(ex).count("IterationEntered") == 3 and types(ex).count("IterationExited") == 3


def test_foreach_results_stay_in_collection_order_when_iterations_finish_out_of_order(h):
    ex = h.run("""
        - type: foreach
          name: fe
          iterationMapping: {collection: $.waits, item: w}
          steps:
            - {type: wait, name: w, duration: $.w}
            - {type: pass, name: p, outputMappings: [{target: w, source: $input.w}]}
          outputMappings:
            - target: ws
              source: $local[*].w
    """, {"waits": [3, 1, 2]})
    assert ex.output == {"ws": [3, 1, 2]}
    assert [e.time[-7:] for e in ex.history if e.type == "IterationExited"] == ["01.000Z", "02.000Z", "03.000Z"]


def test_foreach_max_concurrency_limits_iterations_in_flight(h):
    ex = h.run("""
        - type: foreach
          name: fe
          maxConcurrency: 2
          iterationMapping: {collection: $.xs, item: x}
          steps:
            - {type: wait, name: w, duration: 10}
    """, {"xs": [1, 2, 3, 4, 5]})
    assert ex.stopped_time == "2024-01-01T00:00:30.000Z"
    assert [e.time[14:19] for e in ex.history if e.type == "IterationEntered"] == [
        "00:00", "00:00", "00:10", "00:10", "00:20"]


def test_foreach_concurrency_is_capped_by_the_limit():
    engine = Engine(limits=Limits(max_concurrency=1))
    engine.add_flow("f", """version: v1
type: flow
steps:
  - type: foreach
    name: fe
    iterationMapping: {collection: $.xs, item: x}
    steps:
      - {type: wait, name: w, duration: 10}
""")
    assert engine.run("f", {"xs": [1, 2, 3]}).stopped_time == "2024-01-01T00:00:30.000Z"


def test_foreach_empty_collection_and_bad_collections(h):
    ok = h.run("""
        - type: foreach
          name: fe
          iterationMapping: {collection: $.xs, item: x}
          steps: [{type: pass, name: p}]
          outputMappings:
            - {target: all, source: $local}
    """, {"xs": []})
    assert ok.output == {"all": []}
    for data in ({"xs": "abc"}, {}):
        ex = h.engine.run("f", data)
        assert (ex.status, ex.error) == (FAILED, "FnF.RuntimeError")


def test_foreach_fail_fast_cancels_the_iterations_in_flight(h):
    ex = h.run("""
        - type: foreach
          name: fe
          iterationMapping: {collection: $.xs, item: x}
          steps:
            - {type: wait, name: w, duration: $.x}
            - type: choice
              name: c
              choices:
                - condition: $.x == 2
                  steps: [{type: fail, name: boom, error: Bad}]
    """, {"xs": [5, 2, 9]})
    assert (ex.status, ex.error) == (FAILED, "Bad")
    cancelled = [json for e in ex.history if e.type == "StepFailed" and "Cancelled" in (json := e.event_detail)]
    assert cancelled == ['{"error":"FnF.Cancelled","cause":"iteration failed with Bad"}'] * 2
    assert ex.stopped_time == "2024-01-01T00:00:02.000Z"
