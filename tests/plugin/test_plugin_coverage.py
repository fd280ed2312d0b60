"""--fakecloud-cov across a pytest session: the terminal table, JSON and HTML reports, fail-under, pytest-xdist
workers and collected scenario files."""
import json
import re
from pathlib import Path

PAY = (Path(__file__).parent.parent / "insight" / "flows" / "pay.yaml").read_text()

TESTS = '''
from fakecloud.testing import Return, Throw

def test_express(flow_runner):
    run = flow_runner.run("flows/pay.yaml", {"express": True}, mocks={"charge": Return({})})
    assert run.status == "Succeeded"

def test_throttled_then_slow(flow_runner):
    run = flow_runner.run("flows/pay.yaml", {"express": False},
                          mocks={"charge": [Throw("FC.ResourceThrottled"), Return({})]})
    assert run.status == "Succeeded"
'''

SCENARIO = '''
scenario: declined card
flow: flows/pay.yaml
input: {}
mocks:
  charge: {throw: {error: CardDeclined, cause: no funds}}
expect:
  status: Failed
  error: Refused
'''

TABLE = [
    "flow               steps  branches   retries   catches     gotos  outcomes     loops   cover",
    "--------------------------------------------------------------------------------------------",
    "flows/pay.yaml       4/5       2/2       1/1       0/1         -       2/3         -     75%",
    "--------------------------------------------------------------------------------------------",
    "TOTAL                                                                     9/12 goals     75%",
    "",
    "not covered:",
    "  flows/pay.yaml:11: never charge caught by catch 1 -> refuse; charge failed with CardDeclined",
    "  flows/pay.yaml:26: never refuse ran",
]


def _project(pytester, scenario: bool = False):
    pytester.mkdir("flows")
    (pytester.path / "flows" / "pay.yaml").write_text(PAY)
    pytester.makepyfile(test_pay=TESTS)
    if scenario:
        (pytester.path / "declined.scenario.yaml").write_text(SCENARIO)
    return pytester


def _table(result) -> list[str]:
    lines = result.outlines
    start = next(i for i, line in enumerate(lines) if "fakecloud flow coverage" in line)
    return lines[start + 1: start + 1 + len(TABLE)]


def test_the_terminal_summary_gives_each_flow_its_figures_and_the_lines_not_covered(pytester):
    result = _project(pytester).runpytest("--fakecloud-cov")
    result.assert_outcomes(passed=2)
    assert _table(result) == TABLE


def test_without_the_option_there_is_no_coverage_summary(pytester):
    result = _project(pytester).runpytest()
    result.assert_outcomes(passed=2)
    assert not any("flow coverage" in line for line in result.outlines)


def test_a_collected_scenario_file_counts_too(pytester):
    result = _project(pytester, scenario=True).runpytest("--fakecloud-cov")
    result.assert_outcomes(passed=3)
    assert _table(result)[2] == ("flows/pay.yaml       5/5       2/2       1/1       1/1         -       3/3         -"
                                 "    100%")


def test_xdist_workers_coverage_is_combined(pytester):
    _project(pytester, scenario=True)
    result = pytester.runpytest_subprocess("-n", "2", "--fakecloud-cov", "--fakecloud-cov-report=json:cov.json")
    result.assert_outcomes(passed=3)
    doc = json.loads((pytester.path / "cov.json").read_text())
    assert (doc["covered"], doc["goals"], doc["percent"]) == (12, 12, 100.0)
    result = pytester.runpytest_subprocess("-n", "2", "--fakecloud-cov", "-k", "not declined")
    assert _table(result) == TABLE


def test_the_json_report_lists_every_goal_with_its_line_and_hits(pytester):
    result = _project(pytester).runpytest("--fakecloud-cov-report=json:out/cov.json")
    result.assert_outcomes(passed=2)
    assert "flow coverage: 75%" in result.outlines
    doc = json.loads((pytester.path / "out" / "cov.json").read_text())
    flow = doc["flows"][0]
    assert (flow["file"], flow["flow"], flow["covered"], flow["goals"]) == ("flows/pay.yaml", "pay", 9, 12)
    assert flow["lines"] == {"4": "covered", "8": "covered", "11": "missed", "13": "covered", "16": "covered",
                             "19": "covered", "20": "covered", "23": "covered", "26": "missed"}
    assert flow["detail"][:3] == [
        {"line": 4, "kind": "step", "goal": "charge ran", "hits": 2},
        {"line": 8, "kind": "retry", "goal": "charge retried (policy 1)", "hits": 1},
        {"line": 11, "kind": "catch", "goal": "charge caught by catch 1 -> refuse", "hits": 0}]


def test_fail_under_fails_a_passing_session_below_the_figure(pytester):
    _project(pytester)
    below = pytester.runpytest("--fakecloud-cov-fail-under=80")
    assert below.ret == 1
    assert "FAIL: required flow coverage 80%, reached 75%" in below.outlines
    reached = pytester.runpytest("--fakecloud-cov-fail-under=75")
    assert reached.ret == 0
    assert "OK: required flow coverage 75%, reached 75%" in reached.outlines


def test_a_report_kind_it_does_not_know_is_a_usage_error(pytester):
    result = _project(pytester).runpytest("--fakecloud-cov-report=xml")
    assert result.ret == 4
    assert "--fakecloud-cov-report: 'xml' is not term, json[:FILE] or html[:DIR]" in "\n".join(result.errlines)


def test_the_html_report_colours_the_graph_and_marks_the_source(pytester):
    result = _project(pytester).runpytest("--fakecloud-cov-report=html:covhtml", "--fakecloud-cov-report=term")
    result.assert_outcomes(passed=2)
    assert "flow coverage report written to covhtml/index.html" in result.outlines
    page = (pytester.path / "covhtml" / "index.html").read_text()
    found = re.findall(r'<g class="node k-\w+ ([\w-]+)" data-node="[^"]*" data-path="([^"]*)"', page)
    assert {path: css for css, path in found} == {
        "charge": "cov-part", "route": "cov-full", "fast": "cov-full", "slow": "cov-full", "refuse": "cov-none"}
    assert '<g class="edge k-catch cov-miss" data-edge="steps[0]&gt;catch[0]">' in page
    assert '<tr class="missed" id="L26"><td class="ln">26</td><td class="code">  - type: fail</td>' \
           '<td class="why">never refuse ran</td></tr>' in page


def test_executions_in_the_server_world_count_too(pytester):
    pytester.mkdir("flows")
    (pytester.path / "flows" / "pay.yaml").write_text(PAY)
    pytester.makepyfile(test_server='''
from fakecloud.fdl import load_flow

def test_started_in_the_servers_world(fake_cloud_server):
    with fake_cloud_server.world() as cloud:
        cloud.fc.register("shop/charge", lambda event: {})
        cloud.engine.add_flow("pay", load_flow("flows/pay.yaml"))
        assert cloud.engine.run("pay", {"express": True}).status == "Succeeded"
''')
    result = pytester.runpytest("--fakecloud-cov")
    result.assert_outcomes(passed=1)
    assert _table(result)[2] == ("flows/pay.yaml       3/5       1/2       0/1       0/1         -       1/3         -"
                                 "     41%")
