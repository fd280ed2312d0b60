"""Benchmark: load and validate FDL flow definitions (YAML parse + model + checks + lint), per flow.

    .venv/bin/python benchmarks/bench_validate.py [DIR_OR_FILE ...] [--rounds N]

With no paths it uses the real public flows in ../shared/corpus/flows when that folder exists,
else the project's own fixture flows. Runs on one core (the process is single-threaded).
"""
from __future__ import annotations

import argparse
import glob
import os
import statistics
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
    args = ap.parse_args()
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
    return 0


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
