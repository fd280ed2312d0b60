"""The bundled applications' own test suites (what `make demo` runs) pass from the examples' folders, as an
application would run them: the order application's fixtures, mocks, queue callback, scenario files and recording
(its recording test records the checked-in recording again from the handlers, then replays it, without a change),
and the video pipeline written as state machines."""
import shutil
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
EXAMPLE = EXAMPLES / "order"
RECORDING = Path("tests") / "recordings" / "approved-order.scenario.yaml"


def run_example(pytester, folder: Path, *args):
    return pytester.runpytest_subprocess("-v", "-c", str(folder / "pytest.ini"), "--rootdir", str(folder), *args,
                                         timeout=120)


def run_suite(pytester, monkeypatch, folder: Path, passed: int, lines: list[str]) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.chdir(folder)
    result = run_example(pytester, folder)
    result.assert_outcomes(passed=passed)
    result.stdout.fnmatch_lines(lines, consecutive=False)


def test_the_order_example_suite_passes(pytester, monkeypatch):
    run_suite(pytester, monkeypatch, EXAMPLE, 12, [
        "*tests/approved-through-the-queue.scenario.yaml::large order approved through the queue PASSED*",
        "*tests/recordings/approved-order.scenario.yaml::test_the_approved_order_records_and_replays PASSED*",
        "*tests/rush-order.scenario.yaml::rush order PASSED*",
        "*tests/test_order.py::test_recorded_run_replays_without_the_handlers PASSED*",
        "*tests/test_order_recording.py::test_the_approved_order_records_and_replays PASSED*",
        "*tests/test_reports_and_faults.py::test_a_sweep_shows_which_faults_the_order_flow_handles PASSED*",
    ])


def test_the_video_example_suite_passes(pytester, monkeypatch):
    test = "*tests/test_publish_video.py::test_"
    run_suite(pytester, monkeypatch, EXAMPLES / "video", 5, [
        f"{test}a_reviewed_video_is_transcoded_published_and_announced PASSED*",
        f"{test}throttled_transcodes_are_retried_with_back_off PASSED*",
        f"{test}a_reviewer_who_says_no_rejects_the_video PASSED*",
        f"{test}no_review_within_a_day_rejects_the_video PASSED*",
        f"{test}an_unplayable_upload_is_rejected_before_transcoding PASSED*",
    ])


def test_the_recording_test_records_once_then_replays(pytester, monkeypatch, tmp_path):
    monkeypatch.delenv("CI", raising=False)
    copy = tmp_path / "order"
    shutil.copytree(EXAMPLE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / RECORDING).unlink()
    monkeypatch.chdir(copy)
    test = "tests/test_order_recording.py"
    run_example(pytester, copy, test, "--fakecloud-record-mode=once").assert_outcomes(passed=1)
    assert (copy / RECORDING).read_text() == (EXAMPLE / RECORDING).read_text()
    run_example(pytester, copy, test, "--fakecloud-record-mode=once").assert_outcomes(passed=1)    # replays
    run_example(pytester, copy, test).assert_outcomes(passed=1)                                     # mode none
