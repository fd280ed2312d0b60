"""Function errors (200 + x-fc-error-type) and API errors (404, 409, 429, 500, 503) of InvokeFunction, and exactly
what each official client makes of them: fc2.FcError, or the Tea clients' headers and ClientException /
ServerException with code, message, status and request id. Server and in-process."""
from __future__ import annotations

import json

import fc2
import pytest
from alibabacloud_tea_openapi.exceptions import ClientException, ServerException

from fakecloud.services.fc import FunctionCrash
from fc_wire_support import CLIENTS, invoke

TEA = ("fc_open", "fc3")


def _function_error(target, client, function):
    """(error type header, error body, request id) of a function error, as the client exposes it."""
    if client == "fc2":
        with pytest.raises(fc2.FcError) as info:
            invoke(target, client, "svc", function, b"{}")
        err = info.value
        assert err.status_code == 200 and err.err_code == ""
        body = json.loads(err.message)
        assert body.pop("RequestId") == err.request_id
        return None, body, err.request_id
    reply = invoke(target, client, "svc", function, b"{}")
    assert reply.status == 200
    return reply.headers["x-fc-error-type"], json.loads(reply.body), reply.headers["x-fc-request-id"]


@pytest.mark.parametrize("client", CLIENTS)
def test_exception_in_handler_is_an_unhandled_function_error(target, client):
    def handler(event):
        raise ValueError("bad input")

    target.cloud.fc.register("svc/boom", handler)
    error_type, body, request_id = _function_error(target, client, "boom")
    assert error_type in (None, "UnhandledInvocationError")
    assert body["errorType"] == "ValueError" and body["errorMessage"] == "bad input"
    assert body["stackTrace"][-1][2:] == ["in handler", 'raise ValueError("bad input")']
    record = target.cloud.fc.invocations[-1]
    assert record.request_id == request_id and record.error_type == "UnhandledInvocationError"


@pytest.mark.parametrize("client", CLIENTS)
def test_scripted_throw_is_a_function_error(target, client):
    target.cloud.fc.script("svc/scripted").throws("OrderRejected", "out of stock")
    error_type, body, _ = _function_error(target, client, "scripted")
    assert error_type in (None, "UnhandledInvocationError")
    assert body == {"errorMessage": "out of stock", "errorType": "OrderRejected"}


@pytest.mark.parametrize("client", CLIENTS)
def test_crash_and_timeout_have_no_error_type(target, client):
    def crash(event):
        raise FunctionCrash("process exited unexpectedly")

    target.cloud.fc.register("svc/crash", crash)
    target.cloud.fc.register("svc/slow", lambda e: "late", duration=10, timeout=2)
    assert _function_error(target, client, "crash")[1] == {"errorMessage": "process exited unexpectedly"}
    assert _function_error(target, client, "slow")[1] == {
        "errorMessage": "Function timed out after 2 seconds (maxMemoryUsage: 0.00MB)"}


def _api_error(target, client, service, function):
    """The client's exception for an API error of InvokeFunction."""
    expected = fc2.FcError if client == "fc2" else (ClientException, ServerException)
    with pytest.raises(expected) as info:
        invoke(target, client, service, function, b"{}")
    return info.value


def _check(err, client, status, code, message, request_id):
    if client == "fc2":
        assert type(err) is fc2.FcError
        assert (err.status_code, err.err_code, err.request_id) == (status, code, request_id)
        assert json.loads(err.message) == {"ErrorCode": code, "ErrorMessage": message, "Code": code,
                                           "Message": message, "RequestId": request_id}
        return
    assert type(err) is (ClientException if status < 500 else ServerException)
    assert (err.status_code, err.code, err.request_id) == (status, code, request_id)
    assert err.message == f"code: {status}, {message} request id: {request_id}"
    assert err.data["ErrorCode"] == code and err.data["statusCode"] == status


@pytest.mark.parametrize("client", CLIENTS)
def test_function_not_found(target, client):
    target.cloud.fc.register("svc/other", lambda e: "x")
    err = _api_error(target, client, "svc", "missing")
    message = ("function 'svc$missing' does not exist." if client == "fc3"
               else "function 'missing' does not exist in service 'svc'")
    _check(err, client, 404, "FunctionNotFound", message, target.cloud.fc.invocations[-1].request_id)


@pytest.mark.parametrize("client", ["fc2", "fc_open"])
def test_service_not_found(target, client):
    err = _api_error(target, client, "nosvc", "fn")
    _check(err, client, 404, "ServiceNotFound", "service 'nosvc' does not exist",
           target.cloud.fc.invocations[-1].request_id)


def test_fc3_unknown_function_of_the_fc3_service(target):
    err = _api_error(target, "fc3", "fc3", "nothing")
    _check(err, "fc3", 404, "FunctionNotFound", "function 'nothing' does not exist.", err.request_id)


@pytest.mark.parametrize("client", CLIENTS)
@pytest.mark.parametrize("code,status,message", [
    ("ResourceThrottled", 429, "Reached the limit of concurrent instances; the function was not executed"),
    ("InternalServerError", 500, "An internal error occurred"),
    ("ServiceUnavailable", 503, "The service is temporarily unavailable"),
])
def test_injected_system_errors(target, client, code, status, message):
    fc = target.cloud.fc
    fc.register("svc/fn", lambda e: "ok")
    fc.fail_next("svc/fn", code)
    err = _api_error(target, client, "svc", "fn")
    _check(err, client, status, code, message, fc.invocations[-1].request_id)
    assert invoke(target, client, "svc", "fn", b"{}").body == b"ok"      # one failure only, no client retry
    assert len(fc.invocations) == 2


@pytest.mark.parametrize("client", CLIENTS)
def test_throttled_at_the_concurrency_quota(target, client):
    fc = target.cloud.fc
    fc.concurrency_quota = 1
    fc.register("svc/busy", lambda e: "ok", duration=5)
    invoke(target, client, "svc", "busy", b"{}")
    err = _api_error(target, client, "svc", "busy")
    _check(err, client, 429, "ResourceThrottled",
           "Reached the limit of concurrent instances of the account in the region (1); the function was not "
           "executed", fc.invocations[-1].request_id)
    target.cloud.advance(5)
    assert invoke(target, client, "svc", "busy", b"{}").body == b"ok"


@pytest.mark.parametrize("client", CLIENTS)
def test_unknown_qualifier(target, client):
    target.cloud.fc.register("svc.prod/fn", lambda e: "x")
    with pytest.raises((fc2.FcError, ClientException)) as info:
        invoke(target, client, "svc", "fn", b"{}", qualifier="7")
    err = info.value
    message = "version '7' does not exist in service 'svc'"
    _check(err, client, 404, "VersionNotFound", message, target.cloud.fc.invocations[-1].request_id)


@pytest.mark.parametrize("client", CLIENTS)
def test_bad_invocation_type(target, client):
    target.cloud.fc.register("svc/fn", lambda e: "x")
    with pytest.raises((fc2.FcError, ClientException)) as info:
        invoke(target, client, "svc", "fn", b"{}", invocation_type="Later")
    err = info.value
    _check(err, client, 400, "InvalidArgument", "InvocationType must be 'Sync' or 'Async', got 'Later'",
           err.request_id)
