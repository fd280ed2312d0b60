"""Executions: statuses, stop, flow timeout, limits, subflows, determinism, the clock."""
import pytest
from engine_support import bare_engine, details, flow_text, functions, types

from fakecloud.engine import (FAILED, RUNNING, STARTING, STOPPED, SUCCEEDED, TIMED_OUT, Engine,
                              ExecutionAlreadyExists, FlowNotExists, InvalidArgument, Limits)


def test_statuses_and_describe(h):
    h.add("f", "- {type: wait, name: w, duration: 10}")
    ex = h.engine.start_execution("f", '{"a": 1}', name="run-1")
    assert ex.status == STARTING
    h.engine.run_until_idle(skip_time=False)
    assert ex.status == RUNNING
    h.engine.run_until_idle()
    assert ex.status == SUCCEEDED
    d = ex.describe()
    assert (d["Name"], d["FlowName"], d["Input"], d["Output"], d["Status"], d["StartedTime"], d["StoppedTime"]) == (
        "run-1", "f", '{"a":1}', "{}", "Succeeded", "2024-01-01T00:00:00.000Z", "2024-01-01T00:00:10.000Z")


def test_start_execution_errors_and_idempotence(h):
    h.add("f", "- {type: wait, name: w, duration: 10}")
    with pytest.raises(FlowNotExists):
        h.engine.start_execution("nope")
    with pytest.raises(InvalidArgument):
        h.engine.start_execution("f", "[1]")
    with pytest.raises(InvalidArgument):
        h.engine.start_execution("f", name="bad name")
    a = h.engine.start_execution("f", name="x")
    assert h.engine.start_execution("f", name="x") is a
    h.engine.run_until_idle()
    with pytest.raises(ExecutionAlreadyExists):
        h.engine.start_execution("f", name="x")


def test_stop_execution_with_error_and_cause(h):
    h.add("f", "- {type: wait, name: w, duration: 100}")
    ex = h.engine.start_execution("f")
    h.engine.run_until_idle(skip_time=False)
    h.engine.advance(5)
    h.engine.stop_execution("f", ex.name, "Manual", "operator said so")
    assert (ex.status, ex.error, ex.cause, ex.stopped_time) == (
        STOPPED, "Manual", "operator said so", "2024-01-01T00:00:05.000Z")
    assert details(ex, "ExecutionStopped") == [{"error": "Manual", "cause": "operator said so"}]
    h.engine.run_until_done()
    assert types(ex)[-1] == "ExecutionStopped" and h.engine.clock.pending_timers() == 0


def test_flow_timeout_ends_timed_out(h):
    ex = h.run("- {type: wait, name: w, duration: 7200}", head="timeoutSeconds: 3600\n")
    assert (ex.status, ex.error) == (TIMED_OUT, "FnF.Timeout")
    assert ex.stopped_time == "2024-01-01T01:00:00.000Z"
    assert types(ex)[-1] == "ExecutionTimedOut"


def test_flow_timeout_while_a_callback_is_pending_waits_for_the_clock(h):
    h.functions.register("s/f", lambda e: None)
    h.add("f", """
        - type: task
          name: t
          resourceArn: acs:fc:::services/s/functions/f
          pattern: waitForCallback
          serviceParams: {InvocationType: Async}
    """, head="timeoutSeconds: 60\n")
    ex = h.engine.start_execution("f")
    h.engine.run_until_idle()
    assert ex.status == RUNNING
    h.engine.run_until_done(ex)
    assert ex.status == TIMED_OUT and ex.stopped_time == "2024-01-01T00:01:00.000Z"


def test_one_year_execution_limit():
    engine = Engine(limits=Limits(max_execution_seconds=30))
    engine.add_flow("f", flow_text("- {type: wait, name: w, duration: 60}"))
    ex = engine.run("f")
    assert (ex.status, ex.error, ex.stopped_time) == (TIMED_OUT, "FnF.Timeout", "2024-01-01T00:00:30.000Z")


def test_foreach_over_1000_items_fails_on_the_event_limit(h):
    ex = h.run("""
        - type: foreach
          name: fe
          iterationMapping: {collection: $.xs, item: x}
          steps:
            - {type: pass, name: p}
    """, {"xs": list(range(1000))})
    assert (ex.status, ex.error) == (FAILED, "FnF.EventsLimitExceeded")
    assert len(ex.history) == 5000 and types(ex)[-1] == "ExecutionFailed"


def test_event_limit_is_configurable_and_stops_goto_loops():
    engine = Engine(limits=Limits(max_events=50))
    engine.add_flow("f", flow_text("""
        - type: choice
          name: loop
          choices:
            - condition: $.x == 1
              goto: loop
    """))
    ex = engine.run("f", {"x": 1})
    assert (ex.status, ex.error, len(ex.history)) == (FAILED, "FnF.EventsLimitExceeded", 50)


@pytest.mark.parametrize("limit", range(3, 14))
def test_event_limit_cuts_a_step_between_any_two_of_its_events(limit):
    # A step's StepEntered + StepStarted and StepSucceeded + StepExited are recorded two at a time: the limit
    # still falls between any two events, as if each were checked alone.
    text = flow_text("""
        - {type: pass, name: a, outputMappings: [{target: v, source: $input.x}]}
        - {type: pass, name: b}
        - {type: pass, name: c, inputMappings: [{target: y, source: $input.x}]}
    """)
    whole = Engine()
    whole.add_flow("f", text)
    full = whole.run("f", {"x": 1})
    assert (full.status, len(full.history)) == (SUCCEEDED, 14)
    engine = Engine(limits=Limits(max_events=limit))
    engine.add_flow("f", text)
    ex = engine.run("f", {"x": 1})
    assert (ex.status, ex.error, len(ex.history)) == (FAILED, "FnF.EventsLimitExceeded", limit)
    assert types(ex) == types(full)[:limit - 1] + ["ExecutionFailed"]
    assert [e.schedule_event_id for e in ex.history][:-1] == [e.schedule_event_id for e in full.history][:limit - 1]


CHILDREN = flow_text("""
    - type: parallel
      name: fan
      branches:
        - steps:
            - {type: pass, name: a, outputMappings: [{target: v, source: $input.x}]}
        - steps:
            - {type: pass, name: b, inputMappings: [{target: y, source: $input.x}]}
            - {type: succeed, name: done}
            - {type: pass, name: never}
    - type: foreach
      name: each
      iterationMapping: {collection: $.xs, item: it}
      steps:
        - {type: pass, name: c}
        - {type: wait, name: w, duration: 1}
""")


def test_branch_and_iteration_events_in_order():
    # A child's entered and exited events go in with its first and last steps' events: the order and the
    # ScheduleEventIds are those of one event at a time (b has inputMappings, a succeed ends branch 2, and the
    # iterations suspend, so they run as fibers).
    engine = Engine()
    engine.add_flow("f", CHILDREN)
    ex = engine.run("f", {"x": 1, "xs": [5, 6]})
    assert ex.status == SUCCEEDED
    got = [(e.event_id, e.schedule_event_id, e.type, e.step_name) for e in ex.history]
    step = ("StepEntered", "StepStarted", "StepSucceeded", "StepExited")
    assert got == [
        (1, 0, "ExecutionStarted", ""),
        (2, 1, "StepEntered", "fan"), (3, 2, "StepStarted", "fan"),
        (4, 3, "BranchEntered", "fan"), *[(5 + k, 4 + k, t, "a") for k, t in enumerate(step)],
        (9, 8, "BranchExited", "fan"),
        (10, 3, "BranchEntered", "fan"), *[(11 + k, 10 + k, t, "b") for k, t in enumerate(step)],
        *[(15 + k, 14 + k, t, "done") for k, t in enumerate(step)], (19, 18, "BranchExited", "fan"),
        (20, 19, "StepSucceeded", "fan"), (21, 20, "StepExited", "fan"),
        (22, 21, "StepEntered", "each"), (23, 22, "StepStarted", "each"),
        (24, 23, "IterationEntered", "each"), *[(25 + k, 24 + k, t, "c") for k, t in enumerate(step)],
        (29, 28, "StepEntered", "w"), (30, 29, "StepStarted", "w"),
        (31, 23, "IterationEntered", "each"), *[(32 + k, 31 + k, t, "c") for k, t in enumerate(step)],
        (36, 35, "StepEntered", "w"), (37, 36, "StepStarted", "w"),
        (38, 30, "StepSucceeded", "w"), (39, 38, "StepExited", "w"), (40, 39, "IterationExited", "each"),
        (41, 37, "StepSucceeded", "w"), (42, 41, "StepExited", "w"), (43, 42, "IterationExited", "each"),
        (44, 43, "StepSucceeded", "each"), (45, 44, "StepExited", "each"), (46, 45, "ExecutionSucceeded", ""),
    ]
    assert details(ex, "BranchExited") == [{"local": {"v": 1}}, {"local": {}}]
    assert [d["input"]["it"] for d in details(ex, "IterationEntered")] == [5, 6]


@pytest.mark.parametrize("limit", range(3, 46))
def test_event_limit_cuts_branches_and_iterations_between_any_two_events(limit):
    whole = Engine()
    whole.add_flow("f", CHILDREN)
    full = whole.run("f", {"x": 1, "xs": [5, 6]})
    engine = Engine(limits=Limits(max_events=limit))
    engine.add_flow("f", CHILDREN)
    ex = engine.run("f", {"x": 1, "xs": [5, 6]})
    assert (ex.status, ex.error, len(ex.history)) == (FAILED, "FnF.EventsLimitExceeded", limit)
    assert types(ex) == types(full)[:limit - 1] + ["ExecutionFailed"]
    assert [e.schedule_event_id for e in ex.history][:-1] == [e.schedule_event_id for e in full.history][:limit - 1]


def test_step_data_size_limit():
    engine = Engine(limits=Limits(max_step_data_bytes=100))
    engine.add_flow("f", flow_text("- {type: pass, name: p, outputMappings: [{target: big, source: $input.s}]}"))
    assert engine.run("f", {"s": "x" * 20}).status == SUCCEEDED
    ex = engine.run("f", {"s": "é" * 30})
    assert (ex.status, ex.error) == (FAILED, "FnF.DataSizeExceeded")
    assert "step 'p'" in ex.cause


def test_default_data_limit_is_32_kib(h):
    ex = h.run("- {type: pass, name: p}", {"s": "x" * 33000})
    assert ex.error == "FnF.DataSizeExceeded"


def test_determinism_byte_identical_histories():
    def once():
        engine = bare_engine(seed=7)
        functions(engine).register("s/f", lambda e: {"r": e["x"]})
        engine.add_flow("f", flow_text("""
            - type: parallel
              name: par
              branches:
                - steps: [{type: wait, name: w, duration: 3}]
                - steps:
                    - type: foreach
                      name: fe
                      iterationMapping: {collection: $.xs, item: x}
                      steps: [{type: task, name: t, resourceArn: "acs:fc:::services/s/functions/f"}]
        """))
        ex = engine.run("f", {"xs": [1, 2, 3]})
        return ex.name, [(e.to_dict()) for e in ex.history]
    assert once() == once()
    assert Engine(seed=1).ids.execution_name() != Engine(seed=2).ids.execution_name()


def test_history_pages(h):
    ex = h.run("- {type: pass, name: p}")
    first = ex.history.page(limit=4)
    assert len(first["Events"]) == 4 and first["NextToken"] == "5"
    rest = ex.history.page(limit=4, next_token="5")
    assert [e["EventId"] for e in rest["Events"]] == [5, 6] and "NextToken" not in rest


def test_virtual_epoch_is_configurable():
    engine = Engine(start="2030-06-01T12:00:00Z")
    engine.add_flow("f", flow_text("- {type: pass, name: p}"))
    assert engine.run("f").started_time == "2030-06-01T12:00:00.000Z"


# -- subflows -----------------------------------------------------------------------------------------

CHILD_OK = "- {type: pass, name: c, outputMappings: [{target: got, source: $input.v}]}"


def test_subflow_request_response_returns_start_information(h):
    h.add("child", CHILD_OK)
    ex = h.run("""
        - type: task
          name: start
          resourceArn: acs:fnf:::flow/child
          inputMappings: [{target: childName, source: $input.n}, {target: v, source: 1}]
          serviceParams: {Input: $, ExecutionName: $.childName}
    """, {"n": "kid-1"})
    assert list(ex.output) == ["FlowName", "ExecutionName", "RequestId"]
    assert ex.output["FlowName"] == "child" and ex.output["ExecutionName"] == "kid-1"
    child = h.engine.describe_execution("child", "kid-1")
    assert child.status == SUCCEEDED and child.input == {"childName": "kid-1", "v": 1}


def test_subflow_sync_returns_the_child_output(h):
    h.add("child", CHILD_OK)
    ex = h.run("""
        - type: task
          name: run
          resourceArn: acs:fnf:::flow/child
          pattern: sync
    """, {"v": 42})
    assert ex.output == {"got": 42}


def test_subflow_sync_child_fail_reaches_parent_retry_and_catch_by_name(h):
    h.add("audit", "- {type: fail, name: f, error: AuditErrorNeedsRetry, cause: try later}")
    ex = h.run("""
        - type: task
          name: audit
          resourceArn: acs:fnf:::flow/audit
          pattern: sync
          retry: [{errors: [AuditErrorNeedsRetry], intervalSeconds: 5, maxAttempts: 2}]
          errorMappings: [{target: why, source: $local.cause}]
          catch: [{errors: [AuditErrorNeedsRetry], goto: handled}]
        - {type: pass, name: handled}
    """)
    assert ex.output == {"why": "try later"}
    assert len(h.engine.list_executions("audit")) == 3


def test_subflow_sync_child_stopped_or_timed_out(h):
    h.add("slow", "- {type: wait, name: w, duration: 100}", head="timeoutSeconds: 10\n")
    ex = h.run("- {type: task, name: t, resourceArn: 'acs:fnf:::flow/slow', pattern: sync}")
    assert (ex.error, ex.status) == ("FnF.Timeout", FAILED)
    h.add("long", "- {type: wait, name: w, duration: 100}")
    h.add("p", "- {type: task, name: t, resourceArn: 'acs:fnf:::flow/long', pattern: sync}")
    parent = h.engine.start_execution("p")
    h.engine.run_until_idle(skip_time=False)
    (child,) = h.engine.list_executions("long")
    h.engine.stop_execution("long", child.name, "PostAction", "stopped by the operator")
    h.engine.run_until_idle()
    assert (parent.error, parent.cause) == ("PostAction", "stopped by the operator")


def test_subflow_wait_for_callback_child_reports_with_the_token(h):
    h.add("child", """
        - type: task
          name: report
          resourceArn: acs:fc:::services/s/functions/report
    """)
    h.functions.register("s/report", lambda e, req: req.engine.report_task_succeeded(e["token"], {"done": 1}) and {})
    ex = h.run("""
        - type: task
          name: wait
          resourceArn: acs:fnf:::flow/child
          pattern: waitForCallback
          inputMappings: [{target: token, source: $context.task.token}]
    """)
    assert ex.status == SUCCEEDED and ex.output == {"done": 1}


def test_missing_subflow_fails_the_task(h):
    ex = h.run("- {type: task, name: t, resourceArn: 'acs:fnf:::flow/ghost', pattern: sync}")
    assert (ex.error, ex.cause) == ("fnf.FlowNotExists", "Flow ghost does not exist.")


def test_unexpected_exceptions_in_integrations_fail_the_execution_and_propagate(h):
    class Broken:
        name = "fc"

        def answers(self, target):
            return True

        def invoke(self, request):
            raise RuntimeError("bug")
    h.engine.register_integration(Broken(), first=True)
    h.add("f", "- {type: task, name: t, resourceArn: 'acs:fc:::services/s/functions/f'}")
    ex = h.engine.start_execution("f")
    with pytest.raises(RuntimeError):
        h.engine.run_until_idle()
    assert (ex.status, ex.error) == (FAILED, "FnF.InternalError")
