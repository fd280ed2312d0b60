"""End to end through the engine: every FC row of the integration table (sync invocation; async invocation with
requestResponse, sync and waitForCallback), $local rules, error names, retries on FC.ResourceThrottled,
throttling inside a foreach, stateful ids from the flow, and cancellation stopping async invocations."""
from __future__ import annotations

import json
import textwrap

import pytest

from fakecloud.engine import FAILED, SUCCEEDED
from fakecloud.engine import TaskFailure
from fakecloud.services.fc import (ASYNC, ENQUEUED, RUNNING, STOPPED, SYNC, FcError, FcIntegration,
                                   FunctionCrash)

from fc_support import World, details, types

FN = "acs:fc:::services/s/functions/f"


class BookFlightError(Exception):
    pass


def task(extra: str = "", name: str = "t", arn: str = FN) -> str:
    return f"- type: task\n  name: {name}\n  resourceArn: {arn}\n" + "".join(
        f"  {line}\n" for line in textwrap.dedent(extra).strip("\n").splitlines())


# -- sync invocation (the default) -----------------------------------------------------------------------------

def test_sync_invocation_result_becomes_local(world):
    world.fc.register("s/f", lambda event: {"echo": json.loads(event)}, duration=2)
    ex = world.run(task(), {"a": 1})
    assert (ex.status, ex.output) == (SUCCEEDED, {"echo": {"a": 1}})
    assert ex.stopped_time == "2024-01-01T00:00:02.000Z"
    assert types(ex)[1:-1] == ["StepEntered", "StepStarted", "TaskScheduled", "TaskStarted", "TaskSucceeded",
                               "StepSucceeded", "StepExited"]
    [call] = world.fc.invocations
    assert (call.name, call.payload, call.invocation_type, call.attempt, call.execution, call.step) == (
        "s/f", b'{"a":1}', SYNC, 0, ex.name, "t")


def test_invocation_type_sync_is_the_default(world):
    world.fc.register("s/f", lambda event: '{"ok": 1}')
    ex = world.run(task("serviceParams: {InvocationType: Sync}"))
    assert ex.output == {"ok": 1}


def test_sync_pattern_without_async_is_a_sync_invocation(world):
    world.fc.register("s/f", lambda event: {"ok": 1}, duration=3)
    ex = world.run(task("pattern: sync"))
    assert (ex.output, ex.stopped_time) == ({"ok": 1}, "2024-01-01T00:00:03.000Z")
    assert "TaskSubmitted" in types(ex) and world.fc.invocations[0].invocation_type == SYNC


def test_the_integration_checks_its_options(world):
    with pytest.raises(FcError) as info:
        FcIntegration(world.fc, cause="stack")
    assert info.value == FcError("InvalidArgument", "cause must be one of body, message, got 'stack'", 400)


def test_qualifier_from_the_arn(world):
    world.fc.register("s.prod/f", lambda event, context: {"q": context.service.qualifier})
    ex = world.run(task(arn="acs:fc:cn-hangzhou:123:services/s.prod/functions/f"))
    assert ex.output == {"q": "prod"}


@pytest.mark.parametrize("value, error, cause", [
    ([1], "FnF.InvalidLocal", "the function's result must be a JSON object, got a list"),
    ("7", "FnF.InvalidLocal", "the function's result must be a JSON object, got a number"),
    ("not json", "FnF.InvalidLocal", "the function's result is not valid JSON: not json"),
    (None, None, None),
    ("  ", None, None),
])
def test_the_result_must_be_a_json_object(world, value, error, cause):
    world.fc.register("s/f", lambda event: value)
    ex = world.run(task())
    assert (ex.error, ex.cause) == (error, cause)
    if error is None:
        assert ex.output == {}


def test_a_function_error_is_named_by_its_error_type_with_the_body_as_cause(world):
    def handler(event):
        raise BookFlightError("no seats")

    world.fc.register("s/f", handler, duration=1)
    ex = world.run(task())
    assert (ex.status, ex.error) == (FAILED, "BookFlightError")
    body = json.loads(ex.cause)
    assert (body["errorMessage"], body["errorType"], body["stackTrace"][0][2]) == ("no seats", "BookFlightError",
                                                                                   "in handler")
    assert ex.stopped_time == "2024-01-01T00:00:01.000Z"
    assert details(ex, "TaskFailed") == [{"error": "BookFlightError", "cause": ex.cause}]


def test_the_cause_can_be_the_error_message(world):
    world.engine.register_integration(type(world.integration)(world.fc, cause="message"), first=True)
    world.fc.register("s/f", lambda event: (_ for _ in ()).throw(TaskFailure("CardDeclined", "insufficient funds")))
    ex = world.run(task("""
        catch:
          - {errors: [CardDeclined], goto: declined}
        errorMappings:
          - {target: code, source: $local.error}
          - {target: why, source: $local.cause}
        """) + "- {type: pass, name: declined}\n")
    assert ex.output == {"code": "CardDeclined", "why": "insufficient funds"}


def test_an_error_body_without_error_type_is_fc_unknown(world):
    def handler(event):
        raise FunctionCrash("Process exited unexpectedly")

    world.fc.register("s/f", handler)
    ex = world.run(task())
    assert (ex.error, ex.cause) == ("FC.Unknown", '{"errorMessage":"Process exited unexpectedly"}')


def test_a_function_timeout_is_fc_unknown(world):
    world.fc.register("s/f", lambda event: {}, duration=90, timeout=60)
    ex = world.run(task())
    assert (ex.error, ex.cause) == (
        "FC.Unknown", '{"errorMessage":"Function timed out after 60 seconds (maxMemoryUsage: 0.00MB)"}')
    assert ex.stopped_time == "2024-01-01T00:01:00.000Z"


@pytest.mark.parametrize("setup, error, cause", [
    (lambda fc: None, "FC.ServiceNotFound", "service 's' does not exist"),
    (lambda fc: fc.register("s/g", print), "FC.FunctionNotFound", "function 'f' does not exist in service 's'"),
    (lambda fc: fc.register("s/f", print) and fc.fail_next("s/f", "InternalServerError"), "FC.InternalServerError",
     "An internal error occurred"),
    (lambda fc: fc.script("s/f").throws("FC.ResourceExhausted", "no capacity"), "FC.ResourceExhausted",
     "no capacity"),
])
def test_system_errors_are_fc_code(world, setup, error, cause):
    setup(world.fc)
    ex = world.run(task())
    assert (ex.error, ex.cause) == (error, cause)


def test_retry_on_resource_throttled(world):
    world.fc.register("s/f", lambda event: {"ok": True})
    world.fc.fail_next("s/f", "ResourceThrottled", times=2)
    ex = world.run(task("""
        retry:
          - errors: [FC.ResourceThrottled]
            intervalSeconds: 2
            maxAttempts: 3
        """))
    assert (ex.status, ex.output) == (SUCCEEDED, {"ok": True})
    assert [(i.attempt, i.time - 1704067200, i.status) for i in world.fc.invocations] == [
        (0, 0.0, 429), (1, 2.0, 429), (2, 6.0, 200)]
    assert [d["error"] for d in details(ex, "TaskFailed")] == ["FC.ResourceThrottled"] * 2


def test_scripts_select_on_the_flow_attempt(world):
    world.fc.script("s/f").throws("FC.ResourceThrottled", attempt="0-1").returns({"n": 3}, attempt="2")
    ex = world.run(task("""
        retry:
          - {errors: [FC.ResourceThrottled], intervalSeconds: 1, maxAttempts: 5}
        """))
    assert ex.output == {"n": 3}
    assert world.fc.unused() == []


def test_throttling_in_a_foreach_at_quota_plus_one(world):
    world.fc.concurrency_quota = 3
    world.fc.register("s/f", lambda event: {"done": json.loads(event)["x"]}, duration=10)
    ex = world.run("""
        - type: foreach
          name: each
          iterationMapping: {collection: $.xs, item: x}
          steps:
            - type: task
              name: t
              resourceArn: acs:fc:::services/s/functions/f
              retry:
                - {errors: [FC.ResourceThrottled], intervalSeconds: 10, maxAttempts: 1}
          outputMappings:
            - {target: out, source: '$local[*].done'}
        """, {"xs": [1, 2, 3, 4]})
    assert ex.output == {"out": [1, 2, 3, 4]}
    assert [(json.loads(i.payload)["x"], i.time - 1704067200, i.status) for i in world.fc.invocations] == [
        (1, 0.0, 200), (2, 0.0, 200), (3, 0.0, 200), (4, 0.0, 429), (4, 10.0, 200)]
    assert ex.stopped_time == "2024-01-01T00:00:20.000Z"


# -- async invocation ------------------------------------------------------------------------------------------

ASYNC_PARAMS = "serviceParams: {InvocationType: Async}"


def test_async_request_response_moves_on_at_once(world):
    world.fc.register("s/f", lambda event: {"late": True}, duration=30)
    ex = world.start(task("pattern: requestResponse\n" + ASYNC_PARAMS) + "- {type: pass, name: next}\n", {"a": 1})
    assert (ex.status, ex.output) == (SUCCEEDED, {})
    assert types(ex)[1:8] == ["StepEntered", "StepStarted", "TaskScheduled", "TaskStarted", "TaskSucceeded",
                              "StepSucceeded", "StepExited"]
    [run] = world.fc.list_async_invocations("s", "f")
    assert run.status == ENQUEUED and world.fc.invocations[0].invocation_type == ASYNC
    world.engine.advance(0)
    assert run.status == RUNNING
    world.engine.advance(30)
    assert (run.status, run.result()) == (SUCCEEDED, {"late": True})


def test_async_request_response_local_is_empty(world):
    world.fc.register("s/f", lambda event: {"ignored": True})
    ex = world.run(task(ASYNC_PARAMS + "\noutputMappings: [{target: local, source: $local}]"))
    assert ex.output == {"local": {}}


def test_async_submit_errors_fail_the_task(world):
    world.fc.create_service("s")
    ex = world.run(task(ASYNC_PARAMS))
    assert ex.error == "FC.FunctionNotFound"


def test_async_sync_waits_for_the_result(world):
    world.fc.register("s/f", lambda event: {"processed": json.loads(event)["id"]}, duration=45)
    ex = world.run(task("pattern: sync\n" + ASYNC_PARAMS), {"id": 9})
    assert (ex.status, ex.output) == (SUCCEEDED, {"processed": 9})
    assert ex.stopped_time == "2024-01-01T00:00:45.000Z"
    assert types(ex)[1:8] == ["StepEntered", "StepStarted", "TaskScheduled", "TaskSubmitted", "TaskSucceeded",
                              "StepSucceeded", "StepExited"]
    [run] = world.fc.list_async_invocations("s", "f")
    assert run.status == "Succeeded"


def test_async_sync_with_stateful_id_from_the_execution_name(world):
    world.fc.register("s/f", lambda event: {})
    world.add(task("""
        pattern: sync
        inputMappings:
          - {target: id, source: $context.execution.name}
        serviceParams:
          InvocationType: Async
          StatefulAsyncInvocationID: $.id
        """))
    ex = world.engine.start_execution("f", {}, "order-17")
    world.engine.run_until_done(ex)
    assert ex.status == SUCCEEDED
    assert [r.invocation_id for r in world.fc.list_async_invocations("s", "f")] == ["order-17"]
    assert world.fc.invocations[0].event == {"id": "order-17"}


def test_a_duplicate_stateful_id_fails_the_task(world):
    world.fc.register("s/f", lambda event: {})
    world.fc.invoke("s", "f", invocation_type="Async", stateful_invocation_id="fixed")
    ex = world.run(task("""
        pattern: sync
        serviceParams: {InvocationType: Async, StatefulAsyncInvocationID: fixed}
        """))
    assert (ex.error, ex.cause) == ("FC.StatefulAsyncInvocationAlreadyExists",
                                    "stateful async invocation 'fixed' already exists in function 'f' of service 's'")
    assert types(ex)[1:5] == ["StepEntered", "StepStarted", "TaskScheduled", "TaskSubmitFailed"]


def test_async_sync_function_error_after_retries(world):
    calls = []

    def handler(event):
        calls.append(1)
        raise BookFlightError("no seats")

    world.fc.register("s/f", handler, duration=1)
    ex = world.run(task("pattern: sync\n" + ASYNC_PARAMS))
    assert ex.error == "BookFlightError" and json.loads(ex.cause)["errorMessage"] == "no seats"
    assert (len(calls), ex.stopped_time) == (4, "2024-01-01T00:00:04.000Z")


def test_async_sync_invalid_local_and_system_error(world):
    world.fc.register("s/f", lambda event: "[1]")
    world.fc.script("s/g").throws("FC.InternalServerError", "boom")
    ex = world.run(task("pattern: sync\n" + ASYNC_PARAMS))
    assert (ex.error, ex.cause) == ("FnF.InvalidLocal", "the function's result must be a JSON object, got a list")
    ex = world.run(task("pattern: sync\n" + ASYNC_PARAMS, arn="acs:fc:::services/s/functions/g"), name="g")
    assert (ex.error, ex.cause) == ("FC.InternalServerError", "boom")


def test_async_sync_timeout_stops_the_invocation(world):
    world.fc.register("s/f", lambda event: {}, duration=100, timeout=600)
    ex = world.run(task("pattern: sync\ntimeoutSeconds: 10\n" + ASYNC_PARAMS))
    assert (ex.error, ex.stopped_time) == ("FnF.TaskTimeout", "2024-01-01T00:00:10.000Z")
    [run] = world.fc.list_async_invocations("s", "f")
    assert (run.status, run.ended_ms) == (STOPPED, 1704067210000)


def test_stopping_an_invocation_fails_the_waiting_task(world):
    world.fc.register("s/f", lambda event: {}, duration=100, timeout=600)
    ex = world.start(task("pattern: sync\n" + ASYNC_PARAMS))
    world.engine.advance(5)
    [run] = world.fc.list_async_invocations("s", "f")
    world.fc.stop_async_invocation("s", "f", run.invocation_id)
    world.engine.run_until_done(ex)
    assert (ex.error, ex.cause) == ("FC.AsyncInvocationStopped",
                                    f"asynchronous invocation {run.invocation_id} was stopped")


def test_stopping_the_execution_stops_the_invocation(world):
    world.fc.register("s/f", lambda event: {}, duration=100, timeout=600)
    ex = world.start(task("pattern: sync\n" + ASYNC_PARAMS))
    world.engine.advance(5)
    world.engine.stop_execution("f", ex.name, "Abort", "by test")
    [run] = world.fc.list_async_invocations("s", "f")
    assert (ex.status, run.status) == ("Stopped", STOPPED)


CALLBACK = """
pattern: waitForCallback
inputMappings:
  - {target: token, source: $context.task.token}
  - {target: id, source: $input.id}
serviceParams: {InvocationType: Async}
"""


def test_async_wait_for_callback_reported_by_the_function(world):
    def handler(event):
        data = json.loads(event)
        world.engine.report_task_succeeded(data["token"], {"approved": data["id"]})
        return {"ignored": True}

    world.fc.register("s/f", handler, duration=5)
    ex = world.run(task(CALLBACK), {"id": 3})
    assert (ex.status, ex.output) == (SUCCEEDED, {"approved": 3})
    assert types(ex)[1:8] == ["StepEntered", "StepStarted", "TaskScheduled", "TaskSubmitted", "TaskSucceeded",
                              "StepSucceeded", "StepExited"]
    assert ex.stopped_time == "2024-01-01T00:00:00.000Z"


def test_async_wait_for_callback_ignores_the_function_outcome(world):
    world.fc.register("s/f", lambda event: (_ for _ in ()).throw(ValueError("ignored")), duration=1)
    ex = world.start(task(CALLBACK), {"id": 1})
    world.engine.advance(60)
    assert ex.status == "Running"
    [run] = world.fc.list_async_invocations("s", "f")
    assert run.status == "Failed"
    token = world.fc.invocations[0].event["token"]
    world.engine.report_task_failed(token, "Rejected", "by a reviewer")
    world.engine.run_until_done(ex)
    assert (ex.error, ex.cause) == ("Rejected", "by a reviewer")


def test_async_wait_for_callback_timeout_stops_the_invocation(world):
    world.fc.register("s/f", lambda event: {}, duration=7200, timeout=86400)
    ex = world.run(task(CALLBACK + "timeoutSeconds: 3600\n"), {"id": 1})
    assert (ex.error, ex.stopped_time) == ("FnF.TaskTimeout", "2024-01-01T01:00:00.000Z")
    [run] = world.fc.list_async_invocations("s", "f")
    assert run.status == STOPPED


def test_wait_for_callback_with_a_sync_invocation(world):
    def handler(event):
        data = json.loads(event)
        world.engine.report_task_succeeded(data["token"], {"by": "function"})
        return "ignored"

    world.fc.register("s/f", handler)
    ex = world.run(task(CALLBACK.replace("serviceParams: {InvocationType: Async}", "")), {"id": 1})
    assert (ex.status, ex.output) == (SUCCEEDED, {"by": "function"})
    assert world.fc.invocations[0].invocation_type == SYNC


def test_wait_for_callback_with_a_sync_invocation_that_fails(world):
    world.fc.register("s/f", lambda event: (_ for _ in ()).throw(BookFlightError("no")), duration=2)
    ex = world.run(task(CALLBACK.replace("serviceParams: {InvocationType: Async}", "")), {"id": 1})
    assert (ex.error, ex.stopped_time) == ("BookFlightError", "2024-01-01T00:00:02.000Z")
    world.fc.reset()
    ex = world.run(task(CALLBACK.replace("serviceParams: {InvocationType: Async}", "")), {"id": 1}, name="g")
    assert ex.error == "FC.ServiceNotFound"


def test_bad_invocation_type_from_a_path(world):
    world.fc.register("s/f", lambda event: {})
    ex = world.run(task("serviceParams: {InvocationType: $.kind}"), {"kind": "Later"})
    assert (ex.error, ex.cause) == ("FC.InvalidArgument", "InvocationType must be 'Sync' or 'Async', got 'Later'")
    ex = world.run(task("pattern: sync\nserviceParams: {InvocationType: Async, StatefulAsyncInvocationID: $.n}"),
                   {"n": 5}, name="g")
    assert (ex.error, ex.cause) == ("FC.InvalidArgument", "StatefulAsyncInvocationId must be a string, got an integer")


def test_the_world_helper_keeps_one_clock(world):
    assert isinstance(world, World) and world.fc.clock is world.engine.clock
