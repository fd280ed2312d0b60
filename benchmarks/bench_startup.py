"""Benchmark: what fakecloud adds to starting a pytest session and to the `fakecloud` command, each in a fresh
interpreter (the venv's python, the one running this script), side by side with its peer in interleaved rounds.

    .venv/bin/python benchmarks/bench_startup.py [--rounds N] [--no-bytecode-cache]

1. A pytest session with one empty test, in a temporary directory, with the plugin active (it is loaded through
   its `pytest11` entry point, registered as `fakecloud`) and the same session with `-p no:fakecloud`.
2. `fakecloud --help` against `python -c pass` and `python -c "import argparse"`.

Every figure is wall time of the whole process as the shell sees it. Compiled bytecode is cached as Python does by
default, in a private temporary cache (PYTHONPYCACHEPREFIX) so that nothing is written next to the sources, and
every command runs once before the timed rounds; `--no-bytecode-cache` measures with PYTHONDONTWRITEBYTECODE=1
instead, where every module is compiled (and every plugin module rewritten by pytest) in every process.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def python_env(cache: str | None) -> dict[str, str]:
    """The environment of the timed processes: this checkout's fakecloud first on the path; bytecode cached under
    `cache` (None: not written at all)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (ROOT, os.environ.get("PYTHONPATH"))))}
    env.pop("PYTHONPYCACHEPREFIX", None)
    if cache is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    else:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = cache
    return env


def fakecloud_command() -> list[str]:
    """The `fakecloud` console script next to this python, as a user types it (`python -m fakecloud` without)."""
    script = os.path.join(os.path.dirname(sys.executable), "fakecloud")
    return [script] if os.path.exists(script) else [sys.executable, "-m", "fakecloud"]


def timed(command: list[str], cwd: str, env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    out = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - t0
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(command)}: exit {out.returncode}\n{out.stderr}")
    return elapsed


def interleaved(commands: dict[str, list[str]], rounds: int, cwd: str, env: dict[str, str]) -> dict[str, list]:
    """Seconds of each command in each round; every round runs every command once, in turn."""
    for command in commands.values():           # warm up: bytecode cache, file system cache
        timed(command, cwd, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, command in commands.items():
            times[name].append(timed(command, cwd, env))
    return times


def ms(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:.0f} ms (best {min(values) * 1000:.0f})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--no-bytecode-cache", action="store_true")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="fakecloud-startup-")
    try:
        cache = None if args.no_bytecode_cache else os.path.join(folder, "pycache")
        env = python_env(cache)
        session = os.path.join(folder, "session")
        os.mkdir(session)
        with open(os.path.join(session, "test_empty.py"), "w") as f:
            f.write("def test_empty():\n    pass\n")
        pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_empty.py"]
        print(f"bytecode {'not cached (PYTHONDONTWRITEBYTECODE=1)' if cache is None else 'cached'}; "
              f"{args.rounds} interleaved rounds")
        t = interleaved({"on": pytest, "off": pytest[:3] + ["-p", "no:fakecloud"] + pytest[3:]},
                        args.rounds, session, env)
        on, off = statistics.median(t["on"]), statistics.median(t["off"])
        print(f"1. pytest session, one empty test: plugin active {ms(t['on'])}, -p no:fakecloud {ms(t['off'])}; "
              f"the plugin adds {(on - off) * 1000:+.0f} ms, {100 * (on - off) / off:+.1f}% (goal within 10%)")
        t = interleaved({"help": fakecloud_command() + ["--help"], "pass": [sys.executable, "-c", "pass"],
                         "argparse": [sys.executable, "-c", "import argparse"]}, args.rounds * 2, session, env)
        help_, bare, argparse_ = (statistics.median(t[k]) for k in ("help", "pass", "argparse"))
        print(f"2. fakecloud --help {ms(t['help'])}; python -c pass {ms(t['pass'])}, "
              f"python -c 'import argparse' {ms(t['argparse'])}: --help is {(help_ - bare) * 1000:+.0f} ms over bare "
              f"python, {(help_ - argparse_) * 1000:+.0f} ms over argparse alone (goal well under 100 ms)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
