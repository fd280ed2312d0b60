"""The reference's open questions Q1-Q19 (fdl-semantics §13) with exact histories, as decided in
docs/semantics.md ("Execution engine"). Cases already pinned elsewhere are listed in test_checklist.py."""
import base64
import hashlib
import json

import pytest
from conformance_support import assert_trace, detail, flow, times

from fakecloud.cloud import FakeCloud
from fakecloud.engine import Limits

FN = "acs:fc:::services/s/functions/f"


def run(steps, data=None, *, head="", cloud=None):
    cloud = cloud or FakeCloud()
    cloud.add_flow("f", flow(steps, head))
    return cloud.run("f", data or {})


# -- Q1: succeed ends the innermost branch, iteration or the flow; choice options are transparent -----------

def test_q1_succeed_in_a_choice_option_ends_the_iteration_not_the_foreach():
    ex = run("""
        - type: foreach
          name: each
          iterationMapping: {collection: $.xs, item: x, index: i}
          steps:
            - type: choice
              name: skip
              choices:
                - condition: $.x < 0
                  steps:
                    - {type: pass, name: mark, outputMappings: [{target: skipped, source: $input.i}]}
                    - {type: succeed, name: done}
                    - {type: pass, name: neverInOption}
                  goto: neverAfter
            - {type: pass, name: work, outputMappings: [{target: doubled, source: $input.x}]}
            - {type: pass, name: neverAfter, outputMappings: [{target: last, source: true}], end: true}
          outputMappings:
            - {target: results, source: $local}
        - {type: pass, name: after, outputMappings: [{target: after, source: true}]}
    """, {"xs": [-1, 2]})
    assert (ex.status, ex.output) == ("Succeeded", {"results": [{"skipped": 0}, {"doubled": 2, "last": True}],
                                                    "after": True})
    assert_trace(ex, """
        : ExecutionStarted
        each: StepEntered StepStarted IterationEntered
        skip: StepEntered StepStarted
        mark: StepEntered StepStarted StepSucceeded StepExited
        done: StepEntered StepStarted StepSucceeded StepExited
        skip: StepSucceeded StepExited
        each: IterationExited IterationEntered
        skip: StepEntered StepStarted StepSucceeded StepExited
        work: StepEntered StepStarted StepSucceeded StepExited
        neverAfter: StepEntered StepStarted StepSucceeded StepExited
        each: IterationExited StepSucceeded StepExited
        after: StepEntered StepStarted StepSucceeded StepExited
        : ExecutionSucceeded
    """)
    assert detail(ex, "StepSucceeded", "skip") == [{"output": {"skipped": 0}}, {"output": {}}]


def test_q1_succeed_in_nested_choices_ends_only_its_parallel_branch():
    ex = run("""
        - type: parallel
          name: par
          branches:
            - steps:
                - type: choice
                  name: outer
                  choices:
                    - condition: $.stop
                      steps:
                        - type: choice
                          name: inner
                          choices:
                            - condition: $.stop == false
                              goto: notReached
                          default:
                            steps:
                              - {type: succeed, name: leave, outputMappings: [{target: left, source: true}]}
                        - {type: pass, name: notReached}
                - {type: pass, name: alsoNotReached}
            - steps:
                - {type: wait, name: slow, duration: 5}
                - {type: pass, name: other, outputMappings: [{target: other, source: true}]}
          outputMappings:
            - {target: locals, source: $local}
        - {type: pass, name: next}
    """, {"stop": True})
    assert (ex.status, ex.output) == ("Succeeded", {"locals": [{"left": True}, {"other": True}]})
    assert_trace(ex, """
        : ExecutionStarted
        par: StepEntered StepStarted BranchEntered
        outer: StepEntered StepStarted
        inner: StepEntered StepStarted
        leave: StepEntered StepStarted StepSucceeded StepExited
        inner: StepSucceeded StepExited
        outer: StepSucceeded StepExited
        par: BranchExited BranchEntered
        slow: StepEntered StepStarted StepSucceeded StepExited
        other: StepEntered StepStarted StepSucceeded StepExited
        par: BranchExited StepSucceeded StepExited
        next: StepEntered StepStarted StepSucceeded StepExited
        : ExecutionSucceeded
    """)
    assert times(ex, "BranchExited") == ["2024-01-01T00:00:00.000Z", "2024-01-01T00:00:05.000Z"]


# -- Q2: a choice without default and no true condition just completes ----------------------------------------

def test_q2_choice_without_default_completes_and_falls_through():
    ex = run("""
        - type: choice
          name: c
          choices:
            - condition: $.kind == "a"
              steps: [{type: pass, name: a, outputMappings: [{target: r, source: a}]}]
            - condition: $.kind == "b"
              goto: b
        - {type: pass, name: fallthrough, outputMappings: [{target: r, source: none}], end: true}
        - {type: pass, name: b, outputMappings: [{target: r, source: b}]}
    """, {"kind": "z"})
    assert (ex.status, ex.output) == ("Succeeded", {"r": "none"})
    assert_trace(ex, """
        : ExecutionStarted
        c: StepEntered StepStarted StepSucceeded StepExited
        fallthrough: StepEntered StepStarted StepSucceeded StepExited
        : ExecutionSucceeded
    """)
    assert detail(ex, "StepSucceeded", "c") == [{"output": {}}]


# -- Q3: `$.x` and `$` in a mapping source are literal strings ---------------------------------------------------

def test_q3_dollar_dot_in_a_mapping_is_a_constant():
    ex = run("""
        - type: pass
          name: p
          inputMappings:
            - {target: dotted, source: $.x}
            - {target: dollar, source: $}
            - {target: real, source: $input.x}
          outputMappings:
            - {target: seen, source: $input}
    """, {"x": 1})
    assert ex.output == {"seen": {"dotted": "$.x", "dollar": "$", "real": 1}}
    assert detail(ex, "StepStarted", "p") == [{"input": {"dotted": "$.x", "dollar": "$", "real": 1}}]


# -- Q4: a missing mapping path fails the step (FnF.InvalidMapping), catchable but never retried ----------------

def test_q4_missing_input_path_on_a_task_goes_to_catch_without_retry_or_invocation():
    cloud = FakeCloud()
    cloud.fc.register("s/f", lambda e: {"r": 1}, decode=True)
    ex = run(f"""
        - type: task
          name: t
          resourceArn: {FN}
          inputMappings: [{{target: m, source: $input.marker}}]
          retry: [{{errors: [FnF.ALL], intervalSeconds: 1}}]
          errorMappings: [{{target: e, source: $local.error}}, {{target: in, source: $input}}]
          catch: [{{errors: [FnF.InvalidMapping], goto: handled}}]
        - {{type: pass, name: skipped}}
        - {{type: pass, name: handled}}
    """, cloud=cloud)
    assert (ex.status, ex.output) == ("Succeeded", {"e": "FnF.InvalidMapping", "in": {}})
    assert_trace(ex, """
        : ExecutionStarted
        t: StepEntered StepFailed StepExited
        handled: StepEntered StepStarted StepSucceeded StepExited
        : ExecutionSucceeded
    """)
    assert detail(ex, "StepFailed", "t") == [{"error": "FnF.InvalidMapping",
                                              "cause": "inputMappings 'm': source $input.marker: key 'marker' "
                                                       "not found in $input"}]
    assert cloud.fc.invocations == []


def test_q4_missing_output_path_after_a_successful_invocation_is_caught_too():
    cloud = FakeCloud()
    cloud.fc.register("s/f", lambda e: {"r": 1}, decode=True)
    ex = run(f"""
        - type: task
          name: t
          resourceArn: {FN}
          outputMappings: [{{target: x, source: $local.missing}}]
          retry: [{{errors: [FnF.ALL], intervalSeconds: 1}}]
          errorMappings: [{{target: e, source: $local.error}}]
          catch: [{{errors: [FnF.ALL], goto: handled}}]
        - {{type: pass, name: handled}}
    """, cloud=cloud)
    assert ex.output == {"e": "FnF.InvalidMapping"}
    assert_trace(ex, """
        : ExecutionStarted
        t: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepFailed StepExited
        handled: StepEntered StepStarted StepSucceeded StepExited
        : ExecutionSucceeded
    """)


def test_q4_missing_service_params_path_fails_the_step_and_the_flow():
    cloud = FakeCloud()
    cloud.mns.create_queue("q")
    ex = run("""
        - type: task
          name: send
          resourceArn: acs:mns:::/queues/q/messages
          serviceParams: {MessageBody: $.body}
    """, cloud=cloud)
    assert (ex.status, ex.error) == ("Failed", "FnF.InvalidMapping")
    assert ex.cause == "serviceParams: $.body: key 'body' not found in $ (serviceParams paths read the mapped step input)"
    assert_trace(ex, """
        : ExecutionStarted
        send: StepEntered StepStarted StepFailed
        : ExecutionFailed
    """)
    assert cloud.mns.messages("q") == []


def test_q4_flow_level_mappings_fail_the_execution():
    ex = run("- {type: pass, name: p}", head="inputMappings:\n  - {target: r, source: $input.nope}\n")
    assert (ex.status, ex.error) == ("Failed", "FnF.InvalidMapping")
    assert_trace(ex, ": ExecutionStarted ExecutionFailed")
    ex = run("- {type: pass, name: p}", head="outputMappings:\n  - {target: r, source: $local.nope}\n")
    assert (ex.status, ex.error, ex.output) == ("Failed", "FnF.InvalidMapping", None)
    assert_trace(ex, """
        : ExecutionStarted
        p: StepEntered StepStarted StepSucceeded StepExited
        : ExecutionFailed
    """)


def test_q4_lenient_switch_reads_missing_paths_as_null():
    ex = run("""
        - type: pass
          name: p
          inputMappings: [{target: m, source: $input.marker}, {target: n, source: "$input.a[3]"}]
          outputMappings: [{target: seen, source: $input}]
    """, {"a": [1]}, cloud=FakeCloud(limits=Limits(missing_path="null")))
    assert (ex.status, ex.output) == ("Succeeded", {"seen": {"m": None, "n": None}})


# -- Q5: a fail step without error: error and cause "", only FnF.ALL matches it across a sync boundary -------

def test_q5_child_fail_without_error_is_caught_only_by_fnf_all():
    cloud = FakeCloud()
    cloud.add_flow("child", flow("- {type: fail, name: quit}"))
    ex = run("""
        - type: task
          name: runChild
          resourceArn: acs:fnf:::flow/child
          pattern: sync
          errorMappings: [{target: e, source: $local.error}, {target: c, source: $local.cause}]
          catch:
            - errors: [ChildFailed]
              goto: wrong
            - errors: [FnF.ALL]
              goto: anyError
        - {type: pass, name: wrong, end: true}
        - {type: pass, name: anyError}
    """, cloud=cloud)
    assert (ex.status, ex.output) == ("Succeeded", {"e": "", "c": ""})
    assert_trace(ex, """
        : ExecutionStarted
        runChild: StepEntered StepStarted TaskScheduled TaskSubmitted TaskFailed StepFailed StepExited
        anyError: StepEntered StepStarted StepSucceeded StepExited
        : ExecutionSucceeded
    """)
    assert detail(ex, "TaskFailed") == [{"error": "", "cause": ""}]


# -- Q6: condition semantics -------------------------------------------------------------------------------------

TRUTHY = flow("""
    - type: choice
      name: c
      inputMappings: [{target: v, source: $input.v}]
      choices:
        - condition: $.v
          goto: truthy
      default:
        goto: falsy
    - {type: pass, name: truthy, outputMappings: [{target: r, source: true}], end: true}
    - {type: pass, name: falsy, outputMappings: [{target: r, source: false}]}
""")


@pytest.mark.parametrize("value,truth", [(0, False), ("", False), (None, False), (False, False), (0.0, False),
                                         ([], True), ({}, True), ("0", True), ("false", True), (1, True),
                                         (-1, True), ([0], True), ({"a": 1}, True)])
def test_q6_truthiness_of_a_bare_path(value, truth):
    cloud = FakeCloud()
    cloud.add_flow("f", TRUTHY)
    assert cloud.run("f", {"v": value}).output == {"r": truth}


def test_q6_comparisons_structural_equality_negation_and_missing_paths():
    ex = run("""
        - type: choice
          name: c
          choices:
            - condition: $.n > "1" || $.s < 2
              goto: wrong
            - condition: $.n == "5" || $.t == 1
              goto: wrong
            - condition: $.o == $.p && $.l == $.m && $.f == $.n
              goto: next
          default:
            goto: wrong
        - type: choice
          name: next
          choices:
            - condition: '!($.n >= 5 && $.s <= "b") || $.absent != null'
              goto: wrong
            - condition: $.s > "Z" && $.absent == null && !$.absent && $.marker != ""
              goto: right
        - {type: fail, name: wrong, error: Wrong}
        - {type: succeed, name: right}
    """, {"n": 5, "f": 5.0, "s": "a", "t": True, "o": {"k": [1, 2]}, "p": {"k": [1, 2]},
          "l": [1, {"a": None}], "m": [1, {"a": None}]})
    assert ex.status == "Succeeded"
    assert_trace(ex, """
        : ExecutionStarted
        c: StepEntered StepStarted StepSucceeded StepExited
        next: StepEntered StepStarted StepSucceeded StepExited
        right: StepEntered StepStarted StepSucceeded StepExited
        : ExecutionSucceeded
    """)


# -- Q7: an FC error body without errorType is FC.Unknown ---------------------------------------------------------

def test_q7_function_timeout_is_fc_unknown_with_the_raw_body():
    cloud = FakeCloud()
    cloud.fc.register("s/f", lambda e: {"late": True}, duration=120, decode=True)
    ex = run(f"- {{type: task, name: t, resourceArn: '{FN}'}}", cloud=cloud)
    body = '{"errorMessage":"Function timed out after 60 seconds (maxMemoryUsage: 0.00MB)"}'
    assert (ex.status, ex.error, ex.cause) == ("Failed", "FC.Unknown", body)
    assert_trace(ex, """
        : ExecutionStarted
        t: StepEntered StepStarted TaskScheduled TaskStarted TaskFailed StepFailed
        : ExecutionFailed
    """)
    assert times(ex, "TaskFailed") == ["2024-01-01T00:01:00.000Z"]


# -- Q8: a sync parent sees a timed-out child as FnF.Timeout ------------------------------------------------------

def test_q8_timed_out_child_is_fnf_timeout_in_the_parent():
    cloud = FakeCloud()
    cloud.add_flow("slow", flow("- {type: wait, name: w, duration: 100}", head="timeoutSeconds: 10\n"))
    ex = run("""
        - type: task
          name: runChild
          resourceArn: acs:fnf:::flow/slow
          pattern: sync
          errorMappings: [{target: e, source: $local.error}, {target: c, source: $local.cause}]
          catch: [{errors: [FnF.Timeout], goto: timedOut}]
        - {type: pass, name: timedOut}
    """, cloud=cloud)
    assert ex.output == {"e": "FnF.Timeout", "c": "execution did not finish within 10 seconds"}
    assert_trace(ex, """
        : ExecutionStarted
        runChild: StepEntered StepStarted TaskScheduled TaskSubmitted TaskFailed StepFailed StepExited
        timedOut: StepEntered StepStarted StepSucceeded StepExited
        : ExecutionSucceeded
    """)
    (child,) = cloud.engine.list_executions("slow")
    assert (child.status, child.stopped_time) == ("TimedOut", "2024-01-01T00:00:10.000Z")
    assert times(ex, "TaskFailed") == ["2024-01-01T00:00:10.000Z"]


# -- Q9: $local of requestResponse subflow, async FC and MNS queue tasks -----------------------------------------

def test_q9_request_response_locals():
    cloud = FakeCloud()
    cloud.mns.create_queue("q")
    cloud.add_flow("child", flow("- {type: wait, name: w, duration: 5}"))
    cloud.fc.register("s/f", lambda e: {"ignored": True}, decode=True)
    ex = run(f"""
        - type: task
          name: sub
          resourceArn: acs:fnf:::flow/child
        - type: task
          name: fcAsync
          resourceArn: {FN}
          serviceParams: {{InvocationType: Async}}
        - type: task
          name: queue
          resourceArn: acs:mns:::/queues/q/messages
          serviceParams: {{MessageBody: hello}}
    """, cloud=cloud)
    (child,) = cloud.engine.list_executions("child")
    (sub,) = detail(ex, "TaskSucceeded", "sub")
    assert list(sub["output"]) == ["FlowName", "ExecutionName", "RequestId"]
    assert sub["output"]["FlowName"] == "child" and sub["output"]["ExecutionName"] == child.name
    assert child.status == "Running"            # requestResponse does not wait for the child
    assert detail(ex, "TaskSucceeded", "fcAsync") == [{"output": {}}]
    (message,) = cloud.mns.messages("q")
    (queued,) = detail(ex, "TaskSucceeded", "queue")
    assert queued["output"]["MessageId"] == message.message_id
    assert queued["output"]["MessageBodyMD5"] == hashlib.md5(b"hello").hexdigest().upper() == message.body_md5
    assert list(queued["output"]) == ["MessageId", "MessageBodyMD5", "RequestId"]
    assert_trace(ex, """
        : ExecutionStarted
        sub: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        fcAsync: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        queue: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        : ExecutionSucceeded
    """)


# -- Q10: the 32 KiB and 5000-event limits fail the execution and cannot be caught -------------------------------

def test_q10_data_size_is_not_catchable():
    cloud = FakeCloud()
    cloud.fc.register("s/big", lambda e: {"blob": "x" * 40000}, decode=True)
    ex = run("""
        - type: task
          name: t
          resourceArn: acs:fc:::services/s/functions/big
          retry: [{errors: [FnF.ALL]}]
          catch: [{errors: [FnF.ALL], goto: handled}]
        - {type: pass, name: handled}
    """, cloud=cloud)
    assert (ex.status, ex.error) == ("Failed", "FnF.DataSizeExceeded")
    assert ex.cause == "step 't': input, output and local take 80024 bytes; the limit is 32768"
    # the execution ends at once: no retry, no catch, no StepFailed for the step
    assert_trace(ex, """
        : ExecutionStarted
        t: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded
        : ExecutionFailed
    """)


def test_q10_event_limit_is_not_catchable_and_the_failure_is_the_last_event():
    cloud = FakeCloud(limits=Limits(max_events=30))
    cloud.fc.register("s/f", lambda e: {}, decode=True)
    ex = run(f"""
        - type: task
          name: t
          resourceArn: {FN}
          catch: [{{errors: [FnF.ALL], goto: handled}}]
        - {{type: choice, name: again, choices: [{{condition: $.loop, goto: t}}]}}
        - {{type: pass, name: handled}}
    """, {"loop": True}, cloud=cloud)
    assert (ex.status, ex.error, ex.cause) == ("Failed", "FnF.EventsLimitExceeded",
                                               "the execution reached the limit of 30 history events")
    assert_trace(ex, """
        : ExecutionStarted
        t: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        again: StepEntered StepStarted StepSucceeded StepExited
        t: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        again: StepEntered StepStarted StepSucceeded StepExited
        t: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded
        : ExecutionFailed
    """)
    assert len(ex.history) == 30


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
