"""FC:InvokeFunction from state machines: the documented two-state flow (FC 3.0 ARNs, nested `.$` Parameters,
uuid(), `$Output.Body`, `$Context.Execution.Input`), FC 2.0 ARNs, Async under each TaskMode, function errors
and FC errors by name with Retry, and the exact history."""
import json

from fakecloud.cloud import FakeCloud

VIDEO = """\
Type: StateMachine
Name: video_edit
SpecVersion: v1
StartAt: 视频理解
States:
  - Type: Task
    Name: 视频理解
    Action: FC:InvokeFunction
    TaskMode: RequestComplete
    Parameters:
      invocationType: Sync
      resourceArn: acs:fc:cn-shanghai:123456:functions/analyse/LATEST
      body:
        videoUrl.$: $Input.videoUrl
        vlPrompt.$: $Input.vlPrompt
        llmPrompt.$: $Input.llmPrompt
    OutputConstructor:
      returnID.$: uuid()
      videoContent.$: $Output.Body.videoContent
    Next: 一键成片
  - Type: Task
    Name: 一键成片
    Action: FC:InvokeFunction
    TaskMode: RequestComplete
    Parameters:
      invocationType: Sync
      resourceArn: acs:fc:cn-shanghai:123456:functions/cut/LATEST
      body:
        videoUrl.$: $Context.Execution.Input.videoUrl
        speech.$: $Input.videoContent
    OutputConstructor:
      outputUrl.$: $Output.Body.outputUrl
    Next: Succeed
  - Type: Succeed
    Name: Succeed
    End: true
"""


def test_the_documented_video_flow():
    cloud = FakeCloud()
    events = []
    cloud.fc.register("fc3/analyse", lambda event: events.append(event) or {"videoContent": "c"}, decode=True)
    cloud.fc.register("fc3/cut", lambda event: events.append(event) or {"outputUrl": "o"}, decode=True)
    cloud.add_flow("video_edit", VIDEO)
    execution = cloud.run("video_edit", {"videoUrl": "u", "vlPrompt": "p", "llmPrompt": "q"})
    assert (execution.status, execution.output) == ("Succeeded", {"outputUrl": "o"})
    assert events == [{"videoUrl": "u", "vlPrompt": "p", "llmPrompt": "q"}, {"videoUrl": "u", "speech": "c"}]
    history = [(e.type, e.step_name, json.loads(e.event_detail)) for e in execution.history]
    first = history[4][2]["output"]
    assert history[3] == ("TaskSucceeded", "视频理解", {"output": {"Body": {"videoContent": "c"}}})
    assert list(first) == ["returnID", "videoContent"] and len(first["returnID"]) == 36
    assert [t for t, _, _ in history] == [
        "ExecutionStarted", "StateEntered", "StateStarted", "TaskSucceeded", "StateSucceeded",
        "StateEntered", "StateStarted", "TaskSucceeded", "StateSucceeded",
        "StateEntered", "StateStarted", "StateSucceeded", "ExecutionSucceeded"]
    again = FakeCloud()
    again.fc.register("fc3/analyse", lambda event: {"videoContent": "c"}, decode=True)
    again.fc.register("fc3/cut", lambda event: {"outputUrl": "o"}, decode=True)
    again.add_flow("video_edit", VIDEO)
    assert [e.to_dict() for e in again.run("video_edit", {"videoUrl": "u", "vlPrompt": "p", "llmPrompt": "q"})
            .history] == [e.to_dict() for e in execution.history]


def machine(parameters: str, extra: str = "", mode: str = "RequestComplete") -> str:
    return ("Type: StateMachine\nName: m\nSpecVersion: v1\nStartAt: Call\nStates:\n  - Type: Task\n    Name: Call\n"
            f"    Action: FC:InvokeFunction\n    TaskMode: {mode}\n    Parameters:\n{parameters}{extra}"
            "    End: true\n")


FC2 = "      resourceArn: acs:fc:::services/shop.LATEST/functions/price\n"


def run(cloud, text, input=None):
    cloud.add_flow("m", text, replace=True)
    return cloud.run("m", input or {})


def test_fc2_arn_text_result_and_string_body():
    cloud = FakeCloud()
    seen = []
    cloud.fc.register("shop/price", lambda event: seen.append(event) or "plain text")
    execution = run(cloud, machine(FC2 + "      invocationType: Sync\n      body: raw words\n"))
    assert (execution.status, execution.output) == ("Succeeded", {"Body": "plain text"})
    assert seen == [b"raw words"]


def test_async_request_complete_leaves_at_once_and_system_callback_waits_for_the_result():
    cloud = FakeCloud()
    cloud.fc.register("shop/price", lambda event: {"price": 3}, duration=30)
    quick = run(cloud, machine(FC2 + "      invocationType: Async\n"))
    assert (quick.output, quick.history[-1].time) == ({"Body": ""}, "2024-01-01T00:00:00.000Z")
    waited = run(cloud, machine(FC2 + "      invocationType: Async\n", mode="WaitForSystemCallback"))
    assert waited.output == {"Body": {"price": 3}}
    assert waited.history[-1].time == "2024-01-01T00:00:30.000Z"


def test_a_function_error_is_named_by_its_type_and_retried():
    cloud = FakeCloud()
    calls = []

    def flaky(event):
        calls.append(event)
        if len(calls) < 3:
            raise TimeoutError("busy")
        return {"ok": True}

    cloud.fc.register("shop/price", flaky)
    retry = ("    Retry:\n      - Errors: [TimeoutError]\n        Description: busy\n        MaxAttempts: 2\n"
             "        IntervalSeconds: 2\n")
    execution = run(cloud, machine(FC2 + "      invocationType: Sync\n", retry))
    assert (execution.status, execution.output, len(calls)) == ("Succeeded", {"Body": {"ok": True}}, 3)
    failed = [json.loads(e.event_detail) for e in execution.history if e.type == "TaskFailed"]
    assert [(f["error"], json.loads(f["cause"])["errorMessage"]) for f in failed] == [("TimeoutError", "busy")] * 2


def test_an_unknown_function_fails_with_the_fc_error_name():
    execution = run(FakeCloud(), machine(FC2 + "      invocationType: Sync\n"))
    assert (execution.status, execution.error) == ("Failed", "FC.ServiceNotFound")


def test_a_dynamic_arn_that_is_not_a_function_fails_the_task():
    text = machine("      resourceArn.$: $Input.arn\n      invocationType: Sync\n")
    execution = run(FakeCloud(), text, {"arn": "acs:oss:::bucket"})
    assert (execution.status, execution.error) == ("Failed", "FC.InvalidArgument")
