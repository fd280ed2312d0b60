"""Queue operations through aliyun-mns-sdk, against the server and in-process: CreateQueue, GetQueueAttributes,
SetQueueAttributes, DeleteQueue, ListQueue, and their errors."""
from __future__ import annotations

import pytest
from mns.mns_exception import MNSServerException
from mns.mns_request import (CreateQueueRequest, CreateQueueResponse, GetQueueAttributesRequest,
                             GetQueueAttributesResponse, ListQueueRequest, ListQueueResponse)
from mns.queue import Message, QueueMeta

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")   # the SDK's own deprecated counters


def server_error(call, *args) -> MNSServerException:
    with pytest.raises(MNSServerException) as info:
        call(*args)
    return info.value


def test_create_answers_the_queue_url_and_defaults(target, account):
    url = account.get_queue("orders").create(QueueMeta())
    assert url == f"{target.host}/queues/orders"
    meta = account.get_queue("orders").get_attributes()
    assert meta.queue_name == "orders"
    assert (meta.visibility_timeout, meta.maximum_message_size, meta.message_retention_period,
            meta.delay_seconds, meta.polling_wait_seconds, meta.logging_enabled) == (30, 65536, 345600, 0, 0, False)
    with target.world() as cloud:
        now = int(cloud.clock.now())
    assert abs(meta.create_time - now) <= 1 and meta.last_modify_time == meta.create_time


def test_create_with_attributes(account):
    meta = QueueMeta(vis_timeout=60, max_msg_size=2048, msg_ttl=3600, delay_sec=5, polling_wait_sec=3,
                     logging_enabled=True)
    account.get_queue("tuned").create(meta)
    got = account.get_queue("tuned").get_attributes()
    assert (got.visibility_timeout, got.maximum_message_size, got.message_retention_period, got.delay_seconds,
            got.polling_wait_seconds, got.logging_enabled) == (60, 2048, 3600, 5, 3, True)


def test_create_again_with_the_same_attributes_is_204_with_location(target, account):
    client = account.get_client()
    first, again = CreateQueueResponse(), CreateQueueResponse()
    client.create_queue(CreateQueueRequest("twice", 45), first)
    client.create_queue(CreateQueueRequest("twice", 45), again)
    assert (first.status, again.status) == (201, 204)
    assert first.queue_url == again.queue_url == f"{target.host}/queues/twice"
    # the request id comes from the lower-case x-mns-request-id header
    assert first.get_requestid() and again.get_requestid() and first.get_requestid() != again.get_requestid()


def test_create_again_with_other_attributes_is_queue_already_exist(account):
    account.get_queue("taken").create(QueueMeta(vis_timeout=45))
    e = server_error(account.get_queue("taken").create, QueueMeta(vis_timeout=46))
    assert (e.type, e.message) == ("QueueAlreadyExist", "The queue you want to create is already exist.")
    assert e.req_id and e.host_id


def test_attribute_out_of_range_is_invalid_argument(account):
    e = server_error(account.get_queue("q").create, QueueMeta(max_msg_size=100))
    assert e.type == "InvalidArgument"
    assert e.message == "The value of MaximumMessageSize should between 1024 and 65536 bytes."


def test_invalid_queue_name(account):
    e = server_error(account.get_queue("bad_name").create, QueueMeta())
    assert e.type == "InvalidQueueName"


def test_set_attributes_changes_only_the_given_ones(target, account):
    queue = account.get_queue("q")
    queue.create(QueueMeta(vis_timeout=45))
    target.advance(10)
    queue.set_attributes(QueueMeta(polling_wait_sec=7))
    got = queue.get_attributes()
    assert (got.visibility_timeout, got.polling_wait_seconds) == (45, 7)
    assert got.last_modify_time >= got.create_time + 10


def test_set_attributes_of_a_missing_queue(account):
    e = server_error(account.get_queue("nope").set_attributes, QueueMeta(vis_timeout=10))
    assert (e.type, e.message) == ("QueueNotExist", "The queue name you provided is not exist.")


def test_message_counts_in_attributes(account):
    queue = account.get_queue("q")
    queue.create(QueueMeta())
    queue.send_message(Message("a"))
    queue.send_message(Message("b"))
    queue.send_message(Message("later", delay_seconds=100))
    queue.receive_message()
    resp = GetQueueAttributesResponse()
    account.get_client().get_queue_attributes(GetQueueAttributesRequest("q"), resp)
    assert (resp.active_messages, resp.inactive_messages, resp.delay_messages) == (1, 1, 1)


def test_delete_queue(account):
    queue = account.get_queue("gone")
    queue.create(QueueMeta())
    queue.delete()
    e = server_error(queue.get_attributes)
    assert e.type == "QueueNotExist"
    assert server_error(queue.delete).type == "QueueNotExist"


def test_list_queues_with_prefix_and_paging(target, account):
    for name in ("b-2", "a-1", "b-1", "b-3", "c-1"):
        account.get_queue(name).create(QueueMeta())
    urls, marker = account.list_queue()
    assert urls == [f"{target.host}/queues/{n}" for n in ("a-1", "b-1", "b-2", "b-3", "c-1")]
    assert marker == ""
    urls, marker = account.list_queue(prefix="b-", ret_number=2)
    assert urls == [f"{target.host}/queues/b-1", f"{target.host}/queues/b-2"] and marker == "b-3"
    urls, marker = account.list_queue(prefix="b-", ret_number=2, marker=marker)
    assert urls == [f"{target.host}/queues/b-3"] and marker == ""


def test_list_queues_with_meta(account):
    account.get_queue("m").create(QueueMeta(vis_timeout=99))
    resp = ListQueueResponse()
    account.get_client().list_queue(ListQueueRequest(with_meta=True), resp)
    assert len(resp.queuemeta_list) == 1
    meta = resp.queuemeta_list[0]
    assert meta["QueueName"] == "m" and meta["VisibilityTimeout"] == "99" and meta["ActiveMessages"] == "0"


def test_list_of_no_queues(account):
    assert account.list_queue() == ([], "")


def test_ret_number_out_of_range(account):
    e = server_error(account.list_queue, "", 1001)
    assert e.type == "InvalidArgument"
