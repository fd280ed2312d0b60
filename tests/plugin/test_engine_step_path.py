"""The engine names each task attempt by its step path (TaskRequest.path): foreach iterations as `name[i]/`,
parallel branches as `name.branch[i]/`, choice branches add nothing."""
import textwrap

from fakecloud.engine import Engine, Return

FLOW = """\
version: v1
type: flow
steps:
  - type: task
    name: first
    resourceArn: acs:fc:::services/s/functions/f
  - type: foreach
    name: items
    iterationMapping:
      collection: $.list
      item: item
    steps:
      - type: parallel
        name: fanout
        branches:
          - steps:
              - type: task
                name: left
                resourceArn: acs:fc:::services/s/functions/f
          - steps:
              - type: choice
                name: pick
                choices:
                  - condition: $.item > 0
                    steps:
                      - type: task
                        name: right
                        resourceArn: acs:fc:::services/s/functions/f
"""


class Recorder:
    name = "fc"

    def __init__(self):
        self.paths = []

    def answers(self, target):
        return target.kind == "fc"

    def invoke(self, request):
        self.paths.append((request.path, request.step_name, request.attempt))
        return Return({})


def test_task_requests_carry_the_step_path():
    engine = Engine()
    recorder = Recorder()
    engine.register_integration(recorder)
    engine.add_flow("f", FLOW)
    execution = engine.run("f", {"list": [1, 0]})
    assert execution.status == "Succeeded"
    assert sorted(recorder.paths) == sorted([
        ("first", "first", 0),
        ("items[0]/fanout.branch[0]/left", "left", 0),
        ("items[0]/fanout.branch[1]/right", "right", 0),
        ("items[1]/fanout.branch[0]/left", "left", 0),
    ])


def test_a_request_built_without_a_path_uses_the_step_name():
    from fakecloud.engine import TaskRequest
    request = TaskRequest(None, None, "charge", None, "requestResponse", {}, None, None, None, 0, None, None)
    assert request.path == "charge"
    assert textwrap.dedent(repr(request)).startswith("TaskRequest('charge'")
