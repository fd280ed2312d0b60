"""Benchmark: rendering a history as JSON grows linearly with a foreach's collection.

    .venv/bin/python benchmarks/bench_render.py [--items 100,200,400,800] [--rounds N]

In a foreach every iteration's IterationEntered, StepEntered and StepStarted carry the step input, which holds the
whole collection; encoded event by event, the collection is encoded three times per item.

1. `fakecloud run FLOW --input @FILE --format json` on a foreach of one pass step over N integers, in this process
   through the CLI's `main` with stdout going to os.devnull (so parsing, running and writing the 6N events are all
   in the figure). Next to it, in the same rounds (interleaved), the same command printing as before: the events
   as `[e.to_dict() for e in history]` (each EventDetail encoded on its own) and one `json.dumps(doc, indent=2)`.
   Both print the same bytes (checked). Figures: best and median of N rounds, and per item (best / N).
2. GetExecutionHistory paged through the whole history at N = 800 (`History.page`, 100 events a page), against
   the events of each page encoded one by one, as before; the same pages (checked).
3. A history with nothing large shared: `History.to_list()` of a 30-step pass chain (122 events, a 2-item list in
   every step input), against `[e.to_dict() for e in history]`: what the first walk over the data costs where
   it finds nothing to reuse.
4. The HTML report of a run (`run.report(path)`, here `insight.run_report.html`) of the same foreach over N small
   objects: every iteration shows its input, which holds the whole collection, cut at 6,000 characters. Best of
   the rounds, and per item.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import statistics
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from fakecloud import cli, cli_run  # noqa: E402
from fakecloud.engine import Engine  # noqa: E402
from machine_flows import FOREACH, pass_chain  # noqa: E402


def old_print(args, run) -> None:
    """`fakecloud run --format json` as it printed before one-pass rendering."""
    execution = run.execution
    doc = {"status": execution.status, "output": execution.output, "error": execution.error,
           "cause": execution.cause, "events": [e.to_dict() for e in execution.history]}
    print(json.dumps(doc, indent=2, ensure_ascii=False))


def cli_run_once(argv: list[str], printer, sink) -> float:
    new_print = cli_run._print
    cli_run._print = printer
    try:
        with contextlib.redirect_stdout(sink):
            start = time.perf_counter()
            code = cli.main(argv)
            took = time.perf_counter() - start
    finally:
        cli_run._print = new_print
    if code != 0:
        raise SystemExit(f"fakecloud run exited {code}")
    return took


def part_cli(folder: str, sizes: list[int], rounds: int) -> dict:
    flow = os.path.join(folder, "each.yaml")
    with open(flow, "w", encoding="utf-8") as fh:
        fh.write(FOREACH)
    new = cli_run._print
    print("1. fakecloud run --format json, foreach of a pass step over N items (stdout to os.devnull)")
    print(f"{'N':>5} {'bytes':>9} {'events':>6} | {'best ms':>8} {'median':>8} {'us/item':>8} | "
          f"{'old best':>8} {'median':>8} {'us/item':>8} | {'old/new':>7}")
    found = {}
    with open(os.devnull, "w", encoding="utf-8") as null:
        for n in sizes:
            data = os.path.join(folder, f"items-{n}.json")
            with open(data, "w", encoding="utf-8") as fh:
                json.dump({"items": list(range(n))}, fh)
            argv = ["run", flow, "--input", "@" + data, "--format", "json"]
            printed = []
            for printer in (new, old_print):
                out = io.StringIO()
                cli_run_once(argv, printer, out)
                printed.append(out.getvalue())
            if printed[0] != printed[1]:
                raise SystemExit(f"N={n}: the two renderings differ")
            times = {new: [], old_print: []}
            for _ in range(rounds):
                for printer in (new, old_print):
                    times[printer].append(cli_run_once(argv, printer, null))
            best, old = min(times[new]), min(times[old_print])
            found[n] = (best, old)
            events = printed[0].count('"EventId"')
            print(f"{n:>5} {len(printed[0].encode()):>9} {events:>6} | {best * 1e3:>8.1f} "
                  f"{statistics.median(times[new]) * 1e3:>8.1f} {best / n * 1e6:>8.1f} | {old * 1e3:>8.1f} "
                  f"{statistics.median(times[old_print]) * 1e3:>8.1f} {old / n * 1e6:>8.1f} | {old / best:>6.1f}x")
    first, last = sizes[0], sizes[-1]
    print(f"per item from N={first} to N={last}: {found[first][0] / first * 1e6:.1f} -> "
          f"{found[last][0] / last * 1e6:.1f} us (before: {found[first][1] / first * 1e6:.1f} -> "
          f"{found[last][1] / last * 1e6:.1f} us); old/new at N={last}: {found[last][1] / found[last][0]:.1f}x")
    for small, large in zip(sizes, sizes[1:]):
        added = [(found[large][i] - found[small][i]) / (large - small) * 1e6 for i in (0, 1)]
        print(f"each item added from N={small} to N={large}: {added[0]:.1f} us (before: {added[1]:.1f} us)")
    return found


def old_page(history, limit: int, token: str | None) -> dict:
    start = int(token) - 1 if token else 0
    end = min(start + limit, len(history))
    page = {"Events": [history.event(i).to_dict() for i in range(start, end)]}
    if end < len(history):
        page["NextToken"] = str(end + 1)
    return page


def all_pages(pager, limit: int) -> list:
    pages, token = [], None
    while True:
        page = pager(limit, token)
        pages.append(page)
        token = page.get("NextToken")
        if token is None:
            return pages


def part_pages(n: int, rounds: int, limit: int = 100) -> None:
    engine = Engine()
    engine.add_flow("f", FOREACH)
    history = engine.run("f", {"items": list(range(n))}).history
    new = history.page
    if all_pages(new, limit) != all_pages(lambda lim, tok: old_page(history, lim, tok), limit):
        raise SystemExit("the pages differ")
    times = {"new": [], "old": []}
    for _ in range(rounds):
        for name, pager in (("new", new), ("old", lambda lim, tok: old_page(history, lim, tok))):
            start = time.perf_counter()
            all_pages(pager, limit)
            times[name].append(time.perf_counter() - start)
    best, old = min(times["new"]), min(times["old"])
    print(f"\n2. GetExecutionHistory pages ({limit} events) through the whole history, N={n} ({len(history)} events):"
          f" best {best * 1e3:.1f} ms (median {statistics.median(times['new']) * 1e3:.1f}); event by event "
          f"{old * 1e3:.1f} ms (median {statistics.median(times['old']) * 1e3:.1f}): {old / best:.1f}x")


def part_small(rounds: int, calls: int = 200) -> None:
    engine = Engine()
    engine.add_flow("chain", pass_chain(30))
    history = engine.run("chain", {"x": 1, "name": "ø" * 20, "tags": ["a", "b"]}).history
    old = lambda: [e.to_dict() for e in history]      # noqa: E731
    if history.to_list() != old():
        raise SystemExit("the histories differ")
    times = {"new": [], "old": []}
    for _ in range(rounds):
        for name, render in (("new", history.to_list), ("old", old)):
            start = time.perf_counter()
            for _ in range(calls):
                render()
            times[name].append((time.perf_counter() - start) / calls)
    best, before = min(times["new"]), min(times["old"])
    print(f"\n3. to_list of a 30-step pass chain ({len(history)} events, nothing large shared): best "
          f"{best * 1e6:.0f} us (median {statistics.median(times['new']) * 1e6:.0f}); event by event "
          f"{before * 1e6:.0f} us (median {statistics.median(times['old']) * 1e6:.0f}): {best / before:.2f}x the time")


def part_report(folder: str, sizes: list[int], rounds: int) -> None:
    from fakecloud.cloud import FakeCloud
    from fakecloud.insight.run_report import html
    from fakecloud.testing import FlowRunner
    path = os.path.join(folder, "foreach.yaml")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(FOREACH)
    print("\n4. the HTML report of a foreach's run over N objects")
    for n in sizes:
        run = FlowRunner(FakeCloud(seed=0)).run(path, {"items": [{"id": i, "name": f"item {i}"} for i in range(n)]})
        best = float("inf")
        for _ in range(rounds):
            start = time.perf_counter()
            html(run)
            best = min(best, time.perf_counter() - start)
        print(f"{n:>5}: best {best * 1e3:7.1f} ms, {best / n * 1e6:6.0f} us per item")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", default="100,200,400,800")
    ap.add_argument("--rounds", type=int, default=7)
    args = ap.parse_args()
    sizes = [int(s) for s in args.items.split(",")]
    with tempfile.TemporaryDirectory() as folder:
        part_cli(folder, sizes, args.rounds)
        part_pages(sizes[-1], args.rounds)
        part_small(args.rounds)
        part_report(folder, sizes, min(args.rounds, 3))
    return 0


if __name__ == "__main__":
    sys.exit(main())
