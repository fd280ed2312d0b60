"""The service-integration document's FC asynchronous-invocation examples, run end to end."""
from conformance_run_support import T0
from conformance_support import assert_trace, detail, flow, times

from fakecloud.cloud import FakeCloud


# -- 3. FC asynchronous invocation ---------------------------------------------------------------------------------

FC_ARN = "acs:fc:cn-hangzhou:1234567890123456:services/svc.LATEST/functions/fn"


def fc_world(duration=0.0):
    cloud = FakeCloud()
    seen = []

    def fn(event):
        seen.append(event)
        if "token" in event:
            cloud.engine.report_task_succeeded(event["token"], {"calledBack": True})
        return {"result": event.get("n")}

    cloud.fc.register("svc/fn", fn, duration=duration, decode=True)
    return cloud, seen


def test_fc_default_is_a_synchronous_invocation():
    cloud, seen = fc_world(duration=3)
    cloud.add_flow("main", flow(f"""
        - type: task
          name: mytask
          resourceArn: {FC_ARN}
    """))
    ex = cloud.run("main", {"n": 1})
    assert (ex.output, ex.stopped_time) == ({"result": 1}, "2024-01-01T00:00:03.000Z")
    assert [i.invocation_type for i in cloud.fc.invocations] == ["Sync"]
    assert_trace(ex, """
        : ExecutionStarted
        mytask: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        : ExecutionSucceeded
    """)


def test_fc_async_in_the_three_patterns():
    cloud, seen = fc_world(duration=3)
    cloud.add_flow("main", flow(f"""
        - type: task
          name: fireAndForget
          resourceArn: {FC_ARN}
          pattern: requestResponse
          inputMappings: [{{target: n, source: 1}}]
          serviceParams:
            InvocationType: Async
        - type: task
          name: waitForResult
          resourceArn: {FC_ARN}
          pattern: sync
          inputMappings: [{{target: n, source: 2}}]
          serviceParams:
            InvocationType: Async
        - type: task
          name: waitForReport
          resourceArn: {FC_ARN}
          pattern: waitForCallback
          inputMappings:
            - {{target: n, source: 3}}
            - {{target: token, source: $context.task.token}}
          serviceParams:
            InvocationType: Async
    """))
    ex = cloud.run("main", {})
    assert ex.status == "Succeeded"
    assert ex.output == {"result": 2, "calledBack": True}
    assert detail(ex, "StepSucceeded", "fireAndForget") == [{"output": {}}]
    assert_trace(ex, """
        : ExecutionStarted
        fireAndForget: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        waitForResult: StepEntered StepStarted TaskScheduled TaskSubmitted TaskSucceeded StepSucceeded StepExited
        waitForReport: StepEntered StepStarted TaskScheduled TaskSubmitted TaskSucceeded StepSucceeded StepExited
        : ExecutionSucceeded
    """)
    assert times(ex, "TaskSucceeded") == [T0, "2024-01-01T00:00:03.000Z", "2024-01-01T00:00:03.000Z"]
    assert [i.invocation_type for i in cloud.fc.invocations] == ["Async"] * 3
    assert [e["n"] for e in seen] == [1, 2, 3]


def test_fc_recommended_example_names_the_stateful_invocation_after_the_execution():
    cloud, seen = fc_world()
    cloud.add_flow("main", flow("""
        - type: task
          name: mytask
          resourceArn: acs:fc:::services/svc.LATEST/functions/fn
          pattern: sync
          inputMappings:
            - target: id
              source: $context.execution.name
          serviceParams:
            InvocationType: Async
            StatefulAsyncInvocationID: $.id
    """))
    ex = cloud.run("main", {}, name="order-42")
    assert ex.output == {"result": None}
    run = cloud.fc.get_async_invocation("svc", "fn", "order-42", "LATEST")
    assert run.status == "Succeeded" and seen == [{"id": "order-42"}]
    assert detail(ex, "TaskScheduled") == [{"resourceArn": "acs:fc:::services/svc.LATEST/functions/fn",
                                            "pattern": "sync", "input": {"id": "order-42"}}]
