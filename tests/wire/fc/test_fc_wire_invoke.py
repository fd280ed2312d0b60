"""Synchronous InvokeFunction through aliyun-fc2, fc-open 2021-04-06 and FC 3.0, against the local server and
in-process: every kind of handler result, payload and context delivery, headers, qualifiers and log tails."""
from __future__ import annotations

import base64
import json

import pytest

from fc_wire_support import CLIENTS, invoke

RESULTS = [
    ({"ok": True, "n": [1, 2]}, b'{"ok": true, "n": [1, 2]}'),
    ("plain text \u00e9", "plain text \u00e9".encode()),
    (b"\x00\xffraw", b"\x00\xffraw"),
    (None, b""),
    ([1, "two"], b'[1, "two"]'),
    (42, b"42"),
]


@pytest.mark.parametrize("client", CLIENTS)
@pytest.mark.parametrize("value,body", RESULTS, ids=["dict", "str", "bytes", "none", "list", "number"])
def test_handler_results(target, client, value, body):
    target.cloud.fc.register("svc/fn", lambda event: value)
    reply = invoke(target, client, "svc", "fn", b'{"x": 1}')
    assert reply.status == 200
    assert reply.body == body
    record = target.cloud.fc.invocations[-1]
    assert reply.headers["x-fc-request-id"] == record.request_id
    assert "x-fc-error-type" not in reply.headers
    assert reply.headers["x-fc-invocation-duration"] == "0"


@pytest.mark.parametrize("client", CLIENTS)
def test_payload_and_context_reach_the_handler(target, client):
    seen = []

    @target.cloud.fc.register("svc/ctx")
    def handler(event, context):
        seen.append((event, context.request_id, context.service.name, context.function.name,
                     context.service.qualifier))
        return {"echo": json.loads(event)}

    reply = invoke(target, client, "svc", "ctx", json.dumps({"a": "\u4e2d"}).encode())
    assert json.loads(reply.body) == {"echo": {"a": "\u4e2d"}}
    event, request_id, service, function, qualifier = seen[0]
    assert event == json.dumps({"a": "\u4e2d"}).encode()
    assert (request_id, service, function, qualifier) == (reply.headers["x-fc-request-id"], "svc", "ctx", "LATEST")


@pytest.mark.parametrize("client", CLIENTS)
def test_empty_payload(target, client):
    target.cloud.fc.register("svc/fn", lambda event: {"len": len(event)})
    assert json.loads(invoke(target, client, "svc", "fn", b"").body) == {"len": 0}


@pytest.mark.parametrize("client", CLIENTS)
def test_qualifier_selects_the_registration(target, client):
    fc = target.cloud.fc
    fc.register("svc/fn", lambda event: "latest")
    fc.register("svc.prod/fn", lambda event: "prod")
    assert invoke(target, client, "svc", "fn", b"{}").body == b"latest"
    assert invoke(target, client, "svc", "fn", b"{}", qualifier="prod").body == b"prod"
    assert fc.invocations[-1].qualifier == "prod"


@pytest.mark.parametrize("client", CLIENTS)
def test_log_tail(target, client):
    target.cloud.fc.register("svc/fn", lambda event: "ok")
    reply = invoke(target, client, "svc", "fn", b"{}", log_type="Tail")
    request_id = reply.headers["x-fc-request-id"]
    assert base64.b64decode(reply.headers["x-fc-log-result"]).decode() == (
        f"FC Invoke Start RequestId: {request_id}\nFC Invoke End RequestId: {request_id}\n")
    assert "x-fc-log-result" not in invoke(target, client, "svc", "fn", b"{}").headers


@pytest.mark.parametrize("client", CLIENTS)
def test_scripted_answers(target, client):
    script = target.cloud.fc.script("svc/scripted")
    script.returns({"first": 1}, attempt=0)
    script.returns({"later": True})
    assert json.loads(invoke(target, client, "svc", "scripted", b"{}").body) == {"first": 1}
    assert json.loads(invoke(target, client, "svc", "scripted", b"{}").body) == {"later": True}
    target.cloud.fc.assert_all_used()


@pytest.mark.parametrize("client", CLIENTS)
def test_virtual_duration_is_reported(target, client):
    target.cloud.fc.register("svc/slow", lambda event: "done", duration=1.5)
    reply = invoke(target, client, "svc", "slow", b"{}")
    assert reply.headers["x-fc-invocation-duration"] == "1500"


def test_fc3_functions_of_the_fc3_service(target):
    target.cloud.fc.register("fc3/native", lambda event: "native")
    assert invoke(target, "fc3", "fc3", "native", b"").body == b"native"
    assert invoke(target, "fc2", "fc3", "native", b"").body == b"native"
