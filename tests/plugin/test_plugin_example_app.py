"""The bundled order application's own test suite (what `make demo` runs) passes: fixtures, mocks, the queue
callback, the scenario files and the recording, from the example's folder as an application would run them; its
recording test records the checked-in recording again from the handlers, then replays it, without a change."""
import shutil
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "order"
RECORDING = Path("tests") / "recordings" / "approved-order.scenario.yaml"


def run_example(pytester, folder: Path, *args):
    return pytester.runpytest_subprocess("-v", "-c", str(folder / "pytest.ini"), "--rootdir", str(folder), *args,
                                         timeout=120)


def test_the_order_example_suite_passes(pytester, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.chdir(EXAMPLE)
    result = run_example(pytester, EXAMPLE)
    result.assert_outcomes(passed=12)
    result.stdout.fnmatch_lines([
        "*tests/approved-through-the-queue.scenario.yaml::large order approved through the queue PASSED*",
        "*tests/recordings/approved-order.scenario.yaml::test_the_approved_order_records_and_replays PASSED*",
        "*tests/rush-order.scenario.yaml::rush order PASSED*",
        "*tests/test_order.py::test_recorded_run_replays_without_the_handlers PASSED*",
        "*tests/test_order_recording.py::test_the_approved_order_records_and_replays PASSED*",
        "*tests/test_reports_and_faults.py::test_a_sweep_shows_which_faults_the_order_flow_handles PASSED*",
    ], consecutive=False)


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
