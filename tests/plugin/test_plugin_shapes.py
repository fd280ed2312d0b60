"""One shape for every setting, checked where it is written: callbacks take `step` in Python as in files, a
scenario's overrides replace the file's entries, and marker arguments, mock data and mock answers that are wrong
fail at their own level, naming the closest right spelling."""
import inspect
import textwrap

import plugin_support
import pytest

from fakecloud.cloud import FakeCloud
from fakecloud.testing import FlowRunner
from fakecloud.testing.scenario import Scenario, ScenarioError

HEAD = inspect.getsource(plugin_support) + '''
import pytest
from fakecloud.testing import *
'''


def run_test(pytester, body: str, *args, **files):
    pytester.makepyfile(test_x=HEAD + textwrap.dedent(body), **files)
    return pytester.runpytest("-q", "--tb=short", "-p", "no:cacheprovider", "-o", "fakecloud_scenarios=false", *args)


def error_lines(result) -> list[str]:
    return [line[4:] for line in result.outlines if line.startswith("E   ")]


# -- callbacks: `step` everywhere -----------------------------------------------------------------------------
def test_callbacks_in_python_take_step_as_scenario_files_do(moderation):
    result = run_test(moderation, """
        def test_reviewed(flow_runner):
            run = flow_runner.run("flows/moderation.yaml", IMAGES, mocks=REVIEWED,
                                  callbacks=[{"step": "humanReview", "after": 3000, "output": {"approved": True}}])
            assert run.status == "Succeeded"
            assert run.step("humanReview").output == {"approved": True}
            assert run.step("humanReview").duration == 3000

        def test_reviewed_by_keyword(flow_runner):
            flow_runner.callback(step="humanReview", after=60, output={"approved": False})
            run = flow_runner.run("flows/moderation.yaml", IMAGES, mocks=REVIEWED)
            assert run.step("humanReview").output == {"approved": False}
    """)
    result.assert_outcomes(passed=2)


def test_a_misspelt_callback_field_names_the_right_one(moderation):
    result = run_test(moderation, """
        def test_old_spelling(flow_runner):
            flow_runner.run("flows/moderation.yaml", IMAGES, mocks=REVIEWED,
                            callbacks=[{"pattern": "humanReview", "after": 5}])

        def test_typo(flow_runner):
            flow_runner.run("flows/moderation.yaml", IMAGES, mocks=REVIEWED,
                            callbacks=[{"step": "humanReview", "aftre": 5}])
    """)
    result.assert_outcomes(failed=2)
    assert [line for line in error_lines(result) if line.startswith("ValueError")] == [
        "ValueError: callbacks[0]: unknown field 'pattern' (did you mean 'step'? known: step, after, output, error, "
        "cause)",
        "ValueError: callbacks[0]: unknown field 'aftre' (did you mean 'after'? known: step, after, output, error, "
        "cause)",
    ]


# -- scenario overrides -------------------------------------------------------------------------------------
SCENARIO = "scenario: reviewed" + plugin_support.REVIEWED_SCENARIO + "expect:\n  status: Succeeded\n"


def test_scenario_run_overrides_replace_the_files_mocks_and_callbacks(moderation):
    moderation.makefile(".scenario.yaml", reviewed=SCENARIO)
    result = run_test(moderation, """
        @pytest.mark.scenario("reviewed.scenario.yaml")
        def test_rejected(scenario):
            run = scenario.run(mocks={"detect": Return({"Data": {"FaceCount": 3}})},
                               callbacks=[{"step": "humanReview", "after": 10, "output": {"approved": False}}])
            assert run.step("faces[0]/detect").output == {"Data": {"FaceCount": 3}}
            assert run.step("humanReview").output == {"approved": False}
            assert run.step("humanReview").duration == 10
            scenario.check(run)

        @pytest.mark.scenario("reviewed.scenario.yaml")
        def test_typo(scenario):
            scenario.run(mocsk={})
    """)
    result.assert_outcomes(passed=1, failed=1)      # no "never used" at teardown: the file's answers were replaced
    assert "TypeError: scenario.run(): unknown argument 'mocsk' (did you mean 'mocks'? known: input, mocks, " \
           "callbacks, flows, name, execution_name, unmocked, recording)" in error_lines(result)


# -- the marker -----------------------------------------------------------------------------------------------
def test_marker_typos_fail_the_test_and_name_the_argument(pytester):
    result = run_test(pytester, """
        @pytest.mark.fakecloud(sed=3)
        def test_seed(fake_cloud):
            pass

        @pytest.mark.fakecloud(strickt=False)
        def test_strict(fake_cloud):
            pass

        @pytest.mark.fakecloud(unmocked="defualt")
        def test_unmocked(flow_runner):
            pass

        @pytest.mark.fakecloud(start="yesterday")
        def test_start(fake_cloud):
            pass
    """)
    result.assert_outcomes(errors=4)
    result.stdout.fnmatch_lines([
        "*@pytest.mark.fakecloud: unknown argument 'sed' (did you mean 'seed'? known: seed, start, region, "
        "account_id, limits, unmocked, strict)",
        "*@pytest.mark.fakecloud: unknown argument 'strickt' (did you mean 'strict'? known: *",
        "*@pytest.mark.fakecloud(unmocked='defualt'): must be one of 'error', 'default' (did you mean 'default'?)",
        "*@pytest.mark.fakecloud(start='yesterday'): start must be an RFC 3339 time such as '2030-01-01T00:00:00Z' "
        "or epoch milliseconds",
    ])


def test_ini_values_are_checked_at_the_start(pytester):
    pytester.makeini("[pytest]\nfakecloud_unmocked = defualt\n")
    result = pytester.runpytest("-p", "no:cacheprovider")
    assert result.ret == 4
    result.stderr.fnmatch_lines(["*ini fakecloud_unmocked = 'defualt': must be one of error, default "
                                 "(did you mean 'default'?)"])


# -- mock data at the level of the mistake -------------------------------------------------------------------
def test_mock_data_mistakes_are_named_where_they_are(moderation):
    result = run_test(moderation, """
        def test_misspelt_return(flow_runner):
            flow_runner.run("flows/moderation.yaml", IMAGES,
                            mocks=dict(REVIEWED, download={"retrun": {"images": []}}))

        def test_handler_on_a_step(flow_runner):
            flow_runner.run("flows/moderation.yaml", IMAGES,
                            mocks=dict(REVIEWED, download={"handler": "media.handlers:download"}))

        def test_bare_answer(flow_runner):
            flow_runner.run("flows/moderation.yaml", IMAGES, mocks=dict(REVIEWED, detect=[{"FaceCount": 2}]))
    """)
    result.assert_outcomes(failed=3)
    assert [line for line in error_lines(result) if line.startswith("ValueError")] == [
        "ValueError: mock 'download': unknown field 'retrun' (did you mean 'return'? known: attempt, when, times, "
        "duration, return, throw); script data is a rule, a list of rules or a mapping of attempt selectors "
        "(\"0\", \"1-2\", \"3-\") to rules; to answer with this value, write Return({'retrun': {'images': []}}) or "
        "{'return': {'retrun': {'images': []}}}",
        "ValueError: mock 'download': unknown field 'handler' (known: attempt, when, times, duration, return, "
        "throw); script data is a rule, a list of rules or a mapping of attempt selectors (\"0\", \"1-2\", \"3-\") "
        "to rules; to answer with this value, write Return({'handler': 'media.handlers:download'}) or "
        "{'return': {'handler': 'media.handlers:download'}}; a handler belongs to the FC function, not to a step: "
        "fake_fc.register(name, fn) in Python, services.fc.<service/function>.handler in a scenario",
        "ValueError: mock 'detect': entry 0: unknown field 'FaceCount' (known: attempt, when, times, duration, "
        "return, throw); to answer with this value, write Return({'FaceCount': 2}) or {'return': {'FaceCount': 2}}",
    ]


MEDIA = '''
import json

def download(event, context=None):
    return json.dumps({"images": ["a.jpg"], "cover": "c.jpg"})
'''


def test_a_scenario_sets_an_fc_handler_up_as_the_control_plane_does(moderation):
    moderation.makepyfile(media_handlers=MEDIA)
    moderation.makefile(".scenario.yaml", handled="""
scenario: handled
flow: flows/moderation.yaml
services:
  fc:
    media/download: {handler: "media_handlers:download", timeout: 30}
    media/store: [{return: {stored: true}}]
    cdn/warm: {script: [{return: {warm: true}}]}
  viapi:
    "facebody:DetectFace": {script: [{return: {Data: {FaceCount: 1}}}]}
    "goodstech:ClassifyCommodity": [{return: {Data: {Categories: []}}}]
callbacks:
  - {step: humanReview, after: 5, output: {approved: true}}
expect:
  status: Succeeded
  steps:
    download: {output: {images: [a.jpg], cover: c.jpg}}
""")
    moderation.syspathinsert()
    result = moderation.runpytest("-q", "-p", "no:cacheprovider", "handled.scenario.yaml")
    result.assert_outcomes(passed=1)


def test_a_misspelt_vision_api_in_a_scenario_names_the_right_one(moderation):
    moderation.makefile(".scenario.yaml", typo="""
flow: flows/moderation.yaml
services:
  viapi:
    "facebody:DetectFaces": [{return: {}}]
""")
    result = moderation.runpytest("-q", "-p", "no:cacheprovider", "typo.scenario.yaml")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*typo.scenario.yaml: services.viapi.facebody:DetectFaces: facebody:DetectFaces is "
                                 "not in the vision API catalog (did you mean 'DetectFace'?)"])


# -- answers that are not JSON --------------------------------------------------------------------------------
def test_a_mock_answer_that_is_not_json_is_a_test_error_naming_the_mock(moderation):
    result = run_test(moderation, """
        def test_set_given(flow_runner):
            flow_runner.run("flows/moderation.yaml", IMAGES, mocks=dict(REVIEWED, detect=Return({"faces": {1, 2}})))

        def test_set_returned(flow_runner):
            flow_runner.run("flows/moderation.yaml", IMAGES,
                            mocks=dict(REVIEWED, detect=lambda event: {"faces": {1, 2}}))
    """)
    result.assert_outcomes(failed=2)
    assert [line for line in error_lines(result) if line.startswith("TypeError")] == [
        "TypeError: mock 'detect': Return({'faces': {1, 2}}) is not JSON (Object of type set is not JSON "
        "serializable); a mock answers with a JSON value: a dict, list, string, number, boolean or None",
        "TypeError: mock detect answering step faces[0]/detect (attempt 0): Return({'faces': {1, 2}}) is not JSON "
        "(Object of type set is not JSON serializable); a mock answers with a JSON value: a dict, list, string, "
        "number, boolean or None",
    ]


def test_option_values_are_checked_at_the_start(pytester):
    result = pytester.runpytest("-p", "no:cacheprovider", "--fakecloud-record-mode=onse")
    assert result.ret == 4
    result.stderr.fnmatch_lines(["*--fakecloud-record-mode = 'onse': must be one of none, once, new_episodes, all "
                                 "(did you mean 'once'?)"])


@pytest.mark.parametrize("data, message", [
    ({"flow": "x.yaml", "expect": {"status": "Succeded"}},
     "scenario: expect.status: 'Succeded' is no status (did you mean 'Succeeded'?); statuses: Succeeded, Failed, "
     "TimedOut, Stopped, Running"),
    ({"flow": "x.yaml", "expect": {"steps": {"charge": {"status": "caugth"}}}},
     "scenario: expect.steps.charge.status: 'caugth' is no status (did you mean 'caught'?); statuses: succeeded, "
     "failed, caught, cancelled, running"),
    ({"flow": "x.yaml", "expect": {"steps": {"charge": {"caught": {"eror": "X"}}}}},
     "scenario: expect.steps.charge.caught: unknown field 'eror' (did you mean 'error'? known: error, goto)"),
    ({"flow": "x.yaml", "expect": {"steps": {"charge": {"attemps": 2}}}},
     "scenario: expect.steps.charge: unknown field 'attemps' (did you mean 'attempts'? known: status, output, "
     "output_exact, attempts, retries, delays, error, caught, goto)"),
    ({"flow": "x.yaml", "unmocked": "defualt"},
     "scenario: unmocked must be one of 'error', 'default', got 'defualt' (did you mean 'default'?)"),
    ({"flow": "x.yaml", "mocks": {"charge": {"retrun": 1}}},
     "scenario: mocks.charge: unknown field 'retrun' (did you mean 'return'? known: attempt, when, times, "
     "duration, return, throw)"),
    ({"flow": "x.yaml", "callbacks": [{"step": "approve", "outptu": {}}]},
     "scenario: callbacks[0]: unknown field 'outptu' (did you mean 'output'? known: step, after, output, error, "
     "cause)"),
    ({"flow": "x.yaml", "services": {"mnss": {}}},
     "scenario: services: unknown field 'mnss' (did you mean 'mns'? known: fc, mns, viapi, eventbridge, http, oss, sms, openapi)"),
])
def test_scenario_keys_and_values_are_checked_when_the_file_is_read(data, message):
    with pytest.raises(ScenarioError) as info:
        Scenario(data)
    assert str(info.value).startswith(message)


@pytest.mark.parametrize("services, message", [
    ({"mns": {"queus": ["a"]}}, "scenario: services.mns: unknown field 'queus' (did you mean 'queues'? known: "
                                "queues, topics)"),
    ({"mns": {"queues": ["bad name!"]}}, "scenario: services.mns.queues: 'bad name!': InvalidQueueName: "),
    ({"fc": {"media/download": {"handler": "media_handlers:download", "timout": 3}}},
     "scenario: services.fc.media/download: unknown field 'timout' (did you mean 'timeout'? known: handler, script, "
     "duration, timeout, memory, decode)"),
    ({"fc": {"media/download": {"handler": "no_such_module:download"}}},
     "scenario: services.fc.media/download: cannot import no_such_module:download: ModuleNotFoundError"),
    ({"viapi": {"goodstech:ClassifyCommodity": {"script": [], "job": []}}},
     "scenario: services.viapi.goodstech:ClassifyCommodity: unknown field 'job' (did you mean 'jobs'? known: "
     "script, jobs)"),
])
def test_scenario_services_mistakes_are_named_by_block(services, message):
    scenario = Scenario({"definition": "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: p\n",
                         "services": services})
    with pytest.raises(ScenarioError) as info:
        scenario.run(FlowRunner(FakeCloud()))
    assert str(info.value).startswith(message)
