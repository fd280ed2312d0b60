"""Benchmark: the fault sweep of the order example's flow, and drawing it.

    .venv/bin/python benchmarks/bench_insight.py [--runs N]

1. `fakecloud sweep examples/order/flows/order.yaml --scenario examples/order/tests/rush-order.scenario.yaml`, in
   process (the command's own work: the baseline and 19 fault runs, each in a fresh world, and the table).
2. The order flow's SVG picture (shape, layout, drawing).
"""
from __future__ import annotations

import argparse
import contextlib
import io
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)

from fakecloud.cli import main as cli  # noqa: E402
from fakecloud.fdl import load_flow  # noqa: E402
from fakecloud.insight.dialects import shape_of  # noqa: E402
from fakecloud.insight.graph import draw  # noqa: E402

ORDER = os.path.join(ROOT, "examples", "order")
SWEEP = ["sweep", os.path.join(ORDER, "flows", "order.yaml"), "--scenario",
         os.path.join(ORDER, "tests", "rush-order.scenario.yaml")]


def timed(fn, runs: int) -> list[float]:
    fn()
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def sweep_once() -> None:
    with contextlib.redirect_stdout(io.StringIO()) as text:
        cli(SWEEP)
    assert "19 faults" in text.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    times = timed(sweep_once, args.runs)
    print(f"1. fault sweep of the order flow (rush-order scenario, 19 faults): median "
          f"{statistics.median(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms ({args.runs} runs)")
    flow = load_flow(os.path.join(ORDER, "flows", "order.yaml"))
    times = timed(lambda: draw(shape_of(flow, "order"), "svg"), args.runs)
    print(f"2. SVG picture of the order flow: median {statistics.median(times) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
