"""Every construct of the state-machine dialect, each in a flow of its own (tests/fdl/statemachine/flows), is
accepted without a diagnostic and read into the typed model as written."""
import pathlib

import pytest

from fakecloud.fdl import STATE_MACHINE, check_file, load_flow
from fakecloud.fdl import actions as a
from fakecloud.fdl import targets as t
from fakecloud.fdl.statemachine import model as m

FLOWS = pathlib.Path(__file__).parent / "flows"


@pytest.mark.parametrize("path", sorted(FLOWS.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_flow_is_valid_without_warnings(path):
    report = check_file(str(path))
    assert [d.format() for d in report.diagnostics] == []
    assert report.ok and report.dialect == STATE_MACHINE
    assert isinstance(report.flow, m.StateMachine)


def load(name):
    return load_flow(str(FLOWS / f"{name}.yaml"))


def test_top_level_fields():
    sm = load("waits")
    assert (sm.name, sm.spec_version, sm.start_at, sm.description, sm.timeout) == (
        "waits", "v1", "Settle", "wait twice", None)
    assert sm.file == str(FLOWS / "waits.yaml")
    assert (sm.loc.line, sm.loc.column, sm.loc.path) == (2, 1, "")


def test_states_keep_their_position_and_path():
    sm = load("parallel_fan_out")
    both = sm.scope.state("Both")
    right = both.branches[1].state("Right")
    assert (right.loc.line, right.loc.column, right.loc.path) == (19, 13, "States[0].Branches[1].States[0]")
    assert (both.loc.line, both.loc.path) == (7, "States[0]")
    assert [s.name for s in m.walk(sm.scope)] == ["Both", "Left", "Right", "Join"]


def test_pass_and_wait():
    sm = load("waits")
    settle, backoff = sm.states
    assert (settle.type, settle.seconds, settle.next, settle.end, settle.description) == (
        "Wait", 30, "Backoff", False, "let the upload settle")
    assert backoff.end and backoff.next is None
    assert backoff.seconds.text == "$Input.delay"
    assert backoff.seconds.evaluate({"Input": {"delay": 9}}) == 9
    assert backoff.output_constructor.evaluate({"Input": {"delay": 9}, "Output": {}}) == {"waited": 9}


def test_choice_branches_in_order_and_default():
    route = load("choice_routing").scope.state("Route")
    assert [b.next for b in route.branches] == ["Large", "Later", "Now"]
    assert route.default == "Unknown"
    video = {"Input": {"kind": "video", "size": 2 << 20}, "Context": {"Execution": {"Name": "e1"}}}
    photo = {"Input": {"kind": "photo", "size": 10, "urgent": False}, "Context": {"Execution": {"Name": "e1"}}}
    urgent = {"Input": {"kind": "photo", "size": 10, "urgent": True}, "Context": {"Execution": {"Name": "e1"}}}
    assert [b.condition.evaluate(video) for b in route.branches] == [True, False, True]
    assert [b.condition.evaluate(photo) for b in route.branches] == [False, True, True]
    assert [b.condition.evaluate(urgent) for b in route.branches] == [False, False, True]


def test_succeed_and_fail():
    sm = load("endings")
    done, retryable, broken = (sm.scope.state(n) for n in ("Done", "Retryable", "Broken"))
    assert (done.type, done.end) == ("Succeed", True)
    assert (retryable.code, retryable.detail) == ("Transient", "")
    assert (broken.code, broken.detail) == ("Permanent", "the input cannot be processed")


def test_map_inline_defaults_and_processor():
    each = load("map_inline").scope.state("EachItem")
    assert (each.max_concurrency, each.distributed, each.items_path.text) == (5, False, "$Input.items")
    assert each.processor.start_at == "Price"
    assert [s.name for s in each.processor.states] == ["Price", "Tag"]


def test_map_distributed_settings():
    bulk = load("map_distributed").scope.state("Bulk")
    assert bulk.distributed and bulk.max_concurrency == 100
    assert (bulk.item_batcher, bulk.result_writer, bulk.max_items) == (
        {"MaxItemsPerBatch": 10}, {"Bucket": "results"}, 5000)
    assert (bulk.tolerated_failure_count, bulk.tolerated_failure_percentage) == (3, 2.5)
    item = bulk.item_constructor.evaluate({"Item": "a.csv", "Input": {"bucket": "b"}})
    assert item == {"file": "a.csv", "bucket": "b"}


def test_retry_and_catch_rules():
    sm = load("retry_and_catch")
    charge = sm.scope.state("Charge")
    throttled, timeout = charge.retry
    assert (throttled.errors, throttled.description, throttled.max_attempts, throttled.interval_seconds,
            throttled.backoff_rate, throttled.max_backoff_seconds) == (
        ("FC.ResourceThrottled", "FC.InternalServerError"), "back off on throttling", 4, 2, 1.5, 20)
    assert [throttled.delay(k) for k in (1, 2, 3, 4, 5, 6, 7)] == [2, 3.0, 4.5, 6.75, 10.125, 15.1875, 20]
    assert (timeout.backoff_rate, timeout.max_backoff_seconds, [timeout.delay(k) for k in (1, 2)]) == (1.0, None,
                                                                                                        [5, 5])
    assert charge.timeout == 30
    rule, = charge.catch
    assert (rule.errors, rule.next, rule.matches("FC.Anything")) == (("FnF.ALL",), "Refund", True)
    error = {"Input": {"orderId": 7}, "Context": {"Current": {"Error": {"Code": "FC.X", "Detail": "boom"}}}}
    assert rule.output_constructor.evaluate(error) == {"code": "FC.X", "detail": "boom", "order": 7}
    refund = sm.scope.state("Refund")
    assert [r.max_attempts for r in refund.retry] == [2] and refund.catch[0].next == "GiveUp"


def test_globals_written_and_read():
    remember, use = load("globals").states
    assert remember.global_constructor.evaluate({"Input": {"userId": "u1"}, "Output": {"Body": {"plan": "pro"}}}) \
        == {"userId": "u1", "plan": "pro", "startedBy": "remember"}
    assert use.input_constructor.evaluate({"Global": {"userId": "u1", "plan": "pro"}}) == {"user": "u1", "plan": "pro"}


def test_task_actions_are_typed():
    sm = load("integrations")
    kinds = {s.name: (type(s.action).__name__, s.action.kind, s.action.action, s.task_mode) for s in sm.states}
    assert kinds == {
        "Announce": ("MnsSendMessage", "mns", "MNS:SendMessage", "RequestComplete"),
        "Fetch": ("OssAction", "oss", "OSS:GetObject", "RequestComplete"),
        "Copy": ("OssAction", "oss", "OSS:CopyObject", "RequestComplete"),
        "Publish": ("EventBridgePutEvents", "eventbridge", "EventBridge:PutEvents", "WaitForCustomCallback"),
        "Text": ("SmsSendSms", "sms", "SMS:SendSms", "RequestComplete"),
        "Faces": ("VisionAction", "vision", "facebody:DetectFace", "RequestComplete"),
        "Instances": ("ActionTarget", "openapi", "ECS:DescribeInstances", "RequestComplete"),
        "Review": ("HttpRequest", "http", "HTTP:Request", "WaitForCustomCallback"),
        "Archive": ("FcInvokeFunction", "fc", "FC:InvokeFunction", "RequestComplete"),
    }
    assert sm.scope.state("Announce").resource == t.MnsTopic("", "", "news", "acs:mns:::/topics/news/messages")
    assert sm.scope.state("Archive").resource == t.FcFunction("", "", "archive", None, "store",
                                                              "acs:fc:::services/archive/functions/store")
    assert sm.scope.state("Faces").action.spec.required == ("ImageURL",)


def test_task_modes_each_action_supports():
    assert a.parse_action("FC:InvokeFunction").task_modes == a.TASK_MODES
    assert a.parse_action("FNF:StartExecution").task_modes == a.TASK_MODES
    for text in ("MNS:SendMessage", "HTTP:Request", "EventBridge:PutEvents", "SMS:SendSms"):
        assert a.parse_action(text).task_modes == ("RequestComplete", "WaitForCustomCallback"), text
    for text in ("OSS:GetObject", "OSS:PutObject", "facebody:DetectFace", "ECS:DescribeInstances"):
        assert a.parse_action(text).task_modes == ("RequestComplete",), text


def test_fc3_functions_subflows_and_queues_are_typed_resources():
    sm = load("callbacks")
    transcode, approve, child = sm.states
    assert transcode.resource == t.Fc3Function("", "", "transcoder", "prod", "acs:fc:::functions/transcoder/prod")
    assert (transcode.resource.generation, transcode.resource.kind, transcode.task_mode, transcode.timeout) == (
        3, "fc", "WaitForSystemCallback", 3600)
    assert approve.resource == t.MnsQueue("cn-hangzhou", "123456789", "approvals",
                                          "acs:mns:cn-hangzhou:123456789:/queues/approvals/messages")
    assert approve.timeout.evaluate({"Input": {"approvalSeconds": 600}}) == 600
    assert child.resource == t.Subflow("cn-hangzhou", "", "publish", "acs:fnf:cn-hangzhou::flow/publish")


def test_parameters_evaluate_nested_expressions():
    first = load("function_pipeline").scope.state("提取音频")
    assert first.parameters.evaluate({"Input": {"videoUrl": "oss://v.mp4"}}) == {
        "invocationType": "Sync", "resourceArn": "acs:fc:cn-hangzhou:123456789:functions/extract-audio/LATEST",
        "body": {"source": "oss://v.mp4", "format": "wav"}}
    assert first.resource.function == "extract-audio" and first.resource.qualifier == "LATEST"


def test_a_constructor_gives_new_literal_maps_and_lists_on_every_evaluation():
    from fakecloud.fdl import check_text
    text = ("Type: StateMachine\nName: m\nSpecVersion: v1\nStartAt: S\nStates:\n"
            "  - {Type: Pass, Name: S, End: true, OutputConstructor: {m: {k: [1, {d: 2}]}, n: 3, id.$: $Input.id}}\n")
    constructor = check_text(text, "m.yaml").flow.scope.state("S").output_constructor
    first = constructor.evaluate({"Input": {"id": 7}})
    assert first == {"m": {"k": [1, {"d": 2}]}, "n": 3, "id": 7}
    first["m"]["k"][1]["d"] = "changed"
    first["m"]["k"].append(4)
    assert constructor.evaluate({"Input": {"id": 8}}) == {"m": {"k": [1, {"d": 2}]}, "n": 3, "id": 8}
