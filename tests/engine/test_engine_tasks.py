"""Task steps: the FC integration, error names, retry timing and counters, catch, timeouts, callbacks."""
import base64
import json

import pytest
from engine_support import details, steps_of, types

from fakecloud.engine import (FAILED, SUCCEEDED, InvalidArgument, Pending, Return, Throw,
                              TaskAlreadyCompleted, TaskFailure, parse_token)

FN = "acs:fc:::services/s/functions/f"


class BookFlightError(Exception):
    pass


def scripted(*outcomes):
    """A fake function answering attempt by attempt: an exception is raised, anything else returned."""
    it = iter(outcomes)

    def fn(event):
        value = next(it)
        if isinstance(value, BaseException):
            raise value
        return value
    return fn


def test_function_result_becomes_local_and_events_of_request_response(h):
    h.functions.register("s/f", lambda event: {"echo": event})
    ex = h.run(f"""
        - type: task
          name: t
          resourceArn: {FN}
    """, {"a": 1})
    assert ex.output == {"echo": {"a": 1}}
    assert types(ex)[1:-1] == ["StepEntered", "StepStarted", "TaskScheduled", "TaskStarted", "TaskSucceeded",
                               "StepSucceeded", "StepExited"]
    assert details(ex, "TaskScheduled") == [{"resourceArn": FN, "pattern": "requestResponse", "input": {"a": 1}}]
    assert h.functions.calls == [("s/f", {"a": 1})]


def test_function_error_is_named_by_its_error_type(h):
    h.functions.register("s/f", scripted(BookFlightError("no seats")))
    ex = h.run(f"- {{type: task, name: t, resourceArn: '{FN}'}}")
    assert ex.error == "BookFlightError"
    assert json.loads(ex.cause) == {"errorMessage": "no seats", "errorType": "BookFlightError"}
    assert details(ex, "TaskFailed") == [{"error": "BookFlightError", "cause": ex.cause}]


@pytest.mark.parametrize("value,error,output", [([1], "FnF.InvalidLocal", None),
                                                ("not json", "FnF.InvalidLocal", None),
                                                ('{"ok": 1}', None, {"ok": 1}), (None, None, {})])
def test_function_results_must_be_json_objects(h, value, error, output):
    h.functions.register("s/f", lambda event: value)
    ex = h.run(f"- {{type: task, name: t, resourceArn: '{FN}'}}")
    assert ex.error == error
    assert ex.output == output


def test_unknown_function_and_unconfigured_integrations(h):
    ex = h.run(f"- {{type: task, name: t, resourceArn: '{FN}'}}")
    assert ex.error == "FC.FunctionNotFound"
    ex = h.run("""
        - type: task
          name: q
          resourceArn: acs:mns:::/queues/q/messages
          serviceParams: {MessageBody: $}
    """, name="g")
    assert ex.error == "FnF.IntegrationNotConfigured"


def test_retry_delays_on_the_virtual_clock(h):
    h.functions.register("s/f", scripted(TaskFailure("FC.ResourceThrottled"), TaskFailure("FC.ResourceThrottled"),
                                                TaskFailure("FC.ResourceThrottled"), {"ok": True}))
    ex = h.run(f"""
        - type: task
          name: t
          resourceArn: {FN}
          retry:
            - errors: [FC.ResourceThrottled]
              intervalSeconds: 10
              maxAttempts: 3
              multiplier: 2
    """)
    assert ex.output == {"ok": True}
    assert [e.time for e in ex.history if e.type == "TaskScheduled"] == [
        "2024-01-01T00:00:00.000Z", "2024-01-01T00:00:10.000Z", "2024-01-01T00:00:30.000Z",
        "2024-01-01T00:01:10.000Z"]
    assert steps_of(ex, "StepEntered") == ["t"]


def test_max_attempts_counts_retries_then_the_error_propagates(h):
    h.functions.register("s/f", scripted(*[TaskFailure("E")] * 5))
    ex = h.run(f"""
        - type: task
          name: t
          resourceArn: {FN}
          retry:
            - {{errors: [E], intervalSeconds: 1, maxAttempts: 2, multiplier: 1.5, maxIntervalSeconds: 86400}}
    """)
    assert (ex.status, ex.error) == (FAILED, "E")
    assert types(ex).count("TaskScheduled") == 3
    assert [e.time[17:] for e in ex.history if e.type == "TaskScheduled"] == ["00.000Z", "01.000Z", "02.500Z"]


def test_max_interval_caps_each_delay(h):
    h.functions.register("s/f", scripted(*[TaskFailure("E")] * 4))
    ex = h.run(f"""
        - type: task
          name: t
          resourceArn: {FN}
          retry:
            - {{errors: [FnF.ALL], intervalSeconds: 10, maxAttempts: 3, multiplier: 10, maxIntervalSeconds: 60}}
    """)
    assert [e.time[14:19] for e in ex.history if e.type == "TaskScheduled"] == ["00:00", "00:10", "01:10", "02:10"]


def test_first_matching_policy_only_with_its_own_counter(h):
    # A, B, A, B, A: policy 1 (A) allows 2 retries, policy 2 (B) allows 5; the third A is not retried.
    h.functions.register("s/f", scripted(*[TaskFailure(x) for x in "ABABA"], {"never": 1}))
    ex = h.run(f"""
        - type: task
          name: t
          resourceArn: {FN}
          retry:
            - {{errors: [A], intervalSeconds: 1, maxAttempts: 2, multiplier: 1}}
            - {{errors: [A, B, FnF.ALL], intervalSeconds: 100, maxAttempts: 5, multiplier: 1}}
    """)
    assert (ex.status, ex.error) == (FAILED, "A")
    assert [e.time[14:19] for e in ex.history if e.type == "TaskScheduled"] == [
        "00:00", "00:01", "01:41", "01:42", "03:22"]


def test_catch_sets_local_error_cause_and_jumps_without_error_mappings(h):
    h.functions.register("s/f", scripted(BookFlightError("no seats")))
    ex = h.run(f"""
        - type: task
          name: t
          resourceArn: {FN}
          catch:
            - errors: [Other]
              goto: never
            - errors: [BookFlightError]
              goto: compensate
        - {{type: pass, name: never}}
        - {{type: pass, name: compensate, outputMappings: [{{target: seen, source: $input}}]}}
    """, {"order": 1})
    assert ex.status == SUCCEEDED
    assert ex.output == {"seen": {"order": 1}}
    assert types(ex)[1:9] == ["StepEntered", "StepStarted", "TaskScheduled", "TaskStarted", "TaskFailed",
                              "StepFailed", "StepExited", "StepEntered"]
    assert steps_of(ex, "StepEntered") == ["t", "compensate"]


def test_catch_with_error_mappings_and_fnf_all(h):
    h.functions.register("s/f", scripted(TaskFailure("FC.Unknown", "socket closed")))
    ex = h.run(f"""
        - type: task
          name: t
          resourceArn: {FN}
          errorMappings:
            - {{target: errCode, source: $local.error}}
            - {{target: errMsg, source: $local.cause}}
            - {{target: was, source: $input.k}}
          catch:
            - errors: [FnF.ALL]
              goto: alert
        - {{type: pass, name: alert}}
    """, {"k": "v"})
    assert ex.output == {"errCode": "FC.Unknown", "errMsg": "socket closed", "was": "v"}
    assert details(ex, "StepExited", "t") == [{"local": {"errCode": "FC.Unknown", "errMsg": "socket closed", "was": "v"}}]


def test_retry_happens_before_catch(h):
    h.functions.register("s/f", scripted(TaskFailure("E"), TaskFailure("E")))
    ex = h.run(f"""
        - type: task
          name: t
          resourceArn: {FN}
          retry: [{{errors: [E], maxAttempts: 1}}]
          catch: [{{errors: [E], goto: c}}]
        - {{type: pass, name: c}}
    """)
    assert ex.status == SUCCEEDED and types(ex).count("TaskScheduled") == 2


def test_mapping_errors_on_a_task_are_catchable(h):
    h.functions.register("s/f", lambda e: {})
    ex = h.run(f"""
        - type: task
          name: t
          resourceArn: {FN}
          inputMappings: [{{target: x, source: $input.missing}}]
          catch: [{{errors: [FnF.InvalidMapping], goto: c}}]
        - {{type: pass, name: c}}
    """)
    assert ex.status == SUCCEEDED and "TaskScheduled" not in types(ex)


def test_task_timeout_on_a_slow_function(h):
    h.functions.register("s/f", lambda e: {"late": True}, duration=5)
    ex = h.run(f"""
        - type: task
          name: t
          resourceArn: {FN}
          timeoutSeconds: 3
          retry: [{{errors: [FnF.TaskTimeout], intervalSeconds: 1, maxAttempts: 1}}]
    """)
    assert (ex.status, ex.error) == (FAILED, "FnF.TaskTimeout")
    assert [(e.type, e.time[17:]) for e in ex.history if e.type.startswith("Task")] == [
        ("TaskScheduled", "00.000Z"), ("TaskStarted", "00.000Z"), ("TaskTimedOut", "03.000Z"),
        ("TaskScheduled", "04.000Z"), ("TaskStarted", "04.000Z"), ("TaskTimedOut", "07.000Z")]
    assert details(ex, "TaskTimedOut")[0] == {
        "error": "FnF.TaskTimeout", "cause": "task did not complete within timeoutSeconds (3 s)"}


def test_slow_function_within_its_timeout_succeeds_later(h):
    h.functions.register("s/f", lambda e: {"ok": 1}, duration=5)
    ex = h.run(f"- {{type: task, name: t, resourceArn: '{FN}', timeoutSeconds: 10}}")
    assert ex.output == {"ok": 1} and ex.stopped_time == "2024-01-01T00:00:05.000Z"


# -- callbacks --------------------------------------------------------------------------------------------

CALLBACK = f"""
- type: task
  name: approve
  resourceArn: {FN}
  pattern: waitForCallback
  serviceParams: {{InvocationType: Async}}
  inputMappings:
    - {{target: token, source: $context.task.token}}
    - {{target: id, source: $input.id}}
  retry: [{{errors: [Retry], intervalSeconds: 5, maxAttempts: 1}}]
  catch: [{{errors: [Denied], goto: denied}}]
- {{type: succeed, name: ok}}
- {{type: fail, name: denied, error: Denied}}
"""


def _callback_engine(h):
    tokens = []
    h.functions.register("s/f", lambda event: tokens.append(event["token"]))
    h.add("f", CALLBACK)
    ex = h.engine.start_execution("f", {"id": 1}, name="ex1")
    h.engine.run_until_idle()
    return ex, tokens


def test_wait_for_callback_token_shape_and_report_succeeded(h):
    ex, tokens = _callback_engine(h)
    assert ex.status == "Running" and len(tokens) == 1
    decoded = base64.b64decode(tokens[0]).decode()
    flow, name, event_id, signature = decoded.split("#")[1:]
    assert decoded.startswith("v1#f#ex1#") and event_id == "2"
    assert base64.b64decode(signature) and len(base64.b64decode(signature)) == 32
    assert parse_token(h.engine.ids.token_key, tokens[0]).event_id == 2
    assert types(ex)[-2:] == ["TaskScheduled", "TaskSubmitted"]
    eid = h.engine.report_task_succeeded(tokens[0], '{"approved": true}')
    assert ex.history[eid - 1].type == "TaskSucceeded"
    h.engine.run_until_idle()
    assert ex.status == SUCCEEDED and ex.output == {"approved": True}
    with pytest.raises(TaskAlreadyCompleted):
        h.engine.report_task_succeeded(tokens[0], "{}")


def test_report_task_failed_goes_through_retry_then_catch(h):
    ex, tokens = _callback_engine(h)
    h.engine.report_task_failed(tokens[0], "Retry", "later")
    with pytest.raises(TaskAlreadyCompleted):     # between attempts nobody is waiting on the token
        h.engine.report_task_failed(tokens[0], "Retry", "again")
    h.engine.run_until_idle()
    assert len(tokens) == 2 and tokens[0] == tokens[1]
    h.engine.report_task_failed(tokens[1], "Denied", "no")
    h.engine.run_until_idle()
    assert (ex.status, ex.error) == (FAILED, "Denied")


def test_garbage_tokens_and_bad_reports_are_invalid_arguments(h):
    ex, tokens = _callback_engine(h)
    forged = base64.b64encode(b"v1#f#ex1#2#AAAA").decode()
    for token in ("", "garbage!", forged, tokens[0] + "x"):
        with pytest.raises(InvalidArgument):
            h.engine.report_task_succeeded(token, "{}")
    with pytest.raises(InvalidArgument):
        h.engine.report_task_succeeded(tokens[0], "[1]")
    with pytest.raises(InvalidArgument):
        h.engine.report_task_failed(tokens[0], "")
    assert ex.status == "Running"


def test_callback_timeout_fires_only_when_time_passes(h):
    h.functions.register("s/f", lambda event: None)
    h.add("f", f"""
        - type: task
          name: t
          resourceArn: {FN}
          pattern: waitForCallback
          serviceParams: {{InvocationType: Async}}
          timeoutSeconds: 3600
    """)
    ex = h.engine.start_execution("f")
    h.engine.run_until_idle()
    assert ex.status == "Running" and h.engine.clock.iso() == "2024-01-01T00:00:00.000Z"
    h.engine.advance(3599)
    assert ex.status == "Running"
    h.engine.advance(1)
    assert (ex.status, ex.error) == (FAILED, "FnF.TaskTimeout")
    assert ex.stopped_time == "2024-01-01T01:00:00.000Z"


def test_fc_async_patterns(h):
    seen = []
    h.functions.register("s/f", lambda event: seen.append(event["n"]) or {"r": event["n"]})
    ex = h.run(f"""
        - type: task
          name: fire
          resourceArn: {FN}
          inputMappings: [{{target: n, source: 1}}]
          serviceParams: {{InvocationType: Async}}
        - type: task
          name: waitResult
          resourceArn: {FN}
          pattern: sync
          inputMappings: [{{target: n, source: 2}}]
          serviceParams: {{InvocationType: Async}}
    """)
    assert ex.output == {"r": 2} and seen == [1, 2]
    assert details(ex, "StepSucceeded", "fire") == [{"output": {}}]
    assert [t for t in types(ex) if t.startswith("Task")] == [
        "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskScheduled", "TaskSubmitted", "TaskSucceeded"]


def test_custom_integration_receives_the_request(h):
    requests = []

    class Vision:
        name = "vision"

        def answers(self, target):
            return getattr(target, "product", None) == "goodstech"

        def invoke(self, request):
            requests.append(request)
            if request.attempt == 0:
                return Throw("goodstech.InternalError.Busy", "busy")
            return Return({"Data": {"Categories": [request.params["ImageURL"]]}})

    h.engine.register_integration(Vision())
    ex = h.run("""
        - type: task
          name: classify
          action: goodstech:ClassifyCommodity
          inputMappings: [{target: image, source: $input.url}]
          serviceParams: {ImageURL: $.image}
          retry: [{errors: [goodstech.InternalError.Busy], intervalSeconds: 10, maxAttempts: 2}]
          outputMappings: [{target: cats, source: $local.Data.Categories}]
    """, {"url": "http://x/y.png"})
    assert ex.output == {"cats": ["http://x/y.png"]}
    assert [r.attempt for r in requests] == [0, 1]
    assert details(ex, "TaskScheduled")[0]["action"] == "goodstech:ClassifyCommodity"
    assert requests[0].context is None and requests[0].token is None


def test_pending_integration_completed_through_the_handle(h):
    handles = []

    class Later:
        name = "mns-queue"

        def answers(self, target):
            return target.kind == "mns-queue"

        def invoke(self, request):
            handles.append(request.handle)
            return Pending()

    h.engine.register_integration(Later())
    h.add("f", """
        - type: task
          name: t
          resourceArn: acs:mns:::/queues/q/messages
          serviceParams: {MessageBody: $}
    """)
    ex = h.engine.start_execution("f")
    h.engine.run_until_idle()
    assert ex.status == "Running"
    handles[0].succeed({"MessageId": "m"})
    assert handles[0].succeed({"again": 1}) is None
    h.engine.run_until_idle()
    assert ex.output == {"MessageId": "m"}
