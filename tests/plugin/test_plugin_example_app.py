"""The bundled order application's own test suite (what `make demo` runs) passes: fixtures, mocks, the queue
callback, the scenario file and the recording, from the example's folder as an application would run them."""
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "order"


def test_the_order_example_suite_passes(pytester, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.chdir(EXAMPLE)
    result = pytester.runpytest_subprocess("-v", "-c", str(EXAMPLE / "pytest.ini"), "--rootdir", str(EXAMPLE),
                                           timeout=120)
    result.assert_outcomes(passed=10, skipped=1)
    result.stdout.fnmatch_lines([
        "*tests/recordings/approved-order.scenario.yaml::test_record_the_approved_order PASSED*",
        "*tests/rush-order.scenario.yaml::rush order PASSED*",
        "*tests/test_order.py::test_recorded_run_replays_without_the_handlers PASSED*",
        "*tests/test_reports_and_faults.py::test_a_sweep_shows_which_faults_the_order_flow_handles PASSED*",
    ], consecutive=False)
