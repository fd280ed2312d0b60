"""Subflows through the FnF API, in all three patterns and both forms (`resourceArn: acs:fnf:::flow/...` and
`action: fnf:StartExecution`): exact parent outputs, child errors and StopExecution errors reaching the parent's
catch by name, API errors as `fnf.<Code>`, and the integration registered for other `action` products."""
from __future__ import annotations

import json

import pytest
import yaml

from fakecloud.engine import Return
from fnf_support import World, flow_text

CHILD = flow_text("""\
    - type: pass
      name: compute
      outputMappings:
        - target: result
          source: $input.n
    """)

FAILING_CHILD = flow_text("""\
    - type: fail
      name: refuse
      error: ChildRejected
      cause: no stock
    """)

SLOW_CHILD = flow_text("""\
    - type: wait
      name: nap
      duration: 100
    """)

WAITING_CHILD = flow_text("""\
    - type: task
      name: hold
      resourceArn: acs:fc:::services/s/functions/hold
      pattern: waitForCallback
    """)

CATCH = ["ChildRejected", "Abort", "FnF.Timeout", "fnf.FlowNotExists", "fnf.ExecutionAlreadyExists",
         "fnf.InvalidArgument"]
TOKEN_MAPPINGS = [{"target": "token", "source": "$context.task.token"}, {"target": "n", "source": "$input.n"}]


def parent(form: str, pattern: str, child: str = "child", params: dict | None = None, drop: tuple = (),
           input_mappings: list | None = None) -> str:
    """A parent flow whose task `call` starts `child` (ExecutionName kid, the mapped input as Input) and catches
    the child's errors into its output as {"error", "cause"}."""
    service_params = {"ExecutionName": "kid", "Input": "$"}
    if form == "action":
        service_params["FlowName"] = child
    service_params.update(params or {})
    for name in drop:
        del service_params[name]
    step = {"type": "task", "name": "call"}
    if form == "action":
        step["action"] = "fnf:StartExecution"
    else:
        step["resourceArn"] = f"acs:fnf:::flow/{child}"
    step["pattern"] = pattern
    if input_mappings:
        step["inputMappings"] = input_mappings
    step["serviceParams"] = service_params
    step["errorMappings"] = [{"target": "error", "source": "$local.error"},
                             {"target": "cause", "source": "$local.cause"}]
    step["catch"] = [{"errors": CATCH, "goto": "caught"}]
    steps = [step, {"type": "succeed", "name": "done"}, {"type": "pass", "name": "caught"}]
    return yaml.safe_dump({"version": "v1", "type": "flow", "steps": steps}, sort_keys=False)


def run_parent(world: World, definition: str, input=None) -> dict:
    world.create("parent", definition)
    world.start("parent", "p1", input if input is not None else {"n": 5})
    return world.describe("parent", "p1", WaitTimeSeconds=60)


def output(response: dict) -> dict:
    return json.loads(response["Output"])


FORMS = ["arn", "action"]


@pytest.mark.parametrize("form", FORMS)
def test_request_response_gives_the_start_information(world: World, form):
    world.create("child", CHILD)
    done = run_parent(world, parent(form, "requestResponse"))
    assert done["Status"] == "Succeeded"
    assert output(done) == {"FlowName": "child", "ExecutionName": "kid", "RequestId": "REQ-4"}
    child = world.describe("child", "kid")
    assert (child["Status"], child["Input"], child["Output"]) == ("Succeeded", '{"n":5}', '{"result":5}')


@pytest.mark.parametrize("form", FORMS)
def test_sync_gives_the_childs_output(world: World, form):
    world.create("child", CHILD)
    assert output(run_parent(world, parent(form, "sync"))) == {"result": 5}


@pytest.mark.parametrize("form", FORMS)
def test_sync_waits_for_the_child_in_virtual_time(world: World, form):
    world.create("child", SLOW_CHILD)
    done = run_parent(world, parent(form, "sync"))
    assert (done["Status"], world.engine.clock.iso()) == ("Running", "2024-01-01T00:01:00.000Z")
    done = world.describe("parent", "p1", WaitTimeSeconds=60)
    assert (done["Status"], done["StoppedTime"], output(done)) == ("Succeeded", "2024-01-01T00:01:40.000Z", {})


@pytest.mark.parametrize("form", FORMS)
def test_wait_for_callback_gives_the_callbacks_output(world: World, form):
    world.create("child", WAITING_CHILD)
    world.create("parent", parent(form, "waitForCallback", input_mappings=TOKEN_MAPPINGS))
    world.start("parent", "p1", {"n": 5})
    world.run()
    token = json.loads(world.describe("child", "kid")["Input"])["token"]
    assert world.describe("parent", "p1")["Status"] == "Running"
    world.fnf.report_task_succeeded(TaskToken=token, Output='{"approved": true}')
    assert output(world.describe("parent", "p1")) == {"approved": True}


@pytest.mark.parametrize("form", FORMS)
def test_wait_for_callback_failure_reaches_the_parents_catch(world: World, form):
    world.create("child", WAITING_CHILD)
    world.create("parent", parent(form, "waitForCallback", input_mappings=TOKEN_MAPPINGS))
    world.start("parent", "p1", {"n": 5})
    world.run()
    token = json.loads(world.describe("child", "kid")["Input"])["token"]
    world.fnf.report_task_failed(TaskToken=token, Error="ChildRejected", Cause="by hand")
    assert output(world.describe("parent", "p1")) == {"error": "ChildRejected", "cause": "by hand"}


def test_wait_for_callback_with_callback_token_reports_the_childs_end(world: World):
    # The action form passes serviceParams.CallbackFnFTaskToken to StartExecution, so the child's end completes
    # the parent's task. (The resourceArn form is the engine's own subflow integration.)
    world.create("child", CHILD)
    definition = parent("action", "waitForCallback", params={"CallbackFnFTaskToken": "$.token"},
                        input_mappings=TOKEN_MAPPINGS)
    assert output(run_parent(world, definition)) == {"result": 5}


@pytest.mark.parametrize("form", FORMS)
def test_a_childs_fail_reaches_the_parents_catch_by_name(world: World, form):
    world.create("child", FAILING_CHILD)
    done = run_parent(world, parent(form, "sync"))
    assert (done["Status"], output(done)) == ("Succeeded", {"error": "ChildRejected", "cause": "no stock"})


@pytest.mark.parametrize("form", FORMS)
def test_a_stop_execution_error_reaches_the_parents_catch_by_name(world: World, form):
    world.create("child", SLOW_CHILD)
    world.create("parent", parent(form, "sync"))
    world.start("parent", "p1", {"n": 5})
    world.describe("parent", "p1", WaitTimeSeconds=10)
    world.fnf.stop_execution(FlowName="child", ExecutionName="kid", Error="Abort", Cause="operator said so")
    done = world.describe("parent", "p1", WaitTimeSeconds=1)
    assert (done["Status"], output(done)) == ("Succeeded", {"error": "Abort", "cause": "operator said so"})
    assert done["StoppedTime"] == "2024-01-01T00:00:10.000Z"


def test_a_child_that_times_out_fails_the_sync_parent_with_fnf_timeout(world: World):
    world.create("child", flow_text("""\
        - type: wait
          name: nap
          duration: 100
        """, "timeoutSeconds: 30\n"))
    done = run_parent(world, parent("action", "sync"))
    assert output(done) == {"error": "FnF.Timeout", "cause": "execution did not finish within 30 seconds"}


# -- API errors as fnf.<Code> -----------------------------------------------------------------------------

def test_action_start_errors_reach_the_flow_as_fnf_codes(world: World):
    done = run_parent(world, parent("action", "requestResponse", child="nope"))
    assert output(done) == {"error": "fnf.FlowNotExists", "cause": "Flow nope does not exist."}


def test_action_finished_execution_name_is_fnf_execution_already_exists(world: World):
    world.create("child", CHILD)
    world.start("child", "kid")
    world.run()
    done = run_parent(world, parent("action", "sync"))
    assert output(done) == {"error": "fnf.ExecutionAlreadyExists",
                            "cause": "Execution kid for flow child already exists."}


def test_action_same_name_running_joins_the_running_child(world: World):
    world.create("child", SLOW_CHILD)
    world.start("child", "kid", {"first": True})
    done = run_parent(world, parent("action", "sync"))
    done = world.describe("parent", "p1", WaitTimeSeconds=60)
    assert (done["Status"], done["StoppedTime"]) == ("Succeeded", "2024-01-01T00:01:40.000Z")
    assert world.describe("child", "kid")["Input"] == '{"first":true}'


@pytest.mark.parametrize("params, error, cause", [
    ({"Input": "[1]"}, "fnf.InvalidArgument", "Parameter Input must be a JSON object."),
    ({"ExecutionName": "9lives"}, "fnf.InvalidArgument",
     "Parameter ExecutionName '9lives' is not a valid execution name: it must be 1 to 128 characters long, "
     "contain only letters, digits, '_' and '-', and start with a letter or '_'."),
])
def test_action_parameter_errors_are_fnf_invalid_argument(world: World, params, error, cause):
    world.create("child", CHILD)
    assert output(run_parent(world, parent("action", "sync", params=params))) == {"error": error, "cause": cause}


def test_action_input_text_and_scalars(world: World):
    world.create("child", CHILD)
    definition = flow_text("""\
        - type: task
          name: call
          action: fnf:StartExecution
          pattern: sync
          serviceParams:
            FlowName: child
            ExecutionName: $.name
            Input: '{"n": 8}'
        """)
    assert output(run_parent(world, definition, {"name": "k_1"})) == {"result": 8}


def test_action_input_defaults_to_the_mapped_step_input(world: World):
    world.create("child", CHILD)
    definition = flow_text("""\
        - type: task
          name: call
          action: fnf:StartExecution
          pattern: sync
          inputMappings:
            - target: n
              source: $input.n
          serviceParams:
            FlowName: child
        """)
    assert output(run_parent(world, definition, {"n": 3, "other": 1})) == {"result": 3}
    assert world.describe("child", "exec-1")["Input"] == '{"n":3}'


# -- other action products ---------------------------------------------------------------------------------

class Recorder:
    name = "vision"

    def __init__(self):
        self.requests = []

    def answers(self, target):
        return getattr(target, "product", None) == "facebody"

    def invoke(self, request):
        self.requests.append((request.target.product, request.target.api, request.params))
        return Return({"Data": {"ok": True}})


VISION = flow_text("""\
    - type: task
      name: look
      action: facebody:DetectFace
      serviceParams:
        ImageURL: http://example.com/a.jpg
    """)


def test_other_products_go_to_the_integration_that_answers_them():
    fallback = Recorder()
    world = World(fallback)
    done = run_parent(world, VISION)
    assert output(done) == {"Data": {"ok": True}}
    assert fallback.requests == [("facebody", "DetectFace", {"ImageURL": "http://example.com/a.jpg"})]


def test_without_an_integration_other_products_fail(world: World):
    done = run_parent(world, VISION)
    assert done["Status"] == "Failed"
    last = world.fnf.get_execution_history(FlowName="parent", ExecutionName="p1")["Events"][-1]
    assert json.loads(last["EventDetail"]) == {"error": "FnF.IntegrationNotConfigured",
                                               "cause": "no integration answers facebody:DetectFace (the world "
                                                        "registers its services' integrations with "
                                                        "engine.register_integration)"}
