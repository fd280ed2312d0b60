"""Step runs that read like what happened: a step that broke the 32 KiB limit failed (it is not left running),
every step has its start, end and duration in virtual time, a subflow reads like its execution, reprs say what a
thing is, and reporting to a task that already completed is the service's TaskAlreadyCompleted."""
import pytest

from fakecloud.cloud import FakeCloud
from fakecloud.engine import TaskAlreadyCompleted
from fakecloud.testing import FlowRunner, Return

from plugin_support import FLOWS, IMAGES, REVIEWED

BIG = """
version: v1
type: flow
steps:
  - type: pass
    name: prepare
  - type: task
    name: fetch
    resourceArn: acs:fc:::services/media/functions/fetch
  - type: pass
    name: after
"""


def runner(**options) -> FlowRunner:
    return FlowRunner(FakeCloud(), base_dirs=[FLOWS.parent], **options)


def test_a_step_over_the_data_limit_is_failed_in_the_tree_not_running():
    r = runner()
    run = r.run(BIG, {}, mocks={"fetch": Return({"blob": "x" * 40000})})
    assert (run.status, run.error) == ("Failed", "FnF.DataSizeExceeded")
    step = run.step("fetch")
    assert (step.status, step.error, step.cause) == ("failed", "FnF.DataSizeExceeded", run.cause)
    assert step.ended_ms == run.execution.stopped_ms
    assert run.explain().splitlines()[1:5] == [
        "  +0s  prepare: ok",
        "  +0s  fetch: FAILED FnF.DataSizeExceeded: step 'fetch': input, output and local take 80024 bytes; the "
        "limit is 32768",
        "         attempt 0 at +0s: ok",
        "  +0s  execution Failed FnF.DataSizeExceeded",
    ]


def test_steps_left_open_by_a_stopped_execution_are_cancelled():
    r = runner()
    r.cloud.mns.create_queue("reviews")
    run = r.run("flows/moderation.yaml", IMAGES, mocks=REVIEWED)
    r.cloud.engine.stop_execution(run.flow_name, run.name, "Abort", "stopped by the test")
    step = run.step("humanReview")
    assert (step.status, step.ended_ms) == ("cancelled", run.execution.stopped_ms)


def test_every_step_has_its_times_and_a_callback_step_its_end():
    r = runner()
    r.cloud.mns.create_queue("reviews")
    run = r.run("flows/moderation.yaml", IMAGES, mocks=dict(REVIEWED, download=Return(REVIEWED["download"].value,
                                                                                          duration=2)))
    run.advance(3600)
    run.report_succeeded("humanReview", {"approved": True})
    start = run.execution.started_ms
    faces, review, done = run.step("faces"), run.step("humanReview"), run.step("done")
    assert (faces.started_ms - start, faces.ended_ms - start, faces.duration) == (2000, 2000, 0)
    assert (review.started_ms - start, review.ended_ms - start, review.duration) == (2000, 3602000, 3600)
    assert (done.status, done.started_ms - start, done.duration) == ("succeeded", 3602000, 0)
    assert repr(review) == "StepRun(humanReview, succeeded, 3600s)"
    assert repr(run.step("download")) == "StepRun(download, succeeded, 2s)"


def test_a_subflow_reads_like_its_execution():
    r = runner()
    r.cloud.mns.create_queue("reviews")
    run = r.run("flows/moderation.yaml", IMAGES, mocks=REVIEWED,
                callbacks=[{"step": "humanReview", "after": 60, "output": {"approved": True}}])
    (child,) = run.step("publish").subflows
    assert (child.flow_name, child.status, child.error) == ("publish", "Succeeded", None)
    assert child.output == run.step("publish").output
    assert (child.started_ms - run.execution.started_ms, child.ended_ms - run.execution.started_ms) == (60000, 60000)
    assert child.step("warmCdn").path == "child:publish/fanout.branch[1]/warmCdn"
    assert repr(child) == f"Subflow(child:publish -> publish/{child.name}, Succeeded)"
    assert repr(run) == f"FlowRun(moderation/{run.name}, Succeeded)"


def test_reporting_to_a_task_that_already_completed_is_task_already_completed():
    r = runner()
    r.cloud.mns.create_queue("reviews")
    run = r.run("flows/moderation.yaml", IMAGES, mocks=REVIEWED)
    token = run.waiting[0].token
    run.report_succeeded(token, {"approved": True})
    with pytest.raises(TaskAlreadyCompleted, match=r"^TaskAlreadyCompleted: Task .* has already completed$"):
        run.report_succeeded(token, {"approved": True})
    with pytest.raises(TaskAlreadyCompleted, match=r"^TaskAlreadyCompleted: the task of step humanReview \(attempt 0\) "
                                                   r"has already completed; waiting: \(none\)$"):
        run.report_failed("humanReview", "Rejected")
