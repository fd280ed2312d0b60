"""Benchmark: what Python's cyclic garbage collector costs a long session, and what an ended execution leaves.

    .venv/bin/python benchmarks/bench_gc.py [--runs N] [--rounds N] [--tests N]

1. One world, many executions: bench_plugin.py's flow (a retried FC task, a foreach of 3 tasks, a pass) run N
   times in one FakeCloud by one FlowRunner, the world keeping every execution, as a long-running server or a
   test that runs many flows does. Interleaved rounds of the same loop with the collector enabled, disabled, and
   enabled after gc.freeze() of everything loaded before the loop; the collector's own time is read from
   gc.callbacks. Then: how many objects each ended execution keeps alive, and how many cyclic objects a test's
   world, runner and run leave for the collector once dropped.
2. Through pytest: a session of N of bench_plugin.py's tests; the collector's time in it (gc.callbacks) against
   the session's wall time.
"""
from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from bench_plugin import CONFTEST, FLOW, INPUT, TEST_WITH, one_test, pytest_session, write  # noqa: E402
from bench_startup import python_env  # noqa: E402
from fakecloud.cloud import FakeCloud  # noqa: E402
from fakecloud.testing import FlowLoader, FlowRunner, Return  # noqa: E402

CHARGE = {"0": {"throw": {"error": "FC.ResourceThrottled"}}, "1-": {"return": {"paid": True}}}
MODES = ("enabled", "disabled", "frozen")


class CollectorClock:
    """The collector's time and the number of collections while installed (gc.callbacks)."""

    def __init__(self):
        self.seconds, self.collections, self._start = 0.0, 0, 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._start
            self.collections += 1

    def __enter__(self):
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc):
        gc.callbacks.remove(self)


def world(flow_file: str, loader: FlowLoader) -> FlowRunner:
    runner = FlowRunner(FakeCloud(), base_dirs=[os.path.dirname(flow_file)], loader=loader)
    runner.mock("charge", CHARGE)
    runner.mock("reserve", Return({"ok": True}))
    runner.run(flow_file, INPUT)
    return runner


def long_session(flow_file: str, loader: FlowLoader, runs: int, mode: str) -> tuple[float, float, int]:
    """(seconds for `runs` runs in one world, seconds the collector took, collections) with the collector in
    `mode`."""
    runner = world(flow_file, loader)
    gc.collect()
    if mode == "disabled":
        gc.disable()
    elif mode == "frozen":
        gc.freeze()
    try:
        with CollectorClock() as collector:
            t0 = time.perf_counter()
            for _ in range(runs):
                run = runner.run(flow_file, INPUT)
            elapsed = time.perf_counter() - t0
    finally:
        gc.enable()
        gc.unfreeze()
    assert run.status == "Succeeded", run.status
    return elapsed, collector.seconds, collector.collections


def kept_per_execution(flow_file: str, loader: FlowLoader, runs: int = 200) -> float:
    runner = world(flow_file, loader)
    gc.collect()
    before = len(gc.get_objects())
    for _ in range(runs):
        runner.run(flow_file, INPUT)
    gc.collect()
    return (len(gc.get_objects()) - before) / runs


def cyclic_garbage_per_test(flow_file: str, loader: FlowLoader) -> int:
    gc.collect()
    gc.disable()
    try:
        one_test(flow_file, loader=loader)
        return gc.collect()
    finally:
        gc.enable()


GC_CONFTEST = CONFTEST + '''
import gc, time
_gc = {"seconds": 0.0, "start": 0.0, "count": 0}

def _clock(phase, info):
    if phase == "start":
        _gc["start"] = time.perf_counter()
    else:
        _gc["seconds"] += time.perf_counter() - _gc["start"]
        _gc["count"] += 1

gc.callbacks.append(_clock)

def pytest_unconfigure(config):
    print("GC", _gc["seconds"], _gc["count"])
'''


def gc_in_pytest(tests: int, rounds: int) -> tuple[float, float, int]:
    """(session seconds, collector seconds, collections) of the fastest of `rounds` sessions of `tests` tests."""
    best = None
    with tempfile.TemporaryDirectory() as folder:
        target = write(folder, {"test_bench.py": TEST_WITH, "flow.yaml": FLOW, "conftest.py": GC_CONFTEST})
        env = python_env(os.path.join(folder, "pycache"))
        pytest_session(folder, target, [], env, 1)        # warms the bytecode cache
        for _ in range(rounds):
            elapsed, out = pytest_session(folder, target, [], env, tests)
            seconds, count = out.rsplit("GC ", 1)[1].split()[:2]
            if best is None or elapsed < best[0]:
                best = (elapsed, float(seconds), int(count))
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--tests", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        flow_file = write(folder, {"flow.yaml": FLOW})
        loader = FlowLoader()
        long_session(flow_file, loader, 50, "enabled")       # warm up
        results = {mode: [] for mode in MODES}
        for _ in range(args.rounds):
            for mode in MODES:
                results[mode].append(long_session(flow_file, loader, args.runs, mode))
        kept = kept_per_execution(flow_file, loader)
        garbage = cyclic_garbage_per_test(flow_file, loader)
    wall = {mode: statistics.median(r[0] for r in results[mode]) for mode in MODES}
    collector = statistics.median(r[1] for r in results["enabled"])
    frozen = statistics.median(r[1] for r in results["frozen"])
    per_run = {mode: wall[mode] / args.runs * 1000 for mode in MODES}
    print(f"1. {args.runs} runs in one world (median of {args.rounds} interleaved rounds): collector enabled "
          f"{wall['enabled'] * 1000:.0f} ms ({per_run['enabled']:.3f} ms a run), disabled "
          f"{wall['disabled'] * 1000:.0f} ms, enabled after gc.freeze() {wall['frozen'] * 1000:.0f} ms")
    print(f"   the collector's share: {100 * (wall['enabled'] - wall['disabled']) / wall['enabled']:.0f}% of the "
          f"enabled time by the difference, {100 * collector / wall['enabled']:.0f}% by gc.callbacks "
          f"({collector * 1000:.0f} ms); after gc.freeze(): {100 * frozen / wall['frozen']:.0f}% by gc.callbacks")
    print(f"   each ended execution keeps {kept:.0f} objects alive in the world (its history and the runner's "
          f"record of its task calls); a test's dropped world, runner and run leave {garbage} cyclic objects")
    seconds, gc_seconds, count = gc_in_pytest(args.tests, max(1, args.rounds // 2))
    print(f"2. a pytest session of {args.tests} such tests: {seconds:.2f} s, the collector {gc_seconds * 1000:.0f} ms "
          f"in {count} collections: {100 * gc_seconds / seconds:.0f}%")


if __name__ == "__main__":
    main()
