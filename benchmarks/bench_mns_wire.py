"""Benchmark: MNS over the wire — SendMessage + ReceiveMessage + DeleteMessage through aliyun-mns-sdk against
`fakecloud` (a FakeCloudServer on a loopback port), side by side with moto's server doing SQS send / receive /
delete through boto3 (a ThreadedMotoServer on another loopback port), in the same run.

    .venv/bin/python benchmarks/bench_mns_wire.py [--rounds N] [--repeats R]

Each round is three requests on one keep-alive connection per client; the figure is the best of R timed
batches of N rounds (after a warm-up), as requests per second, and fakecloud's rate over moto's. Also shown:
the same rounds intercepted in-process (`fakecloud.mock_cloud`, no sockets) when that module is present, and
where a request's time goes through the server: wall time, the client thread's CPU time (the SDK, http.client,
its socket calls) and the server's (time.thread_time around each request the handler reads and answers).

`--processes` measures both servers a second way, each as its own process started from its command line
(`fakecloud server`, `moto_server`), as the SDK suites of other languages use them: client and server then run
on two cores instead of sharing one interpreter. Bounded: at most R * N rounds per target, loopback only. moto is the `bench` extra (its server needs flask:
`pip install 'moto[server]'`); without it only fakecloud's figures are printed.
"""
from __future__ import annotations

import argparse
import contextlib
import logging
import os
import socket
import subprocess
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
        import boto3  # noqa: F401 (the client sqs_rounds makes)
        from moto.server import ThreadedMotoServer
    except ImportError:
        return None
    logging.getLogger("werkzeug").setLevel(logging.ERROR)     # moto's server logs every request otherwise
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        return best_rate(sqs_rounds(f"http://127.0.0.1:{port}"), rounds, repeats)
    finally:
        server.stop()


def sqs_rounds(endpoint: str):
    import boto3
    sqs = boto3.client("sqs", region_name="us-east-1", endpoint_url=endpoint, aws_access_key_id="testing",
                       aws_secret_access_key="testing")
    url = sqs.create_queue(QueueName="bench")["QueueUrl"]

    def round_once():
        sqs.send_message(QueueUrl=url, MessageBody=BODY)
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=1)["Messages"][0]
        sqs.delete_message(QueueUrl=url, ReceiptHandle=got["ReceiptHandle"])
    return round_once


@contextlib.contextmanager
def server_process(command: list[str], port: int):
    """A server started from its command line, listening on loopback `port` (up to 20 s to come up)."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"{command[0]} did not start listening on port {port}") from None
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(10)


def processes(rounds: int, repeats: int) -> tuple[float, float | None]:
    """(fakecloud, moto or None) requests/s, each server a process of its own."""
    bin_dir = os.path.dirname(sys.executable)
    port = free_port()
    with server_process([os.path.join(bin_dir, "fakecloud"), "server", "--port", str(port)], port) as url:
        ours = best_rate(mns_rounds(url, "fakecloud", "fakecloud-secret"), rounds, repeats)
    moto = os.path.join(bin_dir, "moto_server")
    if not os.path.exists(moto):
        return ours, None
    port = free_port()
    with server_process([moto, "-H", "127.0.0.1", "-p", str(port)], port) as url:
        return ours, best_rate(sqs_rounds(url), rounds, repeats)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=500, help="rounds per timed batch (default 500)")
    parser.add_argument("--repeats", type=int, default=3, help="timed batches per target, best kept (default 3)")
    parser.add_argument("--processes", action="store_true",
                        help="also measure each server as a process of its own, started from its command line")
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
    if args.processes:
        ours_p, theirs_p = processes(args.rounds, args.repeats)
        print(f"  fakecloud server process              {ours_p:9.0f} requests/s")
        if theirs_p is not None:
            print(f"  moto_server process                   {theirs_p:9.0f} requests/s")
            print(f"  ratio fakecloud / moto, processes     {ours_p / theirs_p:9.2f}x")
    wall, client, served = cpu_split(args.rounds)
    print(f"  per request through the server: {wall * 1e6:.0f} us wall = client thread CPU {client * 1e6:.0f} us "
          f"+ server thread CPU {served * 1e6:.0f} us + waiting {max(0.0, wall - client - served) * 1e6:.0f} us")
    return 0


if __name__ == "__main__":
    sys.exit(main())
