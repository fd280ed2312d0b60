"""FnF through its official clients (alibabacloud-fnf20190315 and aliyun-python-sdk-fnf), against the server
and intercepted in-process."""
import asyncio
import json

import pytest
from alibabacloud_fnf20190315 import models
from alibabacloud_fnf20190315.client import Client
from alibabacloud_tea_openapi.exceptions import ClientException

from conftest import intercepted, served
from fakecloud.cloud import FakeCloud

PASS_FLOW = "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: greet\n    outputMappings:\n" \
            "      - target: greeting\n        source: hello\n"
CALLBACK_FLOW = """\
version: v1
type: flow
steps:
  - type: task
    name: approve
    resourceArn: acs:fc:::services/svc/functions/ask
    pattern: waitForCallback
    serviceParams:
      InvocationType: Async
    inputMappings:
      - target: token
        source: $context.task.token
"""


def client(where) -> Client:
    return Client(where.config("fnf"))


def create(c, name="greeter", definition=PASS_FLOW):
    return c.create_flow(models.CreateFlowRequest(name=name, definition=definition, description="d", type="FDL"))


def test_flow_life_cycle(where):
    c = client(where)
    created = create(c)
    assert (created.body.name, created.body.type) == ("greeter", "FDL")
    assert created.body.definition == PASS_FLOW
    described = c.describe_flow(models.DescribeFlowRequest(name="greeter"))
    assert described.body.id == created.body.id
    create(c, "other")
    listed = c.list_flows(models.ListFlowsRequest(limit=1))
    assert [f.name for f in listed.body.flows] == ["greeter"]
    assert listed.body.next_token == "other"
    c.update_flow(models.UpdateFlowRequest(name="greeter", description="new"))
    assert c.describe_flow(models.DescribeFlowRequest(name="greeter")).body.description == "new"
    c.delete_flow(models.DeleteFlowRequest(name="other"))
    with pytest.raises(ClientException) as info:
        c.describe_flow(models.DescribeFlowRequest(name="other"))
    assert (info.value.code, info.value.status_code) == ("FlowNotExists", 404)
    assert info.value.message.startswith("code: 404, Flow other does not exist. request id: ")


def test_execution_history_and_listing(where):
    c = client(where)
    create(c)
    started = c.start_execution(models.StartExecutionRequest(flow_name="greeter", execution_name="e1",
                                                             input='{"name":"ann"}'))
    assert (started.body.name, started.body.flow_name, started.body.status) == ("e1", "greeter", "Starting")
    done = c.describe_execution(models.DescribeExecutionRequest(flow_name="greeter", execution_name="e1",
                                                                wait_time_seconds=10))
    assert done.body.status == "Succeeded"
    assert json.loads(done.body.output) == {"greeting": "hello"}
    history = c.get_execution_history(models.GetExecutionHistoryRequest(flow_name="greeter", execution_name="e1",
                                                                        limit=4))
    assert [(e.event_id, e.type, e.step_name) for e in history.body.events] == [
        (1, "ExecutionStarted", ""), (2, "StepEntered", "greet"), (3, "StepStarted", "greet"),
        (4, "StepSucceeded", "greet")]
    assert history.body.next_token == "5"
    rest = c.get_execution_history(models.GetExecutionHistoryRequest(flow_name="greeter", execution_name="e1",
                                                                     next_token="5"))
    assert [e.type for e in rest.body.events] == ["StepExited", "ExecutionSucceeded"]
    assert rest.body.next_token is None
    listed = c.list_executions(models.ListExecutionsRequest(flow_name="greeter", status="Succeeded"))
    assert [e.name for e in listed.body.executions] == ["e1"]


def test_same_name_finished_is_already_exists(where):
    c = client(where)
    create(c)
    c.start_execution(models.StartExecutionRequest(flow_name="greeter", execution_name="once"))
    c.describe_execution(models.DescribeExecutionRequest(flow_name="greeter", execution_name="once",
                                                         wait_time_seconds=5))
    with pytest.raises(ClientException) as info:
        c.start_execution(models.StartExecutionRequest(flow_name="greeter", execution_name="once"))
    assert (info.value.code, info.value.status_code) == ("ExecutionAlreadyExists", 400)


def test_callbacks_stop_and_task_already_completed(where):
    tokens = []
    with where.world() as cloud:
        cloud.fc.register("svc/ask", lambda event: tokens.append(event["token"]) or {}, decode=True)
    c = client(where)
    create(c, "approval", CALLBACK_FLOW)
    c.start_execution(models.StartExecutionRequest(flow_name="approval", execution_name="a1"))
    c.describe_execution(models.DescribeExecutionRequest(flow_name="approval", execution_name="a1"))
    _settle(where)
    assert len(tokens) == 1
    reply = c.report_task_succeeded(models.ReportTaskSucceededRequest(task_token=tokens[0],
                                                                      output='{"approved": true}'))
    assert reply.body.event_id > 0
    with pytest.raises(ClientException) as info:
        c.report_task_succeeded(models.ReportTaskSucceededRequest(task_token=tokens[0], output="{}"))
    assert (info.value.code, info.value.status_code) == ("TaskAlreadyCompleted", 400)
    with pytest.raises(ClientException) as info:
        c.report_task_failed(models.ReportTaskFailedRequest(task_token="not-a-token", error="E"))
    assert (info.value.code, info.value.status_code) == ("InvalidArgument", 400)
    done = c.describe_execution(models.DescribeExecutionRequest(flow_name="approval", execution_name="a1",
                                                                wait_time_seconds=5))
    assert (done.body.status, json.loads(done.body.output)) == ("Succeeded", {"approved": True})

    c.start_execution(models.StartExecutionRequest(flow_name="approval", execution_name="a2"))
    stopped = c.stop_execution(models.StopExecutionRequest(flow_name="approval", execution_name="a2",
                                                           error="Cancelled", cause="by test"))
    assert stopped.body.status == "Stopped"
    with pytest.raises(ClientException) as info:
        c.stop_execution(models.StopExecutionRequest(flow_name="approval", execution_name="a2"))
    assert info.value.code == "ExecutionAlreadyCompleted"


def test_async_client_against_the_server():
    with served(FakeCloud(seed=0)) as where:
        c = client(where)
        create(c)

        async def go():
            await c.start_execution_async(models.StartExecutionRequest(flow_name="greeter", execution_name="x"))
            return await c.describe_execution_async(models.DescribeExecutionRequest(
                flow_name="greeter", execution_name="x", wait_time_seconds=5))

        assert asyncio.run(go()).body.status == "Succeeded"


def test_legacy_core_sdk_in_process_and_against_the_server():
    from aliyunsdkcore.acs_exception.exceptions import ServerException
    from aliyunsdkcore.client import AcsClient
    from aliyunsdkfnf.request.v20190315 import CreateFlowRequest, DescribeExecutionRequest, StartExecutionRequest

    def drive(acs, endpoint=None):
        req = CreateFlowRequest.CreateFlowRequest()
        req.set_Name("legacy"), req.set_Definition(PASS_FLOW), req.set_Description("d"), req.set_Type("FDL")
        if endpoint:
            req.set_endpoint(endpoint)
        assert json.loads(acs.do_action_with_exception(req))["Name"] == "legacy"
        start = StartExecutionRequest.StartExecutionRequest()
        start.set_FlowName("legacy"), start.set_ExecutionName("l1")
        if endpoint:
            start.set_endpoint(endpoint)
        acs.do_action_with_exception(start)
        describe = DescribeExecutionRequest.DescribeExecutionRequest()
        describe.set_FlowName("legacy"), describe.set_ExecutionName("l1"), describe.set_WaitTimeSeconds(5)
        if endpoint:
            describe.set_endpoint(endpoint)
        assert json.loads(acs.do_action_with_exception(describe))["Status"] == "Succeeded"
        missing = DescribeExecutionRequest.DescribeExecutionRequest()
        missing.set_FlowName("legacy"), missing.set_ExecutionName("nope")
        if endpoint:
            missing.set_endpoint(endpoint)
        with pytest.raises(ServerException) as info:
            acs.do_action_with_exception(missing)
        assert (info.value.get_error_code(), info.value.get_http_status()) == ("ExecutionNotExists", 404)

    with intercepted(FakeCloud(seed=0)):
        drive(AcsClient("ak", "sk", "cn-hangzhou"))
    with served(FakeCloud(seed=0)) as where:
        drive(AcsClient(**where.server.settings["acs"]), where.server.settings["acs_endpoint"])


def _settle(where):
    if where.server is None:
        where.cloud.run_until_idle()
        return
    import time
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline:
        with where.server.world() as cloud:
            if cloud.fc.invocations.of("svc/ask"):
                return
        time.sleep(0.02)

