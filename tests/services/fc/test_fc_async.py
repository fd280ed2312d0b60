"""Asynchronous invocation: 202 at once, runs in virtual time, StatefulAsyncInvocationID unique per function,
statuses (Enqueued, Running, Succeeded, Failed, Retrying, Stopped, Invalid), list, get, stop, retries and
throttled runs waiting for an instance."""
from __future__ import annotations

import pytest

from fakecloud.services.fc import (ASYNC, ASYNC_PAYLOAD_LIMIT, ENQUEUED, FAILED, INVALID, RUNNING, STOPPED,
                                   SUCCEEDED, FcBackend, FcError, InvokeResult, UNHANDLED)

from fc_support import Ids

T0 = 1704067200000


def test_accepted_at_once_and_run_later(fc, clock):
    calls = []
    fc.register("s/f", lambda e: calls.append(e) or {"done": True}, duration=5)
    result = fc.invoke("s", "f", b'{"n": 1}', invocation_type="Async")
    assert result == InvokeResult(202, b"", None, "request-1", 0.0, "request-1")
    assert result.headers == {"x-fc-request-id": "request-1", "x-fc-stateful-async-invocation-id": "request-1"}
    run = fc.get_async_invocation("s", "f", "request-1")
    assert (run.status, calls) == (ENQUEUED, [])
    clock.advance(0)
    assert (run.status, run.started_ms, run.ended_ms, calls) == (RUNNING, T0, 0, [b'{"n": 1}'])
    clock.advance(4.999)
    assert run.status == RUNNING
    clock.advance(0.001)
    assert (run.status, run.ended_ms, run.result()) == (SUCCEEDED, T0 + 5000, {"done": True})
    record = fc.invocations[0]
    assert (record.invocation_type, record.status, record.invocation_id, record.result(), record.duration) == (
        ASYNC, 202, "request-1", {"done": True}, 5.0)
    assert run.as_dict() == {
        "serviceName": "s", "functionName": "f", "qualifier": "LATEST", "invocationId": "request-1",
        "requestId": "request-1", "status": "Succeeded", "startedTime": T0, "endTime": T0 + 5000,
        "alreadyRetriedTimes": 0, "invocationErrorMessage": "", "invocationPayload": '{"n": 1}',
        "returnPayload": '{"done": true}'}


def test_stateful_ids_are_unique_per_function(fc):
    fc.register("s/f", lambda e: "")
    fc.register("s/g", lambda e: "")
    assert fc.invoke("s", "f", invocation_type="Async", stateful_invocation_id="job-1").invocation_id == "job-1"
    assert fc.invoke("s", "g", invocation_type="Async", stateful_invocation_id="job-1").invocation_id == "job-1"
    with pytest.raises(FcError) as info:
        fc.invoke("s", "f", invocation_type="async", stateful_invocation_id="job-1")
    assert info.value == FcError("StatefulAsyncInvocationAlreadyExists",
                                 "stateful async invocation 'job-1' already exists in function 'f' of service 's'",
                                 409)
    assert info.value.request_id == "request-3" and fc.invocations[-1].status == 409


@pytest.mark.parametrize("bad, message", [
    ("-x", "invalid StatefulAsyncInvocationId '-x': 1-128 characters, letters, digits, '_' or '-', not starting "
           "with '-'"),
    ("a" * 129, f"invalid StatefulAsyncInvocationId '{'a' * 129}': 1-128 characters, letters, digits, '_' or '-', "
                f"not starting with '-'"),
    ("a.b", "invalid StatefulAsyncInvocationId 'a.b': 1-128 characters, letters, digits, '_' or '-', not starting "
            "with '-'"),
    (12, "StatefulAsyncInvocationId must be a string, got an integer"),
])
def test_bad_stateful_ids(fc, bad, message):
    fc.register("s/f", lambda e: "")
    with pytest.raises(FcError) as info:
        fc.invoke("s", "f", invocation_type="Async", stateful_invocation_id=bad)
    assert info.value == FcError("InvalidArgument", message, 400)


def test_an_execution_name_is_a_valid_id(fc):
    fc.register("s/f", lambda e: "")
    uuid = "3f2c1d9e-0000-4000-8000-000000000000"
    assert fc.invoke("s", "f", invocation_type="Async", stateful_invocation_id=uuid).invocation_id == uuid


def test_submission_errors(fc):
    fc.register("s/f", lambda e: "")
    with pytest.raises(FcError) as info:
        fc.invoke("s", "nope", invocation_type="Async")
    assert info.value.code == "FunctionNotFound"
    fc.fail_next("s/f", "ResourceExhausted")
    with pytest.raises(FcError) as info:
        fc.invoke("s", "f", invocation_type="Async")
    assert info.value.code == "ResourceExhausted"
    with pytest.raises(FcError) as info:
        fc.invoke("s", "f", b"x" * (ASYNC_PAYLOAD_LIMIT + 1), invocation_type="Async")
    assert info.value == FcError("EntityTooLarge", "payload size 131073 bytes exceeds the maximum allowed size for "
                                                   "async invocation (131072 bytes)", 400)
    assert fc.list_async_invocations("s", "f") == []


def test_a_function_error_is_retried_three_times_then_fails(fc, clock):
    runs = []

    def handler(event):
        runs.append(clock.now_ms)
        raise ValueError("bad input")

    fc.register("s/f", handler, duration=1)
    fc.invoke("s", "f", invocation_type="Async", stateful_invocation_id="j")
    clock.advance(10)
    run = fc.get_async_invocation("s", "f", "j")
    assert runs == [T0, T0 + 1000, T0 + 2000, T0 + 3000]
    assert (run.status, run.retried, run.started_ms, run.ended_ms, run.error_type) == (
        FAILED, 3, T0, T0 + 4000, UNHANDLED)
    assert run.result()["errorType"] == "ValueError"
    assert run.as_dict()["invocationErrorMessage"] == "UnhandledInvocationError"
    assert run.as_dict()["returnPayload"] == ""


def test_retries_are_configurable_and_a_script_decides_each_run(clock):
    fc = FcBackend(clock, Ids(), async_retry_attempts=0)
    fc.script("s/f").throws("Boom", "x")
    fc.invoke("s", "f", invocation_type="Async", stateful_invocation_id="j")
    clock.advance(0)
    assert (fc.get_async_invocation("s", "f", "j").status, fc.get_async_invocation("s", "f", "j").retried) == (
        FAILED, 0)
    with pytest.raises(FcError) as info:
        FcBackend(clock, Ids(), async_retry_attempts=9)
    assert info.value.message == "async_retry_attempts must be an integer between 0 and 8, got 9"


def test_a_system_error_fails_the_run_without_retry(fc, clock):
    fc.script("s/f").throws("FC.InternalServerError")
    fc.invoke("s", "f", invocation_type="Async", stateful_invocation_id="j")
    clock.advance(0)
    run = fc.get_async_invocation("s", "f", "j")
    assert (run.status, run.retried, run.error.code, run.body) == (FAILED, 0, "InternalServerError", None)
    assert run.as_dict()["invocationErrorMessage"] == "InternalServerError"
    assert fc.invocations[0].error.code == "InternalServerError"


def test_stop_a_running_invocation_frees_its_instance(clock):
    fc = FcBackend(clock, Ids(), concurrency_quota=1)
    fc.register("s/f", lambda e: "", duration=100)
    fc.invoke("s", "f", invocation_type="Async", stateful_invocation_id="long")
    clock.advance(10)
    with pytest.raises(FcError) as info:
        fc.invoke("s", "f")
    assert info.value.code == "ResourceThrottled"
    run = fc.stop_async_invocation("s", "f", "long")
    assert (run.status, run.ended_ms) == (STOPPED, T0 + 10000)
    assert fc.invoke("s", "f").status == 200
    clock.advance(200)
    assert run.status == STOPPED
    assert fc.stop_async_invocation("s", "f", "long") is run        # stopping again changes nothing


def test_stop_an_enqueued_invocation_and_a_finished_one(fc, clock):
    calls = []
    fc.register("s/f", lambda e: calls.append(1))
    fc.invoke("s", "f", invocation_type="Async", stateful_invocation_id="a")
    fc.stop_async_invocation("s", "f", "a")
    fc.invoke("s", "f", invocation_type="Async", stateful_invocation_id="b")
    clock.advance(1)
    assert fc.stop_async_invocation("s", "f", "b").status == SUCCEEDED
    assert (fc.get_async_invocation("s", "f", "a").status, calls) == (STOPPED, [1])


def test_unknown_invocation_ids(fc):
    fc.register("s/f", lambda e: "")
    for call in (fc.get_async_invocation, fc.stop_async_invocation):
        with pytest.raises(FcError) as info:
            call("s", "f", "missing")
        assert info.value == FcError("StatefulAsyncInvocationNotFound", "stateful async invocation 'missing' does not "
                                                                        "exist in function 'f' of service 's'", 404)
    with pytest.raises(FcError) as info:
        fc.get_async_invocation("s", "g", "missing")
    assert info.value.code == "FunctionNotFound"


def test_list_by_status_and_prefix(fc, clock):
    fc.register("s/f", lambda e: "", duration=10)
    for name in ("job-a", "job-b", "other"):
        fc.invoke("s", "f", invocation_type="Async", stateful_invocation_id=name)
    clock.advance(0)
    fc.stop_async_invocation("s", "f", "job-b")
    assert [r.invocation_id for r in fc.list_async_invocations("s", "f")] == ["job-a", "job-b", "other"]
    assert [r.invocation_id for r in fc.list_async_invocations("s", "f", status=RUNNING)] == ["job-a", "other"]
    assert [r.invocation_id for r in fc.list_async_invocations("s", "f", prefix="job-")] == ["job-a", "job-b"]
    assert fc.list_async_invocations("s", "f", status=SUCCEEDED) == []
    with pytest.raises(FcError) as info:
        fc.list_async_invocations("s", "f", status="Done")
    assert info.value.message == ("status must be one of Enqueued, Running, Succeeded, Failed, Stopped, Stopping, "
                                  "Invalid, Expired, Retrying, got 'Done'")


def test_a_throttled_run_waits_for_a_free_instance(clock):
    fc = FcBackend(clock, Ids(), concurrency_quota=2)
    fc.register("s/sync", lambda e: "", duration=3)
    fc.register("s/async", lambda e: "", duration=1)
    fc.invoke("s", "sync")
    fc.invoke("s", "sync")
    fc.invoke("s", "async", invocation_type="Async", stateful_invocation_id="j")
    clock.advance(2)
    run = fc.get_async_invocation("s", "async", "j")
    assert run.status == ENQUEUED
    clock.advance(1)
    assert (run.status, run.started_ms) == (RUNNING, T0 + 3000)
    clock.advance(1)
    assert (run.status, run.ended_ms) == (SUCCEEDED, T0 + 4000)


def test_a_deleted_function_makes_queued_invocations_invalid(fc, clock):
    fc.register("s/f", lambda e: "")
    fc.invoke("s", "f", invocation_type="Async", stateful_invocation_id="j")
    run = fc.asyncs.get("s", "f", "j", None)
    fc.unregister("s/f")
    clock.advance(0)
    assert (run.status, run.error.code, run.ended_ms) == (INVALID, "FunctionNotFound", T0)
