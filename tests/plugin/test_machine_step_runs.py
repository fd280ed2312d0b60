"""The step tree of a state machine's run, read from its history (StateEntered ... StateSucceeded, TaskSucceeded
and TaskFailed per attempt): Task attempts with their virtual times and back-off, Map iterations `Name[i]/`,
Parallel branches `Name.branch[i]/`, Catch rules, a Fail state, cancelled iterations, a Map run again by its
Retry, a task waiting for a callback and a subflow under the task that started it; the failure tree and the
assertions over it."""
from pathlib import Path

import pytest

from fakecloud.cloud import FakeCloud
from fakecloud.testing.paths import PathPattern
from fakecloud.testing.steps import NoSuchStep
from fakecloud.testing import (FlowAssertionError, FlowRunner, Return, Throw, assert_caught, assert_failed,
                               assert_message_sent, assert_published,
                               assert_path, assert_retried, assert_step_output, assert_succeeded)

MACHINES = Path(__file__).parent / "machines"
SEGMENTS = {"Body": {"segments": ["a", "b", "c"]}}
THROTTLED = Throw("FC.ResourceThrottled", "slow down")


def clip(params):
    return {"Body": {"clip": params["body"] + ".mp4"}}


def runner() -> FlowRunner:
    return FlowRunner(FakeCloud(), base_dirs=[MACHINES])


def pipeline(r: FlowRunner, **mocks):
    answers = {"Fetch": [THROTTLED, THROTTLED, Return(SEGMENTS)], "Cut": clip, "Notify": Return({"Body": ""})}
    return r.run("pipeline.yaml", {"id": 7}, mocks={**answers, **mocks})


def test_a_state_machine_run_reads_as_a_tree_of_states():
    run = pipeline(runner())
    assert (run.status, run.output) == ("Succeeded", {"Branch0": {"Body": ""}, "Branch1": {"Items": [
        {"clip": "a.mp4"}, {"clip": "b.mp4"}, {"clip": "c.mp4"}]}})
    assert run.path == ["Fetch", "Route", "Encode", "Publish"]
    assert [(n.path, n.status) for n in run.trace.every()] == [
        ("Fetch", "succeeded"), ("Route", "succeeded"), ("Encode", "succeeded"), ("Encode[0]/Cut", "succeeded"),
        ("Encode[1]/Cut", "succeeded"), ("Encode[2]/Cut", "succeeded"), ("Publish", "succeeded"),
        ("Publish.branch[0]/Notify", "succeeded"), ("Publish.branch[1]/Archive", "succeeded")]
    assert run.explain() == "\n".join([
        "executed path of pipeline (virtual time since the start):",
        "  +0s  Fetch: ok after 3 attempts (until +6s)",
        "         attempt 0 at +0s: FC.ResourceThrottled",
        "         attempt 1 at +2s: FC.ResourceThrottled",
        "         attempt 2 at +6s: ok",
        "  +6s  Route: ok",
        "  +6s  Encode: ok",
        "  +6s    [0] Cut: ok",
        "  +6s    [1] Cut: ok",
        "  +6s    [2] Cut: ok",
        "  +6s  Publish: ok",
        "  +6s    branch[0] Notify: ok",
        "  +6s    branch[1] Archive: ok",
        "  +6s  execution Succeeded"])


def test_a_task_state_has_its_attempts_with_the_back_off_of_its_retry_rule():
    run = pipeline(runner())
    fetch = run.step("Fetch")
    assert [(a.number, a.outcome, a.error, a.scheduled_ms - run.execution.started_ms) for a in fetch.attempts] == [
        (0, "failed", "FC.ResourceThrottled", 0), (1, "failed", "FC.ResourceThrottled", 2000),
        (2, "succeeded", None, 6000)]
    assert (fetch.retries, fetch.delays, fetch.duration) == (2, [2.0, 4.0], 6.0)
    assert (fetch.input, fetch.output, fetch.next) == ({"id": 7}, {"segments": ["a", "b", "c"]}, "Route")
    assert fetch.attempts[2].output == SEGMENTS
    assert (fetch.attempts[0].target, fetch.attempts[0].pattern) == ("FC:InvokeFunction", "requestResponse")
    assert_retried(run, "Fetch", 2, delays=[2, 4])
    assert_succeeded(run)


def test_map_iterations_and_parallel_branches_have_their_paths():
    run = pipeline(runner())
    encode = run.step("Encode")
    assert (encode.child_kind, len(encode.children), encode.iteration(1).names) == ("iteration", 3, ["Cut"])
    assert encode.local == [{"clip": "a.mp4"}, {"clip": "b.mp4"}, {"clip": "c.mp4"}]
    assert (run.step("Encode[1]/Cut").input, run.step("Encode[1]/Cut").output) == ("b", {"clip": "b.mp4"})
    assert [n.input for n in run.visits("Cut")] == ["a", "b", "c"]
    publish = run.step("Publish")
    assert (publish.child_kind, publish.branch(0).names, publish.branch(1).names) == ("branch", ["Notify"],
                                                                                       ["Archive"])
    assert run.step("Archive").path == "Publish.branch[1]/Archive"
    assert_step_output(run, "Encode[2]/Cut", {"clip": "c.mp4"})
    with pytest.raises(LookupError, match=r"'Cut' names 3 step runs: Encode\[0\]/Cut, Encode\[1\]/Cut"):
        run.step("Cut")


def test_a_caught_error_goes_to_the_catch_rules_next_and_a_fail_state_fails_the_execution():
    run = runner().run("pipeline.yaml", {"id": 8}, mocks={"Fetch": Throw("FC.ResourceNotFound", "no media 8")})
    assert (run.status, run.error, run.cause) == ("Failed", "Media.NotFound", "no such media")
    fetch, missing = run.step("Fetch"), run.step("Missing")
    assert (fetch.status, fetch.error, fetch.goto, fetch.caught) == ("caught", "FC.ResourceNotFound", "Missing", True)
    assert (missing.status, missing.error, missing.cause) == ("failed", "Media.NotFound", "no such media")
    assert run.path == ["Fetch", "Missing"]
    assert_caught(run, "Fetch", "FC.ResourceNotFound", goto="Missing")
    assert_failed(run, "Media.NotFound", "no such media")
    assert run.explain().splitlines()[1:] == [
        "  +0s  Fetch: caught FC.ResourceNotFound: no media 8 -> Missing",
        "         attempt 0 at +0s: FC.ResourceNotFound",
        "  +0s  Missing: FAILED Media.NotFound: no such media",
        "  +0s  execution Failed Media.NotFound"]


def test_an_assertion_on_a_state_machine_marks_where_the_path_diverged():
    run = pipeline(runner())
    with pytest.raises(FlowAssertionError) as caught:
        assert_path(run, ["Fetch", "Route", "Empty"])
    lines = str(caught.value).splitlines()
    assert lines[:3] == ["path of pipeline differs at step 3: expected Empty, got Encode",
                         "  expected: Fetch, Route, Empty", "  actual:   Fetch, Route, Encode, Publish"]
    assert "> +6s  Encode: ok" in lines
    assert caught.value.mark is run.step("Encode")


def test_a_failing_iteration_cancels_the_running_one_and_fails_the_map():
    slow = Return({"Body": {"clip": "slow"}}, duration=5)
    run = pipeline(runner(), **{"Encode[0]/Cut": Throw("FC.Unknown", "broken"), "Cut": slow})
    assert (run.status, run.error, run.cause) == ("Failed", "FC.Unknown", "broken")
    assert [(n.path, n.status, n.error) for n in run.trace.every()][2:] == [
        ("Encode", "failed", "FC.Unknown", ), ("Encode[0]/Cut", "failed", "FC.Unknown"),
        ("Encode[1]/Cut", "cancelled", "FnF.Cancelled")]
    assert run.explain().splitlines()[6:] == [
        "  +6s  Encode: FAILED FC.Unknown: broken",
        "  +6s    [0] Cut: FAILED FC.Unknown: broken",
        "           attempt 0 at +6s: FC.Unknown",
        "  +6s    [1] Cut: cancelled",
        "  +6s  execution Failed FC.Unknown",
        "mocks not used as scripted:",
        "  Notify: rule 0: return {'Body': ''} was never used"]


RETRIED_MAP = """\
Type: StateMachine
Name: again
SpecVersion: v1
StartAt: Each
States:
  - Type: Map
    Name: Each
    ItemsPath: $Input.items
    MaxConcurrency: 1
    Processor:
      StartAt: Work
      States:
        - Type: Task
          Name: Work
          Action: FC:InvokeFunction
          Parameters:
            resourceArn: acs:fc:::services/media/functions/work
            invocationType: Sync
          End: true
    Retry:
      - Description: once more
        Errors: [FC.Unknown]
        IntervalSeconds: 3
        MaxAttempts: 1
    End: true
"""


def test_a_map_run_again_by_its_retry_keeps_the_iterations_of_its_last_run():
    answers = [Return({"Body": 1}), Throw("FC.Unknown", "once"), Return({"Body": 2})]
    calls = []

    def work(params, request):
        calls.append(request.path)
        return answers[len(calls) - 1] if len(calls) <= 3 else Return({"Body": 3})
    run = runner().run(RETRIED_MAP, {"items": ["x", "y"]}, mocks={"Work": work})
    assert (run.status, run.output) == ("Succeeded", {"Items": [{"Body": 2}, {"Body": 3}]})
    assert calls == ["Each[0]/Work", "Each[1]/Work", "Each[0]/Work", "Each[1]/Work"]
    each = run.step("Each")
    assert [runs.names for runs in each.children] == [["Work"], ["Work"]]
    assert [n.output for n in each.iteration(0) + each.iteration(1)] == [{"Body": 2}, {"Body": 3}]
    assert [(n.path, n.status) for n in run.visits("Work")] == [
        ("Each[0]/Work", "succeeded"), ("Each[1]/Work", "failed"), ("Each[0]/Work", "succeeded"),
        ("Each[1]/Work", "succeeded")]
    assert run.step("Each[1]/Work").started_ms - run.execution.started_ms == 3000


def approval_runner() -> FlowRunner:
    r = runner()
    r.cloud.fc.register("media/ask", lambda event: {}, decode=True)
    return r


def test_a_task_waiting_for_its_callback_and_the_subflow_it_leads_to():
    r = approval_runner()
    run = r.run("approval.yaml", {"items": [1, 2, 3]},
                mocks={"Each[1]/Work": Throw("FC.Boom", "bad"), "Work": Return({"Body": "ok"})})
    assert [(t.path, t.step) for t in run.waiting] == [("Approve", "Approve")]
    assert run.explain().splitlines()[1:3] == [
        "  +0s  Approve: waiting for a callback",
        "  +0s  execution Running (blocked: nothing left to run without a callback)"]
    approve = run.step("Approve")
    assert (approve.status, [a.outcome for a in approve.attempts], approve.attempts[0].pattern) == (
        "running", ["waiting"], "waitForCallback")
    run.report_succeeded("Approve", {"approved": True})
    assert (run.status, run.output) == ("Succeeded", {"items": [1, 2, 3], "approved": True})
    segments = run.step("Segments")
    assert (segments.status, segments.error, segments.goto) == ("caught", "FC.Boom", "Recover")
    [sub] = segments.subflows
    assert (sub.flow_name, sub.status, sub.error) == ("segments", "Failed", "FC.Boom")
    assert [(n.path, n.status) for n in sub.every()] == [
        ("child:Segments/Each", "failed"), ("child:Segments/Each[0]/Work", "succeeded"),
        ("child:Segments/Each[1]/Work", "failed"), ("child:Segments/Each[2]/Work", "succeeded")]
    assert run.step("Each[1]/Work").error == "FC.Boom"
    assert run.explain().splitlines()[1:] == [
        "  +0s  Approve: ok",
        "  +0s  Segments: caught FC.Boom: bad -> Recover",
        "         attempt 0 at +0s: FC.Boom",
        "  +0s    subflow segments: Failed",
        "  +0s      Each: FAILED FC.Boom: bad",
        "  +0s        [0] Work: ok",
        "  +0s        [1] Work: FAILED FC.Boom: bad",
        "               attempt 0 at +0s: FC.Boom",
        "  +0s        [2] Work: ok",
        "  +0s  Recover: ok",
        "  +0s  Done: ok",
        "  +0s  execution Succeeded"]


def test_states_left_open_by_a_stopped_execution_are_cancelled():
    r = approval_runner()
    run = r.run("approval.yaml", {"items": []})
    r.cloud.engine.stop_execution(run.flow_name, run.name, "Abort", "stopped by the test")
    approve = run.step("Approve")
    assert (approve.status, approve.ended_ms) == ("cancelled", run.execution.stopped_ms)


def test_mock_keys_are_checked_against_the_state_paths_before_the_run():
    r = runner()
    with pytest.raises(NoSuchStep) as caught:
        r.run("pipeline.yaml", {"id": 7}, mocks={"Publish.branch[1]/Notify": Return({})})
    assert str(caught.value) == ("mocks: 'Publish.branch[1]/Notify' matches no step of flow pipeline (did you mean "
                                 "'Publish.branch[0]/Notify'?); a key matches the last segments of a path, each "
                                 "segment whole")
    r.add_flow("approval.yaml")
    assert r.steps("approval").paths == ["Approve", "Segments", "child:Segments/Each", "child:Segments/Each[*]/Work",
                                         "Recover", "Done"]
    assert r.steps("pipeline").matching(PathPattern("Encode[2]/Cut")) == ["Encode[*]/Cut"]


def test_a_mock_of_a_state_sees_its_evaluated_parameters():
    seen = []
    run = pipeline(runner(), Fetch=lambda params: seen.append(params) or SEGMENTS,
                   Cut=runner().mocks.add("Cut").returns({"Body": {"clip": "B"}}, when={"body": "b"})
                   .returns({"Body": {"clip": "other"}}))
    assert seen == [{"resourceArn": "acs:fc:::services/media/functions/fetch", "invocationType": "Sync",
                     "body": {"id": 7}}]
    assert run.output["Branch1"] == {"Items": [{"clip": "other"}, {"clip": "B"}, {"clip": "other"}]}
    assert [(c.path, c.input, c.params["body"]) for c in run.calls if c.path.endswith("Cut")] == [
        ("Encode[0]/Cut", "a", "a"), ("Encode[1]/Cut", "b", "b"), ("Encode[2]/Cut", "c", "c")]


def test_a_state_over_the_data_limit_is_failed_in_the_tree_with_the_map_around_it():
    r = runner()
    run = pipeline(r, Fetch=Return({"Body": {"segments": ["a", "b"]}}),
                   **{"Encode[1]/Cut": Return({"Body": {"clip": "x" * 70000}})})
    assert (run.status, run.error) == ("Failed", "FnF.DataSizeExceeded")
    assert run.cause == "state 'Cut': its output takes 70011 bytes; the limit is 65536"
    assert [(n.path, n.status, n.error) for n in run.trace.every()][2:] == [
        ("Encode", "failed", "FnF.DataSizeExceeded"), ("Encode[0]/Cut", "succeeded", None),
        ("Encode[1]/Cut", "failed", "FnF.DataSizeExceeded")]
    assert run.step("Encode[1]/Cut").ended_ms == run.execution.stopped_ms


def test_message_assertions_read_a_state_machines_mns_tasks():
    sent = Return({"MessageId": "m-1"})
    run = runner().run("notify.yaml", {"orderId": 7}, mocks={"Tell": sent, "Announce": sent})
    assert_message_sent(run, "approvals", {"orderId": 7})
    assert_published(run, "orders", contains={"orderId": 7})
    with pytest.raises(FlowAssertionError) as caught:
        assert_message_sent(run, "approval", {"orderId": 7})
    assert str(caught.value).splitlines()[:3] == [
        'expected a message sent to queue approval with body {"orderId": 7}; messages sent to queue approval:',
        "  (none)", "  queue 'approvals' got 1 message (did you mean 'approvals'?)"]
