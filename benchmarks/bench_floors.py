"""Benchmark: the engine's cost per unit of work against a hand-written Python floor doing the same dict work.

    .venv/bin/python benchmarks/bench_floors.py [--rounds N] [--moto-runs N]

Each unit is measured as a difference, so that starting an execution cancels out: (best time of a large run - best
time of a small run) / (large - small). The floor is a plain Python function doing what the semantics need per
unit, with nothing else: no history, no limits, no scheduling. Rounds interleave fakecloud and its floor, and the
figure is the median over rounds of the per-round ratio (the machine drifts; ratios taken within a round hold).

- pass step: a chain of pass steps with two outputMappings (30 minus 10 steps). Floor: merge input and local,
  build the two keys, merge them into local.
- foreach iteration: one pass step per item mapping the item (300 minus 100 items). Floor: the iteration input
  (the step input plus the item), the step's output, its local, collected in order.
- parallel branch: one pass step per branch mapping an input field (40 minus 10 branches). Floor: each branch's
  output and local from the shared input, collected in order.
- retry: a task whose function fails with FC.ResourceThrottled n times before it succeeds, retried every hour
  (40 minus 10 retries, on the virtual clock). Floor: call the same function, catch its failure, find the matching
  retry rule, count the attempt, compute the back-off and add it to a clock.
- moto (the `bench` extra): its Step Functions interpreter on the equivalent inline Map, per iteration.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

from fakecloud.engine import Engine, TaskFailure  # noqa: E402
from fakecloud.fdl import parse_flow  # noqa: E402
from fakecloud.services.fc.callables import PythonFunctions  # noqa: E402
from bench_engine import moto_per_unit, print_table  # noqa: E402
from machine_flows import FOREACH, MAP_ASL, pass_chain  # noqa: E402


def parallel_flow(branches: int) -> str:
    body = "".join(f"""
      - steps:
          - type: pass
            name: b{i}
            outputMappings:
              - target: v
                source: $input.x
""" for i in range(branches))
    return "version: v1\ntype: flow\nsteps:\n  - type: parallel\n    name: fan\n    branches:" + body


RETRY = """version: v1
type: flow
steps:
  - type: task
    name: flaky
    resourceArn: acs:fc:::services/s/functions/flaky
    retry:
      - errors: [FC.ResourceThrottled]
        intervalSeconds: 3600
        multiplier: 1
        maxAttempts: 1000
"""


def flaky_function(failures: int):
    """A function that fails with FC.ResourceThrottled `failures` times, then succeeds."""
    left = [failures]

    def flaky(event):
        if left[0]:
            left[0] -= 1
            raise TaskFailure("FC.ResourceThrottled", "throttled")
        return {"ok": True}
    return flaky


def flaky_engine(flow, failures: int) -> Engine:
    """An engine whose function s/flaky is `flaky_function(failures)`."""
    engine = Engine()
    functions = PythonFunctions(engine)
    engine.register_integration(functions)
    engine.add_flow("f", flow)
    functions.register("s/flaky", flaky_function(failures))
    return engine


def timed_engine(make, data, repeats: int) -> float:
    """Best of `repeats` runs of one execution, each in an engine of its own from `make()`."""
    best = float("inf")
    for _ in range(repeats):
        engine = make()
        start = time.perf_counter()
        execution = engine.run("f", data)
        best = min(best, time.perf_counter() - start)
        if execution.status != "Succeeded":
            raise SystemExit(f"the benchmark flow ended {execution.status}: {execution.error} {execution.cause}")
    return best


def simple(flow):
    def make():
        engine = Engine()
        engine.add_flow("f", flow)
        return engine
    return make


def timed(fn, arg, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn(arg)
        best = min(best, time.perf_counter() - start)
    return best


# -- the floors -------------------------------------------------------------------------------------------------

def floor_pass(steps: int):
    def chain(inp):
        local = {}
        for i in range(steps):
            step_input = {**inp, **local}
            out = {f"s{i % 3}": step_input["x"], f"c{i % 3}": i}
            local = {**local, **out}
        return local
    return chain


def floor_foreach(inp):
    results = []
    for item in inp["items"]:
        it_input = {**inp, "item": item}
        output = {"v": it_input["item"]}
        results.append({**{}, **output})
    return results


def floor_parallel(branches: int):
    def fan(inp):
        results = []
        for _ in range(branches):
            output = {"v": inp["x"]}
            results.append({**{}, **output})
        return results
    return fan


class _Rule:
    errors = ("FC.ResourceThrottled",)
    interval, multiplier, max_attempts = 3600, 1, 1000


def floor_retry(failures: int):
    rules = (_Rule(),)

    def run(inp):
        flaky = flaky_function(failures)
        clock, counts = 0, [0]
        while True:
            try:
                return flaky(inp), clock
            except TaskFailure as exc:
                rule = next((r for r in rules if exc.error in r.errors), None)
                if rule is None or counts[0] >= rule.max_attempts:
                    raise
                counts[0] += 1
                clock += rule.interval * rule.multiplier ** (counts[0] - 1)
    return run


# -- the rounds -------------------------------------------------------------------------------------------------

def unit_pair(ours_small, ours_large, floor_small, floor_large, units: int, repeats: int) -> tuple[float, float]:
    """(fakecloud, floor) seconds per unit, measured back to back."""
    ours = (ours_large(repeats) - ours_small(repeats)) / units
    floor = (floor_large(repeats) - floor_small(repeats)) / units
    return ours, floor


def cases():
    x = {"x": 1}
    chain10, chain30 = simple(parse_flow(pass_chain(10))), simple(parse_flow(pass_chain(30)))
    foreach = simple(parse_flow(FOREACH))
    fan10, fan40 = simple(parse_flow(parallel_flow(10))), simple(parse_flow(parallel_flow(40)))
    retry = parse_flow(RETRY)
    items = {n: {"items": list(range(n))} for n in (100, 300)}
    return {
        "pass step, two outputMappings (per step)": (
            lambda r: timed_engine(chain10, x, r * 4), lambda r: timed_engine(chain30, x, r * 4),
            lambda r: timed(floor_pass(10), x, r * 4), lambda r: timed(floor_pass(30), x, r * 4), 20, "<= 5x"),
        "foreach, one pass step per item (per iteration)": (
            lambda r: timed_engine(foreach, items[100], r), lambda r: timed_engine(foreach, items[300], r),
            lambda r: timed(floor_foreach, items[100], r), lambda r: timed(floor_foreach, items[300], r), 200,
            "<= 15x"),
        "parallel, one pass step per branch (per branch)": (
            lambda r: timed_engine(fan10, x, r * 2), lambda r: timed_engine(fan40, x, r * 2),
            lambda r: timed(floor_parallel(10), x, r * 2), lambda r: timed(floor_parallel(40), x, r * 2), 30,
            "<= 15x"),
        "task retried every hour (per retry)": (
            lambda r: timed_engine(lambda: flaky_engine(retry, 10), x, r * 2),
            lambda r: timed_engine(lambda: flaky_engine(retry, 40), x, r * 2),
            lambda r: timed(floor_retry(10), x, r * 2), lambda r: timed(floor_retry(40), x, r * 2), 30, "<= 20x"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--repeats", type=int, default=15, help="runs per measurement, the best counts")
    parser.add_argument("--moto-runs", type=int, default=15)
    args = parser.parse_args()
    table = cases()
    samples = {name: [] for name in table}
    for _ in range(args.rounds):
        for name, (small, large, floor_small, floor_large, units, _) in table.items():
            samples[name].append(unit_pair(small, large, floor_small, floor_large, units, args.repeats))
    rows = []
    for name, pairs in samples.items():
        ours = statistics.median(p[0] for p in pairs)
        floor = statistics.median(p[1] for p in pairs)
        ratio = statistics.median(p[0] / p[1] for p in pairs)
        rows.append((name, f"{ours * 1e6:.2f} us", f"{ratio:.1f}x the floor ({floor * 1e6:.2f} us)",
                     table[name][-1]))
    foreach = statistics.median(p[0] for p in samples["foreach, one pass step per item (per iteration)"])
    items = lambda n: {"items": list(range(n))}     # noqa: E731
    moto = moto_per_unit((MAP_ASL, items(100)), (MAP_ASL, items(300)), 200, args.moto_runs)
    rows.append(("moto's interpreter, inline Map (per iteration)",
                 moto if isinstance(moto, str) else f"{moto * 1e6:.0f} us",
                 moto if isinstance(moto, str) else f"fakecloud's foreach {moto / foreach:.0f}x faster",
                 ">= 300x"))
    print(f"{args.rounds} rounds, medians; per round the best of {args.repeats} runs (pass x4, parallel and retry x2)")
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
