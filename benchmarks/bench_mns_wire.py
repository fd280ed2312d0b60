"""Benchmark: MNS over the wire — SendMessage + ReceiveMessage + DeleteMessage through aliyun-mns-sdk against
`fakecloud` (a FakeCloudServer on a loopback port), side by side with moto's server doing SQS send / receive /
delete through boto3 (a ThreadedMotoServer on another loopback port), in the same run.

    .venv/bin/python benchmarks/bench_mns_wire.py [--rounds N] [--repeats R]

Each round is three requests on one keep-alive connection per client; the figure is the best of R timed
batches of N rounds (after a warm-up), as requests per second, and fakecloud's rate over moto's. Also shown:
the same rounds intercepted in-process (`fakecloud.mock_cloud`, no sockets) when that module is present, and
where a request's time goes through the server: wall time, the client thread's CPU time (the SDK, http.client,
its socket calls) and the server's (time.thread_time around each request the handler reads and answers).
Bounded: at most R * N rounds per target, loopback only. moto is the `bench` extra (its server needs flask:
`pip install 'moto[server]'`); without it only fakecloud's figures are printed.
"""
from __future__ import annotations

import argparse
import logging
import os
import socket
import sys
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from fakecloud.cloud import FakeCloud  # noqa: E402
from fakecloud.wire.server import FakeCloudServer  # noqa: E402

warnings.filterwarnings("ignore", category=DeprecationWarning)
REQUESTS_PER_ROUND = 3
BODY = '{"orderId": 7, "items": ["apple", "pear"], "note": "benchmark message"}'


def best_rate(round_once, rounds: int, repeats: int, warmup: int = 50) -> float:
    """Requests per second: the best of ``repeats`` batches of ``rounds`` rounds."""
    for _ in range(warmup):
        round_once()
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(rounds):
            round_once()
        best = min(best, time.perf_counter() - start)
    return rounds * REQUESTS_PER_ROUND / best


def mns_rounds(host: str, key: str, secret: str):
    from mns.account import Account
    from mns.queue import Message, QueueMeta
    queue = Account(host, key, secret).get_queue("bench")
    queue.create(QueueMeta())

    def round_once():
        queue.send_message(Message(BODY))
        got = queue.receive_message()
        queue.delete_message(got.receipt_handle)
    return round_once


def fakecloud_server(rounds: int, repeats: int) -> float:
    with FakeCloudServer(FakeCloud(seed=0)) as server:
        mns = server.settings["mns"]
        return best_rate(mns_rounds(mns["host"], mns["access_id"], mns["access_key"]), rounds, repeats)


def cpu_split(rounds: int) -> tuple[float, float, float]:
    """(wall, client CPU, server CPU) seconds per request through the server, over `rounds` rounds."""
    from fakecloud.wire.handler import Handler
    spent = [0.0]

    class Timed(Handler):
        def handle_one_request(self):
            start = time.thread_time()
            try:
                return super().handle_one_request()
            finally:
                spent[0] += time.thread_time() - start

    with FakeCloudServer(FakeCloud(seed=0)) as server:
        server._server.RequestHandlerClass = Timed
        mns = server.settings["mns"]
        round_once = mns_rounds(mns["host"], mns["access_id"], mns["access_key"])
        for _ in range(50):
            round_once()
        spent[0] = 0.0
        wall, cpu = time.perf_counter(), time.thread_time()
        for _ in range(rounds):
            round_once()
        wall, cpu = time.perf_counter() - wall, time.thread_time() - cpu
    n = rounds * REQUESTS_PER_ROUND
    return wall / n, cpu / n, spent[0] / n


def fakecloud_inprocess(rounds: int, repeats: int) -> float | None:
    try:
        from fakecloud.wire.intercept import mock_cloud
    except ImportError:
        return None
    with mock_cloud(FakeCloud(seed=0)):
        return best_rate(mns_rounds("http://1234567890123456.mns.cn-hangzhou.aliyuncs.com", "ak", "sk"),
                         rounds, repeats)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def moto_server(rounds: int, repeats: int) -> float | None:
    try:
        import boto3
        from moto.server import ThreadedMotoServer
    except ImportError:
        return None
    logging.getLogger("werkzeug").setLevel(logging.ERROR)     # moto's server logs every request otherwise
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        sqs = boto3.client("sqs", region_name="us-east-1", endpoint_url=f"http://127.0.0.1:{port}",
                           aws_access_key_id="testing", aws_secret_access_key="testing")
        url = sqs.create_queue(QueueName="bench")["QueueUrl"]

        def round_once():
            sqs.send_message(QueueUrl=url, MessageBody=BODY)
            got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=1)["Messages"][0]
            sqs.delete_message(QueueUrl=url, ReceiptHandle=got["ReceiptHandle"])
        return best_rate(round_once, rounds, repeats)
    finally:
        server.stop()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=500, help="rounds per timed batch (default 500)")
    parser.add_argument("--repeats", type=int, default=3, help="timed batches per target, best kept (default 3)")
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.repeats < 1:
        parser.error("--rounds and --repeats must be at least 1")

    print(f"MNS send+receive+delete, {args.rounds} rounds x {args.repeats} (best), "
          f"{REQUESTS_PER_ROUND} requests per round")
    ours = fakecloud_server(args.rounds, args.repeats)
    print(f"  fakecloud server, aliyun-mns-sdk      {ours:9.0f} requests/s")
    theirs = moto_server(args.rounds, args.repeats)
    if theirs is None:
        print("  moto server, boto3 SQS                (skipped: moto[server] and boto3 are not installed)")
    else:
        print(f"  moto server, boto3 SQS                {theirs:9.0f} requests/s")
        print(f"  ratio fakecloud / moto                {ours / theirs:9.2f}x")
    inproc = fakecloud_inprocess(args.rounds, args.repeats)
    if inproc is not None:
        print(f"  fakecloud in-process (mock_cloud)     {inproc:9.0f} requests/s")
    wall, client, served = cpu_split(args.rounds)
    print(f"  per request through the server: {wall * 1e6:.0f} us wall = client thread CPU {client * 1e6:.0f} us "
          f"+ server thread CPU {served * 1e6:.0f} us + waiting {max(0.0, wall - client - served) * 1e6:.0f} us")
    return 0


if __name__ == "__main__":
    sys.exit(main())
