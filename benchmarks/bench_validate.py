"""Benchmark: load and validate flow definitions (YAML parse + model + checks + lint), per flow.

    .venv/bin/python benchmarks/bench_validate.py [DIR_OR_FILE ...] [--rounds N]

With no paths it uses the real public flows in ../shared/corpus/flows when that folder exists,
else the project's own fixture flows. Then CloudFlow state machines: the project's own flows in
tests/fdl/statemachine/flows (those written after the reference's worked examples, and all of them),
and generated chains of 1,000 and 20,000 states (per-state cost, to show it grows linearly).
Runs on one core (the process is single-threaded).
"""
from __future__ import annotations

import argparse
import glob
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)

from fakecloud.fdl import check_text  # noqa: E402
from fakecloud.fdl.viapi import load_catalog  # noqa: E402


def default_paths() -> list[str]:
    corpus = os.path.join(ROOT, "..", "shared", "corpus", "flows")
    if os.path.isdir(corpus):
        return [corpus]
    return [os.path.join(ROOT, "tests", "fdl", "flows"), os.path.join(ROOT, "examples")]


def collect(paths: list[str]) -> list[str]:
    files: list[str] = []
    for p in paths:
        if os.path.isdir(p):
            files += sorted(glob.glob(os.path.join(p, "**", "*.y*ml"), recursive=True))
        else:
            files.append(p)
    return files


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--chain", type=int, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.chain is not None:
        time_chain(args.chain)
        return 0
    files = collect(args.paths or default_paths())
    if not files:
        print("no flow files found", file=sys.stderr)
        return 2
    texts = [(f, open(f, "rb").read()) for f in files]

    t0 = time.perf_counter()
    load_catalog()   # one-time: the vision API catalog, read on first use
    catalog_ms = (time.perf_counter() - t0) * 1000

    invalid = [f for f, data in texts if not check_text(data, f).ok]
    rounds = []
    for _ in range(args.rounds):
        start = time.perf_counter()
        for f, data in texts:
            check_text(data, f)
        rounds.append((time.perf_counter() - start) / len(texts))
    per_flow_ms = [r * 1000 for r in rounds]
    sizes = [len(d) for _, d in texts]
    print(f"flows: {len(texts)} ({min(sizes)}-{max(sizes)} bytes, {len(invalid)} invalid)")
    print(f"one-time catalog load: {catalog_ms:.1f} ms")
    print(f"load+validate per flow: median {statistics.median(per_flow_ms):.3f} ms, "
          f"best {min(per_flow_ms):.3f} ms over {args.rounds} rounds")
    worst = max(texts, key=lambda t: len(t[1]))
    best = min(_time(worst, 20))
    print(f"largest flow ({os.path.basename(worst[0])}, {len(worst[1])} bytes): {best * 1000:.3f} ms")
    state_machines(args.rounds)
    return 0


# The own flows written after the reference's worked examples (its section 15).
EXAMPLES = ("pass_reshapes_input", "parallel_fan_out", "builtin_functions", "http_and_subflow", "function_pipeline")


def state_machines(rounds: int) -> None:
    folder = os.path.join(ROOT, "tests", "fdl", "statemachine", "flows")
    every = [(f, open(f, "rb").read()) for f in collect([folder])]
    examples = [item for item in every if os.path.basename(item[0])[:-5] in EXAMPLES]
    for label, texts in (("the reference's examples", examples), ("all own state machines", every)):
        assert all(check_text(data, f).ok for f, data in texts)
        per_flow = []
        for _ in range(rounds):
            start = time.perf_counter()
            for f, data in texts:
                check_text(data, f)
            per_flow.append((time.perf_counter() - start) / len(texts) * 1000)
        print(f"state machines, {label} ({len(texts)} flows): median {statistics.median(per_flow):.3f} ms per flow")
    for states in (1000, 20000):
        print(subprocess.run([sys.executable, __file__, "--chain", str(states)], check=True, capture_output=True,
                             text=True).stdout, end="")


def time_chain(states: int) -> None:
    """Validate a chain of `states` states, best of several runs; run in a process of its own, so that the heap left
    by the other measurements does not weigh on it."""
    text = chain(states)
    assert check_text(text, "chain.yaml").ok     # and not kept: the timed runs start from the same heap
    best = min(_time(("chain.yaml", text), 7))
    print(f"state machine of {states} states ({len(text)} bytes): {best * 1000:.1f} ms, "
          f"{best / states * 1e6:.1f} us per state")


def chain(states: int) -> bytes:
    """A state machine of `states` Pass states in a row, every tenth with an InputConstructor expression."""
    lines = ["Type: StateMachine", "Name: chain", "SpecVersion: v1", "StartAt: s0", "States:"]
    for i in range(states):
        move = f"Next: s{i + 1}" if i + 1 < states else "End: true"
        extra = " InputConstructor: {n.$: $Input.n}," if i % 10 == 0 else ""
        lines.append(f"  - {{Type: Pass, Name: s{i},{extra} {move}}}")
    return ("\n".join(lines) + "\n").encode()


def _time(item, n):
    f, data = item
    out = []
    for _ in range(n):
        start = time.perf_counter()
        check_text(data, f)
        out.append(time.perf_counter() - start)
    return out


if __name__ == "__main__":
    sys.exit(main())
