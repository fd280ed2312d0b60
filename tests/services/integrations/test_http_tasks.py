"""`HTTP:Request` tasks against the fake HTTP world (`cloud.http`): routes by method and URL or pattern, JSON and
text bodies, callables, the documented result wrapper, the callback token header, errors, and the record of every
request. See docs/semantics.md, "HTTP requests"."""
import re

import pytest

from fakecloud.cloud import FakeCloud
from fakecloud.engine.outcomes import Return, TaskFailure, Throw
from fakecloud.fdl.targets import WAIT_FOR_CALLBACK
from fakecloud.services.http import CALLBACK_TOKEN_HEADER, HttpResponse
from fakecloud.testing.scenario import Scenario
from task_support import TOKEN, invoke

URL = "https://model.example.com/v1/score"
JSON = "application/json;charset=UTF-8"


def test_a_json_route_answers_with_the_documented_wrapper_and_the_body_as_text():
    cloud = FakeCloud()
    cloud.http.post(URL, json={"score": 0.9}, headers={"X-Trace": "t-1"})
    outcome = invoke(cloud, "HTTP:Request", {"url": URL, "method": "post", "body": {"text": "hi"}})
    assert outcome == Return({"Header": {"X-Trace": "t-1", "Content-Type": JSON}, "Code": 200,
                              "Body": '{"score":0.9}'})
    (call,) = cloud.http.calls
    assert (call.method, call.url, call.headers, call.body, call.path, call.attempt, call.time) == (
        "POST", URL, {"Content-Type": JSON}, '{"text":"hi"}', "Call", 0, 1704067200.0)


def test_a_text_body_is_sent_verbatim_and_a_text_route_answers_text():
    cloud = FakeCloud()
    cloud.http.add("PUT", URL, body="hello world", status=201)
    outcome = invoke(cloud, "HTTP:Request", {"url": URL, "method": "Put", "body": "a=1&b=2",
                                             "headers": {"Content-Type": "text/plain", "X-N": 3}})
    assert outcome == Return({"Header": {"Content-Type": "text/plain;charset=UTF-8"}, "Code": 201,
                              "Body": "hello world"})
    assert (cloud.http.calls[0].body, cloud.http.calls[0].headers) == ("a=1&b=2", {"Content-Type": "text/plain",
                                                                                    "X-N": "3"})


def test_query_order_scheme_and_host_case_do_not_matter_the_path_does():
    cloud = FakeCloud()
    cloud.http.get("https://API.example.com/items?a=1&b=2", body="ok")
    assert invoke(cloud, "HTTP:Request", {"url": "https://api.example.com/items?b=2&a=1", "method": "GET"}).value[
        "Body"] == "ok"
    missed = invoke(cloud, "HTTP:Request", {"url": "https://api.example.com/Items?a=1&b=2", "method": "GET"})
    assert missed == Throw("FakeCloud.Unmocked", "no route answers GET https://api.example.com/Items?a=1&b=2 "
                                                 "(GET https://API.example.com/items?a=1&b=2 (status 200): another URL)")


def test_an_unregistered_url_names_the_url_and_every_route_with_its_reason():
    cloud = FakeCloud()
    cloud.http.get(URL, body="x")
    cloud.http.add(None, pattern=r"https://other\.example\.com/.*", status=204)
    outcome = invoke(cloud, "HTTP:Request", {"url": "https://model.example.com/v2", "method": "DELETE"})
    assert outcome == Throw("FakeCloud.Unmocked", "no route answers DELETE https://model.example.com/v2 "
                                                  f"(GET {URL} (status 200): another URL; "
                                                  r"ANY re:https://other\.example\.com/.* (status 204): "
                                                  "the pattern does not match)")
    assert cloud.http.calls[0].error == "FakeCloud.Unmocked"
    empty = FakeCloud()
    assert invoke(empty, "HTTP:Request", {"url": URL, "method": "GET"}).cause == (
        f"no route answers GET {URL} (no routes are registered)")


def test_method_mismatch_pattern_routes_and_times_in_order():
    cloud = FakeCloud()
    cloud.http.get(URL, status=503, times=1)
    cloud.http.add("GET", pattern=re.compile(r"https://model\.example\.com/v1/.*"), json=[1, 2])
    first = invoke(cloud, "HTTP:Request", {"url": URL, "method": "GET"})
    second = invoke(cloud, "HTTP:Request", {"url": URL, "method": "GET"}, attempt=1)
    assert first == Throw("HTTP.503", '{"Header":{"Content-Type":"text/plain;charset=UTF-8"},"Code":503,"Body":""}')
    assert second.value["Body"] == "[1,2]"
    posted = invoke(cloud, "HTTP:Request", {"url": URL, "method": "POST"})
    assert posted.cause.endswith(f"(GET {URL} (status 503, times=1): used up (times=1); GET "
                                 r"re:https://model\.example\.com/v1/.* (status 200): method GET, not POST)")
    assert [c.attempt for c in cloud.http.calls_to(URL, "get")] == [0, 1]


def test_a_callable_answers_from_the_request():
    cloud = FakeCloud()
    cloud.http.post(URL, callback=lambda call: (202, {"X-Len": str(len(call.body))}, {"echo": call.body}))
    outcome = invoke(cloud, "HTTP:Request", {"url": URL, "method": "POST", "body": "abc"})
    assert outcome == Return({"Header": {"X-Len": "3", "Content-Type": JSON}, "Code": 202,
                              "Body": '{"echo":"abc"}'})
    cloud.http.reset()
    cloud.http.get(URL, callback=lambda call: HttpResponse(200, {"A": "b"}, "raw"))
    assert invoke(cloud, "HTTP:Request", {"url": URL, "method": "GET"}) == Return(
        {"Header": {"A": "b"}, "Code": 200, "Body": "raw"})


def test_a_callable_that_fails_or_answers_badly_fails_the_request_without_a_traceback():
    cloud = FakeCloud()
    cloud.http.get(URL, callback=lambda call: 1 / 0, times=1)
    cloud.http.get(URL, callback=lambda call: "not a response", times=1)
    cloud.http.get(URL, callback=lambda call: (700, {}, ""), times=1)

    def offline(call):
        raise TaskFailure("HTTP.ConnectTimeout", "model endpoint unreachable")
    cloud.http.get(URL, callback=offline)
    outcomes = [invoke(cloud, "HTTP:Request", {"url": URL, "method": "GET"}) for _ in range(4)]
    assert outcomes == [
        Throw("HTTP.RequestFailed", "the route's callback raised ZeroDivisionError: division by zero"),
        Throw("HTTP.RequestFailed", "the route's callback gave no response: it returned str; expected "
                                    "(status, headers, body) or an HttpResponse"),
        Throw("HTTP.RequestFailed", "the route's callback gave no response: an HTTP status is an integer 100-599, "
                                    "got 700"),
        Throw("HTTP.ConnectTimeout", "model endpoint unreachable")]


def test_head_answers_no_body_and_4xx_fails_with_the_wrapper_as_cause():
    cloud = FakeCloud()
    cloud.http.head(URL, body="ignored", headers={"ETag": "e1"})
    cloud.http.delete(URL, status=404, json={"Code": "NotFound"})
    assert invoke(cloud, "HTTP:Request", {"url": URL, "method": "HEAD"}) == Return(
        {"Header": {"ETag": "e1", "Content-Type": "text/plain;charset=UTF-8"}, "Code": 200, "Body": ""})
    assert invoke(cloud, "HTTP:Request", {"url": URL, "method": "DELETE"}) == Throw(
        "HTTP.404", '{"Header":{"Content-Type":"application/json;charset=UTF-8"},"Code":404,'
                    '"Body":"{\\"Code\\":\\"NotFound\\"}"}')


@pytest.mark.parametrize("params, cause", [
    ({"method": "GET"}, "url must be a full http:// or https:// URL, got None"),
    ({"url": "ftp://x/y", "method": "GET"}, "url must be a full http:// or https:// URL, got 'ftp://x/y'"),
    ({"url": URL, "method": "FETCH"}, "method must be one of GET, POST, PATCH, PUT, DELETE, HEAD, got 'FETCH'"),
    ({"url": URL, "method": "GET", "headers": ["a"]}, "headers must be an object of names to values, got ['a']"),
    ("not an object", "the Parameters of HTTP:Request must be an object"),
])
def test_requests_that_cannot_be_sent_fail_with_http_invalid_argument(params, cause):
    cloud = FakeCloud()
    cloud.http.get(URL)
    assert invoke(cloud, "HTTP:Request", params) == Throw("HTTP.InvalidArgument", cause)
    assert cloud.http.calls == []


def test_wait_for_custom_callback_sends_the_token_header_and_submits():
    cloud = FakeCloud()
    cloud.http.post(URL, json={"queued": True})
    outcome = invoke(cloud, "HTTP:Request", {"url": URL, "method": "POST", "headers": {"X-A": "1"}},
                     pattern=WAIT_FOR_CALLBACK, token=TOKEN)
    assert outcome == Return({"Header": {"Content-Type": JSON}, "Code": 200, "Body": '{"queued":true}'})
    (call,) = cloud.http.calls
    assert call.headers == {"X-A": "1", CALLBACK_TOKEN_HEADER: TOKEN}
    assert (call.token, call.header("x-fnf-http-callback-task-token")) == (TOKEN, TOKEN)
    invoke(cloud, "HTTP:Request", {"url": URL, "method": "POST"})
    assert cloud.http.calls[1].token is None


def test_route_arguments_are_checked():
    http = FakeCloud().http
    with pytest.raises(ValueError, match="a route needs exactly one of a URL or a pattern"):
        http.get()
    with pytest.raises(ValueError, match="a route answers with 'json' or 'body', not both"):
        http.get(URL, json={}, body="x")
    with pytest.raises(ValueError, match="a route's URL is a full http:// or https:// URL, got 'model/v1'"):
        http.get("model/v1")
    with pytest.raises(ValueError, match="method must be one of"):
        http.add("BREW", URL)
    with pytest.raises(ValueError, match="route pattern '\\(' is not a regular expression"):
        http.add("GET", pattern="(")
    with pytest.raises(ValueError, match="'times' must be a positive integer, got 0"):
        http.get(URL, times=0)


def test_unused_routes_are_reported_and_reset_clears_everything():
    cloud = FakeCloud()
    cloud.http.get(URL, times=2)
    cloud.http.post(URL)
    invoke(cloud, "HTTP:Request", {"url": URL, "method": "GET"})
    plug = next(plug for plug, _ in cloud.plugs() if plug.attribute == "http")
    assert plug.unused(cloud.http) == [f"http: route GET {URL} (status 200, times=2) was requested 1 of 2 times",
                                       f"http: route POST {URL} (status 200) was never requested"]
    http = cloud.http
    cloud.reset()
    assert cloud.http is http and (http.routes, http.calls) == ([], [])


def test_scenario_routes_set_up_the_world_and_bad_ones_name_the_field():
    cloud = FakeCloud()
    plug = next(plug for plug, _ in cloud.plugs() if plug.attribute == "http")
    plug.set_up(cloud.http, {"routes": [{"method": "GET", "url": URL, "json": {"a": 1}},
                                        {"pattern": "https://x/.*", "status": 500, "times": 1}]}, "services.http")
    assert [r.describe() for r in cloud.http.routes] == [f"GET {URL} (status 200)",
                                                          "ANY re:https://x/.* (status 500, times=1)"]
    with pytest.raises(ValueError, match=r"services.http.routes\[0\]: unknown field 'uri'"):
        plug.set_up(cloud.http, {"routes": [{"uri": URL}]}, "services.http")
    with pytest.raises(ValueError, match=r"services.http.routes\[0\]: an HTTP status is an integer 100-599"):
        plug.set_up(cloud.http, {"routes": [{"url": URL, "status": "ok"}]}, "services.http")
    assert "http" in Scenario({"definition": "x", "services": {"http": {}}}).services
