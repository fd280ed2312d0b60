"""Any other OpenAPI action (`ECS:DescribeInstances`): answered by the scripts of `cloud.openapi`, every call
recorded, `FakeCloud.Unmocked` naming the action when nothing answers; registered after every specific
integration. See docs/semantics.md, "Other OpenAPI actions"."""
import pytest

from fakecloud.cloud import SERVICES, FakeCloud
from fakecloud.engine.outcomes import Return, Throw
from fakecloud.fdl.actions import parse_action
from task_support import invoke

ACTION = "ECS:DescribeInstances"


def test_a_script_answers_by_attempt_and_input_and_every_call_is_recorded():
    cloud = FakeCloud()
    cloud.openapi.script("ECS", "DescribeInstances").throws("ECS.Throttling", "slow down", attempt=0).returns(
        {"Instances": {"Instance": [{"InstanceId": "i-1"}]}}, when={"RegionId": "cn-hangzhou"})
    first = invoke(cloud, ACTION, {"RegionId": "cn-hangzhou"})
    second = invoke(cloud, ACTION, {"RegionId": "cn-hangzhou"}, attempt=1)
    assert (first, second) == (Throw("ECS.Throttling", "slow down"),
                               Return({"Instances": {"Instance": [{"InstanceId": "i-1"}]}}))
    assert [(c.action, c.params, c.attempt, c.path) for c in cloud.openapi.calls_of(ACTION)] == [
        (ACTION, {"RegionId": "cn-hangzhou"}, 0, "Call"), (ACTION, {"RegionId": "cn-hangzhou"}, 1, "Call")]


def test_no_script_or_no_matching_rule_is_unmocked_naming_the_action():
    cloud = FakeCloud()
    assert invoke(cloud, ACTION, {}) == Throw(
        "FakeCloud.Unmocked", "no script answers the OpenAPI action ECS:DescribeInstances: script it with "
                              "cloud.openapi.script('ECS', 'DescribeInstances') or mock the state")
    cloud.openapi.script("ECS", "DescribeInstances").returns({}, when={"RegionId": "cn-beijing"})
    assert invoke(cloud, ACTION, {"RegionId": "cn-hangzhou"}) == Throw(
        "FakeCloud.Unmocked", "no rule of the script for ECS:DescribeInstances answers attempt 0 (rule 0: "
                              "input['RegionId'] is 'cn-hangzhou', not 'cn-beijing')")
    assert [c.outcome.error for c in cloud.openapi.calls] == ["FakeCloud.Unmocked", "FakeCloud.Unmocked"]


def test_it_answers_only_plain_openapi_targets_and_is_asked_last():
    cloud = FakeCloud()
    assert SERVICES[-1].attribute == "openapi" and cloud.engine.integrations[-1].name == "openapi"
    openapi = cloud.engine.integrations[-1]
    assert openapi.answers(parse_action("DashScope:QwenTextGeneration")) is True
    assert openapi.answers(parse_action("FNF:ListExecutions")) is True      # not the optimized StartExecution
    for action in ("FC:InvokeFunction", "HTTP:Request", "OSS:GetObject", "SMS:SendSms", "facebody:DetectFace",
                   "EventBridge:PutEvents", "MNS:SendMessage", "FNF:StartExecution"):
        assert openapi.answers(parse_action(action)) is False, action
    target = parse_action(ACTION)
    assert openapi.is_set_up(target) is False
    cloud.openapi.script("ECS", "DescribeInstances").returns(None)
    assert openapi.is_set_up(target) is True
    assert invoke(cloud, ACTION, {}) == Return({})            # a null answer is the empty object


def test_scenario_scripts_unused_rules_and_reset():
    cloud = FakeCloud()
    plug = SERVICES[-1]
    plug.set_up(cloud.openapi, {"DashScope:QwenTextGeneration": {"return": {"output": {"text": "hi"}}},
                                "ECS:StartInstance": [{"attempt": "0-1", "throw": "ECS.IncorrectInstanceStatus"}]},
                "services.openapi")
    assert invoke(cloud, "DashScope:QwenTextGeneration", {"model": "qwen"}) == Return({"output": {"text": "hi"}})
    invoke(cloud, "ECS:StartInstance", {})
    assert plug.unused(cloud.openapi) == [
        "ECS:StartInstance: rule 0 (attempt 0-1): throw ECS.IncorrectInstanceStatus never answered attempt 1"]
    with pytest.raises(ValueError, match="services.openapi: 'ECS' is not an action: expected 'Product:Api'"):
        plug.set_up(cloud.openapi, {"ECS": {}}, "services.openapi")
    with pytest.raises(ValueError, match="an OpenAPI product name is a non-empty string"):
        cloud.openapi.script("", "X")
    cloud.reset()
    assert (cloud.openapi.calls, cloud.openapi.has_script("ECS", "StartInstance")) == ([], False)
