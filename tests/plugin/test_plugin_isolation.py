"""No state leaks between tests: the same suite passes in reverse order and under pytest-xdist (each worker its
own world)."""

SUITE = """
import pytest
from fakecloud.testing import Return

FLOW = '''
version: v1
type: flow
steps:
  - {type: task, name: send, resourceArn: "acs:mns:::/queues/q/messages", serviceParams: {MessageBody: $.n}}
  - {type: wait, name: nap, duration: 600}
'''

@pytest.mark.parametrize("n", range(6))
def test_world_is_clean(n, fake_cloud, fake_mns, flow_runner, fake_clock):
    assert fake_clock.iso() == "2024-01-01T00:00:00.000Z"
    assert fake_mns.list_queues().names == ()
    assert not fake_cloud.engine.flows and not fake_cloud.engine.executions
    fake_mns.create_queue("q")
    run = flow_runner.run(FLOW, {"n": str(n)}, name="f")
    assert run.status == "Succeeded"
    assert [m.body for m in fake_mns.messages("q")] == [str(n)]
    assert fake_clock.iso() == "2024-01-01T00:10:00.000Z"


def test_server_port(fake_cloud_server, worker_id="master"):
    assert fake_cloud_server.port > 0
"""

REVERSE = """
def pytest_collection_modifyitems(items):
    items.reverse()
"""


def test_reverse_order(pytester):
    pytester.makepyfile(test_suite=SUITE)
    names = []
    for conftest in ("", REVERSE):
        pytester.makeconftest(conftest)
        result = pytester.runpytest("-v", "-p", "no:cacheprovider")
        result.assert_outcomes(passed=7)
        names.append([line.split(" ")[0] for line in result.outlines if "PASSED" in line])
    assert names[0] == names[1][::-1]


def test_xdist_workers(pytester):
    pytester.makepyfile(test_suite=SUITE)
    result = pytester.runpytest_subprocess("-p", "xdist", "-n", "2", "-p", "no:cacheprovider", timeout=120)
    result.assert_outcomes(passed=7)
    result.stdout.fnmatch_lines(["*2 workers*"])
