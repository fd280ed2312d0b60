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


def note_port(server, name):
    import os
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    with open(f"port-{worker}-{name}.txt", "w") as out:
        out.write(str(server.port))


@pytest.mark.parametrize("n", range(3))
def test_server_port(n, fake_cloud_server):
    note_port(fake_cloud_server, n)
"""

REVERSE = """
def pytest_collection_modifyitems(items):
    items.reverse()
"""

SHUFFLE = """
import os, random

def pytest_collection_modifyitems(items):
    random.Random(int(os.environ["ORDER_SEED"])).shuffle(items)
"""


def test_reverse_order(pytester):
    pytester.makepyfile(test_suite=SUITE)
    names = []
    for conftest in ("", REVERSE):
        pytester.makeconftest(conftest)
        result = pytester.runpytest("-v", "-p", "no:cacheprovider")
        result.assert_outcomes(passed=9)
        names.append([line.split(" ")[0] for line in result.outlines if "PASSED" in line])
    assert names[0] == names[1][::-1]


def test_random_orders(pytester, monkeypatch):
    pytester.makepyfile(test_suite=SUITE)
    pytester.makeconftest(SHUFFLE)
    orders = set()
    for seed in range(4):
        monkeypatch.setenv("ORDER_SEED", str(seed))
        result = pytester.runpytest("-v", "-p", "no:cacheprovider")
        result.assert_outcomes(passed=9)
        orders.add(tuple(line.split(" ")[0] for line in result.outlines if "PASSED" in line))
    assert len(orders) == 4              # four different orders, each passing


def test_xdist_workers(pytester):
    pytester.makepyfile(test_suite=SUITE, test_other=SUITE)
    result = pytester.runpytest_subprocess("-p", "xdist", "-n", "2", "--dist", "loadfile", "-p", "no:cacheprovider",
                                           "test_suite.py", "test_other.py", timeout=120)
    result.assert_outcomes(passed=18)
    result.stdout.fnmatch_lines(["*2 workers*"])
    ports = {}
    for path in pytester.path.glob("port-*.txt"):
        ports.setdefault(path.name.split("-")[1], set()).add(path.read_text())
    assert sorted(ports) == ["gw0", "gw1"]                      # each file ran on its own worker...
    assert all(len(seen) == 1 for seen in ports.values())       # ...reusing its session server...
    assert len(set.union(*ports.values())) == 2                 # ...on a port of its own
