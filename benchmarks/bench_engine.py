"""Benchmark: the execution engine against hand-written Python and against moto's Step Functions interpreter.

    .venv/bin/python benchmarks/bench_engine.py [--runs N] [--moto-runs N]

1. Per-step cost of a pass step with two mappings (difference between a 30-step and a 10-step chain), and the
   ratio to a hand-written Python function doing the same dict work.
2. A 10-step pass chain with mappings: fakecloud vs moto running the equivalent 10-state Pass chain in this
   process (`mock_aws(config={"stepfunctions": {"execute_state_machine": True}})` makes moto interpret the
   states; each moto run gets a fresh mock, as moto 5.2.x fails a second StartExecution in one backend).
3. A flow that waits 2 days, retries a task 5 times with 1-hour back-off and runs a foreach of 500 items.
4. State machines next to the old dialect, in interleaved rounds (`--rounds`, default 7; each round measures the
   four in turn and the figure is the median of the per-round ratios, which hold while the machine drifts): the
   per-state cost of a Pass chain (30 minus 10 states) against the per-step cost of the old dialect's pass chain
   measured the same way, and the per-iteration cost of an inline Map over 300 minus 100 items against a foreach
   doing the same; moto's interpreter on the equivalent ASL machines, per state and per iteration.
Single-threaded: one core. Install moto with `make bench` (the `bench` extra); without it part 2 is skipped.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from fakecloud.engine import Engine, TaskFailure  # noqa: E402
from fakecloud.services.fc.callables import PythonFunctions  # noqa: E402
from fakecloud.fdl import parse_flow  # noqa: E402
from machine_flows import FOREACH, FOREACH_STEP, MAP_ASL, MAP_MACHINE, pass_asl, pass_chain, pass_machine  # noqa: E402


def per_execution(flow, runs: int, data=None) -> float:
    """Best-of-5 mean seconds per execution (start + run to the end), fresh engine per batch; every run must
    succeed."""
    best = float("inf")
    for _ in range(5):
        engine = Engine()
        engine.add_flow("f", flow)
        start = time.perf_counter()
        for _ in range(runs):
            execution = engine.run("f", data)
        best = min(best, (time.perf_counter() - start) / runs)
        if execution.status != "Succeeded":
            raise SystemExit(f"the benchmark flow ended {execution.status}: {execution.error} {execution.cause}")
    return best


def per_unit(flow, small: int, large: int, repeats: int, data) -> float:
    """Seconds per unit (item) of `flow`: the best of `repeats` single executions of `data(large)` minus the best
    of `data(small)`, each in a fresh engine, divided by `large - small`."""
    def best(n: int) -> float:
        fastest = float("inf")
        for _ in range(repeats):
            engine = Engine()
            engine.add_flow("f", flow)
            start = time.perf_counter()
            execution = engine.run("f", data(n))
            fastest = min(fastest, time.perf_counter() - start)
            if execution.status != "Succeeded":
                raise SystemExit(f"the benchmark flow ended {execution.status}: {execution.error}")
        return fastest
    return (best(large) - best(small)) / (large - small)


def hand_written(steps: int, runs: int) -> float:
    """The same dict work as the pass chain, written directly: merge input and local, build two keys, merge."""
    def chain(inp):
        local = {}
        for i in range(steps):
            step_input = {**inp, **local}
            out = {f"s{i % 3}": step_input["x"], f"c{i % 3}": i}
            local = {**local, **out}
        return local
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(runs):
            chain({"x": 1})
        best = min(best, (time.perf_counter() - start) / runs)
    return best


def moto_runs(definition: dict, input: dict, runs: int) -> list[float] | str:
    """Seconds of each of `runs` moto executions of `definition` (create, start, poll until done), or why none."""
    try:
        import boto3
        from moto import mock_aws
    except ImportError:
        return "moto not installed (make bench installs the bench extra)"
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    config = {"stepfunctions": {"execute_state_machine": True}, "lambda": {"use_docker": False}}
    times = []
    for k in range(runs):
        with mock_aws(config=config):
            sfn = boto3.client("stepfunctions", region_name="us-east-1")
            arn = sfn.create_state_machine(name="chain", definition=json.dumps(definition),
                                           roleArn="arn:aws:iam::123456789012:role/sf")["stateMachineArn"]
            start = time.perf_counter()
            execution = sfn.start_execution(stateMachineArn=arn, name=f"run{k}",
                                            input=json.dumps(input))["executionArn"]
            while (d := sfn.describe_execution(executionArn=execution))["status"] == "RUNNING":
                time.sleep(0.001)
            times.append(time.perf_counter() - start)
            if d["status"] != "SUCCEEDED":
                return f"moto execution ended {d['status']}"
    return times


def moto_per_unit(small: tuple[dict, dict], large: tuple[dict, dict], units: int, runs: int) -> float | str:
    """Median seconds per unit of moto: (median of `large` - median of `small`) / `units`."""
    low, high = moto_runs(*small, runs), moto_runs(*large, runs)
    if isinstance(low, str) or isinstance(high, str):
        return low if isinstance(low, str) else high
    return (statistics.median(high) - statistics.median(low)) / units


SCENARIO = """
version: v1
type: flow
steps:
  - type: wait
    name: twoDays
    duration: 172800
  - type: task
    name: flaky
    resourceArn: acs:fc:::services/s/functions/flaky
    retry:
      - errors: [FC.ResourceThrottled]
        intervalSeconds: 3600
        multiplier: 1
        maxAttempts: 5
""" + FOREACH_STEP + """    outputMappings:
      - target: count
        source: 500
"""


def scenario(runs: int) -> tuple[float, object]:
    flow = parse_flow(SCENARIO)
    best, last = float("inf"), None
    for _ in range(runs):
        engine = Engine()
        functions = PythonFunctions(engine)
        engine.register_integration(functions)
        engine.add_flow("f", flow)
        state = {"n": 0}

        def flaky(event):
            state["n"] += 1
            if state["n"] <= 5:
                raise TaskFailure("FC.ResourceThrottled", "throttled")
            return {"ok": True}
        functions.register("s/flaky", flaky)
        start = time.perf_counter()
        last = engine.run("f", {"items": list(range(500))})
        best = min(best, time.perf_counter() - start)
    return best, last


def machine_rows(args) -> list[tuple[str, str, str, str]]:
    """Part 4: state machines beside the old dialect (interleaved rounds, median ratios) and beside moto."""
    flows = {name: (parse_flow(small), parse_flow(large)) for name, small, large in (
        ("step", pass_chain(10), pass_chain(30)), ("state", pass_machine(10), pass_machine(30)))}
    items = lambda n: {"items": list(range(n))}     # noqa: E731
    foreach_flow, map_flow = parse_flow(FOREACH), parse_flow(MAP_MACHINE)
    runs = max(30, args.runs // 4)
    steps, states, foreaches, maps = [], [], [], []
    for _ in range(args.rounds):
        for name, out in (("step", steps), ("state", states)):
            small, large = flows[name]
            out.append((per_execution(large, runs // 3, {"x": 1}) - per_execution(small, runs, {"x": 1})) / 20)
        foreaches.append(per_unit(foreach_flow, 100, 300, max(5, args.runs // 50), items))
        maps.append(per_unit(map_flow, 100, 300, max(5, args.runs // 50), items))
    median = statistics.median
    chain, per_step, inline, foreach = median(states), median(steps), median(maps), median(foreaches)
    state_ratio = median(a / b for a, b in zip(states, steps))
    map_ratio = median(a / b for a, b in zip(maps, foreaches))
    moto_state = moto_per_unit((pass_asl(10), {"x": 1}), (pass_asl(30), {"x": 1}), 20, args.moto_runs)
    moto_item = moto_per_unit((MAP_ASL, items(100)), (MAP_ASL, items(300)), 200, max(3, args.moto_runs // 3))

    def versus_moto(ours: float, moto: float | str) -> str:
        return moto if isinstance(moto, str) else f"moto {moto * 1e6:.0f} us: {moto / ours:.0f}x faster"
    return [("state machine: Pass state, OutputConstructor of 3 keys (per state)", f"{chain * 1e6:.2f} us",
             f"{state_ratio:.2f}x the old dialect's pass step ({per_step * 1e6:.2f} us); "
             + versus_moto(chain, moto_state), "<= 1.5x old"),
            ("state machine: inline Map, one Pass per item (per iteration)", f"{inline * 1e6:.2f} us",
             f"{map_ratio:.2f}x the old dialect's foreach ({foreach * 1e6:.2f} us); "
             + versus_moto(inline, moto_item), "<= 1.5x old")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--moto-runs", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=7, help="interleaved rounds of part 4 (default 7)")
    args = parser.parse_args()

    ten, thirty = parse_flow(pass_chain(10)), parse_flow(pass_chain(30))
    t10 = per_execution(ten, args.runs, {"x": 1})
    t30 = per_execution(thirty, args.runs // 3, {"x": 1})
    per_step = (t30 - t10) / 20
    hand = (hand_written(30, args.runs) - hand_written(10, args.runs)) / 20
    rows = [("pass step, two mappings (per step)", f"{per_step * 1e6:.2f} us",
             f"{per_step / hand:.1f}x hand-written Python ({hand * 1e6:.2f} us)", "<= 20 us")]

    moto = moto_runs(pass_asl(10), {"x": 1}, args.moto_runs)
    if isinstance(moto, str):
        rows.append(("10-step pass chain", f"{t10 * 1e3:.3f} ms", moto, ">= 300x faster"))
    else:
        median = statistics.median(moto)
        rows.append(("10-step pass chain", f"{t10 * 1e3:.3f} ms",
                     f"moto median {median * 1e3:.1f} ms over {len(moto)} runs: {median / t10:.0f}x faster",
                     ">= 300x faster"))

    wall, ex = scenario(5)
    rows.append(("wait 2 d + 5 retries (1 h) + foreach 500", f"{wall * 1e3:.1f} ms",
                 f"{ex.status}, {len(ex.history)} events, virtual {ex.started_time} -> {ex.stopped_time}",
                 "< 100 ms"))

    rows.extend(machine_rows(args))

    print_table(rows)
    return 0


def print_table(rows: list[tuple[str, ...]], header=("what", "fakecloud", "comparison", "target")) -> None:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths)))


if __name__ == "__main__":
    sys.exit(main())
