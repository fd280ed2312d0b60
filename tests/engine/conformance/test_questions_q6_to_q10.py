"""Open questions Q6-Q10 (fdl-semantics §13): conditions, FC errors, child timeouts, $local, size and event limits."""
# Each rule is as decided in docs/semantics.md ("Execution engine"); cases already pinned elsewhere are
# listed in test_checklist.py.
import hashlib

import pytest
from conformance_run_support import FN, run
from conformance_support import assert_trace, detail, flow, times

from fakecloud.cloud import FakeCloud
from fakecloud.engine import Limits


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
