"""A client that sends its headers and half its body, then holds the connection, stalls only itself: bodies are read
before the world's lock is taken, and a client silent for the read timeout is answered and dropped."""
import socket
import time

import pytest
import requests

from fakecloud.wire.server import FakeCloudServer

HALF_SENT = (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
             b"Content-Length: 100\r\n\r\nAction=ListFlows&Vers")


def probe(server) -> float:
    start = time.perf_counter()
    reply = requests.get(server.url + "/", params={"Action": "ListFlows", "Version": "2019-03-15"}, timeout=5)
    assert reply.status_code == 200 and reply.json()["Flows"] == []
    return time.perf_counter() - start


@pytest.mark.parametrize("path, headers", [
    (b"/", b""),
    (b"/queues/q/messages", b"x-mns-version: 2015-06-06\r\n"),
    (b"/2016-08-15/services", b""),
    (b"/_fakecloud/reset", b""),
])
def test_a_probe_answers_at_once_while_another_client_holds_a_half_sent_body(path, headers):
    with FakeCloudServer() as server:
        with socket.create_connection((server.connect_host, server.port)) as slow:
            slow.sendall(b"POST " + path + b" HTTP/1.1\r\nHost: x\r\n" + headers
                         + b"Content-Length: 100\r\n\r\n{\"half\": ")
            time.sleep(0.2)                      # the server has the headers and is reading the body
            assert probe(server) < 1
            assert probe(server) < 1


def test_a_chunked_body_held_half_sent_blocks_no_one():
    with FakeCloudServer() as server:
        with socket.create_connection((server.connect_host, server.port)) as slow:
            slow.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nAction=")
            time.sleep(0.2)
            assert probe(server) < 1


def test_a_client_silent_for_the_read_timeout_is_answered_and_dropped():
    with FakeCloudServer(read_timeout=0.5) as server:
        with socket.create_connection((server.connect_host, server.port), timeout=5) as slow:
            slow.sendall(HALF_SENT)
            start = time.perf_counter()
            answer = b""
            while chunk := slow.recv(65536):
                answer += chunk
            waited = time.perf_counter() - start
        assert 0.4 < waited < 3
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 400 ") and b"Connection: close" in head
        assert b'"Code":"InvalidParameter"' in body
        assert b"the request body could not be read: the client stopped sending it" in body
        assert probe(server) < 1
