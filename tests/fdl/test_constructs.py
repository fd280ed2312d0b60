"""The typed model of the fixture flows in tests/fdl/flows: every FDL construct real flows use.

Each fixture is read with `load_flow` and compared field by field with the model it must produce.
"""
from pathlib import Path as FilePath

import pytest

from fakecloud.fdl import check_file, load_flow, parse_flow
from fakecloud.fdl import model as m
from fakecloud.fdl.paths import Path, compile_path
from fakecloud.fdl.targets import FcFunction, MnsQueue, MnsTopic, ServiceAction, Subflow

FLOWS = FilePath(__file__).parent / "flows"
FIXTURES = sorted(p.name for p in FLOWS.glob("*.yaml"))
INPUT = frozenset({"$"})


def load(name):
    return load_flow(str(FLOWS / name))


def outline(steps):
    """[(class name, step name)] per step, with the outlines of nested sequences after the name."""
    out = []
    for step in steps:
        nested = [(label, outline(seq)) for label, seq in m.child_sequences(step)]
        out.append((type(step).__name__, step.name, *nested))
    return out


def source(mapping):
    """('path', text, root) or ('literal', type name, value) of one mapping entry."""
    if mapping.path is not None:
        assert mapping.literal is None
        return ("path", mapping.path.text, mapping.path.root)
    return ("literal", type(mapping.literal).__name__, mapping.literal)


def mappings(entries):
    return [(e.target, *source(e)) for e in entries]


def policy(rule):
    return (rule.errors, rule.interval_seconds, rule.max_interval_seconds, rule.max_attempts, rule.multiplier)


def by_name(flow, name):
    found = [s for s in m.walk(flow.steps) if s.name == name]
    assert len(found) == 1, name
    return found[0]


def template(step):
    """serviceParams with every compiled path shown as ('path', text)."""
    def show(value):
        if isinstance(value, Path):
            assert value.root == "$"
            return ("path", value.text)
        if isinstance(value, dict):
            return {k: show(v) for k, v in value.items()}
        if isinstance(value, list):
            return [show(v) for v in value]
        return value
    return show(step.service_params.value)


def test_the_fixtures_are_all_here():
    assert FIXTURES == ["approval_loop.yaml", "integrations.yaml", "loan_desk.yaml", "media_fanout.yaml",
                        "reminders.yaml"]


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_is_valid_without_warnings(name):
    report = check_file(str(FLOWS / name))
    assert report.ok, [d.format() for d in report.diagnostics]
    assert report.diagnostics == ()
    assert report.flow.file == str(FLOWS / name)


@pytest.mark.parametrize("name", FIXTURES)
def test_text_and_file_give_the_same_model(name):
    path = FLOWS / name
    assert parse_flow(path.read_bytes(), str(path)) == load(name)
    assert parse_flow(path.read_text(), str(path)) == load(name)


# -- loan_desk.yaml: flow-level fields, literals, retry, catch ------------------------------------

def test_loan_desk_flow_fields():
    flow = load("loan_desk.yaml")
    assert (flow.version, flow.name, flow.timeout_seconds, flow.type) == ("v1", "loan_desk", 7200, "flow")
    assert mappings(flow.input_mappings) == [
        ("memberId", "path", "$input.request.member", "input"),
        ("isbn", "path", "$input.request.items[0]", "input"),
        ("raw", "path", "$input", "input"),
    ]
    assert mappings(flow.output_mappings) == [
        ("loanId", "path", "$local.loanId", "local"),
        ("everything", "path", "$local", "local"),
    ]
    assert outline(flow.steps) == [("PassStep", "defaults"), ("TaskStep", "checkMember"),
                                   ("TaskStep", "reserve-book"), ("FailStep", "refuse"), ("FailStep", "broken")]


def test_loan_desk_literals_of_every_kind():
    defaults = load("loan_desk.yaml").steps[0]
    assert defaults.input_mappings == ()
    assert mappings(defaults.output_mappings) == [
        ("greeting", "literal", "str", "welcome back to the reading room"),
        ("maxBooks", "literal", "int", 12),
        ("penalty", "literal", "int", -3),
        ("ratio", "literal", "float", 0.75),
        ("notes", "literal", "dict", {}),
        ("holds", "literal", "list", []),
        ("branch", "literal", "dict", {"city": "Ningbo", "floor": 2}),
        ("hours", "literal", "dict", {"open": "09:00", "close": "21:30"}),
        ("shelves", "literal", "list", ["A1", "B2", 3]),
        ("genres", "literal", "list", ["essays", "poetry"]),
        ("rushed", "literal", "bool", False),
        ("blank", "literal", "str", ""),
        ("nothing", "literal", "NoneType", None),
        ("counter", "literal", "str", "desk-7"),
        ("catalogue", "literal", "str", "https://books.example/catalogue?lang=en"),
        ("format", "literal", "str", ".epub"),
        ("separator", "literal", "str", "/"),
    ]


def test_loan_desk_task_with_retry_and_catch():
    task = load("loan_desk.yaml").steps[1]
    assert isinstance(task, m.TaskStep)
    assert task.target == FcFunction(
        region="cn-shanghai", account="1234567890", service="library", qualifier="PROD", function="check-member",
        arn="acs:fc:cn-shanghai:1234567890:services/library.PROD/functions/check-member")
    assert (task.pattern, task.timeout_seconds, task.service_params, task.end) == ("requestResponse", 30, None, False)
    assert mappings(task.input_mappings) == [("member", "path", "$input.memberId", "input"),
                                             ("limit", "path", "$local.maxBooks", "local")]
    assert [policy(r) for r in task.retry] == [
        (("MemberServiceBusy",), 5, 60, 4, 1.5),
        (("FC.ResourceThrottled", "FC.Unknown", "FnF.TaskTimeout"), 1, 86400, 3, 2),
        (("FnF.ALL",), 2, 86400, 0, 1),
    ]
    assert [type(v) for v in policy(task.retry[1])[1:]] == [int, int, int, int]
    assert [(c.errors, c.goto) for c in task.catch] == [(("MemberSuspended", "MemberUnknown"), "refuse"),
                                                        (("FnF.ALL",), "broken")]
    assert mappings(task.error_mappings) == [("reason", "path", "$local.error", "local"),
                                             ("detail", "path", "$local.cause", "local")]
    assert task.retry[0].matches("MemberServiceBusy") and not task.retry[0].matches("FC.Unknown")
    assert task.retry[2].matches("anything at all")
    assert task.catch[1].matches("Whatever")


def test_loan_desk_end_and_fail_steps():
    flow = load("loan_desk.yaml")
    reserve, refuse, broken = flow.steps[2:]
    assert reserve.end is True and reserve.retry == () and reserve.catch == ()
    assert reserve.target == FcFunction("", "", "library", None, "reserve", "acs:fc:::services/library/functions/reserve")
    assert (refuse.error, refuse.cause, refuse.end) == ("LoanRefused", "the member may not borrow books", False)
    assert (broken.error, broken.cause) == (None, None)
    assert all(s.end is False for s in (flow.steps[0], flow.steps[1], refuse, broken))


def test_loan_desk_locations():
    flow = load("loan_desk.yaml")
    assert flow.steps[0].loc == m.Loc(20, 5, "steps[0]")
    assert flow.steps[1].loc == m.Loc(61, 5, "steps[1]")
    assert flow.input_mappings[1].loc == m.Loc(10, 5, "inputMappings[1]")
    assert flow.steps[1].retry[2].loc == m.Loc(78, 9, "steps[1].retry[2]")
    assert flow.steps[1].catch[0].loc == m.Loc(88, 9, "steps[1].catch[0]")


# -- media_fanout.yaml: parallel, nested foreach, wildcards, ARN spellings -----------------------

def test_media_fanout_outline():
    flow = load("media_fanout.yaml")
    assert flow.version == "v1beta1" and flow.name is None and flow.timeout_seconds is None
    assert flow.input_mappings == () and flow.output_mappings == ()
    assert outline(flow.steps) == [
        ("TaskStep", "probe"),
        ("ParallelStep", "render",
         ("branches[0]", [("ForeachStep", "perResolution",
                           ("steps", [("ForeachStep", "perChunk", ("steps", [("TaskStep", "encodeChunk")]))]))]),
         ("branches[1]", [("ParallelStep", "extras",
                           ("branches[0]", [("TaskStep", "thumbnail")]),
                           ("branches[1]", [("TaskStep", "subtitles")]))])),
        ("TaskStep", "publish"),
    ]


def test_media_fanout_foreach_fields():
    flow = load("media_fanout.yaml")
    outer = by_name(flow, "perResolution")
    assert (outer.collection, outer.item, outer.index, outer.max_concurrency) == (
        compile_path("$.resolutions", INPUT), "resolution", "slot", 4)
    assert outer.collection.root == "$" and outer.collection.is_multi is False
    assert mappings(outer.output_mappings) == [("renditions", "path", "$local[*].parts[*]", "local")]
    assert outer.output_mappings[0].path.is_multi is True
    inner = by_name(flow, "perChunk")
    assert (inner.collection.text, inner.item, inner.index, inner.max_concurrency) == ("$.chunks", "chunk", None, None)
    assert mappings(inner.input_mappings) == [
        ("chunks", "path", "$input.chunks", "input"),
        ("resolution", "path", "$input.resolution", "input"),
        ("position", "path", "$context.step.iterationIndex", "context"),
    ]
    assert mappings(inner.output_mappings) == [("parts", "path", "$local[*].part", "local")]


def test_media_fanout_parallel_fields():
    flow = load("media_fanout.yaml")
    render = flow.steps[1]
    assert len(render.branches) == 2 and all(isinstance(b, m.Branch) for b in render.branches)
    assert render.branches[1].loc == m.Loc(43, 9, "steps[1].branches[1]")
    assert mappings(render.output_mappings) == [
        ("renditions", "path", "$local[0].renditions", "local"),
        ("firstExtra", "path", "$local[1].extraStatus[0]", "local"),
    ]
    assert mappings(by_name(flow, "extras").output_mappings) == [("extraStatus", "path", "$local[*].status", "local")]
    assert mappings(flow.steps[2].input_mappings) == [
        ("renditions", "path", "$local.renditions", "local"),
        ("title", "path", "$input.file.meta['display name']", "input"),
    ]


def test_media_fanout_fc_arn_spellings():
    flow = load("media_fanout.yaml")
    assert by_name(flow, "probe").target == FcFunction(
        "", "", "media", None, "probe", "acs:fc:::services/media/functions/probe")
    arn = "acs:fc:${ALIYUN::Region}:${ALIYUN::TenantId}:services/${MediaService}.LATEST/functions/${EncodeFunction}"
    assert by_name(flow, "encodeChunk").target == FcFunction(
        region="${ALIYUN::Region}", account="${ALIYUN::TenantId}", service="${MediaService}", qualifier="LATEST",
        function="${EncodeFunction}", arn=arn)
    assert by_name(flow, "thumbnail").target == FcFunction(
        "", "", "<mediaService>", None, "thumbnail", "acs:fc:::services/<mediaService>/functions/thumbnail")
    assert by_name(flow, "subtitles").target == FcFunction(
        "cn-beijing", "", "media", "v2", "subtitles", "acs:fc:cn-beijing::services/media.v2/functions/subtitles")


def test_media_fanout_nested_locations():
    flow = load("media_fanout.yaml")
    assert by_name(flow, "perChunk").loc == m.Loc(21, 17, "steps[1].branches[0].steps[0].steps[0]")
    assert by_name(flow, "encodeChunk").loc == m.Loc(34, 21, "steps[1].branches[0].steps[0].steps[0].steps[0]")
    assert by_name(flow, "subtitles").loc == m.Loc(52, 21, "steps[1].branches[1].steps[0].branches[1].steps[0]")


# -- approval_loop.yaml: choice loops and conditions ----------------------------------------------

def test_approval_loop_outline():
    flow = load("approval_loop.yaml")
    assert outline(flow.steps) == [
        ("PassStep", "start"), ("TaskStep", "requestApproval"), ("WaitStep", "cooldown"),
        ("TaskStep", "readStatus"),
        ("ChoiceStep", "decide", ("choices[0]", []), ("choices[1]", []), ("choices[2]", []),
         ("choices[3]", [("TaskStep", "escalate")]), ("default", [])),
        ("SucceedStep", "approved"), ("FailStep", "rejected"),
    ]


def test_approval_loop_choice_options():
    decide = load("approval_loop.yaml").steps[4]
    assert [(o.condition.text, o.goto, len(o.steps)) for o in decide.choices] == [
        ('$.status == "approved"', "approved", 0),
        ('$.status == "pending" && ($.attempts < 5 || $.eventId >= 4000)', "cooldown", 0),
        ("$.attempts==$.limit", "rejected", 0),
        ('$.status != "" && !$.escalated', "requestApproval", 1),
    ]
    assert (decide.default.condition, decide.default.goto, decide.default.steps) == (None, "rejected", ())
    assert decide.default.loc == m.Loc(46, 7, "steps[4].default")
    assert decide.choices[3].loc == m.Loc(39, 9, "steps[4].choices[3]")
    assert mappings(decide.input_mappings) == [
        ("status", "path", "$local.status", "local"),
        ("attempts", "path", "$local.attempts", "local"),
        ("limit", "path", "$input.limit", "input"),
        ("eventId", "path", "$context.step.eventId", "context"),
    ]


@pytest.mark.parametrize("data, chosen", [
    ({"status": "approved"}, 0),
    ({"status": "pending", "attempts": 4, "eventId": 10}, 1),
    ({"status": "pending", "attempts": 7, "eventId": 4000}, 1),
    ({"status": "pending", "attempts": 7, "eventId": 3999, "limit": 7}, 2),
    ({"status": "waiting", "attempts": 1, "limit": 3}, 3),
    ({"status": "waiting", "attempts": 1, "limit": 3, "escalated": True}, None),
    ({"status": "", "attempts": 1, "limit": 3}, None),
])
def test_approval_loop_conditions_compile_to_what_they_say(data, chosen):
    decide = load("approval_loop.yaml").steps[4]
    first = next((i for i, o in enumerate(decide.choices) if o.condition.evaluate(data)), None)
    assert first == chosen


def test_approval_loop_literals_and_wait():
    flow = load("approval_loop.yaml")
    assert mappings(flow.steps[0].output_mappings) == [("attempts", "literal", "int", 0), ("cursor", "literal", "str", "")]
    cooldown = flow.steps[2]
    assert (cooldown.duration, cooldown.timestamp) == (30, None)
    assert (flow.steps[6].error, flow.steps[6].cause) == ("ApprovalRejected", "nobody approved the request in time")


# -- reminders.yaml: waits, choices without default, nesting inside default ------------------------

def test_reminders_outline():
    flow = load("reminders.yaml")
    assert flow.version == "v1beta1"
    assert outline(flow.steps) == [
        ("WaitStep", "settle"), ("WaitStep", "notBefore"),
        ("ForeachStep", "perReminder", ("steps", [
            ("WaitStep", "sleepUntil"), ("TaskStep", "ring"),
            ("ChoiceStep", "snoozed", ("choices[0]", []), ("choices[1]", [])),
            ("SucceedStep", "rung"), ("PassStep", "giveUp")])),
        ("ChoiceStep", "bySize",
         ("choices[0]", [("PassStep", "smallBatch")]),
         ("default", [("ChoiceStep", "nested",
                       ("choices[0]", [("ForeachStep", "perPage", ("steps", [("PassStep", "markPage")]))]),
                       ("default", [("PassStep", "oneBigBatch")]))])),
    ]


def test_reminders_wait_values():
    flow = load("reminders.yaml")
    settle, not_before = flow.steps[0], flow.steps[1]
    assert (settle.duration, settle.timestamp) == (compile_path("$.settleSeconds", INPUT), None)
    assert (not_before.duration, not_before.timestamp) == (None, "2031-06-30T08:00:00+08:00")
    assert type(not_before.timestamp) is str
    sleep = by_name(flow, "sleepUntil")
    assert (sleep.duration, sleep.timestamp.text, sleep.timestamp.root) == (None, "$.reminder.at", "$")


def test_reminders_choices():
    flow = load("reminders.yaml")
    snoozed = by_name(flow, "snoozed")
    assert snoozed.default is None
    assert [(o.condition.text, o.goto) for o in snoozed.choices] == [("$.snooze", "sleepUntil"),
                                                                     ("$.rings >= 3", "giveUp")]
    assert [o.condition.evaluate({"snooze": 1, "rings": 5}) for o in snoozed.choices] == [True, True]
    assert [o.condition.evaluate({"snooze": "", "rings": 2}) for o in snoozed.choices] == [False, False]
    by_size = by_name(flow, "bySize")
    assert [(o.condition.text, o.goto) for o in by_size.choices] == [("$.count <= $.smallBatch", None)]
    assert by_size.default.goto is None and by_size.default.condition is None
    assert by_size.choices[0].condition.evaluate({"count": 3, "smallBatch": 3}) is True
    per_page = by_name(flow, "perPage")
    assert (per_page.collection.text, per_page.item, per_page.index) == ("$.pages", "page", None)
    assert per_page.loc == m.Loc(48, 19, "steps[3].default.steps[0].choices[0].steps[0]")


# -- integrations.yaml: subflows, MNS, vision, fnf, !Ref ------------------------------------------

def test_integrations_targets_and_patterns():
    flow = load("integrations.yaml")
    assert [(s.name, s.target, s.pattern) for s in flow.steps] == [
        ("startAudit", Subflow("", "", "audit-child", "acs:fnf:::flow/audit-child"), "requestResponse"),
        ("runAudit", Subflow("cn-hangzhou", "1234567890", "audit-child",
                             "acs:fnf:cn-hangzhou:1234567890:flow/audit-child"), "sync"),
        ("awaitSignOff", Subflow("", "", "<signOffFlow>", "acs:fnf:::flow/<signOffFlow>"), "waitForCallback"),
        ("notifyQueue", MnsQueue("", "", "audit-events", "acs:mns:::/queues/audit-events/messages"),
         "requestResponse"),
        ("broadcast", MnsTopic("", "", "<auditTopic>", "acs:mns:::/topics/<auditTopic>/messages"), "waitForCallback"),
        ("findFaces", ServiceAction("facebody", "DetectFace"), "requestResponse"),
        ("readCard", ServiceAction("ocr", "RecognizeIdentityCard"), "requestResponse"),
        ("forkNext", ServiceAction("fnf", "StartExecution"), "requestResponse"),
        ("callbackWorker", FcFunction("", "", "worker-svc", None, "await-callback",
                                      "acs:fc:::services/worker-svc/functions/await-callback"), "waitForCallback"),
        ("tidyUp", FcFunction("", "", "helpers", None, "tidy", "acs:fc:::services/helpers/functions/tidy"),
         "requestResponse"),
    ]
    assert [s.target.kind for s in flow.steps] == ["subflow"] * 3 + ["mns-queue", "mns-topic"] + ["action"] * 3 + ["fc"] * 2
    assert flow.steps[5].target.action == "facebody:DetectFace"


def test_integrations_service_params():
    flow = load("integrations.yaml")
    assert [template(s) if s.service_params else None for s in flow.steps] == [
        {"Input": ("path", "$")},
        {"Input": ("path", "$"), "ExecutionName": ("path", "$.runName")},
        {"Input": ("path", "$")},
        {"MessageBody": ("path", "$"), "DelaySeconds": 10, "Priority": 8},
        {"MessageBody": ("path", "$"), "MessageTag": "audit"},
        {"ImageURL": ("path", "$.photo")},
        {"ImageURL": ("path", "$.cardUrl"), "Side": "back"},
        {"FlowName": ("path", "$.nextFlow"), "ExecutionName": ("path", "$.nextRun"), "Input": ("path", "$")},
        {"InvocationType": "Async"},
        None,
    ]
    run_audit = flow.steps[1].service_params
    assert [(inner, p.text) for inner, p in run_audit.paths] == [(("Input",), "$"), (("ExecutionName",), "$.runName")]
    assert run_audit.loc == m.Loc(24, 7, "steps[1].serviceParams")


def test_integrations_context_sources_and_catch():
    flow = load("integrations.yaml")
    assert mappings(flow.steps[2].input_mappings) == [("token", "path", "$context.task.token", "context"),
                                                      ("parent", "path", "$context.execution.name", "context")]
    assert mappings(flow.steps[4].input_mappings) == [("callbackToken", "path", "$context.task.token", "context"),
                                                      ("flow", "path", "$context.flow.name", "context")]
    assert mappings(flow.steps[5].output_mappings) == [("faces", "path", "$local.Data.FaceCount", "local")]
    assert [(c.errors, c.goto) for c in flow.steps[1].catch] == [(("AuditRejected",), "notifyQueue")]
    assert [(c.errors, c.goto) for c in flow.steps[7].catch] == [(("fnf.ExecutionAlreadyExists",), "tidyUp")]
    assert flow.steps[9].loc == m.Loc(100, 5, "steps[9]")
