"""Hostile bodies on every protocol: JSON nested 5,000 deep, XML nested 1,000 deep, DOCTYPEs and entities in UTF-16,
lone surrogates in names, broken chunked encodings and alias bombs. Each gets its service's own error, never a 500
or an HTML page, and the server keeps serving."""
import json
import socket
import time

import pytest
import requests

from fakecloud.wire.server import FakeCloudServer

FNF = {"Version": "2019-03-15"}
MNS = {"x-mns-version": "2015-06-06"}
DEEP = "[" * 5000 + "]" * 5000
FLOW = "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: p\n"


@pytest.fixture(scope="module")
def server():
    with FakeCloudServer() as server:
        yield server


@pytest.fixture
def url(server):
    server.reset()
    return server.url


def fnf(url, **params):
    return requests.post(url + "/", data={**FNF, **params})


def rpc_error(reply, status, code):
    assert (reply.status_code, reply.headers["Content-Type"]) == (status, "application/json;charset=utf-8")
    body = reply.json()
    assert body["Code"] == code
    return body["Message"]


def fc_error(reply, status, code):
    assert (reply.status_code, reply.headers["Content-Type"]) == (status, "application/json")
    body = reply.json()
    assert body["ErrorCode"] == body["Code"] == code
    return body["ErrorMessage"]


def mns_code(reply):
    assert reply.headers["Content-Type"] == "text/xml;charset=utf-8"
    return reply.status_code, reply.text.split("<Code>")[1].split("</Code>")[0]


def test_a_5000_deep_input_or_output_is_invalid_argument(url):
    assert fnf(url, Action="CreateFlow", Name="f", Definition=FLOW, Description="d", Type="FDL").status_code == 200
    reply = fnf(url, Action="StartExecution", FlowName="f", Input='{"a":' + DEEP + "}")
    assert rpc_error(reply, 400, "InvalidArgument") == (
        "Parameter Input is not valid JSON: JSON nested deeper than 100 levels: line 1 column 105 (char 104).")
    reply = fnf(url, Action="ReportTaskSucceeded", TaskToken="t", Output=DEEP)
    assert rpc_error(reply, 400, "InvalidArgument") == (
        "Parameter Output is not valid JSON: JSON nested deeper than 100 levels: line 1 column 101 (char 100).")
    deep_enough = '{"a":' + "[" * 99 + "]" * 99 + "}"
    assert fnf(url, Action="StartExecution", FlowName="f", Input=deep_enough).status_code == 200


def test_a_5000_deep_fc_body_is_the_fc_json_error(url):
    reply = requests.post(url + "/2016-08-15/services", data=DEEP)
    assert fc_error(reply, 400, "InvalidArgument") == (
        "the request body is not valid JSON: JSON nested deeper than 100 levels: line 1 column 101 (char 100)")
    reply = requests.post(url + "/2023-03-30/functions", data=DEEP)
    assert fc_error(reply, 400, "InvalidArgument").startswith("the request body is not valid JSON: JSON nested")


def test_the_invocations_listing_stays_healthy_after_a_5000_deep_invocation(server, url):
    with server.world() as cloud:
        cloud.fc.register("s/f", lambda event: {"size": len(event)})
    reply = requests.post(url + "/2016-08-15/services/s/functions/f/invocations", data=DEEP)
    assert (reply.status_code, reply.json()) == (200, {"size": 10000})
    listing = requests.get(url + "/_fakecloud/fc/invocations", headers=server.control_headers)
    assert listing.status_code == 200
    (entry,) = listing.json()["invocations"]
    assert entry["event"] == DEEP and entry["result"] == {"size": 10000}


def test_a_5000_deep_control_plane_body_is_invalid_json(server, url):
    reply = requests.post(url + "/_fakecloud/fc/functions", data=DEEP, headers=server.control_headers)
    assert reply.status_code == 400 and reply.json() == {
        "Code": "InvalidJSON",
        "Message": "the body is not JSON: JSON nested deeper than 100 levels: line 1 column 101 (char 100)"}


def test_1000_nested_xml_elements_are_malformed_xml(url):
    assert requests.put(url + "/queues/q", data=b"<Queue/>", headers=MNS).status_code == 201
    body = "<Message>" + "<a>" * 1000 + "</a>" * 1000 + "</Message>"
    assert mns_code(requests.post(url + "/queues/q/messages", data=body, headers=MNS)) == (400, "MalformedXML")
    body = "<Message>" + "<a>" * 15 + "</a>" * 15 + "</Message>"             # 16 levels: read, then refused
    assert mns_code(requests.post(url + "/queues/q/messages", data=body, headers=MNS)) == (400, "InvalidArgument")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-16-be", "utf-16-le"])
def test_no_doctype_or_entity_is_honoured_in_any_encoding(url, encoding):
    assert requests.put(url + "/queues/q", data=b"<Queue/>", headers=MNS).status_code == 201
    name = encoding.upper().replace("-BE", "BE").replace("-LE", "LE")
    doc = (f'<?xml version="1.0" encoding="{name}"?><!DOCTYPE m [<!ENTITY e "expanded">]>'
           "<Message><MessageBody>&e;</MessageBody></Message>")
    reply = requests.post(url + "/queues/q/messages", data=doc.encode(encoding), headers=MNS)
    assert mns_code(reply) == (400, "MalformedXML")
    plain = f'<?xml version="1.0" encoding="{name}"?><Message><MessageBody>fine</MessageBody></Message>'
    assert requests.post(url + "/queues/q/messages", data=plain.encode(encoding), headers=MNS).status_code == 201
    peek = requests.get(url + "/queues/q/messages?peekonly=true", headers=MNS)
    assert "<MessageBody>fine</MessageBody>" in peek.text and "expanded" not in peek.text


@pytest.mark.parametrize("path, body, what", [
    ("/2016-08-15/services", '{"serviceName": "s\\ud800"}', "service name 's\ufffd'"),
    ("/2016-08-15/services/s/functions", '{"functionName": "f\\udc80", "runtime": "python3.10", '
                                         '"handler": "index.handler"}', "function name 'f\ufffd'"),
    ("/2023-03-30/functions", '{"functionName": "f\\udc80", "runtime": "python3.10", "handler": "index.handler"}',
     "function name 'f\ufffd'"),
])
def test_a_lone_surrogate_in_an_fc_name_is_invalid_argument(url, path, body, what):
    assert requests.post(url + "/2016-08-15/services", json={"serviceName": "s"}).status_code == 200
    reply = requests.post(url + path, data=body.encode())
    assert fc_error(reply, 400, "InvalidArgument") == (
        f"invalid {what}: 1-128 characters, letters, digits, '_' or '-', starting with a letter or '_'")
    assert requests.get(url + "/2016-08-15/services").status_code == 200


def raw(server, request: bytes) -> bytes:
    with socket.create_connection((server.connect_host, server.port), timeout=5) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


@pytest.mark.parametrize("path, headers, content_type, code", [
    ("/", "", "application/json;charset=utf-8", b'"Code":"InvalidParameter"'),
    ("/queues/q/messages", "x-mns-version: 2015-06-06\r\n", "text/xml;charset=utf-8", b"<Code>InvalidArgument</Code>"),
    ("/2016-08-15/services", "", "application/json", b'"ErrorCode": "InvalidArgument"'),
    ("/_fakecloud/reset", "{token}", "application/json", b'"Code": "InvalidArgument"'),
])
def test_an_invalid_chunked_body_is_a_service_error_and_the_connection_closes(server, url, path, headers,
                                                                              content_type, code):
    headers = headers.replace("{token}", f"X-Fakecloud-Token: {server.control_token}\r\n")
    answer = raw(server, f"POST {path} HTTP/1.1\r\nHost: x\r\n{headers}Transfer-Encoding: chunked\r\n\r\n"
                         "ZZZ\r\nabc\r\n0\r\n\r\n".encode())
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 ") and b"Connection: close" in head
    assert f"Content-Type: {content_type}".encode() in head and b"<html" not in answer
    assert code in body and b"the request body could not be read: Invalid chunk header" in body
    assert requests.get(url + "/_fakecloud/health").status_code == 200


def test_an_alias_bomb_sent_as_createflow_is_refused_at_once(url):
    lines = ["version: v1", "type: flow", "x:", "  a0: &a0 [x]"]
    lines += [f"  a{d}: &a{d} [" + ", ".join([f"*a{d - 1}"] * 9) + "]" for d in range(1, 9)]
    definition = "\n".join(lines + ["steps:", "  - {type: pass, name: p}"]) + "\n"
    start = time.perf_counter()
    reply = fnf(url, Action="CreateFlow", Name="bomb", Definition=definition, Description="d", Type="FDL")
    assert time.perf_counter() - start < 1
    assert rpc_error(reply, 400, "InvalidArgument") == (
        "The flow definition is invalid: bomb.yaml:9:42: error: YAML aliases and merge keys expand the definition by "
        "more than 100000 values (alias '*a4' passes the limit)")
    assert json.loads(fnf(url, Action="ListFlows").text)["Flows"] == []


def test_a_request_line_the_http_layer_refuses_is_neutral_json(server, url):
    answer = raw(server, b"GET /?" + b"x" * 70000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 414 ") and b"Content-Type: application/json" in head
    assert json.loads(body) == {"Code": "RequestURITooLong", "Message": "Request-URI Too Long"}
    assert requests.get(url + "/_fakecloud/health").status_code == 200
