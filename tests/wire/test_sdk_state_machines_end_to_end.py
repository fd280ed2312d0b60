"""End to end with the official Python SDKs against one FakeCloudServer (what `fakecloud server` serves): a state
machine made with the Tea FnF client, StartSyncExecution on an Express flow, StartExecution on a Standard flow
whose WaitForCustomCallback task hands out its token, ReportTaskSucceeded with that token, and
GetExecutionHistory with the state-machine event types."""
from __future__ import annotations

import json

import pytest
from mns.queue import QueueMeta

from fakecloud.wire.server import FakeCloudServer

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

EXPRESS = """\
Type: StateMachine
Name: greet
SpecVersion: v1
StartAt: Greet
States:
  - Type: Pass
    Name: Greet
    OutputConstructor:
      greeting.$: format('hello {}', $Input.who)
    End: true
"""

APPROVAL = """\
Type: StateMachine
Name: approval
SpecVersion: v1
StartAt: Ask
States:
  - Type: Task
    Name: Ask
    Action: {action}
    TaskMode: WaitForCustomCallback
    Parameters:
{parameters}
    OutputConstructor:
      approvedBy.$: $Output.approvedBy
    End: true
"""
FC_PARAMETERS = """\
      resourceArn: acs:fc:cn-hangzhou:123456:functions/ask
      invocationType: Async
      body:
        token.$: $Context.Current.TaskToken
        orderId.$: $Input.orderId"""
MNS_PARAMETERS = """\
      resourceArn: acs:mns:cn-hangzhou:123456:/queues/approvals/messages
      message:
        token.$: $Context.Current.TaskToken
        orderId.$: $Input.orderId"""
TYPES = ["ExecutionStarted", "StateEntered", "StateStarted", "TaskSucceeded", "StateSucceeded", "ExecutionSucceeded"]


def tea_client(server):
    from alibabacloud_fnf20190315.client import Client
    from alibabacloud_tea_openapi.models import Config
    return Client(Config(**server.settings["tea"]))


def test_start_sync_execution_of_an_express_state_machine():
    from alibabacloud_fnf20190315 import models
    with FakeCloudServer() as server:
        fnf = tea_client(server)
        fnf.create_flow(models.CreateFlowRequest(name="greet", definition=EXPRESS, type="FDL", description="hi",
                                                 execution_mode="Express"))
        answer = fnf.start_sync_execution(models.StartSyncExecutionRequest(
            flow_name="greet", execution_name="g1", input=json.dumps({"who": "Ann"}))).body
        assert (answer.status, answer.output, answer.flow_name) == ("Succeeded", '{"greeting":"hello Ann"}', "greet")
        events = fnf.get_execution_history(models.GetExecutionHistoryRequest(
            flow_name="greet", execution_name=answer.name)).body.events
        assert [(e.type, e.step_name) for e in events] == [
            ("ExecutionStarted", ""), ("StateEntered", "Greet"), ("StateStarted", "Greet"),
            ("StateSucceeded", "Greet"), ("ExecutionSucceeded", "")]


def _approve(server, fnf, token_of) -> None:
    """Start the approval, take its token with `token_of()`, report success, check the output and history."""
    from alibabacloud_fnf20190315 import models
    started = fnf.start_execution(models.StartExecutionRequest(
        flow_name="approval", execution_name="order-7", input=json.dumps({"orderId": 7})))
    assert started.body.status == "Starting"
    payload = token_of()
    assert payload["orderId"] == 7
    fnf.report_task_succeeded(models.ReportTaskSucceededRequest(
        task_token=payload["token"], output=json.dumps({"approvedBy": "ana"})))
    described = fnf.describe_execution(models.DescribeExecutionRequest(
        flow_name="approval", execution_name="order-7", wait_time_seconds=5)).body
    assert (described.status, described.output) == ("Succeeded", '{"approvedBy":"ana"}')
    events = fnf.get_execution_history(models.GetExecutionHistoryRequest(
        flow_name="approval", execution_name="order-7")).body.events
    assert [e.type for e in events] == TYPES
    assert json.loads(events[3].event_detail) == {"output": {"approvedBy": "ana"}}


def _create(fnf, action: str, parameters: str) -> None:
    from alibabacloud_fnf20190315 import models
    fnf.create_flow(models.CreateFlowRequest(name="approval", type="FDL", description="waits for a human",
                                             definition=APPROVAL.format(action=action, parameters=parameters)))


def test_a_custom_callback_task_token_reported_through_the_sdk():
    with FakeCloudServer() as server:
        asked = []
        with server.world() as cloud:
            cloud.fc.register("fc3/ask", lambda event: asked.append(event) or {}, decode=True)
        fnf = tea_client(server)
        _create(fnf, "FC:InvokeFunction", FC_PARAMETERS)
        _approve(server, fnf, lambda: asked[0])


def test_approval_through_an_mns_queue_read_with_the_mns_sdk():
    from mns.account import Account
    with FakeCloudServer() as server:
        queue = Account(**server.settings["mns"]).get_queue("approvals")
        queue.create(QueueMeta())
        queue.set_encoding(False)
        fnf = tea_client(server)
        _create(fnf, "MNS:SendMessage", MNS_PARAMETERS)

        def token_of():
            message = queue.receive_message(5)
            queue.delete_message(message.receipt_handle)
            return json.loads(message.message_body)
        _approve(server, fnf, token_of)
