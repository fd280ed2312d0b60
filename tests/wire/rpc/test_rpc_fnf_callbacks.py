"""ReportTaskSucceeded and ReportTaskFailed through every FnF client, against the server and in-process: the task
token arrives in the query, the output or error in the form body; reporting twice and a garbage token fail."""
import json

import pytest
from rpc_wire_support import CALLBACK_FLOW, Failure

CATCHING_FLOW = CALLBACK_FLOW + """\
    catch:
      - errors:
          - Rejected
        goto: rejected
  - type: pass
    name: approved
    end: true
  - type: pass
    name: rejected
    outputMappings:
      - target: verdict
        source: rejected
"""


def approval(fnf, name="a1", definition=CALLBACK_FLOW):
    tokens = []
    with fnf.where.world() as cloud:
        cloud.fc.register("svc/ask", lambda event: tokens.append(event["token"]) or {}, decode=True)
    fnf.call("CreateFlow", Name="approval", Definition=definition, Description="d", Type="FDL")
    fnf.call("StartExecution", FlowName="approval", ExecutionName=name)
    fnf.where.settle(lambda cloud: tokens)
    return tokens[0]


def test_report_succeeded_ends_the_task(fnf):
    token = approval(fnf)
    reply = fnf.call("ReportTaskSucceeded", TaskToken=token, Output='{"approved": true}')
    assert set(reply) == {"EventId", "RequestId"} and isinstance(reply["EventId"], int) and reply["EventId"] > 0
    done = fnf.call("DescribeExecution", FlowName="approval", ExecutionName="a1", WaitTimeSeconds=5)
    assert (done["Status"], json.loads(done["Output"])) == ("Succeeded", {"approved": True})
    events = fnf.call("GetExecutionHistory", FlowName="approval", ExecutionName="a1")["Events"]
    assert [e["EventId"] for e in events if e["Type"] == "TaskSucceeded"] == [reply["EventId"]]
    with pytest.raises(Failure) as info:
        fnf.call("ReportTaskSucceeded", TaskToken=token, Output="{}")
    assert (info.value.code, info.value.status, info.value.message) == (
        "TaskAlreadyCompleted", 400, f"Task {token} has already completed")


def test_report_failed_is_caught_by_the_flow(fnf):
    token = approval(fnf, definition=CATCHING_FLOW)
    reply = fnf.call("ReportTaskFailed", TaskToken=token, Error="Rejected", Cause="too expensive")
    assert reply["EventId"] > 0
    done = fnf.call("DescribeExecution", FlowName="approval", ExecutionName="a1", WaitTimeSeconds=5)
    assert (done["Status"], json.loads(done["Output"])) == ("Succeeded", {"verdict": "rejected"})
    events = fnf.call("GetExecutionHistory", FlowName="approval", ExecutionName="a1")["Events"]
    failed = [json.loads(e["EventDetail"]) for e in events if e["Type"] == "TaskFailed"]
    assert failed == [{"error": "Rejected", "cause": "too expensive"}]
    with pytest.raises(Failure) as info:
        fnf.call("ReportTaskFailed", TaskToken=token, Error="Rejected")
    assert (info.value.code, info.value.status) == ("TaskAlreadyCompleted", 400)


def test_report_errors(fnf):
    token = approval(fnf)
    with pytest.raises(Failure) as info:
        fnf.call("ReportTaskFailed", TaskToken="not-a-token", Error="E")
    assert (info.value.code, info.value.status) == ("InvalidArgument", 400)
    with pytest.raises(Failure) as info:
        fnf.call("ReportTaskSucceeded", TaskToken=token + "x", Output="{}")
    assert (info.value.code, info.value.status) == ("InvalidArgument", 400)
    with pytest.raises(Failure) as info:
        fnf.call("ReportTaskSucceeded", TaskToken=token)
    assert (info.value.code, info.value.status, info.value.message) == (
        "MissingRequiredParams", 400, "The required parameter Output is missing.")
    with pytest.raises(Failure) as info:
        fnf.call("ReportTaskFailed", TaskToken=token)
    assert (info.value.code, info.value.message) == ("MissingRequiredParams",
                                                      "The required parameter Error is missing.")
    with pytest.raises(Failure) as info:
        fnf.call("ReportTaskSucceeded", TaskToken=token, Output="not json")
    assert (info.value.code, info.value.status) == ("InvalidArgument", 400)
    assert info.value.message.startswith("Parameter Output is not valid JSON")
    with pytest.raises(Failure) as info:
        fnf.call("ReportTaskFailed", TaskToken=token, Error="E" * 129)
    assert (info.value.code, info.value.status) == ("InvalidArgument", 400)
    assert fnf.call("DescribeExecution", FlowName="approval", ExecutionName="a1")["Status"] == "Running"
