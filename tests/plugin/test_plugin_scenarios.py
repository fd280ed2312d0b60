"""Scenario files: collected as test items, loaded by the `scenario` marker, failing with the first divergence;
the examples in fixtures/ pass."""
import shutil
from pathlib import Path

import pytest

from fakecloud.cloud import FakeCloud
from fakecloud.testing import FlowAssertionError, FlowRunner
from fakecloud.testing.scenario import Scenario

FIXTURES = Path(__file__).parents[2] / "fixtures"


def copy_fixtures(pytester):
    shutil.copytree(FIXTURES, pytester.path / "fixtures")


def test_scenario_files_are_collected_and_pass(pytester):
    copy_fixtures(pytester)
    result = pytester.runpytest("-v", "fixtures")
    result.stdout.fnmatch_lines(["*shop-declined.scenario.yaml::shop declined card PASSED*",
                                 "*shop-happy.scenario.yaml::shop happy path PASSED*"])
    result.assert_outcomes(passed=2)


def test_scenario_collection_can_be_turned_off(pytester):
    copy_fixtures(pytester)
    pytester.makeini("[pytest]\nfakecloud_scenarios = false\n")
    pytester.runpytest("fixtures").assert_outcomes()


def test_a_diverging_scenario_reports_the_first_divergence(pytester):
    copy_fixtures(pytester)
    text = (pytester.path / "fixtures/shop-happy.scenario.yaml").read_text()
    text = text.replace('"1": {return: {paid: true}}', '"1": {return: {paid: false}}')
    text = text.replace("output: {paid: true, approved: true, slot: mon}", "output: {paid: true}")
    text = text.replace("charge: {attempts: 2, delays: [2]}", "charge: {attempts: 2, delays: [2], output: {x: 1}}")
    (pytester.path / "fixtures/shop-happy.scenario.yaml").write_text(text)
    result = pytester.runpytest("fixtures/shop-happy.scenario.yaml")
    result.assert_outcomes(failed=1)
    lines = result.outlines
    start = lines.index("shop-happy.scenario.yaml: scenario shop happy path: step charge differs:")
    assert lines[start:start + 9] == [
        "shop-happy.scenario.yaml: scenario shop happy path: step charge differs:",
        "  output $.x: missing, expected 1",
        "also differing:",
        "  output differs",
        "executed path of shop (virtual time since the start):",
        ">       +0s  charge: ok after 2 attempts (until +2s)",
        "               attempt 0 at +0s: FC.ResourceThrottled",
        "               attempt 1 at +2s: ok",
        "        +2s  items: ok",
    ]


def test_invalid_scenario_files_are_collection_errors(pytester):
    pytester.makefile(".scenario.yaml", bad="flow: x.yaml\nmockz: {}\n")
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["*bad.scenario.yaml: unknown field 'mockz' (did you mean 'mocks'? known: scenario, flow, definition, *"])


def test_the_scenario_marker_loads_a_file_into_a_python_test(pytester):
    copy_fixtures(pytester)
    pytester.makepyfile("""
        import pytest
        from fakecloud.testing import assert_retried

        @pytest.mark.scenario("fixtures/shop-happy.scenario.yaml")
        def test_happy(scenario):
            run = scenario.run()
            scenario.check(run)
            assert_retried(run, "charge", times=1, delays=[2])
            assert run.step("approve").attempts[0].ended_ms - run.step("approve").attempts[0].scheduled_ms == 3600000

        @pytest.mark.scenario("fixtures/shop-declined.scenario.yaml")
        def test_changed_input(scenario):
            scenario.mocks["charge"] = {"return": {}}
            scenario.mocks["reserve"] = {"return": {}}
            run = scenario.run(unmocked="default")
            assert run.path[:3] == ["charge", "items", "fanout"]
    """)
    pytester.runpytest("-p", "no:cacheprovider", "test_the_scenario_marker_loads_a_file_into_a_python_test.py",
                       "-o", "fakecloud_scenarios=false").assert_outcomes(passed=2)


def test_scenarios_without_pytest():
    scenario = Scenario.load(FIXTURES / "shop-declined.scenario.yaml")
    runner = FlowRunner(FakeCloud(), base_dirs=scenario.base_dirs)
    run = scenario.run(runner)
    scenario.check(run)
    assert runner.problems() == []


def test_a_scenario_path_that_differs_marks_the_first_differing_step():
    scenario = Scenario.load(FIXTURES / "shop-declined.scenario.yaml")
    scenario.expect["path"] = ["charge", "items"]
    runner = FlowRunner(FakeCloud(), base_dirs=scenario.base_dirs)
    run = scenario.run(runner)
    with pytest.raises(FlowAssertionError) as info:
        scenario.check(run)
    assert str(info.value).splitlines() == [
        "scenario shop declined card: path differs at step 2:",
        "  expected: charge, items",
        "  actual:   charge, refuse",
        "executed path of shop (virtual time since the start):",
        "  +0s  charge: caught CardDeclined: insufficient funds -> refuse",
        "         attempt 0 at +0s: CardDeclined",
        "> +0s  refuse: FAILED Refused: the card was declined",
        "  +0s  execution Failed Refused",
    ]
