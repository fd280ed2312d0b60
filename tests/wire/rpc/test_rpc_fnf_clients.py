"""What each FnF client makes of the answers: the Tea client's typed models (sync and async), the legacy SDK's raw
bytes and exceptions; DescribeExecution's long poll on a server while other clients are served."""
import asyncio
import json
import threading
import time

import pytest
from alibabacloud_fnf20190315 import models
from alibabacloud_fnf20190315.client import Client
from alibabacloud_tea_openapi.exceptions import ClientException
from rpc_wire_support import CALLBACK_FLOW, PASS_FLOW, REQUEST_ID, LegacyFnf, TeaFnf, served

from fakecloud.cloud import FakeCloud


def test_tea_models_are_typed(where):
    client = Client(where.config("fnf"))
    created = client.create_flow(models.CreateFlowRequest(name="greeter", definition=PASS_FLOW, description="d",
                                                          type="FDL"))
    assert isinstance(created.body, models.CreateFlowResponseBody) and created.body.execution_mode == "Standard"
    client.start_execution(models.StartExecutionRequest(flow_name="greeter", execution_name="e1", input="{}"))
    done = client.describe_execution(models.DescribeExecutionRequest(flow_name="greeter", execution_name="e1",
                                                                     wait_time_seconds=5))
    assert (done.body.status, done.body.output) == ("Succeeded", '{"greeting":"hello"}')
    history = client.get_execution_history(models.GetExecutionHistoryRequest(flow_name="greeter",
                                                                             execution_name="e1", limit=2))
    first = history.body.events[0]
    assert isinstance(first, models.GetExecutionHistoryResponseBodyEvents)
    assert (first.event_id, first.schedule_event_id, first.type, first.step_name) == (1, 0, "ExecutionStarted", "")
    assert json.loads(first.event_detail) == {"input": {}} and history.body.next_token == "3"
    listed = client.list_executions(models.ListExecutionsRequest(flow_name="greeter"))
    assert [(e.name, e.status) for e in listed.body.executions] == [("e1", "Succeeded")]
    assert listed.body.next_token is None
    flows = client.list_flows(models.ListFlowsRequest(limit=10))
    assert [f.name for f in flows.body.flows] == ["greeter"] and REQUEST_ID.match(flows.body.request_id)
    with pytest.raises(ClientException) as info:
        client.describe_flow(models.DescribeFlowRequest(name="other"))
    error = info.value
    assert (error.code, error.status_code) == ("FlowNotExists", 404)
    assert error.message == f"code: 404, Flow other does not exist. request id: {error.request_id}"
    assert error.data["HostId"] and error.data["Message"] == "Flow other does not exist."


def test_legacy_sdk_returns_bytes_and_raises_server_exceptions(where):
    from aliyunsdkcore.acs_exception.exceptions import ServerException
    from aliyunsdkfnf.request.v20190315.CreateFlowRequest import CreateFlowRequest
    from aliyunsdkfnf.request.v20190315.DescribeFlowRequest import DescribeFlowRequest
    create = CreateFlowRequest()
    create.set_Name("greeter"), create.set_Definition(PASS_FLOW), create.set_Description("d"), create.set_Type("FDL")
    if where.acs_endpoint:
        create.set_endpoint(where.acs_endpoint)
    raw = where.acs().do_action_with_exception(create)
    assert isinstance(raw, bytes) and json.loads(raw)["Name"] == "greeter"
    request = DescribeFlowRequest()
    request.set_Name("missing")
    if where.acs_endpoint:
        request.set_endpoint(where.acs_endpoint)
    with pytest.raises(ServerException) as info:
        where.acs().do_action_with_exception(request)
    assert (info.value.get_error_code(), info.value.get_http_status()) == ("FlowNotExists", 404)
    assert info.value.get_error_msg() == "Flow missing does not exist."
    assert REQUEST_ID.match(info.value.get_request_id())


def test_async_calls_run_concurrently_against_the_server():
    with served(FakeCloud(seed=0)) as where:
        client = Client(where.config("fnf"))
        client.create_flow(models.CreateFlowRequest(name="greeter", definition=PASS_FLOW, description="d",
                                                    type="FDL"))

        async def run(name):
            await client.start_execution_async(models.StartExecutionRequest(flow_name="greeter",
                                                                            execution_name=name))
            reply = await client.describe_execution_async(models.DescribeExecutionRequest(
                flow_name="greeter", execution_name=name, wait_time_seconds=5))
            return reply.body.name, reply.body.status

        async def main():
            return await asyncio.gather(*(run(f"e{i}") for i in range(5)))

        assert asyncio.run(main()) == [(f"e{i}", "Succeeded") for i in range(5)]

        async def failing():
            await client.describe_flow_async(models.DescribeFlowRequest(name="ghost"))

        with pytest.raises(ClientException) as info:
            asyncio.run(failing())
        assert (info.value.code, info.value.status_code) == ("FlowNotExists", 404)


@pytest.mark.parametrize("driver", [TeaFnf, LegacyFnf])
def test_a_long_poll_does_not_block_other_clients(driver):
    with served(FakeCloud(seed=0)) as where:
        tokens = []
        with where.world() as cloud:
            cloud.fc.register("svc/ask", lambda event: tokens.append(event["token"]) or {}, decode=True)
        fnf = driver(where)
        fnf.call("CreateFlow", Name="approval", Definition=CALLBACK_FLOW, Description="d", Type="FDL")
        fnf.call("StartExecution", FlowName="approval", ExecutionName="a1")
        where.settle(lambda cloud: tokens)
        answers = []
        poller = threading.Thread(target=lambda: answers.append(driver(where).call(
            "DescribeExecution", FlowName="approval", ExecutionName="a1", WaitTimeSeconds=8)))
        began = time.monotonic()
        poller.start()
        time.sleep(0.3)
        assert not answers                    # still waiting
        fnf.call("ReportTaskSucceeded", TaskToken=tokens[0], Output='{"ok": true}')
        poller.join(timeout=5)
        assert time.monotonic() - began < 5
        assert (answers[0]["Status"], json.loads(answers[0]["Output"])) == ("Succeeded", {"ok": True})


def test_a_long_poll_in_process_skips_virtual_time():
    """In process a wait moves virtual time: a long wait step ends within the poll, at once in real time."""
    from rpc_wire_support import WAIT_FLOW, intercepted
    with intercepted(FakeCloud(seed=0)) as where:
        fnf = TeaFnf(where)
        fnf.call("CreateFlow", Name="napper", Definition=WAIT_FLOW.replace("3600", "30"), Description="d",
                 Type="FDL")
        started = fnf.call("StartExecution", FlowName="napper", ExecutionName="n1")
        began = time.monotonic()
        done = fnf.call("DescribeExecution", FlowName="napper", ExecutionName="n1", WaitTimeSeconds=60)
        assert time.monotonic() - began < 2
        assert done["Status"] == "Succeeded" and done["StoppedTime"] > started["StartedTime"]
