"""Malformed and unusual raw requests (with `requests`, no SDK): bad JSON, unknown paths, wrong methods, oversized
bodies and internal failures get FC's own error codes in FC's body, and the server keeps serving afterwards."""
from __future__ import annotations

import fc2
import pytest
import requests

from fakecloud.wire.app import WireApp
from fakecloud.wire.fc import protocol as fc_protocol
from fc_wire_support import Server, Target

ERROR_KEYS = {"ErrorCode", "ErrorMessage", "Code", "Message", "RequestId"}


def _error(answer, status, code, message=None):
    assert answer.status_code == status
    assert answer.headers["Content-Type"] == "application/json"
    body = answer.json()
    assert set(body) == ERROR_KEYS
    assert body["ErrorCode"] == body["Code"] == code
    assert body["ErrorMessage"] == body["Message"]
    assert body["RequestId"] == answer.headers["x-fc-request-id"] != ""
    if message is not None:
        assert body["Message"] == message
    return body


def _still_serving(target):
    target.cloud.fc.register("alive/fn", lambda event: "alive")
    answer = requests.post(f"{target.url}/2016-08-15/services/alive/functions/fn/invocations", data=b"{}", timeout=10)
    assert (answer.status_code, answer.content) == (200, b"alive")


@pytest.mark.parametrize("body,message", [
    (b"{not json", "the request body is not valid JSON: Expecting property name enclosed in double quotes: line 1 "
                   "column 2 (char 1)"),
    (b"[1, 2]", "the request body must be a JSON object"),
    (b"", "the request body must be a JSON object"),
    (b"\xff\xfe", None),
])
def test_bad_json(target, body, message):
    answer = requests.post(f"{target.url}/2016-08-15/services", data=body, timeout=10)
    _error(answer, 400, "InvalidArgument", message)
    _still_serving(target)


@pytest.mark.parametrize("method,path", [
    ("GET", "/2016-08-15/nothing"),
    ("GET", "/2016-08-15/services/svc/functions/fn/invocations/extra"),
    ("GET", "/2021-04-06/services/svc/triggers"),
    ("GET", "/2023-03-30/services"),
    ("POST", "/2023-03-30/functions/fn/async-tasks/t/stop"),
    ("PUT", "/2016-08-15/services/svc/functions/fn/invocations"),
    ("GET", "/2023-03-30/functions/fn/invocations"),
    ("PATCH", "/2021-04-06/services"),
    ("DELETE", "/2023-03-30/functions"),
])
def test_unknown_paths_and_wrong_methods(target, method, path):
    answer = requests.request(method, target.url + path, timeout=10)
    _error(answer, 400, "PathNotSupported", f"'{method}' against '{path}' is not supported")
    _still_serving(target)


def test_invalid_names(target):
    answer = requests.post(f"{target.url}/2016-08-15/services", json={"serviceName": "9lives"}, timeout=10)
    _error(answer, 400, "InvalidArgument",
           "invalid service name '9lives': 1-128 characters, letters, digits, '_' or '-', starting with a letter or '_'")
    answer = requests.post(f"{target.url}/2016-08-15/services", json={"serviceName": 7}, timeout=10)
    _error(answer, 400, "InvalidArgument", "serviceName is required and must be a non-empty string")


def test_oversized_sync_payload(target):
    target.cloud.fc.register("svc/fn", lambda event: "ok")
    size = 6 * 1024 * 1024 + 1
    answer = requests.post(f"{target.url}/2016-08-15/services/svc/functions/fn/invocations", data=b"x" * size,
                           timeout=30)
    _error(answer, 400, "EntityTooLarge", f"payload size {size} bytes exceeds the maximum allowed size for sync "
                                          f"invocation (6291456 bytes)")
    _still_serving(target)


def test_oversized_async_payload(target):
    target.cloud.fc.register("svc/fn", lambda event: "ok")
    size = 128 * 1024 + 1
    answer = requests.post(f"{target.url}/2021-04-06/services/svc/functions/fn/invocations", data=b"x" * size,
                           headers={"X-Fc-Invocation-Type": "Async"}, timeout=30)
    _error(answer, 400, "EntityTooLarge", f"payload size {size} bytes exceeds the maximum allowed size for async "
                                          f"invocation (131072 bytes)")
    _still_serving(target)


def test_oversized_management_body(target):
    answer = requests.post(f"{target.url}/2016-08-15/services", data=b" " * (16 * 1024 * 1024 + 1), timeout=30)
    _error(answer, 400, "EntityTooLarge")
    _still_serving(target)


def test_internal_failure_is_an_fc_500(target, monkeypatch):
    def broken(call, **params):
        raise RuntimeError("a bug")

    monkeypatch.setattr(fc_protocol, "OPERATIONS", {**fc_protocol.OPERATIONS, "invoke": broken})   # read-only table
    answer = requests.post(f"{target.url}/2016-08-15/services/svc/functions/fn/invocations", data=b"{}", timeout=10)
    body = _error(answer, 500, "InternalServerError", "an internal error has occurred. Please retry.")
    assert "Traceback" not in answer.text and "a bug" not in answer.text
    with pytest.raises(fc2.FcError) as info:          # POST: fc2 does not retry a 500
        target.fc2().invoke_function("svc", "fn", payload=b"{}")
    assert (info.value.status_code, info.value.err_code) == (500, "InternalServerError")
    assert body["RequestId"] != info.value.request_id
    monkeypatch.undo()
    _still_serving(target)


class Counting:
    """Counts the requests that reach the app."""

    def __init__(self, app):
        self.app, self.count = app, 0

    def __call__(self, environ, start_response):
        self.count += 1
        return self.app(environ, start_response)


def test_fc2_gets_errors_are_answered_once(cloud):
    """fc2 retries GET/PUT/DELETE on 500/502/504 (urllib3 Retry, ~30 s); FC's 4xx API errors reach it at once."""
    counting = Counting(WireApp(cloud))
    with Server(counting) as server:
        client = Target("server", server.host, counting.app, cloud).fc2()
        with pytest.raises(fc2.FcError) as info:
            client.get_function("svc", "missing")
        assert (info.value.status_code, info.value.err_code) == (404, "ServiceNotFound")
        with pytest.raises(fc2.FcError):
            client.delete_service("missing")
    assert counting.count == 2
