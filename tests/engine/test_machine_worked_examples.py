"""The reference's worked examples 3 and 4, run: the documented built-in calls inside a running state, and the
documented result shapes of an HTTP task and of a RequestComplete subflow task."""
from fakecloud.cloud import FakeCloud

BUILTINS = """Type: StateMachine
Name: builtins
SpecVersion: v1
StartAt: Compute
States:
  - Type: Pass
    Name: Compute
    OutputConstructor:
      contains.$: arrayContains(["Tom", 10], 10)
      containsNot.$: arrayContains(["Tom", 10], "Jack")
      unique.$: arrayUnique([1, 2, 3, 1])
      hello.$: format("hello {}", "world")
      decoded.$: fromBase64("Rm5G")
      parsed.$: 'stringToJson(''{"name": "Tom", "age": 10}'')'
      md5.$: hash("abc", "MD5")
      merged.$: 'jsonMerge({"name": "Tom", "age": 10}, {"name": "Tom", "address": "beijing"})'
      lengths.$: 'toArray(length([1, 2, 3]), length({"name": "Tom", "age": 10}), length("name"))'
    End: true
"""


def test_the_documented_builtin_calls_give_their_documented_results_in_a_running_state():
    cloud = FakeCloud()
    cloud.add_flow("builtins", BUILTINS)
    execution = cloud.run("builtins", {})
    assert execution.status == "Succeeded"
    assert execution.output == {
        "contains": True, "containsNot": False, "unique": [1, 2, 3], "hello": "hello world", "decoded": "FnF",
        "parsed": {"name": "Tom", "age": 10}, "md5": "900150983cd24fb0d6963f7d28e17f72",
        "merged": {"name": "Tom", "age": 10, "address": "beijing"}, "lengths": [3, 2, 4]}


HTTP = """Type: StateMachine
Name: call
SpecVersion: v1
StartAt: Get
States:
  - Type: Task
    Name: Get
    Action: HTTP:Request
    TaskMode: RequestComplete
    Parameters:
      url: https://api.example.com/hello
      method: Get
    End: true
"""


def test_an_http_task_result_has_the_documented_shape():
    cloud = FakeCloud()
    cloud.http.get("https://api.example.com/hello", body="hello world",
                   headers={"Content-Type": "application/json;charset=UTF-8",
                            "Access-Control-Allow-Methods": "GET,POST,OPTIONS"})
    cloud.add_flow("call", HTTP)
    execution = cloud.run("call", {})
    assert (execution.status, execution.output) == ("Succeeded", {
        "Header": {"Content-Type": "application/json;charset=UTF-8",
                   "Access-Control-Allow-Methods": "GET,POST,OPTIONS"},
        "Code": 200, "Body": "hello world"})


PARENT = """Type: StateMachine
Name: parent
SpecVersion: v1
StartAt: Start
States:
  - Type: Task
    Name: Start
    Action: FNF:StartExecution
    TaskMode: RequestComplete
    Parameters:
      resourceArn: acs:fnf:::flow/test-workflow
      executionName: run-1
      input:
        n: 1
    End: true
"""
CHILD = ("Type: StateMachine\nName: test-workflow\nSpecVersion: v1\nStartAt: P\nStates:\n"
         "  - {Type: Pass, Name: P, End: true}\n")


def test_a_request_complete_subflow_task_result_has_the_documented_shape():
    cloud = FakeCloud()
    cloud.add_flow("test-workflow", CHILD)
    cloud.add_flow("parent", PARENT)
    execution = cloud.run("parent", {})
    assert execution.status == "Succeeded"
    assert set(execution.output) == {"FlowName", "ExecutionName", "RequestID"}
    assert (execution.output["FlowName"], execution.output["ExecutionName"]) == ("test-workflow", "run-1")
    child = cloud.engine.executions[("test-workflow", "run-1")]
    assert (child.input, child.parent.path) == ({"n": 1}, "Start")
