"""Raw HTTP against the server: the response's own shape (lower-case x-mns-request-id, content type, version),
and malformed requests (bad XML, missing or unknown parameters, unknown operations, wrong methods, oversized
bodies, fakecloud failures) answered with the service's codes as `<Error>`, after which the server keeps
serving."""
from __future__ import annotations

import http.client
from urllib.parse import urlsplit

import pytest
import requests

from mns_wire_support import error_fields

DECL = b'<?xml version="1.0" encoding="UTF-8"?>'
NS = b'xmlns="http://mns.aliyuncs.com/doc/v1/"'


def call(server, method: str, path: str, body: bytes = b"", headers: dict | None = None) -> requests.Response:
    return requests.request(method, server.host + path, data=body, headers=headers or {}, timeout=10)


def check_error(response: requests.Response, status: int, code: str, message: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"] == "text/xml;charset=utf-8"
    fields = error_fields(response.text)
    assert list(fields) == ["Code", "Message", "RequestId", "HostId"]
    assert fields["Code"] == code, fields
    if message is not None:
        assert fields["Message"] == message
    assert fields["RequestId"] == response.headers["x-mns-request-id"]
    return fields


def still_serving(server) -> None:
    response = call(server, "PUT", "/queues/after-the-storm")
    assert response.status_code in (201, 204), response.text
    assert call(server, "GET", "/queues/after-the-storm").status_code == 200


@pytest.fixture
def queue(server):
    assert call(server, "PUT", "/queues/q").status_code == 201
    return "/queues/q"


def test_headers_as_the_sdk_needs_them(server):
    """x-mns-request-id in exactly this spelling (the SDK reads a plain dict), x-mns-version, Location."""
    parts = urlsplit(server.host)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request("PUT", "/queues/raw", body=b"")
        response = conn.getresponse()
        response.read()
        names = [name for name, _ in response.getheaders()]
        assert response.status == 201
        assert "x-mns-request-id" in names and "x-mns-version" in names
        assert response.getheader("Location") == f"{server.host}/queues/raw"
        conn.request("GET", "/queues/raw")
        response = conn.getresponse()
        body = response.read()
        assert response.status == 200 and response.getheader("Content-Type") == "text/xml;charset=utf-8"
        assert body.startswith(DECL) and NS in body
    finally:
        conn.close()


def test_empty_create_body_takes_the_defaults(server):
    assert call(server, "PUT", "/queues/bare").status_code == 201
    assert b"<VisibilityTimeout>30</VisibilityTimeout>" in call(server, "GET", "/queues/bare").content


@pytest.mark.parametrize("body", [
    b"<Message><MessageBody>x",
    b"not xml at all",
    b"",
    b"\xff\xfe<Message/>",
    DECL + b'<!DOCTYPE lol [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><Message><MessageBody>&b;</MessageBody>'
           b"</Message>",
])
def test_bad_xml_is_malformed_xml(server, queue, body):
    check_error(call(server, "POST", queue + "/messages", body), 400, "MalformedXML",
                "The XML you provided was not well-formed.")
    still_serving(server)


@pytest.mark.parametrize("body, element", [
    (b"<Queue><MessageBody>x</MessageBody></Queue>", "Queue"),
    (b"<Message><MessageBody>x</MessageBody><Colour>red</Colour></Message>", "Colour"),
    (b"<Message><DelaySeconds>1</DelaySeconds></Message>", "MessageBody"),
    (b"<Message><MessageBody>x</MessageBody><Priority>high</Priority></Message>", "Priority"),
    (b"<Message><MessageBody>x</MessageBody><MessageBody>y</MessageBody></Message>", "MessageBody"),
    (b"<Messages><Message><MessageBody>x</MessageBody></Message><Other/></Messages>", "Other"),
])
def test_schema_violations_are_invalid_argument(server, queue, body, element):
    check_error(call(server, "POST", queue + "/messages", body), 400, "InvalidArgument",
                f"The XML you provided did not validate against our published schema, cause by {element}.")


def test_values_out_of_range(server, queue):
    body = b"<Message><MessageBody>x</MessageBody><DelaySeconds>604801</DelaySeconds></Message>"
    check_error(call(server, "POST", queue + "/messages", body), 400, "InvalidArgument",
                "The value of DelaySeconds should between 0 and 604800 seconds.")
    check_error(call(server, "GET", queue + "/messages?waitseconds=31"), 400, "InvalidArgument",
                "The value of waitseconds should between 0 and 30 seconds.")
    check_error(call(server, "GET", queue + "/messages?numOfMessages=17"), 400, "InvalidArgument",
                "The value of numOfMessages should between 1 and 16.")
    assert call(server, "PUT", "/topics/t").status_code == 201
    body = b"<Message><MessageBody>x</MessageBody><MessageTag>" + b"t" * 17 + b"</MessageTag></Message>"
    check_error(call(server, "POST", "/topics/t/messages", body), 400, "InvalidArgument")


@pytest.mark.parametrize("method, query, item", [
    ("GET", "?colour=red", "colour"),
    ("GET", "?waitseconds=soon", "waitseconds"),
    ("GET", "?peekonly=maybe", "peekonly"),
    ("GET", "?waitseconds=1&waitseconds=2", "waitseconds"),
    ("PUT", "?ReceiptHandle=1-00&VisibilityTimeout=ten", "VisibilityTimeout"),
    ("DELETE", "?ReceiptHandle=1-00&also=1", "also"),
])
def test_bad_query_items_are_invalid_query_string(server, queue, method, query, item):
    check_error(call(server, method, queue + "/messages" + query), 400, "InvalidQueryString",
                f"Http request URL contains invalid querystring item \u201c{item}\u201d.")


def test_missing_parameters(server, queue):
    check_error(call(server, "DELETE", queue + "/messages"), 400, "MissingReceiptHandle", "ReceiptHandle is required.")
    check_error(call(server, "DELETE", queue + "/messages?ReceiptHandle="), 400, "MissingReceiptHandle")
    check_error(call(server, "PUT", queue + "/messages?VisibilityTimeout=5"), 400, "MissingReceiptHandle")
    check_error(call(server, "PUT", queue + "/messages?ReceiptHandle=1-00"), 400, "MissingVisibilityTimeout",
                "VisibilityTimeout is required.")


@pytest.mark.parametrize("method, path", [
    ("PATCH", "/queues/q"),
    ("POST", "/queues/q"),
    ("POST", "/queues"),
    ("DELETE", "/topics"),
    ("GET", "/queues/q/unknown"),
    ("GET", "/queues/q/messages/extra"),
    ("GET", "/queues/"),
    ("GET", "/queues//messages"),
    ("PUT", "/topics/t/subscriptions"),
    ("GET", "/topics/t/subscriptions/s/more"),
])
def test_unknown_operations_are_invalid_request_url(server, method, path):
    check_error(call(server, method, path), 400, "InvalidRequestURL", "Http request URL format invalid.")


def test_oversized_body(server, queue):
    body = b"<Message><MessageBody>" + b"x" * (server.app.max_body_bytes + 1) + b"</MessageBody></Message>"
    response = call(server, "POST", queue + "/messages", body)
    check_error(response, 413, "EntityTooLarge")
    still_serving(server)


def test_a_fakecloud_failure_is_internal_error(server, queue, monkeypatch):
    with server.world() as cloud:
        monkeypatch.setattr(cloud.mns, "get_queue_attributes", lambda name: 1 / 0)
    check_error(call(server, "GET", queue), 500, "InternalError")
    monkeypatch.undo()
    still_serving(server)


def test_batch_delete_body_with_foreign_elements(server, queue):
    body = b"<ReceiptHandles><ReceiptHandle>1-00</ReceiptHandle><Handle>x</Handle></ReceiptHandles>"
    check_error(call(server, "DELETE", queue + "/messages", body), 400, "InvalidArgument")


def test_namespace_is_optional_in_requests(server, queue):
    body = DECL + b'<Message xmlns=""><MessageBody>plain</MessageBody></Message>'
    assert call(server, "POST", queue + "/messages", body).status_code == 201
    response = call(server, "GET", queue + "/messages")
    assert response.status_code == 200 and b"<MessageBody>plain</MessageBody>" in response.content
