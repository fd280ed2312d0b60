"""Every construct fixture of tests/fdl/flows run end to end through a FakeCloud: exact statuses, outputs, the
exact sequence of (Type, StepName) history events, and the EventDetail of the events that carry a rule."""
import re

import pytest
import scenarios as sc
from conformance_support import assert_trace, detail, history_bytes, times

from fakecloud.engine import make_token

# -- approval_loop.yaml: choice loops with backward gotos, conditions over mapped input, $context.step.eventId --

APPROVED = """
    : ExecutionStarted
    start: StepEntered StepStarted StepSucceeded StepExited
    requestApproval: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
    cooldown: StepEntered StepStarted StepSucceeded StepExited
    readStatus: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
    decide: StepEntered StepStarted StepSucceeded StepExited
    cooldown: StepEntered StepStarted StepSucceeded StepExited
    readStatus: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
    decide: StepEntered StepStarted StepSucceeded StepExited
    approved: StepEntered StepStarted StepSucceeded StepExited
    : ExecutionSucceeded
"""


def test_approval_loop_polls_back_to_the_wait_until_approved():
    _, ex = sc.approval_approved_after_polling()
    assert (ex.status, ex.output) == ("Succeeded", {"attempts": 2, "cursor": "", "requested": 0,
                                                    "status": "approved"})
    assert_trace(ex, APPROVED)
    # decide's input is its mapped input: the conditions see `eventId`, the EventId of its own StepEntered.
    assert detail(ex, "StepStarted", "decide") == [
        {"input": {"status": "pending", "attempts": 1, "limit": 3, "eventId": 24}},
        {"input": {"status": "approved", "attempts": 2, "limit": 3, "eventId": 39}}]
    assert [e.event_id for e in ex.history if e.type == "StepEntered" and e.step_name == "decide"] == [24, 39]
    # a choice whose option has no steps outputs {} and leaves the parent's local as it was
    assert detail(ex, "StepSucceeded", "decide") == [{"output": {}}, {"output": {}}]
    assert times(ex, "StepSucceeded", "cooldown") == ["2024-01-01T00:00:30.000Z", "2024-01-01T00:01:00.000Z"]
    assert ex.stopped_time == "2024-01-01T00:01:00.000Z"


def test_approval_loop_escalates_through_an_option_with_steps_then_rejects():
    _, ex = sc.approval_escalated_then_rejected()
    assert (ex.status, ex.error, ex.cause) == ("Failed", "ApprovalRejected", "nobody approved the request in time")
    assert ex.output is None
    assert_trace(ex, """
        : ExecutionStarted
        start: StepEntered StepStarted StepSucceeded StepExited
        requestApproval: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        cooldown: StepEntered StepStarted StepSucceeded StepExited
        readStatus: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        decide: StepEntered StepStarted
        escalate: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        decide: StepSucceeded StepExited
        requestApproval: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        cooldown: StepEntered StepStarted StepSucceeded StepExited
        readStatus: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        decide: StepEntered StepStarted StepSucceeded StepExited
        rejected: StepEntered StepStarted StepFailed
        : ExecutionFailed
    """)
    # `!$.escalated` reads a key the mapped input lacks: missing is null, so the option is taken;
    # the option's first step sees the choice's (mapped) input and the option's empty local.
    assert detail(ex, "TaskScheduled", "escalate")[0]["input"] == {"status": "denied", "attempts": 1, "limit": 2,
                                                                   "eventId": 24}
    assert detail(ex, "StepSucceeded", "decide") == [{"output": {"escalated": True}}, {"output": {}}]
    assert detail(ex, "StepExited", "decide")[0] == {"local": {"attempts": 1, "cursor": "", "requested": 0,
                                                               "status": "denied", "escalated": True}}
    assert detail(ex, "ExecutionFailed") == [{"error": "ApprovalRejected",
                                              "cause": "nobody approved the request in time"}]


def test_approval_loop_default_goto():
    _, ex = sc.approval_default_rejects()
    assert (ex.status, ex.error, ex.stopped_time) == ("Failed", "ApprovalRejected", "2024-01-01T00:00:30.000Z")
    assert_trace(ex, """
        : ExecutionStarted
        start: StepEntered StepStarted StepSucceeded StepExited
        requestApproval: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        cooldown: StepEntered StepStarted StepSucceeded StepExited
        readStatus: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        decide: StepEntered StepStarted StepSucceeded StepExited
        rejected: StepEntered StepStarted StepFailed
        : ExecutionFailed
    """)


# -- loan_desk.yaml: flow-level fields, constants of every kind, retry policies, errorMappings, catch --------

DEFAULTS = {"greeting": "welcome back to the reading room", "maxBooks": 12, "penalty": -3, "ratio": 0.75,
            "notes": {}, "holds": [], "branch": {"city": "Ningbo", "floor": 2},
            "hours": {"open": "09:00", "close": "21:30"}, "shelves": ["A1", "B2", 3], "genres": ["essays", "poetry"],
            "rushed": False, "blank": "", "nothing": None, "counter": "desk-7",
            "catalogue": "https://books.example/catalogue?lang=en", "format": ".epub", "separator": "/"}
LOAN_FLOW_INPUT = {"memberId": "m-7", "isbn": "978-1", "raw": sc.LOAN_REQUEST}
CHECK_ARN = "acs:fc:cn-shanghai:1234567890:services/library.PROD/functions/check-member"


def test_loan_desk_retries_the_first_policy_then_lends():
    cloud, ex = sc.loan_busy_then_lent()
    everything = {**DEFAULTS, "member": "m-7", "active": True, "loanId": "L-978-1", "due": "2024-02-01"}
    assert (ex.status, ex.output) == ("Succeeded", {"loanId": "L-978-1", "everything": everything})
    assert_trace(ex, """
        : ExecutionStarted
        defaults: StepEntered StepStarted StepSucceeded StepExited
        checkMember: StepEntered StepStarted TaskScheduled TaskStarted TaskFailed TaskScheduled TaskStarted TaskFailed
        checkMember: TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        reserve-book: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        : ExecutionSucceeded
    """)
    # flow inputMappings build the flow input; the execution input stays as given
    assert ex.input == sc.LOAN_REQUEST
    assert detail(ex, "StepEntered", "defaults") == [{"input": LOAN_FLOW_INPUT, "local": {}}]
    assert detail(ex, "StepSucceeded", "defaults") == [{"output": DEFAULTS}]
    # policy 1: 5 s, then 5 * 1.5 = 7.5 s
    assert times(ex, "TaskScheduled", "checkMember") == [
        "2024-01-01T00:00:00.000Z", "2024-01-01T00:00:05.000Z", "2024-01-01T00:00:12.500Z"]
    assert detail(ex, "TaskScheduled", "checkMember")[0] == {
        "resourceArn": CHECK_ARN, "pattern": "requestResponse", "input": {"member": "m-7", "limit": 12}}
    assert detail(ex, "TaskFailed", "checkMember")[0] == {
        "error": "MemberServiceBusy", "cause": '{"errorMessage":"busy","errorType":"MemberServiceBusy"}'}
    # reserve-book has `end: true`: the fail steps after it never run; the qualifier reached check-member
    assert [(i.function, i.qualifier) for i in cloud.fc.invocations] == [("check-member", "PROD")] * 3 + [
        ("reserve", "LATEST")]


def test_loan_desk_catches_a_named_error_into_a_fail_step():
    _, ex = sc.loan_member_suspended()
    assert (ex.status, ex.error, ex.cause) == ("Failed", "LoanRefused", "the member may not borrow books")
    assert_trace(ex, """
        : ExecutionStarted
        defaults: StepEntered StepStarted StepSucceeded StepExited
        checkMember: StepEntered StepStarted TaskScheduled TaskStarted TaskFailed StepFailed StepExited
        refuse: StepEntered StepStarted StepFailed
        : ExecutionFailed
    """)
    cause = '{"errorMessage":"overdue books","errorType":"MemberSuspended"}'
    # no retry policy names MemberSuspended (the FnF.ALL one allows 0 retries); errorMappings feed the local
    assert detail(ex, "StepExited", "checkMember") == [
        {"local": {**DEFAULTS, "reason": "MemberSuspended", "detail": cause}}]
    assert detail(ex, "StepStarted", "refuse")[0]["input"] == {
        **LOAN_FLOW_INPUT, **DEFAULTS, "reason": "MemberSuspended", "detail": cause}


def test_loan_desk_task_timeout_uses_the_default_policy_values_then_fnf_all_catch():
    _, ex = sc.loan_member_service_times_out()
    assert (ex.status, ex.error, ex.cause) == ("Failed", "", "")
    assert_trace(ex, """
        : ExecutionStarted
        defaults: StepEntered StepStarted StepSucceeded StepExited
        checkMember: StepEntered StepStarted
        checkMember: TaskScheduled TaskStarted TaskTimedOut TaskScheduled TaskStarted TaskTimedOut
        checkMember: TaskScheduled TaskStarted TaskTimedOut TaskScheduled TaskStarted TaskTimedOut
        checkMember: StepFailed StepExited
        broken: StepEntered StepStarted StepFailed
        : ExecutionFailed
    """)
    # policy 2 has only `errors`: interval 1 s, multiplier 2, 3 retries; each attempt times out after 30 s
    assert times(ex, "TaskScheduled") == ["2024-01-01T00:00:00.000Z", "2024-01-01T00:00:31.000Z",
                                          "2024-01-01T00:01:03.000Z", "2024-01-01T00:01:37.000Z"]
    assert times(ex, "TaskTimedOut") == ["2024-01-01T00:00:30.000Z", "2024-01-01T00:01:01.000Z",
                                         "2024-01-01T00:01:33.000Z", "2024-01-01T00:02:07.000Z"]
    assert detail(ex, "ExecutionFailed") == [{"error": "", "cause": ""}]


def test_loan_desk_fnf_all_policy_with_zero_attempts_goes_straight_to_catch():
    _, ex = sc.loan_unexpected_error()
    assert (ex.status, ex.error) == ("Failed", "")
    assert_trace(ex, """
        : ExecutionStarted
        defaults: StepEntered StepStarted StepSucceeded StepExited
        checkMember: StepEntered StepStarted TaskScheduled TaskStarted TaskFailed StepFailed StepExited
        broken: StepEntered StepStarted StepFailed
        : ExecutionFailed
    """)
    assert detail(ex, "StepExited", "checkMember")[0]["local"]["reason"] == "KeyError"


# -- media_fanout.yaml: parallel > foreach > foreach, nested parallel, wildcard paths, placeholders in ARNs ----

def test_media_fanout_nested_containers():
    cloud, ex = sc.media_render()
    renditions = ["720p/c0@0", "720p/c1@0", "720p/c2@0", "1080p/c0@1", "1080p/c1@1", "1080p/c2@1"]
    assert (ex.status, ex.output) == ("Succeeded", {
        "resolutions": ["720p", "1080p"], "chunks": ["c0", "c1", "c2"], "renditions": renditions,
        "firstExtra": "thumb-ok", "published": {"renditions": renditions, "title": "Holiday"}})
    assert_trace(ex, """
        : ExecutionStarted
        probe: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        render: StepEntered StepStarted BranchEntered
        perResolution: StepEntered StepStarted
        render: BranchEntered
        extras: StepEntered StepStarted
        perResolution: IterationEntered
        perChunk: StepEntered StepStarted
        perResolution: IterationEntered
        perChunk: StepEntered StepStarted
        extras: BranchEntered
        thumbnail: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        extras: BranchExited BranchEntered
        subtitles: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        extras: BranchExited
        perChunk: IterationEntered
        encodeChunk: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        perChunk: IterationExited IterationEntered
        encodeChunk: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        perChunk: IterationExited IterationEntered
        encodeChunk: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        perChunk: IterationExited IterationEntered
        encodeChunk: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        perChunk: IterationExited IterationEntered
        encodeChunk: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        perChunk: IterationExited IterationEntered
        encodeChunk: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        perChunk: IterationExited
        extras: StepSucceeded StepExited
        render: BranchExited
        perChunk: StepSucceeded StepExited
        perResolution: IterationExited
        perChunk: StepSucceeded StepExited
        perResolution: IterationExited StepSucceeded StepExited
        render: BranchExited StepSucceeded StepExited
        publish: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        : ExecutionSucceeded
    """)
    # iteration input = foreach input + item + index; perChunk's inputMappings read the outer iteration index
    assert detail(ex, "IterationEntered", "perResolution")[1]["input"] == {
        "file": {"meta": {"display name": "Holiday"}}, "resolutions": ["720p", "1080p"],
        "chunks": ["c0", "c1", "c2"], "resolution": "1080p", "slot": 1}
    assert detail(ex, "StepStarted", "perChunk") == [
        {"input": {"chunks": ["c0", "c1", "c2"], "resolution": "720p", "position": 0}},
        {"input": {"chunks": ["c0", "c1", "c2"], "resolution": "1080p", "position": 1}}]
    # each branch starts with its own empty local; locals come back in branch / collection order
    assert detail(ex, "BranchExited", "extras") == [{"local": {"status": "thumb-ok"}},
                                                    {"local": {"status": "subs-ok"}}]
    assert detail(ex, "StepSucceeded", "extras") == [{"output": {"extraStatus": ["thumb-ok", "subs-ok"]}}]
    assert detail(ex, "StepSucceeded", "perResolution") == [{"output": {"renditions": renditions}}]
    assert detail(ex, "BranchExited", "render") == [{"local": {"extraStatus": ["thumb-ok", "subs-ok"]}},
                                                    {"local": {"renditions": renditions}}]
    assert detail(ex, "StepStarted", "publish") == [{"input": {"renditions": renditions, "title": "Holiday"}}]
    # the deploy-time placeholders resolved to an FC ARN with region, account and qualifier
    assert detail(ex, "TaskScheduled", "encodeChunk")[0]["resourceArn"] == (
        "acs:fc:cn-hangzhou:1234567890123456:services/media.LATEST/functions/encode")
    assert [(i.service, i.qualifier, i.function) for i in cloud.fc.invocations if i.function == "subtitles"] == [
        ("media", "v2", "subtitles")]
    # ScheduleEventId: iterations name the foreach's StepStarted; a container's StepSucceeded names the last
    # Exited event of its children
    started = {e.step_name: e.event_id for e in ex.history if e.type == "StepStarted"}
    assert {e.schedule_event_id for e in ex.history if e.type == "IterationEntered"
            and e.step_name == "perResolution"} == {started["perResolution"]}
    last_branch = max(e.event_id for e in ex.history if e.type == "BranchExited" and e.step_name == "extras")
    assert [e.schedule_event_id for e in ex.history if e.type == "StepSucceeded"
            and e.step_name == "extras"] == [last_branch]


# -- reminders.yaml: waits by path and by constant timestamp, goto loops and succeed inside iterations -------

def test_reminders_snooze_loops_inside_an_iteration_and_succeed_ends_only_the_iteration():
    _, ex = sc.reminders_snooze_and_give_up()
    assert (ex.status, ex.output) == ("Succeeded", {})
    assert_trace(ex, """
        : ExecutionStarted
        settle: StepEntered StepStarted StepSucceeded StepExited
        notBefore: StepEntered StepStarted StepSucceeded StepExited
        perReminder: StepEntered StepStarted IterationEntered
        sleepUntil: StepEntered StepStarted
        perReminder: IterationEntered
        sleepUntil: StepEntered StepStarted StepSucceeded StepExited
        ring: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        snoozed: StepEntered StepStarted StepSucceeded StepExited
        giveUp: StepEntered StepStarted StepSucceeded StepExited
        perReminder: IterationExited
        sleepUntil: StepSucceeded StepExited
        ring: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        snoozed: StepEntered StepStarted StepSucceeded StepExited
        sleepUntil: StepEntered StepStarted StepSucceeded StepExited
        ring: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        snoozed: StepEntered StepStarted StepSucceeded StepExited
        rung: StepEntered StepStarted StepSucceeded StepExited
        perReminder: IterationExited StepSucceeded StepExited
        bySize: StepEntered StepStarted
        smallBatch: StepEntered StepStarted StepSucceeded StepExited
        bySize: StepSucceeded StepExited
        : ExecutionSucceeded
    """)
    # duration from a path (60 s); a constant timestamp with an offset (08:00+08:00 is 00:00Z); timestamps
    # from each item; the backward goto re-enters a wait whose time has passed, which completes at once
    assert times(ex, "StepSucceeded", "settle") == ["2031-06-29T12:01:00.000Z"]
    assert times(ex, "StepSucceeded", "notBefore") == ["2031-06-30T00:00:00.000Z"]
    assert times(ex, "StepSucceeded", "sleepUntil") == ["2031-06-30T00:30:00.000Z", "2031-06-30T01:00:00.000Z",
                                                        "2031-06-30T01:00:00.000Z"]
    # the iterations end in collection order of their locals, whatever order they finished in
    assert detail(ex, "IterationExited") == [{"local": {"rings": 3, "snooze": False}},
                                             {"local": {"rings": 2, "snooze": False}}]
    assert detail(ex, "StepSucceeded", "rung") == [{"output": {}}]
    assert ex.stopped_time == "2031-06-30T01:00:00.000Z"


def test_reminders_choice_nested_in_a_default_runs_a_foreach():
    _, ex = sc.reminders_big_batch_by_pages()
    assert (ex.status, ex.output) == ("Succeeded", {})
    assert_trace(ex, """
        : ExecutionStarted
        settle: StepEntered StepStarted StepSucceeded StepExited
        notBefore: StepEntered StepStarted StepSucceeded StepExited
        perReminder: StepEntered StepStarted StepSucceeded StepExited
        bySize: StepEntered StepStarted
        nested: StepEntered StepStarted
        perPage: StepEntered StepStarted IterationEntered
        markPage: StepEntered StepStarted StepSucceeded StepExited
        perPage: IterationExited IterationEntered
        markPage: StepEntered StepStarted StepSucceeded StepExited
        perPage: IterationExited StepSucceeded StepExited
        nested: StepSucceeded StepExited
        bySize: StepSucceeded StepExited
        : ExecutionSucceeded
    """)
    # an empty collection: no iteration at all, local []
    assert detail(ex, "StepSucceeded", "perReminder") == [{"output": {}}]
    assert times(ex, "StepSucceeded", "settle") == ["2031-06-29T12:00:00.000Z"]


def test_reminders_nested_default_of_the_default():
    _, ex = sc.reminders_one_big_batch()
    assert_trace(ex, """
        : ExecutionStarted
        settle: StepEntered StepStarted StepSucceeded StepExited
        notBefore: StepEntered StepStarted StepSucceeded StepExited
        perReminder: StepEntered StepStarted StepSucceeded StepExited
        bySize: StepEntered StepStarted
        nested: StepEntered StepStarted
        oneBigBatch: StepEntered StepStarted StepSucceeded StepExited
        nested: StepSucceeded StepExited
        bySize: StepSucceeded StepExited
        : ExecutionSucceeded
    """)


# -- integrations.yaml: subflows in three patterns, MNS queue and topic, vision, fnf:StartExecution, !Ref ------

INTEGRATIONS_TRACE = """
    : ExecutionStarted
    startAudit: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
    runAudit: StepEntered StepStarted TaskScheduled TaskSubmitted TaskSucceeded StepSucceeded StepExited
    awaitSignOff: StepEntered StepStarted TaskScheduled TaskSubmitted TaskSucceeded StepSucceeded StepExited
    notifyQueue: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
    broadcast: StepEntered StepStarted TaskScheduled TaskSubmitted TaskSucceeded StepSucceeded StepExited
    findFaces: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
    readCard: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
    forkNext: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
    callbackWorker: StepEntered StepStarted TaskScheduled TaskSubmitted TaskSucceeded StepSucceeded StepExited
    tidyUp: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
    : ExecutionSucceeded
"""


def test_integrations_every_kind_of_target():
    cloud, ex = sc.integrations_first_run()
    assert_trace(ex, INTEGRATIONS_TRACE)
    started, synced = cloud.engine.list_executions("audit-child")
    (signoff,) = cloud.engine.list_executions("sign-off")
    first, forked = cloud.engine.list_executions("integrations")
    assert first is ex
    # requestResponse subflow: the start information; the child got the mapped input and a generated name
    (start_info,) = detail(ex, "TaskSucceeded", "startAudit")
    request_id = start_info["output"]["RequestId"]
    assert start_info == {"output": {"FlowName": "audit-child", "ExecutionName": started.name,
                                     "RequestId": request_id}}
    assert re.fullmatch(r"[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}", request_id)
    assert (started.input, started.status) == ({"ticket": "T-1"}, "Succeeded")
    # sync subflow: ExecutionName from serviceParams, the child's output is the task's local
    assert (synced.name, synced.input) == ("audit-T-1", {"ticket": "T-1", "runName": "audit-T-1"})
    assert detail(ex, "TaskSucceeded", "runAudit") == [{"output": {"audited": "T-1", "nextRun": "integrations-next"}}]
    # waitForCallback subflow: the child got the token of the step's StepEntered and the parent's name
    entered = [e.event_id for e in ex.history if e.type == "StepEntered" and e.step_name == "awaitSignOff"]
    token = make_token(cloud.ids.token_key, "integrations", "first", entered[0])
    assert signoff.input == {"token": token, "parent": "first"}
    assert detail(ex, "TaskSucceeded", "awaitSignOff") == [{"output": {"signedOff": True}}]
    # MNS queue: the mapped input (here the default input) as compact JSON, with its delay and priority
    (queued,) = cloud.mns.messages("audit-events")
    body_sent = detail(ex, "TaskScheduled", "notifyQueue")[0]["input"]
    assert queued.body == _compact(body_sent) and (queued.priority, queued.next_visible_time - queued.enqueue_time) \
        == (8, 10_000)
    assert set(detail(ex, "TaskSucceeded", "notifyQueue")[0]["output"]) == {"MessageId", "MessageBodyMD5",
                                                                             "RequestId"}
    # MNS topic with waitForCallback: tag and body published; the callback Output is the local
    (published,) = cloud.mns.published("audit-topic")
    token = make_token(cloud.ids.token_key, "integrations", "first",
                       [e.event_id for e in ex.history if e.type == "StepEntered" and e.step_name == "broadcast"][0])
    assert (published.tag, published.body) == ("audit", _compact({"callbackToken": token, "flow": "integrations"}))
    # vision APIs: serviceParams resolved against the mapped input, the answer as local
    assert [(c.product, c.api, c.params) for c in cloud.viapi.calls] == [
        ("facebody", "DetectFace", {"ImageURL": "https://img.example/p.jpg"}),
        ("ocr", "RecognizeIdentityCard", {"ImageURL": "https://img.example/c.jpg", "Side": "back"})]
    assert detail(ex, "StepSucceeded", "findFaces") == [{"output": {"faces": 2}}]
    # fnf:StartExecution of the flow itself, named from the sync child's output; that run has no ticket
    assert detail(ex, "StepStarted", "forkNext") == [{"input": {"nextFlow": "integrations",
                                                                "nextRun": "integrations-next"}}]
    assert (forked.name, forked.status, forked.error) == ("integrations-next", "Failed", "FnF.InvalidMapping")
    # !Ref worker-svc/await-callback with Async: the function reported its own token
    assert detail(ex, "TaskScheduled", "callbackWorker")[0]["resourceArn"] == (
        "acs:fc:::services/worker-svc/functions/await-callback")
    assert detail(ex, "TaskSucceeded", "callbackWorker") == [{"output": {"worker": "done"}}]
    assert ex.output == {**detail(ex, "StepExited", "tidyUp")[0]["local"]}
    assert ex.output["tidy"] is True and ex.output["ExecutionName"] == "integrations-next"


def test_integrations_fnf_api_error_is_caught_by_its_prefixed_name():
    cloud, ex = sc.integrations_second_run_skips_the_fork()
    assert ex.status == "Succeeded"
    assert_trace(ex, """
        : ExecutionStarted
        startAudit: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        runAudit: StepEntered StepStarted TaskScheduled TaskSubmitted TaskSucceeded StepSucceeded StepExited
        awaitSignOff: StepEntered StepStarted TaskScheduled TaskSubmitted TaskSucceeded StepSucceeded StepExited
        notifyQueue: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        broadcast: StepEntered StepStarted TaskScheduled TaskSubmitted TaskSucceeded StepSucceeded StepExited
        findFaces: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        readCard: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        forkNext: StepEntered StepStarted TaskScheduled TaskStarted TaskFailed StepFailed StepExited
        tidyUp: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        : ExecutionSucceeded
    """)
    (failed,) = detail(ex, "TaskFailed", "forkNext")
    assert failed["error"] == "fnf.ExecutionAlreadyExists"
    assert "worker" not in ex.output and ex.output["tidy"] is True


def test_integrations_rejected_audit_is_caught_then_a_missing_mapping_fails_the_flow():
    cloud, ex = sc.integrations_rejected_ticket()
    assert (ex.status, ex.error, ex.cause) == (
        "Failed", "FnF.InvalidMapping", "inputMappings 'nextRun': source $local.nextRun: key 'nextRun' not found "
                                        "in $local")
    assert_trace(ex, """
        : ExecutionStarted
        startAudit: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        runAudit: StepEntered StepStarted TaskScheduled TaskSubmitted TaskFailed StepFailed StepExited
        notifyQueue: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        broadcast: StepEntered StepStarted TaskScheduled TaskSubmitted TaskSucceeded StepSucceeded StepExited
        findFaces: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        readCard: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        forkNext: StepEntered StepFailed
        : ExecutionFailed
    """)
    # the sync child's fail step reaches the parent by its error name and cause
    assert detail(ex, "TaskFailed", "runAudit") == [{"error": "AuditRejected", "cause": "the ticket failed the audit"}]
    assert detail(ex, "StepExited", "runAudit")[0]["local"] == detail(ex, "StepExited", "startAudit")[0]["local"]
    assert cloud.engine.list_executions("sign-off") == []


def _compact(value) -> str:
    import json
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# -- determinism ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("scenario", sc.SCENARIOS, ids=lambda f: f.__name__)
def test_every_fixture_scenario_gives_a_byte_identical_history_twice(scenario):
    _, first = scenario()
    _, second = scenario()
    assert first.name == second.name
    assert history_bytes(first) == history_bytes(second)
