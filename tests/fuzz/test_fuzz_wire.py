"""Malformed requests against a running server, on every protocol: RPC (FnF and vision), MNS XML, FC JSON on its
three versions, the control plane, and bodies whose transfer encoding is broken. Every answer is the protocol's own
error format (JSON or XML, never HTML), nothing is 5xx, nothing is logged as a failure, and the server keeps
serving."""
import json
import logging
import socket

import pytest
import requests
from conftest import examples
from hypothesis import given
from hypothesis import strategies as st

from fakecloud.wire.server import FakeCloudServer

FNF_ACTIONS = ["CreateFlow", "DescribeFlow", "ListFlows", "UpdateFlow", "DeleteFlow", "StartExecution",
               "DescribeExecution", "ListExecutions", "StopExecution", "GetExecutionHistory", "ReportTaskSucceeded",
               "ReportTaskFailed", "Nope"]
VISION_ACTIONS = ["DetectFace", "RecognizeCharacter", "ClassifyCommodity", "GetAsyncJobResult", "Nope"]
PARAMS = ["Name", "FlowName", "ExecutionName", "Definition", "Description", "Type", "Input", "Output", "TaskToken",
          "Error", "Cause", "Limit", "NextToken", "WaitTimeSeconds", "Status", "StartedTimeBegin", "ImageURL",
          "JobId", "MaxFaceNumber", "Environment", "RoleArn", "ExecutionMode", "a.1.b", "Tags.1.Key"]
DEEP = ["[" * 5000 + "]" * 5000, '{"a":' * 3000 + "1" + "}" * 3000, '"\\ud800"', '{"k": "\\udc80"}']
FLOW = "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: p\n"

texts = st.one_of(st.text(max_size=40), st.sampled_from(DEEP + [FLOW, "", "{}", "[]", "1", "null", "x" * 70000]),
                  st.integers().map(str))
json_values = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                                     st.text(max_size=20)),
                           lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                   st.dictionaries(st.text(max_size=12), inner, max_size=4)),
                           max_leaves=20)
bodies = st.one_of(json_values.map(lambda v: json.dumps(v).encode()), st.sampled_from([d.encode() for d in DEEP]),
                   st.binary(max_size=200), st.just(b""))
segment = st.one_of(st.sampled_from(["q", "t", "s", "f", "fc3", "a-b", "", "%2F", "x" * 300, "%ED%A0%80",
                                     "s$f", "s.LATEST", "s.1"]), st.text("abcXYZ019_-~%", max_size=12).filter(lambda s: s.strip(".") == s))


class Failures(logging.Handler):
    """Records logged at ERROR or above by fakecloud or werkzeug: a traceback the server wrote."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.records = []

    def emit(self, record):
        self.records.append(self.format(record))


@pytest.fixture(scope="module")
def served():
    failures = Failures()
    loggers = [logging.getLogger("fakecloud"), logging.getLogger("werkzeug")]
    for logger in loggers:
        logger.addHandler(failures)
    try:
        with FakeCloudServer(read_timeout=2) as server:
            yield server, failures
    finally:
        for logger in loggers:
            logger.removeHandler(failures)


@pytest.fixture
def server(served):
    server, failures = served
    server.reset()
    with server.world() as cloud:
        cloud.fc.register("s/f", lambda event: {"n": len(event)})
        cloud.mns.create_queue("q")
        cloud.mns.create_topic("t")
    yield server
    records, failures.records = failures.records, []
    assert records == [], records[:3]
    assert requests.get(server.url + "/_fakecloud/health", timeout=5).json() == {"status": "ok"}


def answered(reply, kind):
    """The answer is the protocol's own format and no 5xx."""
    content_type = reply.headers.get("Content-Type", "")
    assert reply.status_code < 500, (reply.status_code, reply.text[:300])
    assert "html" not in content_type and not reply.text.lstrip().lower().startswith("<!doctype html")
    if reply.status_code >= 400 and reply.request.method != "HEAD":
        if kind == "mns":
            assert content_type == "text/xml;charset=utf-8" and "<Code>" in reply.text, reply.text[:300]
        else:
            body = reply.json()
            assert ("ErrorCode" if kind == "fc" else "Code") in body, body


def send(server, tally, kind, method, path, **kwargs):
    tally(f"{kind} requests")
    reply = requests.request(method, server.url + path, timeout=10, **kwargs)
    answered(reply, kind)
    return reply


@examples(quick=10, campaign=1500)
@given(st.sampled_from(["GET", "POST", "PUT"]), st.sampled_from(["2019-03-15", "2019-12-30", "2020-03-20", "", "x"]),
       st.sampled_from(FNF_ACTIONS + VISION_ACTIONS + [""]), st.dictionaries(st.sampled_from(PARAMS), texts,
                                                                             max_size=5),
       st.sampled_from(["query", "form", "raw"]), st.binary(max_size=100))
def test_rpc(server, tally, method, version, action, params, where, raw):
    common = {"Version": version, "Action": action}
    if where == "query":
        send(server, tally, "rpc", method, "/", params={**common, **params})
    elif where == "form":
        send(server, tally, "rpc", method, "/", params=common, data=params)
    else:
        send(server, tally, "rpc", method, "/", params=common, data=raw,
             headers={"Content-Type": "application/octet-stream"})


@st.composite
def xml_bodies(draw):
    names = st.sampled_from(["Queue", "Topic", "Message", "Messages", "MessageBody", "DelaySeconds", "Priority",
                             "VisibilityTimeout", "ReceiptHandle", "ReceiptHandles", "MessageAttributes",
                             "Subscription", "Endpoint", "x"])
    depth = draw(st.sampled_from([1, 2, 3, 20, 1000]))
    inner = draw(st.text(max_size=20)).replace("&", "&amp;").replace("<", "&lt;")
    for _ in range(depth):
        tag = draw(names)
        inner = f"<{tag}>{inner}</{tag}>"
    head = draw(st.sampled_from(["", '<?xml version="1.0" encoding="UTF-8"?>',
                                 '<!DOCTYPE m [<!ENTITY e "boom">]>', '<?xml version="1.0"?><!DOCTYPE x SYSTEM "f">']))
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "latin-1"]))
    data = (head + inner).encode(encoding, "replace")
    return draw(st.one_of(st.just(data), st.binary(max_size=100), st.just(data[: len(data) // 2])))


@examples(quick=10, campaign=1500)
@given(st.sampled_from(["GET", "PUT", "POST", "DELETE", "PATCH"]),
       st.lists(st.one_of(st.sampled_from(["queues", "topics", "messages", "subscriptions"]), segment),
                min_size=1, max_size=5),
       st.dictionaries(st.sampled_from(["waitseconds", "numOfMessages", "peekonly", "ReceiptHandle",
                                        "VisibilityTimeout", "receiptHandle", "x"]), st.text(max_size=10),
                       max_size=3),
       xml_bodies())
def test_mns(server, tally, method, segments, query, body):
    path = "/" + "/".join([segments[0] if segments[0] in ("queues", "topics") else "queues", *segments[1:]])
    send(server, tally, "mns", method, path, params=query, data=body, headers={"x-mns-version": "2015-06-06"})


@examples(quick=10, campaign=1500)
@given(st.sampled_from(["GET", "PUT", "POST", "DELETE"]), st.sampled_from(["2016-08-15", "2021-04-06", "2023-03-30"]),
       st.lists(st.one_of(st.sampled_from(["services", "functions", "invocations", "async-invocations",
                                           "stateful-async-invocations", "proxy"]), segment), max_size=5),
       bodies, st.sampled_from(["Sync", "Async", "async", "x", None]))
def test_fc(server, tally, method, version, segments, body, invocation):
    headers = {"x-fc-invocation-type": invocation} if invocation else {}
    path = f"/{version}/" + "/".join(segments)
    send(server, tally, "fc", method, path, data=body, headers=headers)
    if segments[:1] == ["services"]:
        send(server, tally, "fc", "POST", f"/{version}/services/s/functions/f/invocations", data=body)


@examples(quick=10, campaign=1000)
@given(st.sampled_from(["GET", "POST", "DELETE"]),
       st.sampled_from(["", "/", "/health", "/reset", "/clock", "/clock/advance", "/flows", "/fc/functions",
                        "/fc/invocations", "/viapi/scripts", "/mns/outbox", "/mns/http-pushes", "/nope"]),
       st.one_of(bodies, json_values.map(lambda v: json.dumps({"name": v, "seconds": v, "definition": v,
                                                               "product": v, "api": v, "rules": v}).encode())))
def test_control_plane(server, tally, method, path, body):
    send(server, tally, "control", method, "/_fakecloud" + path, data=body, headers=server.control_headers)
    send(server, tally, "fc", "GET", "/2016-08-15/services")


def raw_exchange(server, request: bytes) -> bytes:
    with socket.create_connection((server.connect_host, server.port), timeout=10) as sock:
        sock.sendall(request)
        sock.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


@examples(quick=8, campaign=600)
@given(st.sampled_from(["/", "/queues/q/messages", "/2016-08-15/services/s/functions/f/invocations",
                        "/_fakecloud/flows"]),
       st.sampled_from(["chunked", "short", "long", "badlength"]), st.binary(max_size=60))
def test_broken_framing(server, tally, path, framing, data):
    if framing == "chunked":
        head, body = b"Transfer-Encoding: chunked\r\n", data + b"\r\n0\r\n\r\n"
    elif framing == "short":
        head, body = f"Content-Length: {len(data) + 50}\r\n".encode(), data
    elif framing == "long":
        head, body = f"Content-Length: {len(data)}\r\n".encode(), data + b"trailing garbage"
    else:
        head, body = b"Content-Length: abc\r\n", data
    mns = b"x-mns-version: 2015-06-06\r\n" if path.startswith("/queues") else b""
    tally("framing requests")
    answer = raw_exchange(server, b"POST " + path.encode() + b" HTTP/1.1\r\nHost: x\r\n" + mns + head + b"\r\n" + body)
    status_line = answer.split(b"\r\n", 1)[0]
    assert status_line.startswith(b"HTTP/1.1 ") and not status_line[9:10] == b"5", answer[:300]
    assert b"<html" not in answer.lower()
