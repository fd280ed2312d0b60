"""Benchmark: the engine's work per unit counted in bytecode instructions executed, next to the hand-written floors
of bench_floors.py: a figure that does not drift with the machine's load, to compare two trees with when timings
are too noisy to tell a few percent apart.

    .venv/bin/python benchmarks/bench_bytecodes.py

Each unit is counted as bench_floors.py times it, as a difference (the large run's count minus the small run's,
over the units between them), with sys.settrace's opcode events, which CPython gives per instruction executed in
Python code (work done inside C functions, such as building a dict, counts as the one instruction that called
it). Only the run is counted (`Engine.run`), not building the engine or compiling the flow. The counts depend on
the Python version's compiler, not on the machine.
"""
from __future__ import annotations

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

from fakecloud.fdl import parse_flow  # noqa: E402
from bench_engine import print_table  # noqa: E402
from bench_floors import RETRY, flaky_engine, floor_foreach, floor_parallel, floor_pass, floor_retry  # noqa: E402
from bench_floors import parallel_flow, simple  # noqa: E402
from machine_flows import FOREACH, MAP_MACHINE, pass_chain, pass_machine  # noqa: E402


def bytecodes(call) -> int:
    """Bytecode instructions executed by `call()` (and whatever it calls in Python)."""
    count = [0]

    def trace(frame, event, arg):
        frame.f_trace_opcodes = True
        if event == "opcode":
            count[0] += 1
        return trace
    sys.settrace(trace)
    try:
        call()
    finally:
        sys.settrace(None)
    return count[0]


def engine_run(make, data):
    """A call that runs flow "f" on `data` in the engine `make()` builds (built before counting starts)."""
    engine = make()

    def run():
        execution = engine.run("f", data)
        if execution.status != "Succeeded":
            raise SystemExit(f"the benchmark flow ended {execution.status}: {execution.error} {execution.cause}")
    return run


def per_unit(small, large, units: int) -> float:
    return (bytecodes(large) - bytecodes(small)) / units


def main() -> int:
    x = {"x": 1}
    items = {n: {"items": list(range(n))} for n in (100, 300)}
    retry = parse_flow(RETRY)
    cases = [
        ("pass step, two outputMappings (per step)", 20,
         engine_run(simple(parse_flow(pass_chain(10))), x), engine_run(simple(parse_flow(pass_chain(30))), x),
         lambda: floor_pass(10)(x), lambda: floor_pass(30)(x)),
        ("state machine: Pass state, OutputConstructor of 3 keys (per state)", 20,
         engine_run(simple(parse_flow(pass_machine(10))), x), engine_run(simple(parse_flow(pass_machine(30))), x),
         lambda: floor_pass(10)(x), lambda: floor_pass(30)(x)),
        ("foreach, one pass step per item (per iteration)", 200,
         engine_run(simple(parse_flow(FOREACH)), items[100]), engine_run(simple(parse_flow(FOREACH)), items[300]),
         lambda: floor_foreach(items[100]), lambda: floor_foreach(items[300])),
        ("state machine: inline Map, one Pass per item (per iteration)", 200,
         engine_run(simple(parse_flow(MAP_MACHINE)), items[100]), engine_run(simple(parse_flow(MAP_MACHINE)), items[300]),
         lambda: floor_foreach(items[100]), lambda: floor_foreach(items[300])),
        ("parallel, one pass step per branch (per branch)", 30,
         engine_run(simple(parse_flow(parallel_flow(10))), x), engine_run(simple(parse_flow(parallel_flow(40))), x),
         lambda: floor_parallel(10)(x), lambda: floor_parallel(40)(x)),
        ("task retried every hour (per retry)", 30,
         engine_run(lambda: flaky_engine(retry, 10), x), engine_run(lambda: flaky_engine(retry, 40), x),
         lambda: floor_retry(10)(x), lambda: floor_retry(40)(x)),
    ]
    rows = []
    for name, units, small, large, floor_small, floor_large in cases:
        ours, floor = per_unit(small, large, units), per_unit(floor_small, floor_large, units)
        rows.append((name, f"{ours:.0f}", f"{floor:.0f}", f"{ours / floor:.1f}x"))
    print(f"bytecode instructions executed per unit, Python {sys.version.split()[0]}")
    print_table(rows, header=("what", "fakecloud", "floor", "ratio"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
