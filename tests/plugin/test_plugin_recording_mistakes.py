"""Recordings that cannot be poisoned, and one test for both modes: a recording run whose answers include set-up
mistakes (a task no mock answered, a queue missing at the record endpoint) fails and writes nothing; a test that
sets up the live side records once and then replays, the strict check knowing that the live side's scripts go
unused on replay, and `flow_runner.replaying(...)` / `run.replayed` say which side a run is on."""
import pytest

from fakecloud.wire.server import FakeCloudServer

RECORDING = "recordings/review.scenario.yaml"

UNMOCKED = '''
def test_review(flow_runner):
    run = flow_runner.run("flows/moderation.yaml", {"images": []}, recording="recordings/review.scenario.yaml")
'''


def run_pytest(pytester, mode, *args):
    return pytester.runpytest("-p", "no:cacheprovider", "-o", "fakecloud_scenarios=false",
                              f"--fakecloud-record-mode={mode}", *args)


@pytest.fixture
def recorder(moderation, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    return moderation


def test_a_first_run_with_unmocked_tasks_writes_nothing_and_says_why(recorder):
    recorder.makepyfile(test_review=UNMOCKED)
    result = run_pytest(recorder, "once", "test_review.py")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "*RecordingRefused: recording *recordings/review.scenario.yaml not written: these answers are set-up "
        "mistakes, not the services' answers:",
        "*  download (attempt 0): acs:fc:::services/media/functions/download: no mock answered it and the test did "
        "not set it up",
        "*set the targets up (or mock the steps) and record again",
    ])
    assert not (recorder.path / RECORDING).exists()
    run_pytest(recorder, "once", "test_review.py").assert_outcomes(failed=1)     # still nothing to replay
    assert not (recorder.path / RECORDING).exists()


FROM_ENDPOINT = '''
from fakecloud.testing import Return

def test_review(flow_runner):
    mocks = {"download": Return({"images": [], "cover": "c.jpg"}), "classify": Return({"Data": {}})}
    run = flow_runner.run("flows/moderation.yaml", {}, mocks=mocks, recording="recordings/review.scenario.yaml")
'''


def test_a_queue_missing_at_the_record_endpoint_is_not_recorded_as_a_reviewers_answer(recorder):
    recorder.makepyfile(test_review=FROM_ENDPOINT)
    with FakeCloudServer() as server:            # the stand-in cloud has no queue "reviews"
        result = run_pytest(recorder, "once", "test_review.py", f"--fakecloud-record-endpoint={server.url}")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "*RecordingRefused: recording *review.scenario.yaml not written: *",
        "*  humanReview (attempt 0): acs:mns:::/queues/reviews/messages: acs:mns:::/queues/reviews/messages does "
        "not exist at the record endpoint",
    ])
    assert not (recorder.path / RECORDING).exists()


BOTH_MODES = '''
import json
from fakecloud.testing import assert_invoked

REC = "recordings/review.scenario.yaml"

def test_review(flow_runner, fake_fc, fake_mns, fake_viapi):
    # the live side: what recording needs; replaying uses none of it
    fake_fc.register("media/download", lambda event: {"images": ["a.jpg"], "cover": "c.jpg"})
    fake_fc.register("media/store", lambda event: {"stored": True})
    fake_fc.register("cdn/warm", lambda event: {"warm": True})
    fake_viapi.script("facebody", "DetectFace").returns({"Data": {"FaceCount": 1}})
    fake_viapi.script("goodstech", "ClassifyCommodity").returns({"Data": {"Categories": []}})
    fake_mns.create_queue("reviews")
    replaying = flow_runner.replaying(REC)
    run = flow_runner.run("flows/moderation.yaml", {}, recording=REC)
    run.report_succeeded("humanReview", {"approved": True})
    assert run.status == "Succeeded"
    assert run.replayed is replaying
    if not run.replayed:
        assert_invoked(run, "media/download", times=1)
    print("REPLAYED", run.replayed)
'''


def test_one_test_records_then_replays_and_the_strict_check_knows_the_live_side_is_unused(recorder):
    recorder.makepyfile(test_review=BOTH_MODES)
    first = run_pytest(recorder, "once", "test_review.py", "-s")
    first.assert_outcomes(passed=1)
    first.stdout.fnmatch_lines(["*REPLAYED False*"])
    assert (recorder.path / RECORDING).is_file()
    again = run_pytest(recorder, "once", "test_review.py", "-s")
    again.assert_outcomes(passed=1)
    again.stdout.fnmatch_lines(["*REPLAYED True*"])
    replay = run_pytest(recorder, "none", "test_review.py", "-s")
    replay.assert_outcomes(passed=1)
    replay.stdout.fnmatch_lines(["*REPLAYED True*"])


REFUSED = '''
from fakecloud.testing import Return

def test_review(flow_runner):
    run = flow_runner.run("flows/moderation.yaml", {}, recording="recordings/review.scenario.yaml")
'''


def test_an_endpoint_that_refuses_the_key_ends_the_test_and_nothing_is_written(recorder, monkeypatch):
    recorder.makepyfile(test_review=REFUSED)
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "someone-else")
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "not-the-secret")
    with FakeCloudServer(verify_signatures=True) as server:
        result = run_pytest(recorder, "once", "test_review.py", f"--fakecloud-record-endpoint={server.url}")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*EndpointRefused: Function Compute refused the request: InvalidAccessKeyID*"])
    assert not (recorder.path / RECORDING).exists()


LATER = '''
from fakecloud.testing import Return

class Explode:
    def intercept_task(self, request, call_next):
        raise RuntimeError("an interceptor's bug")

def test_review(flow_runner, fake_mns, fake_fc):
    fake_mns.create_queue("reviews")
    fake_fc.register("media/store", lambda event: {"stored": True})
    answers = {"download": Return({"images": ["a.jpg"], "cover": "c.jpg"}), "detect": Return({"Data": {}}),
               "classify": Return({"Data": {}}), "warmCdn": Return({"warm": True})}
    run = flow_runner.run("flows/moderation.yaml", {}, mocks=answers, recording="recordings/review.scenario.yaml")
    run.cloud.engine.interceptors.add(Explode())      # inside the mock router: reached by media/store
    try:
        run.report_succeeded("humanReview", {"approved": True})
    except RuntimeError:
        pass
    assert run.error == "FnF.InternalError"
'''


def test_a_run_that_ends_in_an_internal_error_after_it_returned_writes_nothing(recorder):
    recorder.makepyfile(test_review=LATER)
    result = run_pytest(recorder, "once", "test_review.py")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*RecordingRefused: recording *review.scenario.yaml not written: *",
                                 "*the execution ended with FnF.InternalError (RuntimeError: an interceptor's bug)*"])
    assert not (recorder.path / RECORDING).exists()
