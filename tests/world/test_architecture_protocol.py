"""The world's shape: the engine has no integrations of its own, every task attempt passes the engine's
interceptors (so a mock answers a step of an integration registered after the runner was made), a reset is in
place, and child executions know exactly which task attempt started them."""
from fakecloud.cloud import FakeCloud
from fakecloud.engine import Engine, Return
from fakecloud.services.integration import ServiceIntegration
from fakecloud.testing.runner import FlowRunner
from fakecloud.wire.server import FakeCloudServer


def test_an_engine_has_no_integrations_until_a_world_gives_it_some():
    engine = Engine()
    assert engine.integrations == [] and len(engine.interceptors) == 0
    engine.add_flow("f", "version: v1\ntype: flow\nsteps:\n  - type: task\n    name: t\n"
                         "    resourceArn: acs:fc:::services/s/functions/f\n")
    execution = engine.run("f")
    assert (execution.status, execution.error) == ("Failed", "FnF.IntegrationNotConfigured")
    assert execution.cause == ("no integration answers acs:fc:::services/s/functions/f (the world registers its "
                               "services' integrations with engine.register_integration)")
    names = [i.name for i in FakeCloud().engine.integrations]
    assert names[:6] == ["fc", "mns-queue", "mns-topic", "mns", "subflow", "vision"]


class Ledger(ServiceIntegration):
    """A service registered after the runner exists: it answers `ledger:*` actions."""
    name = "ledger"

    def __init__(self):
        self.calls = []

    def answers(self, target):
        return getattr(target, "product", None) == "ledger"

    def is_set_up(self, target):
        return True

    def invoke(self, request):
        self.calls.append(request.params)
        return Return({"booked": True})


LEDGER_FLOW = """version: v1
type: flow
steps:
  - type: task
    name: book
    action: ledger:Book
    serviceParams: {Amount: 5}
"""


def test_a_mock_answers_a_step_of_an_integration_registered_after_the_runner_was_made():
    from fakecloud.fdl.targets import ActionSpec
    cloud = FakeCloud()
    runner = FlowRunner(cloud)
    ledger = Ledger()
    cloud.engine.register_integration(ledger)
    cloud.engine.actions += (ActionSpec("ledger", "Book", params=("Amount",)),)
    run = runner.run(LEDGER_FLOW, mocks={"book": {"return": {"booked": "mocked"}}})
    assert (run.status, run.output) == ("Succeeded", {"booked": "mocked"})
    assert ledger.calls == []
    assert [(c.path, c.kind, c.answered_by) for c in run.calls] == [("book", "ledger", "mock book")]
    cloud.reset()
    unmocked = FlowRunner(cloud).run(LEDGER_FLOW)
    assert (unmocked.status, unmocked.output) == ("Succeeded", {"booked": True})
    assert ledger.calls == [{"Amount": 5}]


def test_a_reset_keeps_every_handle_valid():
    cloud = FakeCloud(seed=3)
    handles = (cloud.clock, cloud.engine, cloud.fc, cloud.mns, cloud.viapi, cloud.fnf, cloud.ids)
    runner = FlowRunner(cloud)
    runner.run("version: v1\ntype: flow\nsteps:\n  - {type: wait, name: w, duration: 30}\n")
    cloud.mns.create_queue("q")
    first = cloud.mns.send_message("q", "a").message_id
    cloud.reset()
    assert (cloud.clock, cloud.engine, cloud.fc, cloud.mns, cloud.viapi, cloud.fnf, cloud.ids) == handles
    assert cloud.clock.now() == 1704067200 and cloud.engine.executions == {} and cloud.mns.list_queues().names == ()
    cloud.mns.create_queue("q")
    assert cloud.mns.send_message("q", "a").message_id == first          # ids start over with the seed
    assert runner.router not in cloud.engine.interceptors                # a reset drops the old test's mocks
    run = FlowRunner(cloud).run("version: v1\ntype: flow\nsteps:\n  - {type: pass, name: p}\n")
    assert run.status == "Succeeded"


def test_the_servers_world_stays_valid_across_resets():
    with FakeCloudServer() as server:
        cloud, mns = server.cloud, server.cloud.mns
        cloud.mns.create_queue("q")
        server.control("/reset", {})
        assert server.cloud is cloud and cloud.mns is mns and mns.list_queues().names == ()
        engine = cloud.engine
        server.control("/flows", {"name": "f", "definition": CHILD})
        assert list(engine.flows) == ["f"] and server.cloud.engine is engine


CHILD = "version: v1\ntype: flow\nsteps:\n  - {type: pass, name: c}\n"
PARENT = """version: v1
type: flow
steps:
  - type: foreach
    name: items
    iterationMapping:
      collection: $.list
      item: n
    steps:
      - type: task
        name: start
        resourceArn: acs:fnf:::flow/child
        pattern: sync
  - type: parallel
    name: fan
    branches:
      - steps:
          - {type: task, name: left, resourceArn: 'acs:fnf:::flow/child', pattern: sync}
      - steps:
          - {type: task, name: right, resourceArn: 'acs:fnf:::flow/child', pattern: sync}
"""


def test_child_parentage_is_exact_for_children_started_at_the_same_instant():
    cloud = FakeCloud()
    cloud.add_flow("child", CHILD)
    runner = FlowRunner(cloud)
    run = runner.run(PARENT, {"list": [1, 2, 3]})
    assert run.status == "Succeeded"
    children = [e for e in cloud.engine.executions.values() if e.parent is not None]
    assert len({c.started_ms for c in children}) == 1                    # all at one virtual instant
    assert sorted((c.parent.path, c.parent.attempt) for c in children) == [
        ("fan.branch[0]/left", 0), ("fan.branch[1]/right", 0),
        ("items[0]/start", 0), ("items[1]/start", 0), ("items[2]/start", 0)]
    for child in children:
        scheduled = next(e for e in child.parent.execution.history if e.event_id == child.parent.event_id)
        assert scheduled.type == "TaskScheduled" and child.parent.execution is run.execution
    prefixes = {"items[0]/start": "items[0]/child:start/", "items[2]/start": "items[2]/child:start/",
                "fan.branch[1]/right": "fan.branch[1]/child:right/"}
    for path, prefix in prefixes.items():
        (sub,) = run.step(path).subflows
        assert sub.execution.parent.path == path and sub.prefix == prefix
