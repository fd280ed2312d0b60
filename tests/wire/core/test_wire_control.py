"""The control plane under /_fakecloud/: exact JSON in and out, errors as {Code, Message}."""
import json
import textwrap

import pytest

from fakecloud.engine import SUCCEEDED
from fakecloud.services.fc import FcError

EPOCH = 1704067200.0


def post(client, path, body=None, raw=None):
    data = raw if raw is not None else (json.dumps(body) if body is not None else b"")
    return client.post("/_fakecloud" + path, data=data, content_type="application/json")


def error(response):
    return response.status_code, response.json


def test_the_index_lists_every_endpoint(client):
    assert client.get("/_fakecloud/").json == {"endpoints": [
        "GET /_fakecloud/", "GET /_fakecloud/health", "POST /_fakecloud/reset", "GET /_fakecloud/clock",
        "POST /_fakecloud/clock/advance", "POST /_fakecloud/flows", "POST /_fakecloud/fc/functions",
        "GET /_fakecloud/fc/invocations", "POST /_fakecloud/viapi/scripts", "GET /_fakecloud/mns/outbox",
        "GET /_fakecloud/mns/http-pushes"]}
    assert client.get("/_fakecloud").json == client.get("/_fakecloud/").json
    assert client.get("/_fakecloud/health").json == {"status": "ok"}


def test_unknown_endpoint_and_wrong_method(client):
    assert error(client.get("/_fakecloud/nope")) == (404, {
        "Code": "NotFound", "Message": "no control endpoint /_fakecloud/nope; GET /_fakecloud/ lists them"})
    response = client.get("/_fakecloud/reset")
    assert error(response) == (405, {"Code": "MethodNotAllowed", "Message": "GET /_fakecloud/reset: use POST"})
    assert response.headers["Allow"] == "POST"
    assert error(client.delete("/_fakecloud/clock")) == (405, {
        "Code": "MethodNotAllowed", "Message": "DELETE /_fakecloud/clock: use GET"})


def test_bodies_must_be_json_objects_with_known_fields(client):
    assert error(post(client, "/clock/advance", raw=b"{nope")) == (400, {
        "Code": "InvalidJSON", "Message": "the body is not JSON: Expecting property name enclosed in double quotes: "
                                          "line 1 column 2 (char 1)"})
    assert error(post(client, "/clock/advance", [1])) == (400, {
        "Code": "InvalidJSON", "Message": "the body must be a JSON object"})
    assert error(post(client, "/clock/advance", {"seconds": 1, "secs": 2})) == (400, {
        "Code": "InvalidArgument", "Message": "unknown field 'secs' (known: seconds)"})
    assert error(post(client, "/reset", {"all": True})) == (400, {
        "Code": "InvalidArgument", "Message": "unknown field 'all'"})


def test_clock_reads_and_advances(client, cloud):
    assert client.get("/_fakecloud/clock").json == {"now": EPOCH, "iso": "2024-01-01T00:00:00.000Z",
                                                    "mode": "virtual"}
    fired = []
    cloud.clock.call_later(90, lambda: fired.append(cloud.clock.iso()), auto=False)   # waits on a client
    assert post(client, "/clock/advance", {"seconds": 90.5}).json == {
        "now": EPOCH + 90.5, "iso": "2024-01-01T00:01:30.500Z", "mode": "virtual"}
    assert fired == ["2024-01-01T00:01:30.000Z"]
    assert post(client, "/clock/advance", {"seconds": 0}).json["iso"] == "2024-01-01T00:01:30.500Z"


@pytest.mark.parametrize("seconds", [-1, "10", True, None, 1e12])
def test_advance_needs_a_number_of_seconds(client, seconds):
    assert error(post(client, "/clock/advance", {"seconds": seconds})) == (400, {
        "Code": "InvalidArgument", "Message": f"'seconds' must be a number >= 0, got {json.dumps(seconds)}"})


def test_reset_returns_to_a_clean_world(client, cloud):
    cloud.mns.create_queue("q")
    cloud.fc.script("svc/fn").returns(1)
    post(client, "/clock/advance", {"seconds": 3600})
    assert post(client, "/reset").json == {"reset": True}
    assert cloud.mns.list_queues().names == ()
    assert cloud.fc.invocations == []
    assert client.get("/_fakecloud/clock").json["iso"] == "2024-01-01T00:00:00.000Z"
    assert post(client, "/reset", raw=b"{}").json == {"reset": True}


def test_flows_are_registered_replaced_and_run(client, cloud):
    definition = "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: p\n"
    assert post(client, "/flows", {"name": "hello", "definition": definition}).json == {
        "name": "hello", "replaced": False}
    assert post(client, "/flows", {"name": "hello", "definition": definition}).json == {
        "name": "hello", "replaced": True}
    assert cloud.run("hello").status == SUCCEEDED
    as_object = {"version": "v1", "type": "flow", "steps": [{"type": "pass", "name": "p"}]}
    assert post(client, "/flows", {"name": "obj", "definition": as_object}).status_code == 200
    assert cloud.run("obj", {"a": 1}).status == SUCCEEDED


def test_invalid_flows_are_refused(client):
    status, body = error(post(client, "/flows", {"name": "bad", "definition": "version: v1\ntype: flow\n"}))
    assert (status, body["Code"]) == (400, "InvalidArgument")
    assert body["Message"].startswith("invalid flow definition:\nbad.yaml:")
    assert error(post(client, "/flows", {"name": "x", "definition": ""})) == (400, {
        "Code": "InvalidArgument", "Message": "'definition' must be the FDL text (or its object form)"})
    assert error(post(client, "/flows", {"definition": "x"})) == (400, {
        "Code": "InvalidArgument", "Message": "'name' must be a non-empty string, got null"})
    status, body = error(post(client, "/flows", {"name": "no spaces", "definition": "version: v1\n"}))
    assert (status, body["Code"]) == (400, "InvalidArgument")


def test_fc_function_from_a_script(client, cloud):
    script = [{"attempt": 0, "throw": {"error": "Busy", "cause": "try later"}}, {"return": {"ok": True}}]
    assert post(client, "/fc/functions", {"name": "svc/fn", "script": script}).json == {
        "name": "svc/fn", "handler": None, "rules": 2}
    first, second = cloud.fc.invoke("svc", "fn", b"{}"), cloud.fc.invoke("svc", "fn", b"{}")
    assert (first.json(), second.json()) == ({"errorMessage": "try later", "errorType": "Busy"}, {"ok": True})
    # posting a script again replaces the rules
    assert post(client, "/fc/functions", {"name": "svc/fn", "script": [{"return": 7}]}).json["rules"] == 1
    assert cloud.fc.invoke("svc", "fn", b"{}").json() == 7


@pytest.fixture
def handlers(tmp_path, monkeypatch):
    (tmp_path / "wire_core_handlers.py").write_text(textwrap.dedent("""\
        import json

        def double(event):
            return {"doubled": json.loads(event)["n"] * 2}

        class Box:
            @staticmethod
            def hello(event, context):
                return "hello from " + context.function.name

        NOT_CALLABLE = 3
        """))
    monkeypatch.syspath_prepend(str(tmp_path))


def test_fc_function_from_an_importable_handler(client, cloud, handlers):
    assert post(client, "/fc/functions", {"name": "svc/double", "handler": "wire_core_handlers:double"}).json == {
        "name": "svc/double", "handler": "wire_core_handlers:double", "rules": 0}
    assert cloud.fc.invoke("svc", "double", b'{"n": 21}').json() == {"doubled": 42}
    body = {"name": "svc/hello", "handler": "wire_core_handlers:Box.hello", "script": [{"attempt": 0, "return": 1}],
            "duration": 2, "timeout": 10, "memory": 256}
    assert post(client, "/fc/functions", body).json == {
        "name": "svc/hello", "handler": "wire_core_handlers:Box.hello", "rules": 1}
    assert [cloud.fc.invoke("svc", "hello").body for _ in range(2)] == [b"1", b"hello from hello"]
    assert cloud.fc.function("svc/hello").timeout == 10


def test_fc_function_errors(client, handlers):
    assert error(post(client, "/fc/functions", {"name": "svc/fn"})) == (400, {
        "Code": "InvalidArgument", "Message": "give 'handler' (\"module:function\"), 'script' (a list of rules) or "
                                              "both"})
    assert error(post(client, "/fc/functions", {"name": "svc/fn", "handler": "nomodule"})) == (400, {
        "Code": "InvalidArgument", "Message": "'handler' must be \"module:function\", got 'nomodule'"})
    assert error(post(client, "/fc/functions", {"name": "svc/fn", "handler": "no_such_module_x:f"})) == (400, {
        "Code": "HandlerNotFound",
        "Message": "cannot import no_such_module_x:f: ModuleNotFoundError: No module named 'no_such_module_x'"})
    assert error(post(client, "/fc/functions", {"name": "svc/fn", "handler": "wire_core_handlers:nope"})) == (400, {
        "Code": "HandlerNotFound", "Message": "cannot import wire_core_handlers:nope: AttributeError: module "
                                              "'wire_core_handlers' has no attribute 'nope'"})
    assert error(post(client, "/fc/functions", {"name": "svc/fn", "handler": "wire_core_handlers:NOT_CALLABLE"})) \
        == (400, {"Code": "HandlerNotFound", "Message": "wire_core_handlers:NOT_CALLABLE is not callable"})
    assert error(post(client, "/fc/functions", {"name": "svc/fn", "script": [{"return": 1, "throw": "X"}]})) == (
        400, {"Code": "InvalidArgument",
              "Message": "'script': svc/fn: rule 0: exactly one of 'return' or 'throw' is required"})
    status, body = error(post(client, "/fc/functions", {"name": "no-slash", "script": []}))
    assert (status, body["Code"]) == (400, "InvalidArgument")
    status, body = error(post(client, "/fc/functions", {"name": "svc/fn", "handler": "json:loads", "timeout": -1}))
    assert (status, body["Code"]) == (400, "InvalidArgument")


def test_fc_invocations_as_json(client, cloud):
    cloud.fc.script("svc/fn").returns({"ok": 1})
    cloud.fc.invoke("svc", "fn", b'{"n": 1}')
    cloud.advance(5)
    with pytest.raises(FcError):
        cloud.fc.invoke("svc", "other", b"plain")
    (ok, missing) = client.get("/_fakecloud/fc/invocations").json["invocations"]
    assert ok == {"requestId": ok["requestId"], "name": "svc/fn", "service": "svc", "qualifier": "LATEST",
                  "function": "fn", "invocationType": "Sync", "attempt": 0, "time": "2024-01-01T00:00:00.000Z",
                  "event": {"n": 1}, "status": 200, "result": {"ok": 1}, "errorType": None, "error": None,
                  "duration": 0.0, "invocationId": None, "execution": None, "step": None}
    assert (missing["time"], missing["event"], missing["status"], missing["result"]) == (
        "2024-01-01T00:00:05.000Z", "plain", 404, None)
    assert missing["error"] == {"code": "FunctionNotFound", "message": missing["error"]["message"]}
    only = client.get("/_fakecloud/fc/invocations?name=svc/fn").json["invocations"]
    assert [i["name"] for i in only] == ["svc/fn"]


def test_vision_scripts(client, cloud):
    body = {"product": "goodstech", "api": "ClassifyCommodity",
            "script": [{"return": {"Data": {"Categories": [{"CategoryName": "cup"}]}}}]}
    assert post(client, "/viapi/scripts", body).json == {
        "product": "goodstech", "api": "ClassifyCommodity", "rules": 1, "jobRules": 0}
    answer = cloud.viapi.call("goodstech", "ClassifyCommodity", {"ImageURL": "http://x/cup.png"})
    assert answer["Data"] == {"Categories": [{"CategoryName": "cup"}]}


def test_vision_script_errors(client):
    assert error(post(client, "/viapi/scripts", {"product": "goodstech", "api": "Nope", "script": []})) == (400, {
        "Code": "InvalidArgument", "Message": "goodstech:Nope is not in the vision API catalog"})
    assert error(post(client, "/viapi/scripts", {"product": "goodstech", "api": "ClassifyCommodity"})) == (400, {
        "Code": "InvalidArgument",
        "Message": "give 'script' (answers of the call), 'jobs' (how its async jobs end) or both"})
    status, body = error(post(client, "/viapi/scripts",
                              {"product": "goodstech", "api": "ClassifyCommodity", "jobs": []}))
    assert (status, body) == (400, {"Code": "InvalidArgument",
                                    "Message": "goodstech:ClassifyCommodity is not an async API"})


MAIL = {"MailAttributes": {"Subject": "Hi", "AccountName": "noreply@example.com", "AddressType": 0,
                           "IsHTML": True, "ReplyToAddress": 0}}


def test_mns_outbox_and_http_pushes(client, cloud):
    mns = cloud.mns
    mns.create_topic("news")
    mns.subscribe("news", "m", "mail:directmail:user@example.com")
    mns.subscribe("news", "h", "http://example.com/notify")
    cloud.advance(2)
    mns.publish_message("news", "<b>Welcome</b>", None, MAIL)
    outbox = client.get("/_fakecloud/mns/outbox").json
    assert outbox == {"sms": [], "mails": [{
        "toAddress": "user@example.com", "subject": "Hi", "accountName": "noreply@example.com",
        "body": "<b>Welcome</b>", "isHtml": True, "addressType": 0, "replyToAddress": 0,
        "attributes": MAIL["MailAttributes"], "topicName": "news", "subscriptionName": "m",
        "messageId": outbox["mails"][0]["messageId"], "time": "2024-01-01T00:00:02.000Z"}]}
    (push,) = client.get("/_fakecloud/mns/http-pushes").json["pushes"]
    assert (push["url"], push["time"], push["status"], push["handled"], push["exception"]) == (
        "http://example.com/notify", "2024-01-01T00:00:02.000Z", None, False, None)
    assert isinstance(push["headers"], dict) and isinstance(push["body"], str)


def test_a_bug_in_an_endpoint_is_a_json_500(client, app, monkeypatch):
    control = next(p for p in app.protocols if p.name == "control")
    monkeypatch.setitem(control.routes, "/health", {"GET": lambda body, request: 1 / 0})
    assert error(client.get("/_fakecloud/health")) == (500, {
        "Code": "InternalError", "Message": "internal error in fakecloud: ZeroDivisionError: division by zero"})
    assert client.get("/_fakecloud/clock").status_code == 200
