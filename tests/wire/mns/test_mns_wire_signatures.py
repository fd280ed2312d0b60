"""MNS signature verification: off by default (any key, no Authorization at all), and when on, requests signed
with a configured key pass while the service's own codes answer the rest."""
from __future__ import annotations

import time

import pytest
import requests
from mns.mns_common import RequestInfo
from mns.mns_exception import MNSServerException
from mns.queue import Message, QueueMeta
from mns.subscription import SubscriptionMeta
from mns.topic import TopicMessage, TopicMeta

from mns_wire_support import AK, SECRET, error_fields, http_date, mns_headers

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def server_error(call, *args) -> MNSServerException:
    with pytest.raises(MNSServerException) as info:
        call(*args)
    return info.value


def test_signed_requests_pass(signed_target):
    account = signed_target.account(AK, SECRET)
    queue = account.get_queue("q")
    queue.create(QueueMeta())
    queue.send_message(Message("m"), RequestInfo("my-request-7"))      # an x-mns-user-request-id header, signed
    got = queue.receive_message(1)                                       # a query string, signed
    changed = queue.change_message_visibility(got.receipt_handle, 10)
    queue.delete_message(changed.receipt_handle)
    topic = account.get_topic("t")
    topic.create(TopicMeta())
    account.get_subscription("t", "s").subscribe(SubscriptionMeta("http://example.com/hook"))
    topic.publish_message(TopicMessage("hello"))
    assert account.list_queue()[0] == [f"{signed_target.host}/queues/q"]


def test_security_tokens_are_accepted(signed_target):
    from mns.account import Account
    account = Account(signed_target.host, AK, SECRET, security_token="sts-token")
    account.get_queue("q").create(QueueMeta())


def test_wrong_secret_is_signature_does_not_match(signed_target):
    e = server_error(signed_target.account(AK, "not-the-secret").get_queue("q").create, QueueMeta())
    assert e.type == "SignatureDoesNotMatch"
    assert e.message == ("The request signature we calculated does not match the signature you provided. "
                         "Check your key and signing method.")
    assert e.req_id and e.host_id == signed_target.host
    with signed_target.world() as cloud:
        assert cloud.mns.list_queues().names == ()                      # nothing happened


def test_unknown_key_is_invalid_access_key_id(signed_target):
    e = server_error(signed_target.account("someone-else", SECRET).list_queue)
    assert (e.type, e.message) == ("InvalidAccessKeyId", "The AccessKey Id you provided is not exist.")


def test_unchecked_by_default(target):
    target.account("any-key", "any-secret").get_queue("q").create(QueueMeta())


# --- raw requests against a verifying server ----------------------------------------------------------------------

def raw_get(url: str, headers: dict) -> requests.Response:
    return requests.get(url, headers=headers, timeout=10)


def check_error(response: requests.Response, status: int, code: str, message: str | None = None) -> None:
    assert response.status_code == status, response.text
    fields = error_fields(response.text)
    assert fields["Code"] == code
    if message is not None:
        assert fields["Message"] == message
    assert fields["RequestId"] == response.headers["x-mns-request-id"]
    assert fields["HostId"]


def test_missing_authorization(signed_server):
    response = raw_get(f"{signed_server.host}/queues", {"Date": http_date(), "x-mns-version": "2015-06-06"})
    check_error(response, 400, "MissingAuthorizationHeader", "Authorization header is required.")


def test_malformed_authorization(signed_server):
    for value in ("Bearer abc", "MNS no-colon", f"MNS {AK}:", "MNS :sig"):
        headers = {"Date": http_date(), "Authorization": value}
        check_error(raw_get(f"{signed_server.host}/queues", headers), 400, "InvalidAuthorizationHeader")


def test_missing_and_bad_dates(signed_server):
    headers = mns_headers("GET", "/queues")
    del headers["Date"]
    check_error(raw_get(f"{signed_server.host}/queues", headers), 400, "MissingDateHeader", "Date header is required.")
    headers = mns_headers("GET", "/queues", date="yesterday")
    check_error(raw_get(f"{signed_server.host}/queues", headers), 400, "InvalidDateHeader")
    headers = mns_headers("GET", "/queues", date=http_date(time.time() - 3600))
    check_error(raw_get(f"{signed_server.host}/queues", headers), 408, "TimeExpired",
                "The http request you sent is expired.")


def test_signature_covers_the_raw_query(signed_server):
    uri = "/queues/q/messages?ReceiptHandle=1-a+b/c"
    good = mns_headers("DELETE", uri)
    response = requests.delete(signed_server.host + uri, headers=good, timeout=10)
    check_error(response, 404, "QueueNotExist")                        # signature accepted, then the queue
    other = mns_headers("DELETE", "/queues/q/messages?ReceiptHandle=1-a b/c")
    response = requests.delete(signed_server.host + uri, headers=other, timeout=10)
    check_error(response, 403, "SignatureDoesNotMatch")


def test_signature_covers_mns_headers_and_body(signed_server):
    body = b'<?xml version="1.0"?><Queue xmlns="http://mns.aliyuncs.com/doc/v1/"/>'
    headers = mns_headers("PUT", "/queues/q", body, extra={"x-mns-user-request-id": "mine"})
    headers["x-mns-user-request-id"] = "changed"
    response = requests.put(signed_server.host + "/queues/q", data=body, headers=headers, timeout=10)
    check_error(response, 403, "SignatureDoesNotMatch")
    headers = mns_headers("PUT", "/queues/q", body)
    assert requests.put(signed_server.host + "/queues/q", data=body, headers=headers, timeout=10).status_code == 201
