"""Task states on the engine: Parameters, TaskMode as the integration's pattern, TaskSucceeded/TaskFailed,
Retry timing and RetryCount, Catch, Timeout (StateTimedOut) and WaitForCustomCallback with the task token."""
import pytest

from fakecloud.engine import InvalidArgument, Pending, TaskAlreadyCompleted

from machine_support import Harness, Return, Throw, machine, rows, types

TASK = machine("""
- Type: Task
  Name: Invoke
  Action: Test:Call
  Parameters:
    fixed: 1
    body:
      v.$: $Input.v
      n.$: $Context.Current.RetryCount
  Retry:
    - Errors: [Throttled]
      Description: throttling
      MaxAttempts: 3
      IntervalSeconds: 1
      BackoffRate: 2
      MaxBackoffSeconds: 3
  Catch:
    - Errors: [FnF.ALL]
      Description: catch all
      OutputConstructor:
        code.$: $Context.Current.Error.Code
        detail.$: $Context.Current.Error.Detail
        input.$: $Input
      Next: HandleError
  OutputConstructor:
    result.$: $Output.r
  End: true
- Type: Pass
  Name: HandleError
  End: true
""")


def test_parameters_are_evaluated_per_attempt_and_the_raw_result_is_recorded():
    h = Harness()
    h.tasks.script["Invoke"] = [Throw("Throttled", "slow down"), Return({"r": "done"})]
    execution = h.run(TASK, {"v": "x"})
    assert execution.output == {"result": "done"}
    assert [(r.params, r.pattern, r.attempt) for r in h.tasks.calls] == [
        ({"fixed": 1, "body": {"v": "x", "n": 0}}, "requestResponse", 0),
        ({"fixed": 1, "body": {"v": "x", "n": 1}}, "requestResponse", 1)]
    assert rows(execution)[1:] == [
        ("StateEntered", "Invoke", {"input": {"v": "x"}}),
        ("StateStarted", "Invoke", {"input": {"v": "x"}}),
        ("TaskFailed", "Invoke", {"error": "Throttled", "cause": "slow down"}),
        ("TaskSucceeded", "Invoke", {"output": {"r": "done"}}),
        ("StateSucceeded", "Invoke", {"output": {"result": "done"}}),
        ("ExecutionSucceeded", "", {"output": {"result": "done"}})]
    assert execution.history[4].time == "2024-01-01T00:00:01.000Z"


def test_retry_backoff_is_capped_then_catch_hands_its_output_to_next():
    h = Harness()
    h.tasks.script["Invoke"] = Throw("Throttled", "again")
    execution = h.run(TASK, {"v": "x"})
    assert execution.output == {"code": "Throttled", "detail": "again", "input": {"v": "x"}}
    failed = [e.time for e in execution.history if e.type == "TaskFailed"]
    assert failed == ["2024-01-01T00:00:00.000Z", "2024-01-01T00:00:01.000Z", "2024-01-01T00:00:03.000Z",
                      "2024-01-01T00:00:06.000Z"]        # delays 1, 2, then min(4, 3)
    assert rows(execution)[-6:] == [
        ("TaskFailed", "Invoke", {"error": "Throttled", "cause": "again"}),
        ("StateFailed", "Invoke", {"error": "Throttled", "cause": "again"}),
        ("StateEntered", "HandleError", {"input": execution.output}),
        ("StateStarted", "HandleError", {"input": execution.output}),
        ("StateSucceeded", "HandleError", {"output": execution.output}),
        ("ExecutionSucceeded", "", {"output": execution.output})]


def test_an_uncaught_error_fails_the_execution_with_it():
    text = TASK.split("  Catch:")[0] + "  End: true\n"
    h = Harness()
    h.tasks.script["Invoke"] = Throw("Other", "bad")
    execution = h.run(text, {"v": 1})
    assert (execution.status, execution.error, execution.cause) == ("Failed", "Other", "bad")
    assert types(execution)[-3:] == ["TaskFailed", "StateFailed", "ExecutionFailed"]


CALLBACK = machine("""
- Type: Task
  Name: Ask
  Action: HTTP:Request
  TaskMode: WaitForCustomCallback
  Timeout: 60
  Parameters:
    url: https://approve.test/ask
    method: POST
    token.$: $Context.Current.TaskToken
  End: true
""")


def test_a_custom_callback_waits_for_report_task_succeeded():
    h = Harness()
    h.tasks.script["Ask"] = Return({})
    h.engine.add_flow("m", CALLBACK)
    execution = h.engine.start_execution("m", {})
    h.engine.run_until_idle()
    request = h.tasks.calls[0]
    assert request.pattern == "waitForCallback" and request.params["token"] == request.token
    assert execution.status == "Running"
    h.engine.advance(10)
    h.engine.report_task_succeeded(request.token, '{"approved": true}')
    h.engine.run_until_idle()
    assert (execution.status, execution.output) == ("Succeeded", {"approved": True})
    assert rows(execution)[-3] == ("TaskSucceeded", "Ask", {"output": {"approved": True}})
    with pytest.raises(TaskAlreadyCompleted):
        h.engine.report_task_failed(request.token, "Late")
    with pytest.raises(InvalidArgument):
        h.engine.report_task_succeeded("not-a-token", "{}")


def test_a_timeout_records_state_timed_out():
    h = Harness()
    h.tasks.script["Ask"] = Pending()
    execution = h.run(CALLBACK, {})
    assert (execution.status, execution.error) == ("Failed", "FnF.TaskTimeout")
    assert rows(execution)[-3:] == [
        ("TaskFailed", "Ask", {"error": "FnF.TaskTimeout", "cause": "task did not complete within Timeout (60 s)"}),
        ("StateTimedOut", "Ask", {"error": "FnF.TaskTimeout", "cause": "task did not complete within Timeout (60 s)"}),
        ("ExecutionFailed", "", {"error": "FnF.TaskTimeout", "cause": "task did not complete within Timeout (60 s)"})]
    assert execution.history[-1].time == "2024-01-01T00:01:00.000Z"


def test_an_action_no_integration_answers_fails_the_task():
    text = machine("""
    - Type: Task
      Name: Scan
      Action: ECS:DescribeInstances
      End: true
    """)
    execution = Harness().run(text, {})
    assert (execution.status, execution.error) == ("Failed", "FnF.IntegrationNotConfigured")
    assert "ECS:DescribeInstances" in execution.cause
