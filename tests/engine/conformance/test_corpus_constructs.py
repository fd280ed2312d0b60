"""Constructs of real public flows that the construct fixtures do not run in the same shape: a foreach of
callback tasks reported by the function itself, a per-item catch inside an iteration, a child stopped with an
error that the parent catches, index paths into inputs, whole-object sources."""
import pytest
from conformance_support import assert_trace, detail, flow

from fakecloud.cloud import FakeCloud
from fakecloud.engine import TaskAlreadyCompleted


def test_foreach_of_callback_tasks_reported_by_the_invoked_function():
    # waitForCallback on FC without InvocationType: the function is invoked and reports its own token.
    cloud = FakeCloud()

    def start(event):
        cloud.engine.report_task_succeeded(event["taskToken"], {"value": event["key"].upper()})

    cloud.fc.register("samples/start", start, decode=True)
    cloud.add_flow("fork", flow("""
        - type: foreach
          name: fork
          iterationMapping:
            collection: $.keys
            item: key
          outputMappings:
            - target: values
              source: $local[*].value
          steps:
            - type: task
              name: startSubflow
              resourceArn: acs:fc:::services/samples/functions/start
              pattern: waitForCallback
              inputMappings:
                - target: key
                  source: $input.key
                - target: taskToken
                  source: $context.task.token
        - type: pass
          name: join
          inputMappings:
            - target: my_values
              source: $local.values
          outputMappings:
            - target: joined
              source: $input.my_values
    """))
    ex = cloud.run("fork", {"keys": ["a", "b"]})
    assert (ex.status, ex.output) == ("Succeeded", {"values": ["A", "B"], "joined": ["A", "B"]})
    assert_trace(ex, """
        : ExecutionStarted
        fork: StepEntered StepStarted IterationEntered
        startSubflow: StepEntered StepStarted TaskScheduled TaskSubmitted
        fork: IterationEntered
        startSubflow: StepEntered StepStarted TaskScheduled TaskSubmitted
        startSubflow: TaskSucceeded StepSucceeded StepExited
        fork: IterationExited
        startSubflow: TaskSucceeded StepSucceeded StepExited
        fork: IterationExited StepSucceeded StepExited
        join: StepEntered StepStarted StepSucceeded StepExited
        : ExecutionSucceeded
    """)


def test_wait_any_the_first_report_wins_and_later_ones_are_already_completed():
    cloud = FakeCloud()
    outcomes = []

    def callback(event):
        try:
            cloud.engine.report_task_succeeded(event["task_token"], {"status": event["key"]})
            outcomes.append((event["key"], "reported"))
        except TaskAlreadyCompleted:
            outcomes.append((event["key"], "TaskAlreadyCompleted"))
        return {"status": event["key"]}

    cloud.fc.register("flowCallback/callback", callback, decode=True)
    cloud.add_flow("subFlowTest", flow("""
        - type: parallel
          name: myparallel
          branches:
            - steps:
              - type: task
                name: task1
                resourceArn: acs:fc:::services/flowCallback/functions/callback
                inputMappings: [{target: key, source: key1}, {target: task_token, source: $input.task_token}]
            - steps:
              - type: task
                name: task2
                resourceArn: acs:fc:::services/flowCallback/functions/callback
                inputMappings: [{target: key, source: key2}, {target: task_token, source: $input.task_token}]
          outputMappings:
            - target: result
              source: $local[*].status
    """))
    cloud.add_flow("main", flow("""
        - type: task
          name: subflow
          resourceArn: acs:fnf:::flow/subFlowTest
          pattern: waitForCallback
          inputMappings:
            - target: task_token
              source: $context.task.token
          serviceParams:
            Input: $
        - type: pass
          name: pass
    """))
    ex = cloud.run("main", {})
    assert (ex.status, ex.output) == ("Succeeded", {"status": "key1"})
    assert outcomes == [("key1", "reported"), ("key2", "TaskAlreadyCompleted")]
    (child,) = cloud.engine.list_executions("subFlowTest")
    assert (child.status, child.output) == ("Succeeded", {"result": ["key1", "key2"]})
    assert_trace(ex, """
        : ExecutionStarted
        subflow: StepEntered StepStarted TaskScheduled TaskSubmitted TaskSucceeded StepSucceeded StepExited
        pass: StepEntered StepStarted StepSucceeded StepExited
        : ExecutionSucceeded
    """)


def test_per_item_catch_inside_an_iteration_and_a_boolean_path_loop():
    cloud = FakeCloud()
    pages = iter([{"keys": ["a.jpg", "bad.jpg"], "hasMore": True, "marker": "m1"},
                  {"keys": ["c.jpg"], "hasMore": False, "marker": ""}])
    cloud.fc.register("fnf-samples/listObjects", lambda e: next(pages), decode=True)

    class ImageDecodeError(Exception):
        pass

    def resize(event):
        if event["key"].startswith("bad"):
            raise ImageDecodeError("cannot decode")
        return {"resized": event["key"], "size": [event["width"], event["height"]]}

    cloud.fc.register("fnf-samples/resize", resize, decode=True)
    cloud.add_flow("batch", flow("""
        - type: pass
          name: init
          outputMappings:
            - target: marker
              source: ""
        - type: task
          name: listObjects
          resourceArn: acs:fc:::services/fnf-samples/functions/listObjects
          inputMappings:
            - {target: bucket, source: $input.bucket}
            - {target: marker, source: $local.marker}
            - {target: delimiter, source: /}
        - type: foreach
          name: processObjects
          iterationMapping:
            collection: $.keys
            item: key
          steps:
            - type: task
              name: resize
              resourceArn: acs:fc:::services/fnf-samples/functions/resize
              inputMappings:
                - {target: key, source: $input.key}
                - {target: width, source: 100}
                - {target: height, source: 100}
              catch:
                - errors: [FnF.ALL]
                  goto: ignore
            - type: pass
              name: ignore
          outputMappings:
            - target: resized
              source: $local[*].resized
        - type: choice
          name: hasMoreObjects
          choices:
            - condition: $.hasMore
              goto: listObjects
          default:
            goto: final
        - type: succeed
          name: final
    """))
    ex = cloud.run("batch", {"bucket": "photos"})
    assert (ex.status, ex.output) == ("Succeeded", {"marker": "", "keys": ["c.jpg"], "hasMore": False,
                                                    "resized": ["c.jpg"]})
    assert_trace(ex, """
        : ExecutionStarted
        init: StepEntered StepStarted StepSucceeded StepExited
        listObjects: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        processObjects: StepEntered StepStarted IterationEntered
        resize: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        ignore: StepEntered StepStarted StepSucceeded StepExited
        processObjects: IterationExited IterationEntered
        resize: StepEntered StepStarted TaskScheduled TaskStarted TaskFailed StepFailed StepExited
        ignore: StepEntered StepStarted StepSucceeded StepExited
        processObjects: IterationExited StepSucceeded StepExited
        hasMoreObjects: StepEntered StepStarted StepSucceeded StepExited
        listObjects: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        processObjects: StepEntered StepStarted IterationEntered
        resize: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        ignore: StepEntered StepStarted StepSucceeded StepExited
        processObjects: IterationExited StepSucceeded StepExited
        hasMoreObjects: StepEntered StepStarted StepSucceeded StepExited
        final: StepEntered StepStarted StepSucceeded StepExited
        : ExecutionSucceeded
    """)
    # the caught item's local is {} (no errorMappings); `$local[*].resized` skips it
    assert detail(ex, "StepSucceeded", "processObjects") == [{"output": {"resized": ["a.jpg"]}},
                                                             {"output": {"resized": ["c.jpg"]}}]
    assert detail(ex, "StepStarted", "listObjects") == [
        {"input": {"bucket": "photos", "marker": "", "delimiter": "/"}},
        {"input": {"bucket": "photos", "marker": "m1", "delimiter": "/"}}]


def test_stopped_child_error_is_caught_by_the_parent_and_end_skips_the_post_action():
    cloud = FakeCloud()
    cloud.fc.register("post-actions-service/long-running", lambda e: {"done": True}, duration=3600,
                      timeout=7200, decode=True)
    cloud.add_flow("post-actions-subflow", flow("""
        - type: task
          name: longRunning
          resourceArn: acs:fc:::services/post-actions-service/functions/long-running
    """))
    cloud.add_flow("main", flow("""
        - type: task
          name: startChildFlow
          resourceArn: acs:fnf:::flow/post-actions-subflow
          pattern: sync
          inputMappings:
            - {target: subflowInput, source: $input.subflowInput}
            - {target: subflowExecName, source: $input.subflowExecName}
          serviceParams:
            Input: $
            ExecutionName: $.subflowExecName
          catch:
            - errors: [AnyCustomError]
              goto: postAction
        - type: pass
          name: final
          end: true
        - type: pass
          name: postAction
    """))
    ex = cloud.start("main", {"subflowInput": {"n": 1}, "subflowExecName": "child-1"})
    cloud.engine.run_until_idle(skip_time=False)
    cloud.advance(60)
    cloud.engine.stop_execution("post-actions-subflow", "child-1", "AnyCustomError", "stopped by the operator")
    cloud.run_until_idle()
    assert (ex.status, ex.output, ex.stopped_time) == ("Succeeded", {}, "2024-01-01T00:01:00.000Z")
    assert_trace(ex, """
        : ExecutionStarted
        startChildFlow: StepEntered StepStarted TaskScheduled TaskSubmitted TaskFailed StepFailed StepExited
        postAction: StepEntered StepStarted StepSucceeded StepExited
        : ExecutionSucceeded
    """)
    assert detail(ex, "TaskFailed") == [{"error": "AnyCustomError", "cause": "stopped by the operator"}]


@pytest.mark.parametrize("steps,data,output", [
    # index paths into the input (oss-copy), a deep path through an event list (OSS trigger)
    ("""- type: pass
  name: init
  inputMappings:
    - {target: key, source: "$input.key_info[0]"}
    - {target: total_size, source: "$input.key_info[1]"}
  outputMappings:
    - {target: payload, source: $input}
""", {"key_info": ["a/b.bin", 1024]}, {"payload": {"key": "a/b.bin", "total_size": 1024}}),
    ("""- type: pass
  name: init
  outputMappings:
    - {source: $input, target: payload}
    - {source: "$input.events[0].oss.object.key", target: objectKey}
""", {"events": [{"oss": {"object": {"key": "in/x.zip"}}}]},
     {"payload": {"events": [{"oss": {"object": {"key": "in/x.zip"}}}]}, "objectKey": "in/x.zip"}),
    # a whole-local source after a task (fork-flows' child hands its local on)
    ("""- {type: pass, name: work, outputMappings: [{target: a, source: 1}, {target: b, source: [2]}]}
- type: pass
  name: report
  inputMappings:
    - {target: output, source: $local}
    - {target: error, source: SubflowError}
    - {target: cause, source: Failed to execute subflow}
  outputMappings:
    - {target: sent, source: $input}
""", {}, {"a": 1, "b": [2], "sent": {"output": {"a": 1, "b": [2]}, "error": "SubflowError",
                                     "cause": "Failed to execute subflow"}}),
])
def test_path_forms_of_real_flows(steps, data, output):
    cloud = FakeCloud()
    cloud.add_flow("f", flow(steps))
    ex = cloud.run("f", data)
    assert (ex.status, ex.output) == ("Succeeded", output)
