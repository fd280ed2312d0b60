"""FC behaviour given through the control plane (/_fakecloud/fc/functions: scripted answers or a "module:function"
handler) answering functions an SDK deploys and invokes; invocations read back and the world reset over HTTP."""
from __future__ import annotations

import json

import fc2
import pytest
import requests
from alibabacloud_fc20230330 import models as fc3_models

from fc_wire_support import invoke


def _control(target, method, path, body=None):
    answer = requests.request(method, f"{target.url}/_fakecloud{path}", json=body, timeout=10,
                              headers=target.settings["control"]["headers"] if target.settings else None)
    assert answer.status_code == 200, answer.text
    return answer.json()


def _deploy(target, service="svc", function="fn"):
    client = target.fc2()
    client.create_service(service)
    client.create_function(service, function, "python3.10", "index.handler", codeOSSBucket="b", codeOSSObject="o")


def test_scripted_behaviour_for_a_deployed_function(target):
    _control(target, "POST", "/fc/functions", {"name": "svc/fn", "script": [
        {"attempt": 0, "return": {"step": 1}},
        {"attempt": 1, "throw": {"error": "Declined", "cause": "card declined"}},
        {"attempt": "2-", "throw": "FC.ResourceThrottled"},
    ]})
    _deploy(target)                         # registered first, deployed after: the script is kept
    assert json.loads(invoke(target, "fc_open", "svc", "fn", b"{}").body) == {"step": 1}
    reply = invoke(target, "fc_open", "svc", "fn", b"{}")
    assert reply.headers["x-fc-error-type"] == "UnhandledInvocationError"
    assert json.loads(reply.body) == {"errorMessage": "card declined", "errorType": "Declined"}
    with pytest.raises(fc2.FcError) as info:
        invoke(target, "fc2", "svc", "fn", b"{}")
    assert (info.value.status_code, info.value.err_code) == (429, "ResourceThrottled")
    recorded = _control(target, "GET", "/fc/invocations?name=svc/fn")["invocations"]
    assert [(i["attempt"], i["status"], i["errorType"]) for i in recorded] == [
        (0, 200, None), (1, 200, "UnhandledInvocationError"), (2, 429, None)]
    assert recorded[2]["error"]["code"] == "ResourceThrottled"


def test_handler_for_an_fc3_function(target):
    target.fc3().create_function(fc3_models.CreateFunctionRequest(body=fc3_models.CreateFunctionInput(
        function_name="echo", runtime="python3.10", handler="index.handler")))
    _control(target, "POST", "/fc/functions", {"name": "fc3/echo", "handler": "fc_wire_support:echo_handler"})
    reply = invoke(target, "fc3", "fc3", "echo", b'{"a": 1}')
    assert json.loads(reply.body) == {"echo": {"a": 1}, "function": "echo"}


def test_reset_over_http(target):
    _deploy(target)
    _control(target, "POST", "/reset")
    with pytest.raises(fc2.FcError) as info:
        target.fc2().get_service("svc")
    assert info.value.err_code == "ServiceNotFound"
