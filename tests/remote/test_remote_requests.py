"""What goes over the wire when a live endpoint answers task steps: the requests each integration sends, the
credentials' refusals and an endpoint that does not answer (both raised through the run, never recorded)."""
import socket
from urllib.parse import parse_qsl

import pytest
from remote_support import run_remote

from fakecloud.cloud import FakeCloud
from fakecloud.remote import Endpoint, EndpointRefused, EndpointUnreachable, RemoteTasks
from fakecloud.remote.transport import Answer
from fakecloud.testing.runner import FlowRunner

FC = """
version: v1
type: flow
steps:
  - type: task
    name: price
    resourceArn: acs:fc:::services/shop.prod/functions/price
"""
QUEUE = """
version: v1
type: flow
steps:
  - type: task
    name: send
    resourceArn: acs:mns:::/queues/orders/messages
    serviceParams: {MessageBody: hi}
"""
VISION = """
version: v1
type: flow
steps:
  - type: task
    name: look
    action: goodstech:ClassifyCommodity
    serviceParams: {ImageURL: "http://example.com/a b.jpg", Flag: true, Tags: [a, b]}
"""
ASYNC_SYNC = """
version: v1
type: flow
steps:
  - type: task
    name: price
    resourceArn: acs:fc:::services/shop/functions/price
    pattern: sync
    timeoutSeconds: 3
    serviceParams: {InvocationType: Async}
"""


class Spy:
    """A transport that records what would be sent and answers with the given answers in turn."""

    def __init__(self, *answers):
        self.sent, self.answers = [], list(answers)

    def __call__(self, outgoing):
        self.sent.append(outgoing)
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


def run_with(spy, flow, endpoint=None, input=None):
    runner = FlowRunner(FakeCloud())
    endpoint = endpoint or Endpoint.local("http://stand-in:9000", access_key_id="AK", access_key_secret="SK")
    runner.router.remote = RemoteTasks(endpoint, transport=spy)
    return runner.run(flow, input)


STS = Endpoint("https://1.cn-shanghai.fc.aliyuncs.com", "https://1.mns.cn-shanghai.aliyuncs.com",
               "https://{product}.cn-shanghai.aliyuncs.com", "cn-shanghai", "1", "STS.key", "SK", "token-1")


def test_fc_invoke_request():
    spy = Spy(Answer(200, {}, b'{"total": 3}'))
    run = run_with(spy, FC, STS, {"qty": 1})
    assert (run.status, run.output) == ("Succeeded", {"total": 3})
    sent = spy.sent[0]
    assert (sent.method, sent.base, sent.target, sent.body) == (
        "POST", "https://1.cn-shanghai.fc.aliyuncs.com", "/2016-08-15/services/shop.prod/functions/price/invocations",
        b'{"qty":1}')
    assert sent.headers["Content-Type"] == "application/json"
    assert (sent.headers["x-fc-account-id"], sent.headers["x-fc-security-token"]) == ("1", "token-1")
    assert sent.headers["Authorization"].startswith("FC STS.key:") and sent.headers["Date"].endswith(" GMT")


def test_mns_send_request():
    spy = Spy(Answer(201, {"x-mns-request-id": "R1"},
                     b"<Message><MessageId>M1</MessageId><MessageBodyMD5>X</MessageBodyMD5></Message>"))
    run = run_with(spy, QUEUE, STS)
    assert run.output == {"MessageId": "M1", "MessageBodyMD5": "X", "RequestId": "R1"}
    sent = spy.sent[0]
    assert (sent.base, sent.target) == ("https://1.mns.cn-shanghai.aliyuncs.com", "/queues/orders/messages")
    assert sent.body == (b'<?xml version="1.0" encoding="UTF-8"?>\n<Message xmlns="http://mns.aliyuncs.com/doc/v1/">'
                         b'<MessageBody>hi</MessageBody></Message>')
    assert (sent.headers["x-mns-version"], sent.headers["security-token"]) == ("2015-06-06", "token-1")
    assert sent.headers["Authorization"].startswith("MNS STS.key:")


def test_vision_request_is_rpc_v1_with_the_parameters_in_a_form():
    spy = Spy(Answer(200, {}, b'{"RequestId": "R", "Data": {}}'))
    run = run_with(spy, VISION, STS)
    assert run.output == {"RequestId": "R", "Data": {}}
    sent = spy.sent[0]
    assert sent.base == "https://goodstech.cn-shanghai.aliyuncs.com"
    query = dict(parse_qsl(sent.target.partition("?")[2]))
    assert {k: query[k] for k in ("Action", "Version", "Format", "AccessKeyId", "SignatureMethod",
                                  "SignatureVersion", "RegionId", "SecurityToken")} == {
        "Action": "ClassifyCommodity", "Version": "2019-12-30", "Format": "JSON", "AccessKeyId": "STS.key",
        "SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0", "RegionId": "cn-shanghai",
        "SecurityToken": "token-1"}
    assert query["Signature"] and query["Timestamp"].endswith("Z")
    assert sent.body == b"ImageURL=http%3A%2F%2Fexample.com%2Fa%20b.jpg&Flag=true&Tags.1=a&Tags.2=b"


def test_the_sync_pattern_polls_until_the_run_ends():
    spy = Spy(Answer(202, {}, b""), Answer(200, {}, b'{"status": "Running"}'),
              Answer(200, {}, b'{"status": "Succeeded", "returnPayload": "{\\"total\\": 9}"}'))
    runner = FlowRunner(FakeCloud())
    remote = RemoteTasks(Endpoint.local("http://stand-in:9000"), transport=spy)
    pauses = []
    remote.by_name["fc"].sleep = pauses.append
    runner.router.remote = remote
    run = runner.run(ASYNC_SYNC, {"qty": 3})
    assert (run.status, run.output) == ("Succeeded", {"total": 9})
    stateful = spy.sent[0].headers["x-fc-stateful-async-invocation-id"]
    assert [s.method for s in spy.sent] == ["POST", "GET", "GET"]
    assert spy.sent[1].target == f"/2016-08-15/services/shop/functions/price/stateful-async-invocations/{stateful}"
    assert pauses == [0.05]


def test_a_run_still_going_after_the_task_timeout_times_the_task_out():
    spy = Spy(Answer(202, {}, b""), Answer(200, {}, b'{"status": "Running"}'))
    runner = FlowRunner(FakeCloud())
    remote = RemoteTasks(Endpoint.local("http://stand-in:9000"), transport=spy)
    fc = remote.by_name["fc"]
    ticks = iter(range(0, 100))
    fc.now, fc.sleep = lambda: next(ticks), lambda seconds: None
    runner.router.remote = remote
    run = runner.run(ASYNC_SYNC, {"qty": 3})
    assert (run.status, run.error) == ("Failed", "FnF.TaskTimeout")
    assert run.cause.endswith(" was still Running")
    assert len(spy.sent) == 1 + 3          # deadline 0 + 3 s: polls seen at 1, 2 and 3


@pytest.mark.parametrize("flow,where", [
    (FC, "Function Compute refused the request: InvalidAccessKeyID"),
    (QUEUE, "MNS refused the request: InvalidAccessKeyId"),
    (VISION, "the goodstech API refused the request: InvalidAccessKeyId.NotFound"),
])
def test_a_key_the_endpoint_refuses_is_raised_not_recorded(server, flow, where):
    endpoint = Endpoint.local(server.url, access_key_id="someone-else", access_key_secret="x")
    with pytest.raises(EndpointRefused) as info:
        run_remote(server, flow, lambda cloud: None, endpoint=endpoint)
    assert str(info.value).startswith(where)
    assert str(info.value).endswith("(check the AccessKey pair the recording signs with)")


def test_a_wrong_secret_is_a_signature_refusal(server):
    endpoint = Endpoint.local(server.url, access_key_secret="not-the-secret")
    with pytest.raises(EndpointRefused, match="^Function Compute refused the request: SignatureNotMatch: "):
        run_remote(server, FC, lambda cloud: None, endpoint=endpoint)


def test_an_endpoint_that_does_not_answer_is_raised_with_the_request():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]          # nothing listens once the socket is closed
    runner = FlowRunner(FakeCloud())
    runner.router.remote = RemoteTasks(Endpoint.local(f"http://127.0.0.1:{port}"))
    with pytest.raises(EndpointUnreachable) as info:
        runner.run(QUEUE)
    assert str(info.value).startswith(f"POST http://127.0.0.1:{port}/queues/orders/messages: ConnectionRefusedError")
