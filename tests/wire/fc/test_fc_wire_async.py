"""Asynchronous InvokeFunction (202, request id, stateful invocation id) through the three FC clients, and the
async-invocation calls of the Tea clients: fc-open Get/List/StopStatefulAsyncInvocation(s), FC 3.0
Get/List/StopAsyncTask(s). Server and in-process."""
from __future__ import annotations

import fc2
import pytest
from alibabacloud_fc20230330 import models as fc3_models
from alibabacloud_fc_open20210406 import models as open_models
from alibabacloud_tea_openapi.exceptions import ClientException

from fakecloud.services.fc import FAILED, RUNNING, STOPPED, SUCCEEDED
from fc_wire_support import CLIENTS, invoke


def _submit(target, client, function="fn", payload=b'{"n": 1}', stateful_id=None):
    return invoke(target, client, "svc", function, payload, invocation_type="Async", stateful_id=stateful_id)


@pytest.mark.parametrize("client", CLIENTS)
def test_async_invoke_is_accepted_and_runs(target, client):
    fc = target.cloud.fc
    fc.register("svc/fn", lambda event: {"got": event.decode()})
    reply = _submit(target, client)
    assert reply.status == 202 and reply.body == b""
    record = fc.invocations[-1]
    assert record.invocation_type == "Async"
    assert reply.headers["x-fc-request-id"] == record.request_id
    assert reply.headers["x-fc-stateful-async-invocation-id"] == record.request_id
    if client == "fc3":
        assert reply.headers["x-fc-async-task-id"] == record.request_id
    invoke(target, client, "svc", "fn", b"{}")             # the next request finds the instant run finished
    run = fc.get_async_invocation("svc", "fn", record.request_id)
    assert run.status == SUCCEEDED and run.result() == {"got": '{"n": 1}'}


@pytest.mark.parametrize("client", CLIENTS)
def test_stateful_invocation_id(target, client):
    target.cloud.fc.register("svc/fn", lambda event: "ok")
    reply = _submit(target, client, stateful_id="order-42")
    assert reply.headers["x-fc-stateful-async-invocation-id"] == "order-42"
    assert reply.headers["x-fc-request-id"] != "order-42"
    expected = fc2.FcError if client == "fc2" else ClientException
    with pytest.raises(expected) as info:
        _submit(target, client, stateful_id="order-42")
    err = info.value
    code = err.err_code if client == "fc2" else err.code
    assert (code, err.status_code) == ("StatefulAsyncInvocationAlreadyExists", 409)


@pytest.mark.parametrize("client", CLIENTS)
def test_async_payload_limit(target, client):
    target.cloud.fc.register("svc/fn", lambda event: "ok")
    expected = fc2.FcError if client == "fc2" else ClientException
    with pytest.raises(expected) as info:
        _submit(target, client, payload=b"x" * (128 * 1024 + 1))
    err = info.value
    assert (err.err_code if client == "fc2" else err.code) == "EntityTooLarge"
    assert err.status_code == 400


# -- fc-open 2021-04-06: stateful async invocations ----------------------------------------------------------

def _open_get(target, invocation_id, function="fn"):
    return target.fc_open().get_stateful_async_invocation(
        "svc", function, invocation_id, open_models.GetStatefulAsyncInvocationRequest()).body


def test_fc_open_get_succeeded_and_failed(target):
    fc = target.cloud.fc
    fc.register("svc/fn", lambda event: {"ok": True})

    def boom(event):
        raise ValueError("nope")

    fc.register("svc/boom", boom)
    ok_id = _submit(target, "fc_open").headers["x-fc-request-id"]
    bad_id = _submit(target, "fc_open", function="boom", stateful_id="bad-1").headers["x-fc-request-id"]
    got = _open_get(target, ok_id)
    assert (got.status, got.invocation_id, got.request_id) == (SUCCEEDED, ok_id, ok_id)
    assert (got.service_name, got.function_name, got.qualifier) == ("svc", "fn", "LATEST")
    assert got.return_payload == '{"ok": true}' and got.invocation_payload == '{"n": 1}'
    assert 0 < got.started_time == got.end_time <= target.cloud.clock.now_ms
    failed = _open_get(target, "bad-1", "boom")
    assert (failed.status, failed.already_retried_times) == (FAILED, 3)
    assert failed.invocation_error_message == "UnhandledInvocationError" and failed.request_id == bad_id


def test_fc_open_list_filters_and_pages(target):
    fc = target.cloud.fc
    fc.register("svc/fn", lambda event: "ok")
    for i in range(3):
        _submit(target, "fc_open", stateful_id=f"job-{i}")
    _submit(target, "fc_open", stateful_id="other")
    client = target.fc_open()
    listed = client.list_stateful_async_invocations(
        "svc", "fn", open_models.ListStatefulAsyncInvocationsRequest()).body
    assert [i.invocation_id for i in listed.invocations] == ["job-0", "job-1", "job-2", "other"]
    assert listed.invocations[0].invocation_payload is None and listed.next_token == ""
    first = client.list_stateful_async_invocations("svc", "fn", open_models.ListStatefulAsyncInvocationsRequest(
        invocation_id_prefix="job-", limit=2, include_payload=True, status=SUCCEEDED)).body
    assert [i.invocation_id for i in first.invocations] == ["job-0", "job-1"]
    assert first.invocations[0].invocation_payload == '{"n": 1}' and first.next_token == "job-2"
    rest = client.list_stateful_async_invocations("svc", "fn", open_models.ListStatefulAsyncInvocationsRequest(
        invocation_id_prefix="job-", limit=2, next_token=first.next_token)).body
    assert [i.invocation_id for i in rest.invocations] == ["job-2"] and rest.next_token == ""
    newest = client.list_stateful_async_invocations("svc", "fn", open_models.ListStatefulAsyncInvocationsRequest(
        sort_order_by_time="desc", limit=1)).body
    assert [i.invocation_id for i in newest.invocations] == ["other"]
    none = client.list_stateful_async_invocations("svc", "fn", open_models.ListStatefulAsyncInvocationsRequest(
        status=RUNNING)).body
    assert none.invocations == [] and none.next_token == ""


def test_simulated_duration_is_skipped_in_virtual_time(target):
    target.cloud.fc.register("svc/fn", lambda event: "ok", duration=30)
    _submit(target, "fc_open", stateful_id="long-job")
    got = _open_get(target, "long-job")
    assert got.status == SUCCEEDED and got.duration_ms == 30000


def test_fc_open_stop_on_a_real_clock(real_target):
    target = real_target
    target.cloud.fc.register("svc/fn", lambda event: "ok", duration=300, timeout=600)
    _submit(target, "fc_open", stateful_id="long-job")
    assert _open_get(target, "long-job").status == RUNNING
    running = target.fc_open().list_stateful_async_invocations(
        "svc", "fn", open_models.ListStatefulAsyncInvocationsRequest(status=RUNNING)).body
    assert [i.invocation_id for i in running.invocations] == ["long-job"]
    resp = target.fc_open().stop_stateful_async_invocation(
        "svc", "fn", "long-job", open_models.StopStatefulAsyncInvocationRequest())
    assert resp.status_code == 200
    assert _open_get(target, "long-job").status == STOPPED
    target.cloud.advance(600)
    assert _open_get(target, "long-job").status == STOPPED


def test_fc_open_unknown_invocation(target):
    target.cloud.fc.register("svc/fn", lambda event: "ok")
    with pytest.raises(ClientException) as info:
        _open_get(target, "nope")
    assert (info.value.code, info.value.status_code) == ("StatefulAsyncInvocationNotFound", 404)
    assert info.value.message.startswith("code: 404, stateful async invocation 'nope' does not exist in function "
                                         "'fn' of service 'svc' request id: ")
    with pytest.raises(ClientException) as info:
        target.fc_open().stop_stateful_async_invocation("svc", "fn", "nope",
                                                        open_models.StopStatefulAsyncInvocationRequest())
    assert info.value.code == "StatefulAsyncInvocationNotFound"


# -- FC 3.0: async tasks ---------------------------------------------------------------------------------------

def _task(target, task_id, name="svc$fn"):
    return target.fc3().get_async_task(name, task_id, fc3_models.GetAsyncTaskRequest()).body


def test_fc3_async_tasks(target):
    fc = target.cloud.fc
    fc.register("fc3/fn", lambda event: {"ok": True})
    fc.register("fc3/slow", lambda event: "late", duration=30)
    client = target.fc3()
    reply = invoke(target, "fc3", "fc3", "fn", b'{"a": 1}', invocation_type="Async", stateful_id="t-1")
    assert reply.headers["x-fc-async-task-id"] == "t-1"
    task = _task(target, "t-1", "fn")
    assert (task.task_id, task.status, task.request_id) == ("t-1", SUCCEEDED, reply.headers["x-fc-request-id"])
    assert task.function_arn == "acs:fc:cn-hangzhou:1234567890123456:functions/fn"
    assert task.return_payload == '{"ok": true}' and task.task_payload == '{"a": 1}'
    assert task.already_retried_times == 0 and task.qualifier == "LATEST"
    invoke(target, "fc3", "fc3", "slow", b"{}", invocation_type="Async", stateful_id="t-2")
    invoke(target, "fc3", "fc3", "slow", b"{}", invocation_type="Async", stateful_id="t-3")
    listed = client.list_async_tasks("slow", fc3_models.ListAsyncTasksRequest(prefix="t-", limit=1)).body
    assert [t.task_id for t in listed.tasks] == ["t-2"] and listed.next_token == "t-3"
    assert listed.tasks[0].task_payload is None
    done = client.list_async_tasks("slow", fc3_models.ListAsyncTasksRequest(
        status=SUCCEEDED, include_payload=True, sort_order_by_time="desc")).body
    assert [(t.task_id, t.task_payload, t.duration_ms) for t in done.tasks] == [("t-3", "{}", 30000),
                                                                                ("t-2", "{}", 30000)]


def test_fc3_stop_on_a_real_clock(real_target):
    target = real_target
    target.cloud.fc.register("fc3/slow", lambda event: "late", duration=300, timeout=600)
    invoke(target, "fc3", "fc3", "slow", b"{}", invocation_type="Async", stateful_id="t-1")
    assert _task(target, "t-1", "slow").status == RUNNING
    resp = target.fc3().stop_async_task("slow", "t-1", fc3_models.StopAsyncTaskRequest())
    assert resp.status_code == 200
    task = _task(target, "t-1", "slow")
    assert task.status == STOPPED and task.end_time >= task.started_time > 0


def test_fc3_async_task_of_an_fc2_function(target):
    target.cloud.fc.register("svc/fn", lambda event: "ok")
    _submit(target, "fc2", stateful_id="from-fc2")
    assert _task(target, "from-fc2").status == SUCCEEDED


def test_fc3_unknown_task_and_function(target):
    target.cloud.fc.register("fc3/fn", lambda event: "ok")
    with pytest.raises(ClientException) as info:
        _task(target, "nope", "fn")
    assert (info.value.code, info.value.status_code) == ("StatefulAsyncInvocationNotFound", 404)
    with pytest.raises(ClientException) as info:
        target.fc3().list_async_tasks("ghost", fc3_models.ListAsyncTasksRequest())
    assert (info.value.code, info.value.status_code) == ("FunctionNotFound", 404)
    assert info.value.message.startswith("code: 404, function 'ghost' does not exist. request id: ")
