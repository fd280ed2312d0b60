"""Benchmark: how validation cost grows with the size of a definition, per step, on generated flat flows.

    .venv/bin/python benchmarks/bench_validate_scaling.py [--steps 1000,5000,20000] [--rounds N]

Each flow is a sequence of pass steps with every fourth a task step calling an FC function (flow-style YAML, so
that 20,000 steps stay under the 1024 KiB definition limit). The figure is the best of N rounds of `check_text`,
divided by the number of steps: a linear checker gives the same figure at every size.
"""
from __future__ import annotations

import argparse
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from fakecloud.fdl import check_text  # noqa: E402

TASK = "acs:fc:::services/s/functions/f"


def flow(steps: int) -> str:
    lines = ["version: v1", "type: flow", "steps:"]
    for i in range(steps):
        if i % 4 == 3:
            lines.append(f"  - {{type: task, name: t{i}, resourceArn: '{TASK}'}}")
        else:
            lines.append(f"  - {{type: pass, name: p{i}}}")
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", default="1000,5000,20000")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    print(f"{'steps':>7} {'bytes':>9} {'best s':>8} {'us/step':>8}")
    for steps in (int(s) for s in args.steps.split(",")):
        text = flow(steps)
        report = check_text(text)
        if not report.ok:
            print(f"{steps}: invalid: {report.diagnostics[0].format()}", file=sys.stderr)
            return 1
        best = float("inf")
        for _ in range(args.rounds):
            start = time.perf_counter()
            check_text(text)
            best = min(best, time.perf_counter() - start)
        print(f"{steps:>7} {len(text.encode()):>9} {best:>8.3f} {best / steps * 1e6:>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
