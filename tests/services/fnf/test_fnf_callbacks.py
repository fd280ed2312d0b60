"""ReportTaskSucceeded and ReportTaskFailed: from a test and from an FC handler, reaching the waiting task (its
catch by name), and every error case (missing, malformed, garbage token, second report, ended execution)."""
from __future__ import annotations

import json

import pytest

from fnf_support import World, flow_text, raises


def approval(function: str = "hold", service_params: str = "") -> str:
    return flow_text(f"""\
        - type: task
          name: approve
          resourceArn: acs:fc:::services/s/functions/{function}
          pattern: waitForCallback{service_params}
          inputMappings:
            - target: token
              source: $context.task.token
            - target: order
              source: $input.order
          errorMappings:
            - target: failure
              source: $local.error
            - target: why
              source: $local.cause
          catch:
            - errors: [Rejected]
              goto: rejected
        - type: succeed
          name: approved
        - type: pass
          name: rejected
        """)




@pytest.fixture
def waiting(world: World):
    """An execution waiting for a callback, and its task token."""
    world.create("f", approval())
    world.start("f", "e1", {"order": 7})
    world.run()
    ((_, event),) = world.functions.calls
    assert event["order"] == 7
    return world, event["token"]


def test_report_task_succeeded(waiting):
    world, token = waiting
    response = world.fnf.report_task_succeeded(TaskToken=token, Output='{"approvedBy": "ann"}')
    assert response == {"EventId": 6, "RequestId": "REQ-3"}
    done = world.describe("f", "e1")
    assert (done["Status"], done["Output"]) == ("Succeeded", '{"approvedBy":"ann"}')
    event = world.fnf.get_execution_history(FlowName="f", ExecutionName="e1", NextToken="6", Limit=1)["Events"][0]
    assert (event["Type"], event["StepName"], event["EventDetail"]) == ("TaskSucceeded", "approve",
                                                                        '{"output":{"approvedBy":"ann"}}')


def test_report_task_failed_reaches_the_catch_by_name(waiting):
    world, token = waiting
    assert world.fnf.report_task_failed(TaskToken=token, Error="Rejected", Cause="too expensive") == {
        "EventId": 6, "RequestId": "REQ-3"}
    done = world.describe("f", "e1")
    assert (done["Status"], json.loads(done["Output"])) == ("Succeeded", {"failure": "Rejected",
                                                                          "why": "too expensive"})


def test_report_task_failed_without_a_cause_and_an_uncaught_error(waiting):
    world, token = waiting
    world.fnf.report_task_failed(TaskToken=token, Error="Other")
    assert world.describe("f", "e1")["Status"] == "Failed"
    last = world.fnf.get_execution_history(FlowName="f", ExecutionName="e1")["Events"][-1]
    assert (last["Type"], json.loads(last["EventDetail"])) == ("ExecutionFailed", {"error": "Other", "cause": ""})


def test_a_second_report_is_task_already_completed(waiting):
    world, token = waiting
    world.fnf.report_task_succeeded(TaskToken=token, Output="{}")
    raises("TaskAlreadyCompleted", f"Task {token} has already completed", 400, world.fnf.report_task_succeeded,
           TaskToken=token, Output="{}")
    raises("TaskAlreadyCompleted", f"Task {token} has already completed", 400, world.fnf.report_task_failed,
           TaskToken=token, Error="E")


def test_a_report_after_the_execution_stopped_is_task_already_completed(waiting):
    world, token = waiting
    world.fnf.stop_execution(FlowName="f", ExecutionName="e1")
    raises("TaskAlreadyCompleted", f"Task {token} has already completed", 400, world.fnf.report_task_succeeded,
           TaskToken=token, Output="{}")


def test_a_report_after_the_flow_was_deleted_still_reaches_the_task(waiting):
    world, token = waiting
    execution = world.execution("f", "e1")
    world.fnf.delete_flow(Name="f")
    world.fnf.report_task_succeeded(TaskToken=token, Output="{}")
    world.run()
    assert execution.status == "Succeeded"


@pytest.mark.parametrize("token", ["garbage", "djEjZiNlMSMyI3NpZw==", "  "])
def test_a_garbage_token_is_invalid_argument(waiting, token):
    world, _ = waiting
    raises("InvalidArgument", "TaskToken is not a valid task token.", 400, world.fnf.report_task_succeeded,
           TaskToken=token, Output="{}")
    raises("InvalidArgument", "TaskToken is not a valid task token.", 400, world.fnf.report_task_failed,
           TaskToken=token, Error="E")


@pytest.mark.parametrize("output, message", [
    ("[1]", "Parameter Output must be a JSON object."),
    ("nope", "Parameter Output is not valid JSON: Expecting value: line 1 column 1 (char 0)."),
    ({"a": 1}, "Parameter Output must be a string, not dict."),
])
def test_report_task_succeeded_output_must_be_a_json_object_string(waiting, output, message):
    world, token = waiting
    raises("InvalidArgument", message, 400, world.fnf.report_task_succeeded, TaskToken=token, Output=output)
    assert world.describe("f", "e1")["Status"] == "Running"


def test_report_task_succeeded_required_parameters(waiting):
    world, token = waiting
    raises("MissingRequiredParams", "The required parameter TaskToken is missing.", 400,
           world.fnf.report_task_succeeded, Output="{}")
    raises("MissingRequiredParams", "The required parameter Output is missing.", 400,
           world.fnf.report_task_succeeded, TaskToken=token)


def test_report_task_failed_parameter_checks(waiting):
    world, token = waiting
    failed = world.fnf.report_task_failed
    raises("MissingRequiredParams", "The required parameter TaskToken is missing.", 400, failed, Error="E")
    raises("MissingRequiredParams", "The required parameter Error is missing.", 400, failed, TaskToken=token)
    raises("MissingRequiredParams", "The required parameter Error is missing.", 400, failed, TaskToken=token,
           Error="")
    raises("InvalidArgument", "Parameter Error must be 1 to 128 characters long; it has 129.", 400, failed,
           TaskToken=token, Error="E" * 129)
    raises("InvalidArgument", "Parameter Cause must be 1 to 4096 characters long; it has 4097.", 400, failed,
           TaskToken=token, Error="E", Cause="c" * 4097)
    assert failed(TaskToken=token, Error="E" * 128, Cause="c" * 4096)["EventId"] == 6


def test_an_fc_handler_reports_success(world: World):
    reports = []

    def reviewer(event):
        reports.append(world.fnf.report_task_succeeded(TaskToken=event["token"], Output=json.dumps(
            {"reviewed": event["order"]})))

    world.functions.register("s/reviewer", reviewer)
    world.create("f", approval("reviewer", "\n          serviceParams:\n            InvocationType: Async"))
    world.start("f", "e1", {"order": 9})
    world.run()
    assert reports == [{"EventId": 6, "RequestId": "REQ-3"}]
    assert world.describe("f", "e1")["Output"] == '{"reviewed":9}'


def test_an_fc_handler_reports_failure_that_the_flow_catches(world: World):
    def reviewer(event):
        world.fnf.report_task_failed(TaskToken=event["token"], Error="Rejected", Cause="order 9")

    world.functions.register("s/reviewer", reviewer)
    world.create("f", approval("reviewer", "\n          serviceParams:\n            InvocationType: Async"))
    world.start("f", "e1", {"order": 9})
    world.run()
    assert json.loads(world.describe("f", "e1")["Output"]) == {"failure": "Rejected", "why": "order 9"}


def test_a_report_made_later_in_virtual_time(waiting):
    world, token = waiting
    world.engine.advance(3600)
    world.fnf.report_task_succeeded(TaskToken=token, Output="{}")
    assert world.describe("f", "e1")["StoppedTime"] == "2024-01-01T01:00:00.000Z"
