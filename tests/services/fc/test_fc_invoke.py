"""Synchronous invocation: handlers of each shape and return type, function errors, the context object, names,
qualifiers, the service's 404s and bad input, and the invocation record."""
from __future__ import annotations

import json

import pytest

from fakecloud.engine import TaskFailure
from fakecloud.services.fc import (FcBackend, FcError, FunctionCrash, InvokeResult, LATEST, SYNC,
                                   SYNC_PAYLOAD_LIMIT, UNHANDLED)


class BookFlightError(Exception):
    pass


# -- return values ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, body", [
    ({"a": 1, "b": "é"}, '{"a": 1, "b": "é"}'.encode()),
    ([1, 2], b"[1, 2]"),
    ("plain text", b"plain text"),
    (b"\x00\x01raw", b"\x00\x01raw"),
    (bytearray(b"xy"), b"xy"),
    (None, b""),
    (7, b"7"),
    (True, b"true"),
])
def test_return_values_become_the_body(fc, value, body):
    fc.register("s/f", lambda event: value)
    result = fc.invoke("s", "f", b"{}")
    assert result == InvokeResult(200, body, None, "request-1", 0.0)
    assert result.ok and result.headers == {"x-fc-request-id": "request-1", "x-fc-invocation-duration": "0"}


def test_the_event_is_the_payload_bytes_and_decode_gives_json(fc):
    seen = []
    fc.register("s/raw", lambda event: seen.append(event))
    fc.register("s/json", lambda event: seen.append(event), decode=True)
    fc.invoke("s", "raw", b'{"k": [1]}')
    fc.invoke("s", "json", b'{"k": [1]}')
    fc.invoke("s", "json", "not json")
    assert seen == [b'{"k": [1]}', {"k": [1]}, "not json"]


def test_text_payload_is_utf8(fc):
    fc.register("s/f", lambda event: event)
    assert fc.invoke("s", "f", "héllo").body == "héllo".encode()


def test_register_as_decorator_returns_the_handler(fc):
    @fc.register("s/f", duration=2)
    def handler(event, context):
        return {"fn": context.function.name}

    assert callable(handler) and handler(b"", type("C", (), {"function": type("F", (), {"name": "x"})})) == {"fn": "x"}
    result = fc.invoke("s", "f")
    assert result.json() == {"fn": "f"} and result.duration == 2.0
    assert result.headers["x-fc-invocation-duration"] == "2000"


def test_context_is_shaped_like_the_python_runtime(fc):
    got = {}

    def handler(event, context):
        got.update(request_id=context.request_id, function=(context.function.name, context.function.handler,
                   context.function.memory, context.function.timeout), service=(context.service.name,
                   context.service.qualifier, context.service.version_id), region=context.region,
                   account=context.account_id, creds=(context.credentials.access_key_id,
                   context.credentials.access_key_secret, context.credentials.security_token))

    fc.register("orders.3/charge", handler, memory=1024, timeout=30, handler_name="main.charge")
    fc.invoke("orders", "charge", b"", qualifier="3")
    assert got == {"request_id": "request-1", "function": ("charge", "main.charge", 1024, 30),
                   "service": ("orders", "3", "3"), "region": "cn-hangzhou", "account": "1234567890123456",
                   "creds": ("STS.fakecloud-access-key-id", "fakecloud-access-key-secret",
                             "fakecloud-security-token")}


def test_region_and_account_are_configurable(clock):
    fc = FcBackend(clock, lambda kind: "rid", region="cn-shanghai", account_id="42")
    fc.register("s/f", lambda e, c: {"r": c.region, "a": c.account_id})
    assert fc.invoke("s", "f").json() == {"r": "cn-shanghai", "a": "42"}


def test_varargs_and_callable_objects_get_the_context(fc):
    class Handler:
        def __call__(self, event, context):
            return context.service.qualifier

    fc.register("s/a", lambda *args: len(args))
    fc.register("s/b", Handler())
    assert fc.invoke("s", "a").body == b"2"
    assert fc.invoke("s", "b").body == b"LATEST"


# -- function errors -------------------------------------------------------------------------------------------

def test_an_exception_is_a_function_error_with_type_message_and_stack(fc):
    def handler(event):
        raise BookFlightError("no seats")

    fc.register("trip/book", handler)
    result = fc.invoke("trip", "book", b"{}")
    assert (result.status, result.error_type, result.request_id) == (200, UNHANDLED, "request-1")
    assert result.headers["x-fc-error-type"] == "UnhandledInvocationError"
    body = result.json()
    assert body == {"errorMessage": "no seats", "errorType": "BookFlightError", "stackTrace": [
        ['File "/code/test_fc_invoke.py"', f"line {handler.__code__.co_firstlineno + 1}", "in handler",
         'raise BookFlightError("no seats")']]}
    assert not result.ok


def test_task_failure_is_a_function_error_of_exactly_that_type_and_message(fc):
    def handler(event):
        raise TaskFailure("CardDeclined", "insufficient funds")

    fc.register("pay/charge", handler)
    assert fc.invoke("pay", "charge").json() == {"errorMessage": "insufficient funds", "errorType": "CardDeclined"}


def test_a_crash_has_no_error_type(fc):
    def handler(event):
        raise FunctionCrash("Process exited unexpectedly before completing request")

    fc.register("s/f", handler)
    result = fc.invoke("s", "f")
    assert result.error_type == UNHANDLED
    assert result.json() == {"errorMessage": "Process exited unexpectedly before completing request"}


def test_an_unserialisable_return_value_is_a_type_error(fc):
    fc.register("s/f", lambda event: {1, 2})
    result = fc.invoke("s", "f")
    assert result.error_type == UNHANDLED
    assert result.json()["errorType"] == "TypeError"
    assert result.json()["errorMessage"] == "Object of type set is not JSON serializable"


def test_a_run_longer_than_the_timeout_times_out(fc):
    fc.register("s/f", lambda event: "late", duration=5, timeout=3)
    result = fc.invoke("s", "f")
    assert (result.status, result.error_type, result.duration) == (200, UNHANDLED, 3.0)
    assert result.json() == {"errorMessage": "Function timed out after 3 seconds (maxMemoryUsage: 0.00MB)"}


@pytest.mark.parametrize("code, status", [("InternalServerError", 500), ("ResourceExhausted", 429),
                                          ("Unknown", 500), ("ResourceThrottled", 429)])
def test_an_fc_error_raised_by_a_handler_is_a_system_error(fc, code, status):
    def handler(event):
        raise FcError(code, "from the handler")

    fc.register("s/f", handler)
    with pytest.raises(FcError) as info:
        fc.invoke("s", "f")
    assert (info.value.code, info.value.message, info.value.status, info.value.request_id) == (
        code, "from the handler", status, "request-1")
    assert info.value.flow_error == f"FC.{code}"
    assert info.value.body() == {"ErrorCode": code, "ErrorMessage": "from the handler", "Code": code,
                                 "Message": "from the handler", "RequestId": "request-1"}


def test_a_task_failure_named_fc_code_is_a_system_error(fc):
    def handler(event):
        raise TaskFailure("FC.ResourceExhausted")

    fc.register("s/f", handler)
    with pytest.raises(FcError) as info:
        fc.invoke("s", "f")
    assert (info.value.code, info.value.status) == ("ResourceExhausted", 429)
    assert info.value.message == "Resources are exhausted; the function was not executed"


# -- names, qualifiers and 404s --------------------------------------------------------------------------------

def test_unknown_service_and_function(fc):
    fc.register("s/f", lambda e: "")
    with pytest.raises(FcError) as info:
        fc.invoke("nope", "f")
    assert info.value == FcError("ServiceNotFound", "service 'nope' does not exist", 404)
    with pytest.raises(FcError) as info:
        fc.invoke("s", "g")
    assert info.value == FcError("FunctionNotFound", "function 'g' does not exist in service 's'", 404)


def test_an_empty_service_answers_function_not_found(fc):
    fc.create_service("empty")
    with pytest.raises(FcError) as info:
        fc.invoke("empty", "f")
    assert info.value.code == "FunctionNotFound"


def test_qualifiers(fc):
    fc.register("s/f", lambda e, c: f"any:{c.service.qualifier}")
    fc.register("s.prod/f", lambda e, c: "prod")
    fc.register("s.prod/only", lambda e, c: "only-prod")
    assert fc.invoke("s", "f").body == b"any:LATEST"
    assert fc.invoke("s", "f", qualifier="7").body == b"any:7"
    assert fc.invoke("s", "f", qualifier="prod").body == b"prod"
    assert fc.invoke("s", "only", qualifier="prod").body == b"only-prod"
    with pytest.raises(FcError) as info:
        fc.invoke("s", "only")
    assert info.value.code == "FunctionNotFound"


def test_unknown_alias_and_version(fc):
    fc.register("t.prod/f", lambda e: "")
    with pytest.raises(FcError) as info:
        fc.invoke("t", "f", qualifier="staging")
    assert info.value == FcError("AliasNotFound", "alias 'staging' does not exist in service 't'", 404)
    with pytest.raises(FcError) as info:
        fc.invoke("t", "f", qualifier="12")
    assert info.value == FcError("VersionNotFound", "version '12' does not exist in service 't'", 404)


def test_unregister(fc):
    fc.register("s/f", lambda e: "")
    fc.unregister("s/f")
    with pytest.raises(FcError) as info:
        fc.invoke("s", "f")
    assert info.value.code == "FunctionNotFound"
    with pytest.raises(FcError) as info:
        fc.unregister("s/f")
    assert info.value.code == "FunctionNotFound"


@pytest.mark.parametrize("call, message", [
    (lambda fc: fc.invoke("1bad", "f"), "invalid service name '1bad': 1-128 characters, letters, digits, '_' or '-', "
                                        "starting with a letter or '_'"),
    (lambda fc: fc.invoke("s", "a" * 129), f"invalid function name '{'a' * 129}': 1-128 characters, letters, "
                                           f"digits, '_' or '-', starting with a letter or '_'"),
    (lambda fc: fc.invoke(3, "f"), "service name must be a string, got an integer"),
    (lambda fc: fc.invoke("s", "f", {"a": 1}), "the invocation payload must be bytes or text, got dict"),
    (lambda fc: fc.invoke("s", "f", qualifier="a.b"), "invalid qualifier 'a.b': LATEST, a version number or an "
                                                      "alias name"),
    (lambda fc: fc.invoke("s", "f", qualifier=1), "qualifier must be a string, got an integer"),
    (lambda fc: fc.invoke("s", "f", invocation_type="Later"), "InvocationType must be 'Sync' or 'Async', "
                                                              "got 'Later'"),
    (lambda fc: fc.invoke("s", "f", attempt=-1), "an attempt index is an integer >= 0, got -1"),
    (lambda fc: fc.register("nofunction", lambda e: ""), "a function is named 'service/function' or "
                                                         "'service.qualifier/function', got 'nofunction'"),
    (lambda fc: fc.register("s/f", 42), "a function's handler must be callable, got int"),
    (lambda fc: fc.register("s/f", print, timeout=0), "timeout must be an integer between 1 and 86400, got 0"),
    (lambda fc: fc.register("s/f", print, duration=-1), "duration must be a number between 0 and 86400, got -1"),
    (lambda fc: fc.register("s/f", print, memory=True), "memorySize must be an integer between 64 and 32768, "
                                                        "got True"),
    (lambda fc: fc.register("s/f", print, handler_name=""), "handler must be a non-empty string, got ''"),
])
def test_bad_input_is_invalid_argument(fc, call, message):
    with pytest.raises(FcError) as info:
        call(fc)
    assert info.value == FcError("InvalidArgument", message, 400)


def test_payload_size_limit(fc):
    fc.register("s/f", lambda e: "ok")
    assert fc.invoke("s", "f", b"x" * SYNC_PAYLOAD_LIMIT).body == b"ok"
    with pytest.raises(FcError) as info:
        fc.invoke("s", "f", b"x" * (SYNC_PAYLOAD_LIMIT + 1))
    assert info.value == FcError("EntityTooLarge", "payload size 6291457 bytes exceeds the maximum allowed size for "
                                                   "sync invocation (6291456 bytes)", 400)


# -- records ---------------------------------------------------------------------------------------------------

def test_every_invocation_is_recorded(fc, clock):
    fc.register("s/f", lambda e: {"ok": True}, duration=1.5)
    fc.register("s/g", lambda e: 1 / 0)
    fc.invoke("s", "f", b'{"n": 1}')
    clock.advance(10)
    fc.invoke("s", "g", b"[]")
    with pytest.raises(FcError):
        fc.invoke("s", "h", b"x")
    first, second, third = fc.invocations
    assert (first.request_id, first.name, first.qualifier, first.payload, first.event, first.invocation_type,
            first.attempt, first.time, first.status, first.body, first.result(), first.error_type, first.error,
            first.duration, first.ok) == (
        "request-1", "s/f", LATEST, b'{"n": 1}', {"n": 1}, SYNC, 0, 1704067200.0, 200, b'{"ok": true}',
        {"ok": True}, None, None, 1.5, True)
    assert (second.time, second.status, second.error_type, second.result()["errorType"], second.ok) == (
        1704067210.0, 200, UNHANDLED, "ZeroDivisionError", False)
    assert (third.status, third.error.code, third.body, third.ok) == (404, "FunctionNotFound", None, False)
    assert fc.invocations.of("s/f") == [first]
    assert fc.invocations.events() == [{"n": 1}, [], "x"]


def test_attempt_counts_invocations_per_function_unless_given(fc):
    fc.register("s/f", lambda e: "")
    fc.register("s/g", lambda e: "")
    fc.invoke("s", "f")
    fc.invoke("s", "g")
    fc.invoke("s", "f")
    fc.invoke("s", "f", attempt=7, execution="ex", step="t")
    assert [(i.name, i.attempt) for i in fc.invocations] == [("s/f", 0), ("s/g", 0), ("s/f", 1), ("s/f", 7)]
    assert fc.invocations.of(execution="ex", step="t")[0].attempt == 7


def test_reset_forgets_everything(fc):
    fc.register("s/f", lambda e: "", duration=5)
    fc.invoke("s", "f")
    fc.script("t/g").returns("never used")
    fc.fail_next("s/f", "Unknown")
    fc.create_service("empty")
    assert fc.in_flight.busy() == 1 and len(fc.unused()) == 2
    fc.reset()
    assert list(fc.invocations) == []
    assert (fc.services(), fc.function_keys(), fc.unused(), fc.in_flight.busy()) == ([], [], [], 0)
    with pytest.raises(FcError) as info:
        fc.invoke("s", "f")
    assert info.value.code == "ServiceNotFound"


def test_result_json_helper(fc):
    fc.register("s/f", lambda e: json.dumps({"x": [1]}))
    assert fc.invoke("s", "f").json() == {"x": [1]}
