"""Benchmark: a queue's cost per message does not grow with the number of messages it holds.

    .venv/bin/python benchmarks/bench_mns_queue.py [--sizes 1000,4000,16000] [--rounds N]

In process, on an `MnsBackend` whose clock stands still: N messages are sent (batches of 16, priorities 1 to 16
in turn), then the queue is drained with BatchReceiveMessage (16) and BatchDeleteMessage of what came until it
answers MessageNotExist; the drain is checked to have returned every message once, in receive order. Then the
same N messages are received one at a time with a long poll whose messages become visible one second apart
(DelaySeconds 1..N/16 in turn), so every poll moves the virtual clock to the next visible message. Figures: best
of the rounds, per message (µs), for every N, and the largest N's figure over the smallest's (1.0 is linear).
"""
from __future__ import annotations

import argparse
import itertools
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from fakecloud.services.mns import MnsBackend  # noqa: E402
from fakecloud.services.mns.errors import MnsError  # noqa: E402


class Clock:
    def __init__(self):
        self.seconds = 1_700_000_000.0

    def now(self) -> float:
        return self.seconds

    def advance(self, seconds: float) -> None:
        self.seconds += seconds


def new_backend(clock: Clock) -> MnsBackend:
    counter = itertools.count(1)
    mns = MnsBackend(clock.now, lambda kind: f"{kind}-{next(counter)}")
    mns.create_queue("q", {"VisibilityTimeout": 60, "MessageRetentionPeriod": 86400, "PollingWaitSeconds": 30})
    return mns


def send_all(mns: MnsBackend, n: int, field: str, value) -> None:
    """Send m0 .. m{n-1} in batches of 16, message i with `field` set to `value(i)`."""
    for first in range(0, n, 16):
        mns.batch_send_message("q", [{"MessageBody": f"m{i}", field: value(i)} for i in range(first, min(first + 16, n))])


def drain(n: int) -> float:
    mns = new_backend(Clock())
    start = time.perf_counter()
    send_all(mns, n, "Priority", lambda i: i % 16 + 1)
    got = []
    while True:
        try:
            batch = mns.batch_receive_message("q", 16, wait_seconds=0)
        except MnsError:
            break
        got += [m.body for m in batch]
        mns.batch_delete_message("q", [m.receipt_handle for m in batch])
    took = time.perf_counter() - start
    expected = [f"m{i}" for p in range(16) for i in range(p, n, 16)]
    if got != expected:
        raise SystemExit("the drain did not return every message once in receive order")
    return took


def long_poll(n: int) -> float:
    clock = Clock()
    mns = new_backend(clock)
    start = time.perf_counter()
    send_all(mns, n, "DelaySeconds", lambda i: i % (n // 16) + 1)
    seen = 0
    while seen < n:
        message = mns.receive_message_waiting("q", None, 30, clock.advance)
        mns.delete_message("q", message.receipt_handle)
        seen += 1
    took = time.perf_counter() - start
    if clock.seconds != 1_700_000_000.0 + n // 16:
        raise SystemExit(f"the long polls ended at {clock.seconds}, not after {n // 16} s")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,4000,16000")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'messages':>9}  {'drain µs/msg':>13}  {'long poll µs/msg':>17}")
    figures = {}
    for n in sizes:
        best_drain = min(drain(n) for _ in range(args.rounds))
        best_poll = min(long_poll(n) for _ in range(args.rounds))
        figures[n] = (best_drain / n * 1e6, best_poll / n * 1e6)
        print(f"{n:>9}  {figures[n][0]:>13.1f}  {figures[n][1]:>17.1f}")
    small, large = figures[sizes[0]], figures[sizes[-1]]
    print(f"{sizes[-1]} over {sizes[0]} messages, per message: drain {large[0] / small[0]:.2f}x, "
          f"long poll {large[1] / small[1]:.2f}x (1.0 is linear)")


if __name__ == "__main__":
    main()
