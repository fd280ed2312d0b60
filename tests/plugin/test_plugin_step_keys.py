"""Step keys name steps that exist: mock keys, callbacks and scenario `expect.steps` are checked against the flow
and the subflows it starts before it runs (suffix patterns as mocks use them), `run.step` and the message
assertions say what is close, and a subflow that does not exist is a set-up mistake the strict check names."""
import inspect
import textwrap

import plugin_support

HEAD = inspect.getsource(plugin_support) + '''
import pytest
from fakecloud.testing import *
'''


def run_test(pytester, body: str, *args):
    pytester.makepyfile(test_x=HEAD + textwrap.dedent(body))
    return pytester.runpytest("-q", "--tb=short", "-p", "no:cacheprovider", "-o", "fakecloud_scenarios=false", *args)


def error_lines(result) -> list[str]:
    return [line[4:] for line in result.outlines if line.startswith("E   ")]


def test_a_misspelt_mock_key_fails_before_the_run_naming_the_step(moderation):
    result = run_test(moderation, """
        def test_typo(flow_runner, fake_mns):
            fake_mns.create_queue("reviews")
            flow_runner.run("flows/moderation.yaml", IMAGES, mocks=dict(REVIEWED, clasify=Return({"Data": {}})))

        def test_no_call_was_made(flow_runner, fake_fc):
            with pytest.raises(LookupError):
                flow_runner.run("flows/moderation.yaml", IMAGES, mocks={"clasify": Return({})})
            assert list(fake_fc.invocations) == [] and flow_runner.runs == []
    """)
    result.assert_outcomes(failed=1, passed=1)
    assert "fakecloud.testing.steps.NoSuchStep: mocks: 'clasify' matches no step of flow moderation or the " \
           "subflows it starts (did you mean 'classify'?)" in error_lines(result)


def test_a_key_inside_a_subflow_is_named_with_the_path_it_needs(moderation):
    result = run_test(moderation, """
        def test_flat(flow_runner):
            flow_runner.mock("child:publish/warmCdn", Return({}))
            flow_runner.run("flows/moderation.yaml", IMAGES, mocks=REVIEWED)
    """)
    result.assert_outcomes(failed=1)
    assert "fakecloud.testing.steps.NoSuchStep: flow_runner.mock: 'child:publish/warmCdn' matches no step of flow " \
           "moderation or the subflows it starts (did you mean 'fanout.branch[1]/warmCdn' (at " \
           "child:publish/fanout.branch[1]/warmCdn)?); a key matches the last segments of a path, each segment " \
           "whole" in error_lines(result)


SCENARIO = "scenario: published" + plugin_support.REVIEWED_SCENARIO + """expect:
  status: Succeeded
  steps:
    %s: {output: {warm: true}}
"""


def test_expect_steps_take_the_suffix_patterns_mocks_take(moderation):
    moderation.makefile(".scenario.yaml", suffix=SCENARIO % "warmCdn", branch=SCENARIO % "fanout.branch[*]/warmCdn",
                        wrong=SCENARIO % "child:publish/warmCdn")
    result = moderation.runpytest("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, failed=1)
    assert "wrong.scenario.yaml: expect.steps: 'child:publish/warmCdn' matches no step of flow moderation or the " \
           "subflows it starts (did you mean 'fanout.branch[1]/warmCdn' (at child:publish/fanout.branch[1]/warmCdn)?)" \
           "; a key matches the last segments of a path, each segment whole" in result.stdout.str()


def test_run_step_says_whether_the_key_is_a_step_at_all(moderation):
    result = run_test(moderation, """
        @pytest.mark.fakecloud(strict=False)          # the run is left waiting for its review
        def test_lookups(flow_runner, fake_mns):
            fake_mns.create_queue("reviews")
            run = flow_runner.run("flows/moderation.yaml", IMAGES, mocks=REVIEWED)
            assert run.status == "Running"
            with pytest.raises(LookupError) as typo:
                run.step("humanReveiw")
            with pytest.raises(LookupError) as later:
                run.step("warmCdn")
            print("TYPO", typo.value)
            print("LATER", later.value)
    """, "-s")
    result.assert_outcomes(passed=1)
    typo = next(line for line in result.outlines if line.startswith("TYPO "))
    later = next(line for line in result.outlines if line.startswith("LATER "))
    assert typo.endswith("; the key: 'humanReveiw' matches no step of flow moderation or the subflows it starts "
                         "(did you mean 'humanReview'?)")
    assert later.startswith("LATER no step 'warmCdn' ran; steps that ran: classify, download, faces, ")
    assert later.endswith("; child:publish/fanout.branch[1]/warmCdn is a step of the flow that did not run")


def test_a_message_to_another_queue_is_named(moderation):
    result = run_test(moderation, """
        def test_queue(flow_runner, fake_mns):
            fake_mns.create_queue("reviews")
            run = flow_runner.run("flows/moderation.yaml", IMAGES, mocks=REVIEWED)
            assert_message_sent(run, "review")
    """)
    result.assert_outcomes(failed=1)
    lines = error_lines(result)
    assert lines[:3] == ["fakecloud.testing.FlowAssertionError: expected a message sent to queue review; messages "
                         "sent to queue review:", "  (none)",
                         "  queue 'reviews' got 1 message (did you mean 'reviews'?)"]


TYPO_FLOW = '''
version: v1
type: flow
steps:
  - type: task
    name: publishIt
    resourceArn: acs:fnf:::flow/publsh
    pattern: sync
    catch:
      - errors: [FnF.ALL]
        goto: notifyFailure
  - type: succeed
    name: done
  - type: pass
    name: notifyFailure
'''


def test_a_subflow_that_does_not_exist_is_named_by_the_strict_check_and_the_tree(moderation):
    (moderation.path / "flows" / "typo.yaml").write_text(TYPO_FLOW)
    result = run_test(moderation, """
        def test_caught(flow_runner):
            run = flow_runner.run("flows/typo.yaml", {}, flows={"publish": "flows/publish.yaml"})
            assert run.status == "Succeeded"
            print(run.explain())
    """, "-s")
    result.assert_outcomes(passed=1, errors=1)
    start = result.outlines.index("executed path of typo (virtual time since the start):")
    assert result.outlines[start + 1:start + 5] == [
        "  +0s  publishIt: caught fnf.FlowNotExists: Flow publsh does not exist. -> notifyFailure",
        "         attempt 0 at +0s: fnf.FlowNotExists",
        "  +0s  notifyFailure: ok",
        "  +0s  execution Succeeded",
    ]
    strict = result.outlines.index("fakecloud strict check failed")
    assert result.outlines[strict + 1:strict + 3] == [
        "tasks whose target does not exist:",
        "  publishIt (attempt 0): acs:fnf:::flow/publsh: flow 'publsh' does not exist (did you mean 'publish'?); "
        "flows: publish, typo",
    ]


DYNAMIC = '''
version: v1
type: flow
steps:
  - type: task
    name: start
    action: fnf:StartExecution
    pattern: sync
    serviceParams: {FlowName: $.flow}
'''


def test_keys_are_not_refused_while_a_child_flow_is_read_from_the_input():
    from fakecloud.cloud import FakeCloud
    from fakecloud.testing import FlowRunner, Return

    runner = FlowRunner(FakeCloud())
    run = runner.run(DYNAMIC, {"flow": "publish"}, flows={"publish": str(plugin_support.FLOWS / "publish.yaml")},
                     mocks={"store": Return({"stored": True}), "warmCdn": Return({"warm": True})})
    assert run.status == "Succeeded"
    assert run.step("child:start/fanout.branch[1]/warmCdn").output == {"warm": True}
    assert runner.problems() == []
