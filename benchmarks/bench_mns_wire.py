"""Benchmark: MNS over the wire — SendMessage + ReceiveMessage + DeleteMessage through aliyun-mns-sdk against
`fakecloud` (a FakeCloudServer on a loopback port), side by side with moto's server doing SQS send / receive /
delete through boto3 (a ThreadedMotoServer on another loopback port), in the same run.

    .venv/bin/python benchmarks/bench_mns_wire.py [--pairs P] [--rounds N] [--moto-rounds M]

The servers run at once. Each pair is one timed batch against each (N rounds against fakecloud and the two
socket loops below, M against moto, so that the batches take about as long; the order alternates), and the figures are
medians over the pairs: requests per second for each, and the ratio fakecloud / moto taken within each pair (the
machine drifts; ratios taken side by side hold). A round is three requests on one keep-alive connection per client.

Where a request's time goes, for each: wall time = the client thread's CPU (the SDK, http.client, its socket calls)
+ the server thread's CPU (time.thread_time around each request its handler reads and answers) + waiting. The two
SDKs differ (boto3 spends several times what aliyun-mns-sdk does on a request), so the servers are also compared by
their own CPU per request, and two more servers run in the same pairs (`floor_servers.py`, socket loops reading no
more of a request than where it ends): one replaying the bytes fakecloud answered, the floor for any server, whose
end-to-end ratio to moto is the most any server could reach through aliyun-mns-sdk; and one calling fakecloud's
own wire app on the least WSGI environ, what the app reaches behind an HTTP layer doing almost nothing. Also
shown: the same rounds intercepted in-process (`fakecloud.mock_cloud`, no sockets). Bounded: at most P * (3N + M)
rounds, loopback only.
moto is the `bench` extra (its server needs flask: `pip install 'moto[server]'`); without it only fakecloud's
figures are printed.
"""
from __future__ import annotations

import argparse
import io
import logging
import os
import statistics
import sys
import time
import warnings
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Callable, Iterator

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from fakecloud.cloud import FakeCloud  # noqa: E402
from fakecloud.wire.server import FakeCloudServer  # noqa: E402
from floor_servers import BareAppServer, Recorded, ReplayServer, record_round  # noqa: E402

warnings.filterwarnings("ignore", category=DeprecationWarning)
REQUESTS_PER_ROUND = 3
BODY = '{"orderId": 7, "items": ["apple", "pear"], "note": "benchmark message"}'


def timed(handler_class: type, spent: list[float]) -> type:
    """``handler_class`` adding the server thread's CPU time for each request it handles to ``spent[0]``."""
    class Timed(handler_class):
        def handle_one_request(self):
            start = time.thread_time()
            try:
                return super().handle_one_request()
            finally:
                spent[0] += time.thread_time() - start
    return Timed


@dataclass
class Target:
    """One server and the client's round against it, with what each timed batch measured (per request)."""
    name: str
    round_once: Callable[[], None]
    rounds: int
    server_cpu: list[float] = field(default_factory=lambda: [0.0])
    rates: list[float] = field(default_factory=list)
    walls: list[float] = field(default_factory=list)
    clients: list[float] = field(default_factory=list)
    servers: list[float] = field(default_factory=list)

    def batch(self) -> None:
        self.server_cpu[0] = 0.0
        wall, cpu = time.perf_counter(), time.thread_time()
        for _ in range(self.rounds):
            self.round_once()
        wall, cpu = time.perf_counter() - wall, time.thread_time() - cpu
        n = self.rounds * REQUESTS_PER_ROUND
        self.rates.append(n / wall)
        self.walls.append(wall / n)
        self.clients.append(cpu / n)
        self.servers.append(self.server_cpu[0] / n)

    def split(self) -> str:
        wall, client, served = (statistics.median(v) * 1e6 for v in (self.walls, self.clients, self.servers))
        return (f"{wall:6.0f} us wall = client CPU {client:5.0f} us + server CPU {served:5.0f} us"
                f" + waiting {max(0.0, wall - client - served):4.0f} us")


def mns_rounds(host: str, key: str, secret: str) -> Callable[[], None]:
    from mns.account import Account
    from mns.queue import Message, QueueMeta
    queue = Account(host, key, secret).get_queue("bench")
    queue.create(QueueMeta())

    def round_once():
        queue.send_message(Message(BODY))
        got = queue.receive_message()
        queue.delete_message(got.receipt_handle)
    return round_once


@contextmanager
def fakecloud_target(rounds: int) -> Iterator[Target]:
    with FakeCloudServer(FakeCloud(seed=0)) as server:
        spent = [0.0]
        server._server.RequestHandlerClass = timed(server._server.RequestHandlerClass, spent)
        mns = server.settings["mns"]
        yield Target("fakecloud server, aliyun-mns-sdk", mns_rounds(mns["host"], mns["access_id"], mns["access_key"]),
                     rounds, spent)


@contextmanager
def replay_target(recorded: Recorded, rounds: int) -> Iterator[Target]:
    with ReplayServer(recorded.answers) as floor:
        yield Target("no-work server, aliyun-mns-sdk", mns_rounds(floor.url, "ak", "sk"), rounds, floor.spent)


@contextmanager
def bare_target(rounds: int) -> Iterator[Target]:
    server = FakeCloudServer(FakeCloud(seed=0))     # not started: only its app serves, behind a bare socket loop
    with BareAppServer(server.app) as bare:
        key, secret = server.access_key
        yield Target("fakecloud's app, bare socket loop", mns_rounds(bare.url, key, secret), rounds, bare.spent)


@contextmanager
def moto_target(rounds: int) -> Iterator[Target | None]:
    try:
        import boto3
        from moto.server import ThreadedMotoServer
    except ImportError:
        yield None
        return
    logging.getLogger("werkzeug").setLevel(logging.ERROR)     # moto's server logs every request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        spent = [0.0]
        server._server.RequestHandlerClass = timed(server._server.RequestHandlerClass, spent)
        host, port = server.get_host_and_port()
        sqs = boto3.client("sqs", region_name="us-east-1", endpoint_url=f"http://{host}:{port}",
                           aws_access_key_id="testing", aws_secret_access_key="testing")
        url = sqs.create_queue(QueueName="bench")["QueueUrl"]

        def round_once():
            sqs.send_message(QueueUrl=url, MessageBody=BODY)
            got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=1)["Messages"][0]
            sqs.delete_message(QueueUrl=url, ReceiptHandle=got["ReceiptHandle"])
        yield Target("moto server, boto3 SQS", round_once, rounds, spent)
    finally:
        server.stop()


def app_alone(recorded: Recorded, rounds: int, repeats: int) -> float:
    """CPU per request (seconds) of fakecloud's wire app answering a round's recorded requests, called directly
    (no sockets, no HTTP parsing; the delete names the message just received): the best of ``repeats`` batches."""
    app = FakeCloudServer(FakeCloud(seed=0)).app
    create, send, receive, delete = (recorded.requests[m] for m in (b"PUT", b"POST", b"GET", b"DELETE"))

    def call(request: tuple[dict, bytes], handle: str | None = None) -> tuple[str, bytes]:
        environ, body = request
        environ = {**environ, "wsgi.input": io.BytesIO(body)}
        if handle is not None:
            environ["QUERY_STRING"] = query = f"ReceiptHandle={handle}"
            environ["REQUEST_URI"] = environ["RAW_URI"] = f"{environ['PATH_INFO']}?{query}"
        status: list[str] = []
        data = b"".join(app(environ, lambda line, headers, exc_info=None: status.append(line)))
        return status[0], data

    def batch():
        for _ in range(rounds):
            call(send)
            _, answer = call(receive)
            handle = answer[answer.index(b"<ReceiptHandle>") + 15:answer.index(b"</ReceiptHandle>")].decode()
            status, _ = call(delete, handle)
            if not status.startswith("204"):
                raise RuntimeError(f"the recorded delete was answered {status}")

    call(create)
    return best_of(repeats, batch, time.thread_time) / (rounds * REQUESTS_PER_ROUND)


def fakecloud_inprocess(rounds: int, repeats: int) -> float:
    """Requests per second through `mock_cloud` (no sockets): the best of ``repeats`` batches."""
    from fakecloud.wire.intercept import mock_cloud
    with mock_cloud(FakeCloud(seed=0)):
        round_once = mns_rounds("http://1234567890123456.mns.cn-hangzhou.aliyuncs.com", "ak", "sk")
        for _ in range(50):
            round_once()
        best = best_of(repeats, lambda: [round_once() for _ in range(rounds)], time.perf_counter)
    return rounds * REQUESTS_PER_ROUND / best


def best_of(repeats: int, batch: Callable[[], object], clock: Callable[[], float]) -> float:
    """The shortest of ``repeats`` runs of ``batch``, in seconds of ``clock``."""
    best = float("inf")
    for _ in range(repeats):
        start = clock()
        batch()
        best = min(best, clock() - start)
    return best


def print_ratio(label: str, tops: list[float], bottoms: list[float], note: str = "") -> None:
    """The median of ``tops[i] / bottoms[i]`` over the pairs, and their range."""
    ratios = [a / b for a, b in zip(tops, bottoms)]
    print(f"  {label:34s} {statistics.median(ratios):7.2f}x (pairs: {min(ratios):.2f}x to {max(ratios):.2f}x){note}")


def run_pairs(targets: list[Target], pairs: int, warmup: int = 30) -> None:
    for target in targets:
        for _ in range(warmup):
            target.round_once()
    for pair in range(pairs):
        for target in (targets if pair % 2 == 0 else targets[::-1]):
            target.batch()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=7, help="paired batches (default 7)")
    parser.add_argument("--rounds", type=int, default=300, help="rounds per fakecloud batch (default 300)")
    parser.add_argument("--moto-rounds", type=int, default=None,
                        help="rounds per moto batch (default: a tenth of --rounds, at least 1)")
    args = parser.parse_args(argv)
    moto_rounds = args.moto_rounds if args.moto_rounds is not None else max(1, args.rounds // 10)
    if args.rounds < 1 or args.pairs < 1 or moto_rounds < 1:
        parser.error("--pairs, --rounds and --moto-rounds must be at least 1")

    print(f"MNS send+receive+delete, {args.pairs} paired batches of {args.rounds} (fakecloud) and {moto_rounds} "
          f"(moto) rounds, {REQUESTS_PER_ROUND} requests per round; medians over the pairs")
    with ExitStack() as stack:
        ours = stack.enter_context(fakecloud_target(args.rounds))
        recorded = record_round(mns_rounds)
        floor = stack.enter_context(replay_target(recorded, args.rounds))
        bare = stack.enter_context(bare_target(args.rounds))
        theirs = stack.enter_context(moto_target(moto_rounds))
        run_pairs([ours, bare, floor] + ([] if theirs is None else [theirs]), args.pairs)
    for target in (ours, bare, floor):
        print(f"  {target.name:34s} {statistics.median(target.rates):7.0f} requests/s   {target.split()}")
    if theirs is None:
        print("  moto server, boto3 SQS             (skipped: moto[server] and boto3 are not installed)")
    else:
        print(f"  {theirs.name:34s} {statistics.median(theirs.rates):7.0f} requests/s   {theirs.split()}")
        print_ratio("ratio fakecloud / moto, end to end", ours.rates, theirs.rates)
        print_ratio("ratio of server CPU per request", theirs.servers, ours.servers)
        print_ratio("ratio bare socket loop / moto", bare.rates, theirs.rates,
                    ": fakecloud's app behind an HTTP layer doing almost nothing")
        print_ratio("ratio no-work server / moto", floor.rates, theirs.rates,
                    ": the most any server reaches end to end")
        print(f"  fakecloud's wall time per request  "
              f"{statistics.median(a / b for a, b in zip(ours.walls, floor.walls)):7.2f}x the no-work server's")
    print(f"  fakecloud's wire app alone         {app_alone(recorded, args.rounds, 3) * 1e6:7.0f} us of CPU a request "
          f"(the recorded requests, no HTTP)")
    inproc = fakecloud_inprocess(args.rounds, 3)
    print(f"  fakecloud in-process (mock_cloud)  {inproc:7.0f} requests/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
