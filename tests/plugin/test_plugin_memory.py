"""Once a test is over (teardown, strict checks, flow coverage and run reports done), its item lets go of the
worlds and runners it used: a session of many tests keeps none of their worlds alive."""
import pytest

TESTS = """
import gc, weakref
SEEN = []

def test_one(fake_cloud, flow_runner):
    run = flow_runner.run("one.yaml")
    assert run.status == "Succeeded"
    SEEN.extend([weakref.ref(fake_cloud), weakref.ref(flow_runner), weakref.ref(run.execution)])

def test_two():
    gc.collect()
    assert [ref() for ref in SEEN] == [None, None, None]
"""


@pytest.mark.parametrize("options", [(), ("--fakecloud-cov",)])
def test_a_finished_tests_world_is_freed(pytester, options):
    pytester.makepyfile(TESTS)
    (pytester.path / "one.yaml").write_text("version: v1\ntype: flow\nsteps:\n  - {type: pass, name: p}\n")
    result = pytester.runpytest("-p", "no:randomly", *options)
    result.assert_outcomes(passed=2)
    if options:
        result.stdout.fnmatch_lines(["TOTAL*1/1 goals*100%"])
