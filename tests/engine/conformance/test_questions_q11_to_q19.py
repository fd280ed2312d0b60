"""Open questions Q11-Q19 (fdl-semantics §13): catch loops, fail fast, concurrency, context, event ids, merging."""
# Each rule is as decided in docs/semantics.md ("Execution engine"); cases already pinned elsewhere are
# listed in test_checklist.py.
import base64
import json

from conformance_run_support import FN, run
from conformance_support import assert_trace, detail, flow, times

from fakecloud.cloud import FakeCloud


# -- Q11 (with catch): the catch loop re-enters the step, every run counts its attempts afresh -------------------

def test_q11_catch_goto_back_to_the_same_task_is_a_new_step_run():
    cloud = FakeCloud()
    calls = []

    class Flaky(Exception):
        pass

    def fn(event):
        calls.append(event)
        if len(calls) <= 2:
            raise Flaky("try again")
        return {"ok": True}

    cloud.fc.register("s/f", fn, decode=True)
    ex = run(f"""
        - {{type: pass, name: init, outputMappings: [{{target: tries, source: 0}}]}}
        - type: task
          name: t
          resourceArn: {FN}
          retry: [{{errors: [Flaky], maxAttempts: 0}}]
          errorMappings: [{{target: lastError, source: $local.error}}]
          catch: [{{errors: [Flaky], goto: t}}]
    """, cloud=cloud)
    assert (ex.status, ex.output) == ("Succeeded", {"tries": 0, "lastError": "Flaky", "ok": True})
    assert_trace(ex, """
        : ExecutionStarted
        init: StepEntered StepStarted StepSucceeded StepExited
        t: StepEntered StepStarted TaskScheduled TaskStarted TaskFailed StepFailed StepExited
        t: StepEntered StepStarted TaskScheduled TaskStarted TaskFailed StepFailed StepExited
        t: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        : ExecutionSucceeded
    """)
    # the second and third runs see the caught error merged into the parent's local
    assert calls[1:] == [{"tries": 0, "lastError": "Flaky"}] * 2


# -- Q13: the first failure fails the foreach; iterations in flight are cancelled, later ones never start --------

def test_q13_foreach_fail_fast_with_max_concurrency():
    ex = run("""
        - type: foreach
          name: fe
          maxConcurrency: 2
          iterationMapping: {collection: $.xs, item: x}
          steps:
            - {type: wait, name: w, duration: $.x}
            - type: choice
              name: c
              choices:
                - condition: $.x == 2
                  steps: [{type: fail, name: boom, error: Boom, cause: two}]
    """, {"xs": [5, 2, 1, 1]})
    assert (ex.status, ex.error, ex.cause, ex.stopped_time) == ("Failed", "Boom", "two", "2024-01-01T00:00:02.000Z")
    assert_trace(ex, """
        : ExecutionStarted
        fe: StepEntered StepStarted IterationEntered
        w: StepEntered StepStarted
        fe: IterationEntered
        w: StepEntered StepStarted StepSucceeded StepExited
        c: StepEntered StepStarted
        boom: StepEntered StepStarted StepFailed
        c: StepFailed
        w: StepFailed
        fe: StepFailed
        : ExecutionFailed
    """)
    assert detail(ex, "StepFailed") == [
        {"error": "Boom", "cause": "two"}, {"error": "Boom", "cause": "two"},
        {"error": "FnF.Cancelled", "cause": "iteration failed with Boom"}, {"error": "Boom", "cause": "two"}]
    assert detail(ex, "IterationEntered") == [{"input": {"xs": [5, 2, 1, 1], "x": 5}},
                                              {"input": {"xs": [5, 2, 1, 1], "x": 2}}]


# -- Q15: maxConcurrency 1 runs the iterations one after the other --------------------------------------------

def test_q15_max_concurrency_one_is_serial_and_results_keep_collection_order():
    ex = run("""
        - type: foreach
          name: fe
          maxConcurrency: 1
          iterationMapping: {collection: $.xs, item: x}
          steps:
            - {type: wait, name: w, duration: $.x}
            - {type: pass, name: p, outputMappings: [{target: x, source: $input.x}]}
          outputMappings: [{target: xs, source: "$local[*].x"}]
    """, {"xs": [3, 1, 2]})
    assert (ex.output, ex.stopped_time) == ({"xs": [3, 1, 2]}, "2024-01-01T00:00:06.000Z")
    assert_trace(ex, """
        : ExecutionStarted
        fe: StepEntered StepStarted IterationEntered
        w: StepEntered StepStarted StepSucceeded StepExited
        p: StepEntered StepStarted StepSucceeded StepExited
        fe: IterationExited IterationEntered
        w: StepEntered StepStarted StepSucceeded StepExited
        p: StepEntered StepStarted StepSucceeded StepExited
        fe: IterationExited IterationEntered
        w: StepEntered StepStarted StepSucceeded StepExited
        p: StepEntered StepStarted StepSucceeded StepExited
        fe: IterationExited StepSucceeded StepExited
        : ExecutionSucceeded
    """)
    assert times(ex, "IterationEntered") == ["2024-01-01T00:00:00.000Z", "2024-01-01T00:00:03.000Z",
                                             "2024-01-01T00:00:04.000Z"]


# -- Q16: the context object on a callback task nested in a choice inside a foreach ------------------------------

def test_q16_context_fields_inside_nested_steps():
    cloud = FakeCloud()
    cloud.fc.register("s/f", lambda e: None, decode=True)
    cloud.add_flow("f", flow(f"""
        - type: foreach
          name: fe
          iterationMapping: {{collection: $.xs, item: x}}
          steps:
            - type: choice
              name: c
              choices:
                - condition: $.x != null
                  steps:
                    - type: task
                      name: cb
                      resourceArn: {FN}
                      pattern: waitForCallback
                      serviceParams: {{InvocationType: Async}}
                      inputMappings:
                        - {{target: ctx, source: $context}}
          outputMappings: [{{target: ctx, source: "$local[*].ctx"}}]
    """))
    ex = cloud.start("f", {"xs": ["a", "b"]}, name="run-1")
    cloud.run_until_idle()
    sent = [json.loads(i.payload)["ctx"] for i in cloud.fc.invocations]
    for ctx in sent:
        cloud.report_task_succeeded(ctx["task"]["token"], {"ctx": ctx})
    flow_id = cloud.engine.flows["f"].id
    entered = [e.event_id for e in ex.history if e.type == "StepEntered" and e.step_name == "cb"]
    assert entered == [7, 14]
    expected = [{"flow": {"id": flow_id, "name": "f"}, "execution": {"name": "run-1"},
                 "step": {"name": "cb", "eventId": event_id, "iterationIndex": index},
                 "task": {"token": ctx["task"]["token"]}} for index, (event_id, ctx) in enumerate(zip(entered, sent))]
    assert sent == expected and ex.output == {"ctx": expected}
    for event_id, ctx in zip(entered, sent):
        assert base64.b64decode(ctx["task"]["token"]).decode().startswith(f"v1#f#run-1#{event_id}#")


# -- Q17: ScheduleEventId of every event in a retried task inside a foreach ---------------------------------------

def test_q17_schedule_event_ids_and_times_of_a_retried_task_in_an_iteration():
    cloud = FakeCloud()
    cloud.fc.script("s/f").throws("FC.ResourceThrottled", "slow", attempt="0")
    cloud.fc.script("s/f").returns({"ok": 1})
    ex = run(f"""
        - type: foreach
          name: fe
          iterationMapping: {{collection: $.xs, item: x}}
          steps:
            - type: task
              name: t
              resourceArn: {FN}
              retry: [{{errors: [FC.ResourceThrottled], intervalSeconds: 2}}]
    """, {"xs": [1]}, cloud=cloud)
    t0, t2 = "2024-01-01T00:00:00.000Z", "2024-01-01T00:00:02.000Z"
    rows = [(e.event_id, e.schedule_event_id, e.step_name, e.type, e.time, e.event_detail) for e in ex.history]
    scheduled = f'{{"resourceArn":"{FN}","pattern":"requestResponse","input":{{"xs":[1],"x":1}}}}'
    assert rows == [
        (1, 0, "", "ExecutionStarted", t0, '{"input":{"xs":[1]}}'),
        (2, 1, "fe", "StepEntered", t0, '{"input":{"xs":[1]},"local":{}}'),
        (3, 2, "fe", "StepStarted", t0, '{"input":{"xs":[1]}}'),
        (4, 3, "fe", "IterationEntered", t0, '{"input":{"xs":[1],"x":1}}'),
        (5, 4, "t", "StepEntered", t0, '{"input":{"xs":[1],"x":1},"local":{}}'),
        (6, 5, "t", "StepStarted", t0, '{"input":{"xs":[1],"x":1}}'),
        (7, 6, "t", "TaskScheduled", t0, scheduled),
        (8, 7, "t", "TaskStarted", t0, "{}"),
        (9, 8, "t", "TaskFailed", t0, '{"error":"FC.ResourceThrottled","cause":"slow"}'),
        (10, 9, "t", "TaskScheduled", t2, scheduled),
        (11, 10, "t", "TaskStarted", t2, "{}"),
        (12, 11, "t", "TaskSucceeded", t2, '{"output":{"ok":1}}'),
        (13, 12, "t", "StepSucceeded", t2, '{"output":{"ok":1}}'),
        (14, 13, "t", "StepExited", t2, '{"local":{"ok":1}}'),
        (15, 14, "fe", "IterationExited", t2, '{"local":{"ok":1}}'),
        (16, 15, "fe", "StepSucceeded", t2, '{"output":{}}'),
        (17, 16, "fe", "StepExited", t2, '{"local":{}}'),
        (18, 17, "", "ExecutionSucceeded", t2, '{"output":{}}'),
    ]


# -- Q19: local wins over input in every default input; outputs merge shallowly -----------------------------------

def test_q19_later_outputs_overwrite_input_keys_and_earlier_outputs_shallowly():
    ex = run("""
        - {type: pass, name: a, outputMappings: [{target: k, source: from-a}, {target: obj, source: {x: 1}}]}
        - {type: pass, name: b, outputMappings: [{target: seen, source: $input}, {target: obj, source: {y: 2}}]}
    """, {"k": "from-input", "keep": 1})
    assert ex.output == {"k": "from-a", "obj": {"y": 2}, "seen": {"k": "from-a", "keep": 1, "obj": {"x": 1}}}
    assert detail(ex, "StepEntered", "b") == [{"input": {"k": "from-input", "keep": 1},
                                               "local": {"k": "from-a", "obj": {"x": 1}}}]
