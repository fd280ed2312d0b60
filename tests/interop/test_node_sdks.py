"""The official Node.js SDKs against a `fakecloud server`, plain and with --verify-signatures: tests/interop/node
(pinned in package.json and package-lock.json) is installed with `npm ci` into its ignored node_modules, then
run.js drives FnF, MNS queues and topics, FC 2.0 and 3.0 and a vision API through them. Skipped, saying why,
when node or npm is missing."""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

NODE_DIR = Path(__file__).parent / "node"
STAMP = NODE_DIR / "node_modules" / ".fakecloud-installed"
SDKS = {"@alicloud/fnf-2019-03-15", "@alicloud/pop-core", "@alicloud/mns", "@alicloud/fc2",
        "@alicloud/fc-open20210406", "@alicloud/fc20230330", "@alicloud/facebody20191230"}
VERIFIED_KEY = ("interop-ak", "interop-secret-not-printed")
BANNER_URL = re.compile(r"^fakecloud server listening on http://(127\.0\.0\.1:\d+) ")
BANNER_TOKEN = re.compile(r"^  control token: +X-Fakecloud-Token: (\S+)$")


def tools() -> tuple[str, str]:
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("node and npm are not both on PATH: the Node.js SDK interop suite (tests/interop/node) "
                    "needs them")
    version = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    major = re.match(r"v(\d+)\.", version)
    if major is None or int(major.group(1)) < 18:
        pytest.skip(f"node {version or '(unknown version)'} is older than the Node.js SDKs need (18 or later)")
    return node, npm


def lock_digest() -> str:
    return hashlib.sha256((NODE_DIR / "package-lock.json").read_bytes()
                          + (NODE_DIR / "package.json").read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def node():
    """The node binary, with the SDKs installed from the lock file (once per lock file: a stamp in
    node_modules records what was installed; a file lock keeps parallel workers from installing at once)."""
    node, npm = tools()
    lock_path = Path(tempfile.gettempdir()) / f"fakecloud-npm-{hashlib.sha1(str(NODE_DIR).encode()).hexdigest()[:12]}"
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        digest = lock_digest()
        if not STAMP.is_file() or STAMP.read_text() != digest:
            done = subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
                                  cwd=NODE_DIR, capture_output=True, text=True, timeout=600)
            if done.returncode != 0:
                pytest.skip("npm ci could not install the Node.js SDKs (is the npm registry reachable?): "
                            + (done.stderr or done.stdout).strip()[-800:])
            STAMP.write_text(digest)
    return node


def start_server(*args: str):
    process = subprocess.Popen([sys.executable, "-m", "fakecloud", "server", "--port", "0", *args],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = []
    while not lines or lines[-1] != "Press Ctrl-C to stop.":
        line = process.stdout.readline()
        if not line:
            process.kill()
            pytest.fail(f"fakecloud server ended early: {process.stderr.read()}")
        lines.append(line.rstrip("\n"))
    (endpoint,) = [m.group(1) for m in map(BANNER_URL.match, lines) if m]
    (token,) = [m.group(1) for m in map(BANNER_TOKEN.match, lines) if m]
    return process, lines, endpoint, token


def stop_server(process) -> str:
    process.terminate()
    out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    return out + err


@pytest.mark.parametrize("mode", ["plain", "verified"])
def test_the_node_sdks_against_a_server(node, mode):
    verified = mode == "verified"
    key, secret = VERIFIED_KEY if verified else ("fakecloud", "fakecloud-secret")
    args = ("--verify-signatures", "--access-key-id", key, "--access-key-secret", secret) if verified else ()
    process, banner, endpoint, token = start_server(*args)
    try:
        env = {name: value for name, value in os.environ.items()
               if name in ("PATH", "HOME", "LANG", "TMPDIR", "SYSTEMROOT")}
        env.update(FAKECLOUD_ENDPOINT=endpoint, FAKECLOUD_ACCESS_KEY_ID=key, FAKECLOUD_ACCESS_KEY_SECRET=secret,
                   FAKECLOUD_CONTROL_TOKEN=token, FAKECLOUD_VERIFIED="1" if verified else "0", NO_PROXY="*")
        run = subprocess.run([node, "run.js"], cwd=NODE_DIR, env=env, capture_output=True, text=True, timeout=300)
    finally:
        logged = stop_server(process)
    assert run.stdout.strip(), f"run.js printed nothing (exit {run.returncode}): {run.stderr[-2000:]}"
    report = json.loads(run.stdout)
    failed = [f"{r['sdk']} {r['operation']}: {r['detail']}" for r in report["results"] if not r["ok"]]
    assert failed == [] and report["refused"] == []
    assert run.returncode == 0, run.stderr
    steps = {(r["sdk"], r["operation"]) for r in report["results"]}
    assert {sdk for sdk, _ in steps} == SDKS | {"loopback guard"}
    refusals = {sdk for sdk, operation in steps if "refused" in operation and sdk in SDKS}
    assert refusals == ({"@alicloud/fnf-2019-03-15", "@alicloud/pop-core", "@alicloud/mns", "@alicloud/fc2",
                         "@alicloud/fc-open20210406", "@alicloud/fc20230330", "@alicloud/facebody20191230"}
                        if verified else set())
    assert len(report["results"]) == (57 if verified else 50)
    assert "Traceback" not in logged
    if verified:
        assert secret not in "\n".join(banner)
