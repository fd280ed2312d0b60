"""End to end, as a new user would write it: a queue made with the MNS SDK, a flow with a waitForCallback MNS
task made and started with the FnF SDK, the message received with the MNS SDK, success reported with its task
token through the FnF SDK, then the execution's output and history read back — all against one
FakeCloudServer."""
from __future__ import annotations

import importlib.util
import json

import pytest
from mns.queue import QueueMeta

from fakecloud.wire.server import FakeCloudServer

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
needs_fnf_wire = pytest.mark.skipif(importlib.util.find_spec("fakecloud.wire.rpc") is None,
                                    reason="the FnF RPC wire protocol (fakecloud.wire.rpc) is not there yet")

FLOW = """
version: v1
type: flow
steps:
  - type: task
    name: approve
    resourceArn: acs:mns:::/queues/approvals/messages
    pattern: waitForCallback
    inputMappings:
      - target: task_token
        source: $context.task.token
      - target: orderId
        source: $input.orderId
    serviceParams:
      MessageBody: $
    outputMappings:
      - target: approvedBy
        source: $local.approvedBy
"""


@needs_fnf_wire
def test_approval_through_a_queue():
    from alibabacloud_fnf20190315 import models
    from alibabacloud_fnf20190315.client import Client
    from alibabacloud_tea_openapi.models import Config
    from mns.account import Account

    with FakeCloudServer() as server:
        # 1. the queue, with the MNS SDK
        queue = Account(**server.settings["mns"]).get_queue("approvals")
        queue.create(QueueMeta())
        queue.set_encoding(False)             # the flow's task sends its body as plain JSON text

        # 2. the flow, with the FnF SDK, and an execution of it
        fnf = Client(Config(**server.settings["tea"]))
        fnf.create_flow(models.CreateFlowRequest(name="approval", definition=FLOW, type="FDL",
                                                 description="waits for a human"))
        started = fnf.start_execution(models.StartExecutionRequest(
            flow_name="approval", execution_name="order-7", input=json.dumps({"orderId": 7})))
        assert started.body.status == "Starting"

        # 3. the worker receives the message and reports success with its token
        message = queue.receive_message(5)
        payload = json.loads(message.message_body)
        assert payload["orderId"] == 7 and payload["task_token"]
        fnf.report_task_succeeded(models.ReportTaskSucceededRequest(
            task_token=payload["task_token"], output=json.dumps({"approvedBy": "ana"})))
        queue.delete_message(message.receipt_handle)

        # 4. the execution's output and history
        described = fnf.describe_execution(models.DescribeExecutionRequest(
            flow_name="approval", execution_name="order-7", wait_time_seconds=5)).body
        assert described.status == "Succeeded"
        assert json.loads(described.output)["approvedBy"] == "ana"
        events = fnf.get_execution_history(models.GetExecutionHistoryRequest(
            flow_name="approval", execution_name="order-7")).body.events
        types = [e.type for e in events]
        assert types[0] == "ExecutionStarted" and types[-1] == "ExecutionSucceeded"
        assert "TaskSubmitted" in types and "TaskSucceeded" in types
        assert all(e.step_name == "approve" for e in events if e.type.startswith("Task"))


def test_the_same_flow_with_the_world_standing_in_for_the_fnf_sdk():
    """The same scenario with the flow calls made on the world (under the server's lock) instead of through the
    FnF SDK, so the flow and the MNS side are proven while the FnF wire protocol is missing."""
    from mns.account import Account

    with FakeCloudServer() as server:
        queue = Account(**server.settings["mns"]).get_queue("approvals")
        queue.create(QueueMeta())
        queue.set_encoding(False)
        with server.world() as cloud:
            cloud.add_flow("approval", FLOW)
            execution = cloud.start("approval", {"orderId": 7}, "order-7")
        message = queue.receive_message(5)
        payload = json.loads(message.message_body)
        assert payload["orderId"] == 7 and payload["task_token"]
        with server.world() as cloud:
            cloud.report_task_succeeded(payload["task_token"], {"approvedBy": "ana"})
            assert execution.status == "Succeeded"
            assert execution.output["approvedBy"] == "ana"
