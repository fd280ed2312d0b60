"""Benchmark: what the pytest plugin costs a test, against moto's equivalent set-up.

    .venv/bin/python benchmarks/bench_plugin.py [--runs N] [--tests N] [--moto-runs N]

1. In process: a fresh FakeCloud, a FlowRunner, a FakeClock, one small flow (a mocked FC task with a retry, a
   foreach of 3 mocked tasks, a pass) run to its end, and the strict check: the work of the fixtures plus one
   run, per test.
2. Through pytest: sessions of N and of 2N generated tests that request fake_cloud + flow_runner + fake_clock and
   run that flow, and of N and 2N tests that do nothing. What the N further tests add, minus what N further
   empty tests add, divided by N, is what one such test costs over an empty test as a pytest user sees it (what
   a session pays once, importing the world and loading the flow, is left out of it and shown apart). The same
   tests again with flow coverage on (`--fakecloud-cov`): what coverage adds to that per-test time; and without
   the plugin's gc.freeze() of what is loaded before the first world. Bytecode is cached in a private temporary
   folder, as in bench_startup.py.
3. moto (the `bench` extra): a whole test as moto users write it — `mock_aws` start, create a 3-state machine,
   start an execution, poll until it ends. Skipped when moto is not installed.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from bench_startup import python_env  # noqa: E402
from fakecloud.cloud import FakeCloud  # noqa: E402
from fakecloud.insight.coverage import Coverage  # noqa: E402
from fakecloud.testing import FakeClock, FlowLoader, FlowRunner, Return, Throw  # noqa: E402

FLOW = """\
version: v1
type: flow
steps:
  - type: task
    name: charge
    resourceArn: acs:fc:::services/shop/functions/charge
    retry:
      - errors: [FC.ResourceThrottled]
        intervalSeconds: 2
  - type: foreach
    name: items
    iterationMapping:
      collection: $.items
      item: item
    steps:
      - type: task
        name: reserve
        resourceArn: acs:fc:::services/shop/functions/reserve
  - type: pass
    name: done
"""
INPUT = {"items": ["a", "b", "c"]}


def write(folder: str, files: dict[str, str]) -> str:
    """Write `files` (name -> text) into `folder`; the path of the first."""
    for name, text in files.items():
        with open(os.path.join(folder, name), "w") as f:
            f.write(text)
    return os.path.join(folder, next(iter(files)))


def one_test(flow_file: str, coverage=None, loader=None, forget=False) -> None:
    cloud = FakeCloud()
    runner = FlowRunner(cloud, base_dirs=[os.path.dirname(flow_file)], loader=loader)
    FakeClock(cloud)
    run = runner.run(flow_file, INPUT, mocks={"charge": [Throw("FC.ResourceThrottled"), Return({"paid": True})],
                                              "reserve": Return({"ok": True})})
    assert run.status == "Succeeded"
    runner.check()
    if coverage is not None:                  # what --fakecloud-cov does after each test
        if forget:
            coverage._memo.clear()            # as if no earlier test had run the flow along the same path
        coverage.add_world(cloud)


def in_process(flow_file: str, runs: int, coverage=None, loader=None, forget=False) -> list[float]:
    one_test(flow_file, coverage, loader)     # warm up imports
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        one_test(flow_file, coverage, loader, forget)
        times.append(time.perf_counter() - t0)
    return times


TEST_WITH = f'''
from fakecloud.testing import Return, Throw
INPUT = {INPUT!r}

def test_it(fake_cloud, flow_runner, fake_clock, n):
    run = flow_runner.run("flow.yaml", INPUT, mocks={{"charge": [Throw("FC.ResourceThrottled"), Return({{}})],
                                                     "reserve": Return({{"ok": True}})}})
    assert run.status == "Succeeded"
'''
TEST_WITHOUT = '''
def test_it(n):
    pass
'''
CONFTEST = '''
import pytest

def pytest_generate_tests(metafunc):
    metafunc.parametrize("n", range(int(__import__("os").environ["BENCH_TESTS"])))
'''


def pytest_session(folder: str, target: str, options: list[str], env: dict[str, str], tests: int) -> tuple[float, str]:
    """(seconds in pytest.main, the output) of a fresh interpreter running the `tests` tests of `target`."""
    code = ("import sys, time, pytest; t = time.perf_counter(); "
            f"rc = pytest.main(['-q', '-p', 'no:cacheprovider', '-o', 'addopts=', *{options!r}, {target!r}]); "
            "print('ELAPSED', time.perf_counter() - t); sys.exit(rc)")
    out = subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True, text=True,
                         env={**env, "BENCH_TESTS": str(tests)})
    if out.returncode != 0:
        raise SystemExit(out.stdout + out.stderr)
    return float(out.stdout.rsplit("ELAPSED", 1)[1]), out.stdout


def through_pytest(tests: int, rounds: int) -> dict[tuple[str, int], float]:
    """Seconds of a pytest session of N and of 2N tests (the fastest of `rounds` interleaved rounds) for each
    configuration: "with" (the fixtures and a run), "cov" (the same with --fakecloud-cov), "unfrozen" (the same
    without the plugin's gc.freeze()) and "empty"."""
    configs = {"with": (TEST_WITH, []), "cov": (TEST_WITH, ["--fakecloud-cov"]),
               "unfrozen": (TEST_WITH, ["-o", "fakecloud_gc_freeze=false"]), "empty": (TEST_WITHOUT, [])}
    results: dict[tuple[str, int], float] = {}
    with tempfile.TemporaryDirectory() as folder:
        write(folder, {"flow.yaml": FLOW, "conftest.py": CONFTEST})
        env = python_env(os.path.join(folder, "pycache"))
        runs = [(name, n) for name in configs for n in (tests, 2 * tests)]
        for warm_up, (name, n) in [(r == -1, run) for r in range(-1, rounds) for run in runs]:
            body, options = configs[name]
            target = os.path.join(folder, f"test_bench_{name}.py")
            with open(target, "w") as f:
                f.write(body)
            elapsed, _ = pytest_session(folder, target, options, env, 1 if warm_up else n)
            if not warm_up:
                results[name, n] = min(results.get((name, n), elapsed), elapsed)
            os.remove(target)
    return results


def per_test(results: dict[tuple[str, int], float], name: str, tests: int) -> tuple[float, float]:
    """(ms each further test of `name` costs over an empty test, ms paid once per session over an empty
    session): the slope between N and 2N tests, minus the empty tests' slope, and what is left at N."""
    slope = (results[name, 2 * tests] - results[name, tests]) / tests
    empty = (results["empty", 2 * tests] - results["empty", tests]) / tests
    once = results[name, tests] - results["empty", tests] - tests * (slope - empty)
    return (slope - empty) * 1000, once * 1000


def moto_tests(runs: int) -> list[float] | None:
    try:
        import boto3
        from moto import mock_aws
    except ImportError:
        return None
    import logging
    logging.disable(logging.CRITICAL)
    definition = {"StartAt": "Charge", "States": {
        "Charge": {"Type": "Pass", "Result": {"paid": True}, "ResultPath": "$.charge", "Next": "Items"},
        "Items": {"Type": "Map", "ItemsPath": "$.items", "Next": "Done", "ResultPath": "$.r",
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Reserve",
                                    "States": {"Reserve": {"Type": "Pass", "End": True}}}},
        "Done": {"Type": "Pass", "End": True}}}
    config = {"stepfunctions": {"execute_state_machine": True}, "lambda": {"use_docker": False}}
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    times = []
    for i in range(runs):
        t0 = time.perf_counter()
        with mock_aws(config=config):
            sfn = boto3.client("stepfunctions", region_name="us-east-1")
            arn = sfn.create_state_machine(name="sm", definition=json.dumps(definition),
                                           roleArn="arn:aws:iam::123456789012:role/sf")["stateMachineArn"]
            ex = sfn.start_execution(stateMachineArn=arn, name=f"e{i}", input=json.dumps(INPUT))["executionArn"]
            while (status := sfn.describe_execution(executionArn=ex)["status"]) == "RUNNING":
                time.sleep(0.002)
            assert status == "SUCCEEDED", status
        times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--tests", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds of the pytest sessions")
    parser.add_argument("--moto-runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        flow_file = write(folder, {"flow.yaml": FLOW})
        times = in_process(flow_file, args.runs)
        shared = in_process(flow_file, args.runs, loader=FlowLoader())
        covered = in_process(flow_file, args.runs, Coverage(), FlowLoader())
        unseen = in_process(flow_file, args.runs, Coverage(), FlowLoader(), forget=True)
    ms = [t * 1000 for t in times]
    print(f"1. fixtures' work + one small flow run + strict check, in process ({args.runs} runs): "
          f"median {statistics.median(ms):.3f} ms, mean {statistics.mean(ms):.3f} ms")
    plain, cov_ms = statistics.median(shared) * 1000, statistics.median(covered) * 1000
    print(f"   with one loader for all runs, as the plugin has: median {plain:.3f} ms; and flow coverage read after "
          f"each (--fakecloud-cov): {cov_ms:.3f} ms, {100 * (cov_ms - plain) / plain:+.1f}%")
    new_ms = statistics.median(unseen) * 1000
    print(f"   coverage of a run along a path no earlier test took (its history read in full): {new_ms:.3f} ms, "
          f"{100 * (new_ms - plain) / plain:+.1f}%")
    n = args.tests
    sessions = through_pytest(n, args.rounds)
    each, once = per_test(sessions, "with", n)
    print(f"2. through pytest, sessions of {n} and {2 * n} tests (best of {args.rounds} interleaved rounds): "
          f"{sessions['with', n]:.2f} / {sessions['with', 2 * n]:.2f} s with the fixtures and a run, "
          f"{sessions['empty', n]:.2f} / {sessions['empty', 2 * n]:.2f} s with empty tests; a test that runs the "
          f"flow costs {each:.3f} ms over an empty test (goal <= 1 ms); paid once per session: {once:.0f} ms")
    unfrozen, _ = per_test(sessions, "unfrozen", n)
    print(f"   without the plugin's gc.freeze() (-o fakecloud_gc_freeze=false): {unfrozen:.3f} ms per test")
    cov_each, _ = per_test(sessions, "cov", n)
    print(f"   with --fakecloud-cov: {sessions['cov', n]:.2f} / {sessions['cov', 2 * n]:.2f} s, {cov_each:.3f} ms per "
          f"test; coverage adds {cov_each - each:+.3f} ms per test, {100 * (cov_each - each) / each:+.1f}%")
    moto = moto_tests(args.moto_runs)
    if moto is None:
        print("3. moto: not installed (make bench installs the bench extra)")
    else:
        mm = [t * 1000 for t in moto]
        print(f"3. moto, a whole test (mock_aws + create + start + poll, {args.moto_runs} runs): "
              f"median {statistics.median(mm):.1f} ms, mean {statistics.mean(mm):.1f} ms; "
              f"{statistics.median(mm) / statistics.median(ms):.0f}x the in-process median")


if __name__ == "__main__":
    main()
