"""--fakecloud-report-dir: a failing test's runs written as HTML reports, the blamed run's diverging step marked."""
from pathlib import Path

PAY = (Path(__file__).parent.parent / "insight" / "flows" / "pay.yaml").read_text()

TESTS = '''
from fakecloud.testing import Return, Throw, assert_path

def test_fast_path(flow_runner):
    flow_runner.run("flows/pay.yaml", {"express": True}, mocks={"charge": Return({})})
    run = flow_runner.run("flows/pay.yaml", {"express": False}, mocks={"charge": Return({})})
    assert_path(run, ["charge", "route", "fast"])

def test_passes(flow_runner):
    flow_runner.run("flows/pay.yaml", {"express": True}, mocks={"charge": Return({})})
'''

SCENARIO = '''
scenario: declined card
flow: flows/pay.yaml
mocks:
  charge: {throw: {error: CardDeclined}}
expect:
  path: [charge, route]
'''


def test_each_run_of_a_failing_test_is_written_and_the_blamed_one_marked(pytester):
    pytester.mkdir("flows")
    (pytester.path / "flows" / "pay.yaml").write_text(PAY)
    pytester.makepyfile(test_pay=TESTS)
    (pytester.path / "declined.scenario.yaml").write_text(SCENARIO)
    result = pytester.runpytest("--fakecloud-report-dir=reports")
    result.assert_outcomes(passed=1, failed=2)
    written = sorted(p.name for p in (pytester.path / "reports").iterdir())
    assert written == ["declined.scenario.yaml_declined_card.html", "test_pay.py_test_fast_path-1.html",
                       "test_pay.py_test_fast_path-2.html"]
    first = (pytester.path / "reports" / "test_pay.py_test_fast_path-1.html").read_text()
    second = (pytester.path / "reports" / "test_pay.py_test_fast_path-2.html").read_text()
    assert "diverges here" not in first
    assert '<g class="node k-pass ran diverged" data-node="steps[3]" data-path="slow">' in second
    assert "<tr><th>diverges here</th><td>slow</td></tr>" in second
    declined = (pytester.path / "reports" / "declined.scenario.yaml_declined_card.html").read_text()
    assert '<g class="node k-fail failed diverged" data-node="steps[4]" data-path="refuse">' in declined
    assert any(line.endswith("reports/test_pay.py_test_fast_path-2.html") for line in result.outlines)
