"""The FakeCloud world: services and the engine on one clock, cross-service causality without threads."""
import json
import time

from fakecloud.cloud import FakeCloud
from fakecloud.engine import RealClock, VirtualClock

APPROVAL = """\
version: v1
type: flow
steps:
  - type: task
    name: askApproval
    resourceArn: acs:mns:::/queues/approvals/messages
    pattern: waitForCallback
    timeoutSeconds: 3600
    inputMappings:
      - target: orderId
        source: $input.orderId
      - target: token
        source: $context.task.token
    serviceParams:
      MessageBody: $
    catch:
      - errors: [FnF.TaskTimeout]
        goto: expired
  - type: pass
    name: done
    end: true
  - type: pass
    name: expired
    outputMappings:
      - target: expired
        source: true
"""


def test_a_flow_waits_for_a_queue_consumer_that_reports_with_the_token():
    cloud = FakeCloud()
    cloud.mns.create_queue("approvals")
    cloud.add_flow("approval", APPROVAL)
    execution = cloud.start("approval", {"orderId": "o-1"})
    cloud.run_until_idle()
    assert execution.status == "Running"

    message = cloud.receive_message("approvals", wait_seconds=10)
    body = json.loads(message.body)
    assert body["orderId"] == "o-1"
    cloud.report_task_succeeded(body["token"], {"approved": True, "by": "alice"})

    assert execution.status == "Succeeded"
    assert execution.output == {"approved": True, "by": "alice"}


def test_the_callback_deadline_fires_only_when_time_passes_it():
    cloud = FakeCloud()
    cloud.mns.create_queue("approvals")
    cloud.add_flow("approval", APPROVAL)
    execution = cloud.start("approval", {"orderId": "o-2"})
    cloud.run_until_idle()
    cloud.advance(3599)
    assert execution.status == "Running"
    cloud.advance(1)
    assert execution.status == "Succeeded"
    assert execution.output == {"expired": True}


def test_long_polling_receive_moves_virtual_time_until_the_flow_sends():
    cloud = FakeCloud()
    cloud.mns.create_queue("approvals")
    cloud.add_flow("later", """\
version: v1
type: flow
steps:
  - type: wait
    name: pause
    duration: 20
  - type: task
    name: send
    resourceArn: acs:mns:::/queues/approvals/messages
    serviceParams:
      MessageBody: hello
""")
    execution = cloud.start("later", {})
    message = cloud.receive_message("approvals", wait_seconds=30)
    assert message.body == "hello"
    assert cloud.clock.now() - 1704067200 == 20
    cloud.run_until_idle()
    assert execution.status == "Succeeded"
    assert set(execution.output) == {"MessageId", "MessageBodyMD5", "RequestId"}


def test_a_topic_fans_out_to_a_queue_and_an_http_subscriber():
    cloud = FakeCloud()
    cloud.mns.create_queue("audit")
    cloud.mns.create_topic("orders")
    cloud.mns.subscribe("orders", "toQueue", cloud.mns.queue_endpoint("audit"), notify_content_format="SIMPLIFIED")
    pushed = []
    cloud.mns.register_http_endpoint("http://hooks.example/orders", lambda url, headers, body: pushed.append(body))
    cloud.mns.subscribe("orders", "toHttp", "http://hooks.example/orders", notify_content_format="SIMPLIFIED")
    cloud.add_flow("publish", """\
version: v1
type: flow
steps:
  - type: task
    name: announce
    resourceArn: acs:mns:::/topics/orders/messages
    inputMappings:
      - target: orderId
        source: $input.orderId
    serviceParams:
      MessageBody: $
""")
    execution = cloud.run("publish", {"orderId": "o-9"})
    assert execution.status == "Succeeded"
    assert cloud.receive_message("audit").body == '{"orderId":"o-9"}'
    assert pushed == ['{"orderId":"o-9"}']


def test_vision_errors_reach_the_flow_with_the_product_prefix():
    cloud = FakeCloud()
    cloud.viapi.script("goodstech", "ClassifyCommodity").throws("InternalError.Busy", "busy", attempt="0")
    cloud.add_flow("classify", """\
version: v1
type: flow
steps:
  - type: task
    name: classify
    action: goodstech:ClassifyCommodity
    serviceParams:
      ImageURL: http://img.example/a.jpg
    retry:
      - errors: [goodstech.InternalError.Busy]
        intervalSeconds: 10
""")
    execution = cloud.run("classify", {})
    assert execution.status == "Succeeded"
    assert [c.error is not None for c in cloud.viapi.calls] == [True, False]
    assert cloud.clock.now() - 1704067200 == 10


def test_an_fc_handler_starts_another_execution():
    cloud = FakeCloud()
    cloud.add_flow("child", "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: p\n")
    started = []

    def kick(event):
        started.append(cloud.start("child", {"from": "parent"}).name)
        return {"started": True}

    cloud.fc.register("svc/kick", kick, decode=True)
    cloud.add_flow("parent", "version: v1\ntype: flow\nsteps:\n  - type: task\n    name: k\n"
                             "    resourceArn: acs:fc:::services/svc/functions/kick\n")
    parent = cloud.run("parent", {})
    cloud.run_until_idle()
    assert parent.status == "Succeeded"
    child = cloud.engine.describe_execution("child", started[0])
    assert child.status == "Succeeded" and child.input == {"from": "parent"}


def test_reset_gives_a_clean_world():
    cloud = FakeCloud()
    cloud.mns.create_queue("q")
    cloud.add_flow("f", "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: p\n")
    cloud.viapi.script("goodstech", "ClassifyCommodity").returns({"Data": {}})
    cloud.viapi.call("goodstech", "ClassifyCommodity", {"ImageURL": "http://img.example/a.jpg"})
    cloud.advance(100)
    cloud.reset()
    assert cloud.mns.list_queues().names == ()
    assert cloud.engine.flows == {}
    assert cloud.clock.now() == 1704067200
    assert cloud.viapi.calls == [] and not cloud.viapi.has_script("goodstech", "ClassifyCommodity")
    assert cloud.fnf.list_flows()["Flows"] == []


WAIT_10 = "version: v1\ntype: flow\nsteps:\n  - type: wait\n    name: w\n    duration: 10\n"


def test_reset_with_a_given_virtual_clock_restarts_time_and_leaves_the_old_world_behind():
    given = VirtualClock("2024-06-01T00:00:00Z")
    cloud = FakeCloud(clock=given)
    assert cloud.clock is given
    cloud.add_flow("f", WAIT_10)
    old = cloud.start("f", {})
    cloud.advance(5)
    cloud.reset()
    assert cloud.clock is given and cloud.clock.iso() == "2024-06-01T00:00:00.000Z"     # reset in place
    assert cloud.clock.pending_timers() == 0
    cloud.advance(60)
    assert old.status == "Running"          # the old engine's wait is not driven by the new world's clock
    cloud.reset()
    assert cloud.clock.iso() == "2024-06-01T00:00:00.000Z"


def test_reset_with_a_given_real_clock_restarts_it_at_the_wall_clock_time_with_its_scale():
    given = RealClock("2001-01-01T00:00:00Z", scale=60)
    cloud = FakeCloud(clock=given)
    cloud.engine.clock.call_later(5, lambda: None)
    cloud.reset()
    assert cloud.clock is given and cloud.engine.clock is given and given.scale == 60
    assert abs(given.now() - time.time()) < 5 and given.pending_timers() == 0


def test_a_changed_output_reaches_no_other_run_or_world():
    flow = "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: nothing\n"
    first, second = FakeCloud(), FakeCloud()
    for cloud in (first, second):
        cloud.add_flow("empty", flow)
    output = first.run("empty", {}).output
    assert output == {}
    output["changed"] = True
    assert first.run("empty", {}).output == {} and second.run("empty", {}).output == {}


def test_same_seed_same_ids_and_history():
    def once():
        cloud = FakeCloud(seed=7)
        cloud.mns.create_queue("q")
        cloud.add_flow("f", "version: v1\ntype: flow\nsteps:\n  - type: task\n    name: s\n"
                            "    resourceArn: acs:mns:::/queues/q/messages\n    serviceParams:\n      MessageBody: x\n")
        execution = cloud.run("f", {})
        return execution.name, execution.output, execution.history.to_list()
    assert once() == once()


def test_a_message_sent_at_once_is_received_without_moving_time():
    cloud = FakeCloud()
    cloud.mns.create_queue("q")
    cloud.add_flow("send", "version: v1\ntype: flow\nsteps:\n  - type: task\n    name: s\n"
                           "    resourceArn: acs:mns:::/queues/q/messages\n    serviceParams:\n      MessageBody: hi\n")
    cloud.start("send", {})
    assert cloud.receive_message("q", wait_seconds=30).body == "hi"
    assert cloud.clock.now() == 1704067200


def test_fnf_start_execution_action_runs_a_child_through_the_fnf_api():
    cloud = FakeCloud()
    cloud.fnf.create_flow(Name="child", Definition="version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: p\n"
                                                   "    outputMappings:\n      - target: ok\n        source: 1\n",
                          Description="a child flow", Type="FDL")
    cloud.add_flow("parent", """\
version: v1
type: flow
steps:
  - type: task
    name: startChild
    action: fnf:StartExecution
    pattern: sync
    serviceParams:
      FlowName: child
      ExecutionName: kid-1
""")
    parent = cloud.run("parent", {})
    assert parent.status == "Succeeded"
    assert parent.output == {"ok": 1}
    assert cloud.fnf.describe_execution(FlowName="child", ExecutionName="kid-1")["Status"] == "Succeeded"


def test_a_synchronous_fc_handler_can_report_the_token_it_receives():
    cloud = FakeCloud()

    def approve(event):
        cloud.fnf.report_task_succeeded(TaskToken=event["token"], Output='{"approved": true}')
        return {}

    cloud.fc.register("svc/approve", approve, decode=True)
    cloud.add_flow("f", """\
version: v1
type: flow
steps:
  - type: task
    name: ask
    resourceArn: acs:fc:::services/svc/functions/approve
    pattern: waitForCallback
    inputMappings:
      - target: token
        source: $context.task.token
""")
    execution = cloud.run("f", {})
    assert execution.status == "Succeeded"
    assert execution.output == {"approved": True}
    assert [e["Type"] for e in execution.history.to_list()][2:7] == [
        "StepStarted", "TaskScheduled", "TaskSubmitted", "TaskSucceeded", "StepSucceeded"]


def test_a_subflow_started_with_a_callback_token_reports_to_that_task_when_it_ends():
    cloud = FakeCloud()
    cloud.add_flow("child", "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: p\n"
                            "    outputMappings:\n      - target: done\n        source: yes\n")
    cloud.add_flow("parent", """\
version: v1
type: flow
steps:
  - type: task
    name: runChild
    resourceArn: acs:fnf:::flow/child
    pattern: waitForCallback
    inputMappings:
      - target: token
        source: $context.task.token
    serviceParams:
      CallbackFnFTaskToken: $.token
""")
    parent = cloud.run("parent", {})
    assert parent.status == "Succeeded"
    assert parent.output == {"done": True}
