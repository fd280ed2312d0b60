"""Malformed RPC requests sent with `requests` directly: each gets the product's JSON error with its status (never a
500 with a traceback), and the server keeps serving afterwards; the same answers in-process."""
import json

import pytest
import requests
from rpc_wire_support import intercepted, served

from fakecloud.cloud import FakeCloud

FNF = {"Version": "2019-03-15"}
VISION = {"Version": "2019-12-30"}
ERROR_KEYS = {"Code", "Message", "RequestId", "HostId"}


def check(reply, status, code, message=None):
    body = reply.json()
    assert (reply.status_code, body["Code"]) == (status, code), body
    assert set(body) == ERROR_KEYS and reply.headers["Content-Type"].startswith("application/json")
    assert reply.headers["x-acs-request-id"] == body["RequestId"]
    if message is not None:
        assert body["Message"] == message
    return body


QUERY_CASES = [
    ({}, 400, "MissingParameter",
     'The input parameter "Action" that is mandatory for processing this request is not supplied.'),
    ({"Action": "DescribeFlow"}, 400, "MissingParameter",
     'The input parameter "Version" that is mandatory for processing this request is not supplied.'),
    ({"Action": "DescribeFlow", "Version": "2000-01-01"}, 400, "InvalidVersion",
     "Specified parameter Version is not valid."),
    ({"Action": "Nope", **VISION}, 404, "InvalidAction.NotFound",
     "Specified api is not found, please check your url and method."),
    ({"Action": "ClassifyCommodity", "Version": "2019-09-30"}, 404, "InvalidAction.NotFound", None),
    ({"Action": "Nope", **FNF}, 400, "ActionNotSupported", "The action Nope is not supported."),
    ({"Action": "DescribeFlow", **FNF}, 400, "MissingRequiredParams", "The required parameter Name is missing."),
    ({"Action": "ListFlows", "Limit": "abc", **FNF}, 400, "InvalidArgument",
     "Parameter Limit must be an integer, not 'abc'."),
    ({"Action": "DescribeFlow", "Name": "a b", **FNF}, 400, "InvalidArgument", None),
    ({"Action": "DescribeExecution", "FlowName": "f", "ExecutionName": "e", "WaitTimeSeconds": "x", **FNF},
     400, "InvalidArgument", None),
    ({"Action": "DetectFace", "ImageURL": "http://a/b.jpg", "MaxFaceNumber": "many", **VISION}, 400,
     "InvalidParameter", 'The specified parameter "MaxFaceNumber" is not valid.'),
    ({"Action": "DetectFace", **VISION}, 400, "MissingImageURL", "ImageURL is mandatory for this action."),
]


@pytest.fixture(params=["server", "inprocess"])
def base(request):
    """The URL raw requests go to: the server's, or a product host intercepted in-process."""
    if request.param == "server":
        with served(FakeCloud(seed=0)) as where:
            yield where.server.url + "/"
    else:
        with intercepted(FakeCloud(seed=0)):
            yield "https://facebody.cn-shanghai.aliyuncs.com/"


@pytest.mark.parametrize("query,status,code,message", QUERY_CASES)
def test_bad_queries(base, query, status, code, message):
    for method in ("GET", "POST"):
        body = check(requests.request(method, base, params=query, timeout=5), status, code, message)
        assert body["HostId"] and "RequestId" in body
    assert requests.get(base, params={"Action": "ListFlows", **FNF}, timeout=5).json()["Flows"] == []


def test_bodies_methods_and_media_types(base):
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    check(requests.put(base, params={"Action": "ListFlows", **FNF}, timeout=5), 405, "UnsupportedHTTPMethod")
    check(requests.delete(base, params={"Action": "ListFlows", **FNF}, timeout=5), 405, "UnsupportedHTTPMethod")
    check(requests.post(base, params={"Action": "StartExecution", **FNF}, json={"FlowName": "f"}, timeout=5),
          415, "UnsupportedMediaType")
    # the gateway reads form bodies only: a JSON body carries no parameters
    check(requests.post(base, params={"Action": "DetectFace", **VISION}, json={"ImageURL": "x"}, timeout=5),
          400, "MissingImageURL")
    check(requests.post(base, params={"Action": "StartExecution", **FNF}, data=b"\xff\xfe=\xff" * 10,
                        headers=form, timeout=5), 400, "MissingRequiredParams")
    check(requests.post(base, params={"Action": "CreateFlow", **FNF}, data="Name=%ZZ&Definition=%", headers=form,
                        timeout=5), 400, "MissingRequiredParams")
    # query and form merged; the action may come in the form body too
    created = requests.post(base, params={"Name": "merged", **FNF}, headers=form, timeout=5, data={
        "Action": "CreateFlow", "Definition": "version: v1\ntype: flow\nsteps:\n  - type: succeed\n    name: s\n",
        "Description": "d", "Type": "FDL"})
    assert (created.status_code, created.json()["Name"]) == (200, "merged")
    started = requests.post(base, params={"Action": "StartExecution", "FlowName": "nope", **FNF}, headers=form,
                            data={"FlowName": "merged", "ExecutionName": "e1", "Input": '{"a": "b c+d"}'}, timeout=5)
    assert (started.status_code, json.loads(started.json()["Input"])) == (200, {"a": "b c+d"})
    headers = {"x-acs-action": "DescribeFlow", "x-acs-version": "2019-03-15"}
    assert requests.get(base, params={"Name": "merged"}, headers=headers, timeout=5).json()["Name"] == "merged"


def test_oversized_bodies(base):
    """FnF answers EntityTooLarge with 400 (its metadata), the gateway with 413."""
    big = "Input=" + "x" * (1200 * 1024)
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    body = check(requests.post(base, params={"Action": "StartExecution", **FNF}, data=big, headers=form, timeout=10),
                 400, "EntityTooLarge")
    assert "bytes" in body["Message"]
    check(requests.post(base, params={"Action": "DetectFace", **VISION}, data=big, headers=form, timeout=10),
          413, "EntityTooLarge")
    assert requests.get(base, params={"Action": "ListFlows", **FNF}, timeout=5).status_code == 200
    if "aliyuncs.com" in base:      # a streamed body is sent chunked to a server only
        return
    chunks = (part.encode() for part in [big[i:i + 65536] for i in range(0, len(big), 65536)])
    check(requests.post(base, params={"Action": "StartExecution", **FNF}, data=chunks, headers=form, timeout=10),
          400, "EntityTooLarge")


def test_a_fakecloud_bug_is_a_json_500_and_the_server_keeps_serving():
    with served(FakeCloud(seed=0)) as where:
        url = where.server.url + "/"

        def boom(*args, **kwargs):
            raise RuntimeError("a bug")

        with where.world() as cloud:
            cloud.fnf.call = boom
            cloud.viapi.call = boom
        body = check(requests.get(url, params={"Action": "ListFlows", **FNF}, timeout=5), 500, "InternalServerError")
        assert "a bug" not in body["Message"] and "Traceback" not in body["Message"]
        check(requests.post(url, params={"Action": "DetectFace", "ImageURL": "u", **VISION}, timeout=5), 500,
              "InternalError")
        with where.world() as cloud:        # a reset is in place: it keeps attributes set on the objects
            del cloud.fnf.call, cloud.viapi.call
        where.server.reset()
        assert requests.get(url, params={"Action": "ListFlows", **FNF}, timeout=5).json()["Flows"] == []


def test_requests_of_other_protocols_are_not_claimed():
    with served(FakeCloud(seed=0)) as where:
        reply = requests.get(where.server.url + "/", params={"accountmeta": "true"},
                             headers={"x-mns-version": "2015-06-06"}, timeout=5)
        assert reply.status_code == 404 and reply.json()["Code"] == "InvalidRequestURL"
        reply = requests.get(where.server.url + "/nothing", params={"Action": "ListFlows", **FNF}, timeout=5)
        assert reply.status_code == 404 and reply.json()["Code"] == "InvalidRequestURL"


def test_fnf_host_names_the_product_in_process():
    with intercepted(FakeCloud(seed=0)):
        reply = requests.get("https://fnf.cn-hangzhou.aliyuncs.com/", params={"Action": "ListFlows",
                                                                               "Version": "2020-01-01"}, timeout=5)
        body = check(reply, 400, "APIVersionNotSupported")
        assert body["HostId"] == "fnf.cn-hangzhou.aliyuncs.com"
        check(requests.get("https://fnf.cn-hangzhou.aliyuncs.com/", timeout=5), 400, "MissingRequiredParams",
              "The required parameter Action is missing.")


def test_refusals_do_not_shift_the_worlds_ids():
    """Generated execution names and vision request ids are the same whether or not bad requests came first."""
    def run(bad_requests: int):
        with intercepted(FakeCloud(seed=0)):
            url = "https://fnf.cn-hangzhou.aliyuncs.com/"
            for _ in range(bad_requests):
                requests.get(url, params={"Action": "Nope", "Version": "2000-01-01"}, timeout=5)
                requests.get("https://facebody.cn-shanghai.aliyuncs.com/", params={"Action": "Nope", **VISION},
                             timeout=5)
            requests.post(url, params={"Action": "CreateFlow", **FNF}, timeout=5, data={
                "Name": "f", "Description": "d", "Type": "FDL",
                "Definition": "version: v1\ntype: flow\nsteps:\n  - type: succeed\n    name: s\n"})
            started = requests.post(url, params={"Action": "StartExecution", **FNF}, data={"FlowName": "f"},
                                    timeout=5).json()
            face = requests.get("https://facebody.cn-shanghai.aliyuncs.com/", timeout=5, params={
                "Action": "DetectFace", "ImageURL": "http://a/b.jpg", **VISION}).json()
            return started["Name"], face["RequestId"]

    assert run(0) == run(3)
