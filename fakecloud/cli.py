"""The `fakecloud` command line: `fakecloud validate FILE...` (more commands build on the same entry point)."""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter

from . import __version__
from .cli_run import add_run
from .fdl import ERROR, WARNING, Report, check_file, model

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class _ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors: one line, exit 2
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _ArgumentParser(prog="fakecloud", description="Offline Alibaba Cloud Serverless Workflow (FnF).")
    parser.add_argument("--version", action="version", version=f"fakecloud {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_ArgumentParser)
    validate = sub.add_parser("validate", help="check FDL flow definitions",
                              description="Check FDL flow definitions; exit 0 when all are valid, 1 otherwise, 2 for "
                                          "a usage error or a file that does not exist.")
    validate.add_argument("files", nargs="+", metavar="FILE|DIR",
                          help="flow files, or directories to search for *.yaml and *.yml files")
    validate.add_argument("--format", choices=("text", "json"), default="text")
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors")
    validate.set_defaults(handler=cmd_validate)
    add_run(sub, lambda file: _check(file, strict=False))
    _add_server(sub)
    return parser


def _check(file: str, strict: bool) -> Report:
    from .cloud import service_actions     # the actions the world's services add (EventBridge, ...)
    try:
        report = check_file(file, actions=service_actions())
    except Exception as exc:  # a bug in fakecloud must still not end in a traceback
        from .fdl.diagnostics import Diagnostic
        diag = Diagnostic(ERROR, "internal", f"internal error while checking: {type(exc).__name__}: {exc}",
                          file, 1, 1)
        return Report(file, None, (diag,))
    if strict and report.warnings:
        diags = tuple(d.as_error() if d.severity == WARNING else d for d in report.diagnostics)
        return Report(file, None, diags)
    return report


def _summary(report: Report) -> str:
    counts = Counter(s.type for s in model.walk(report.flow.steps))
    kinds = ", ".join(f"{n} {t}" for t, n in sorted(counts.items()))
    total = sum(counts.values())
    warn = len(report.warnings)
    return (f"{report.file}: valid: {total} step{'s' if total != 1 else ''} ({kinds})"
            + (f", {warn} warning{'s' if warn != 1 else ''}" if warn else ""))


def flow_files(paths: list[str]) -> list[str]:
    """The files to validate: each file named, and the *.yaml / *.yml files below each directory named (sorted,
    recursively, hidden directories skipped; scenario files, *.scenario.yaml, are not flows). FileNotFoundError
    names what does not exist."""
    files = []
    for path in paths:
        if os.path.isdir(path):
            found = []
            for folder, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found += [os.path.join(folder, n) for n in sorted(names)
                          if n.endswith((".yaml", ".yml")) and not n.endswith(".scenario.yaml")]
            if not found:
                raise FileNotFoundError(f"{path}: no *.yaml or *.yml files in this directory")
            files += found
        elif os.path.exists(path):
            files.append(path)
        else:
            raise FileNotFoundError(f"{path}: no such file or directory")
    return files


def cmd_validate(args) -> int:
    try:
        files = flow_files(args.files)
    except FileNotFoundError as exc:
        print(f"fakecloud validate: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    reports = [_check(f, args.strict) for f in files]
    if args.format == "json":
        doc = {"valid": all(r.ok for r in reports), "files": [
            {"file": r.file, "valid": r.ok,
             "errors": [d.to_dict() for d in r.errors], "warnings": [d.to_dict() for d in r.warnings]}
            for r in reports]}
        print(json.dumps(doc, indent=2, ensure_ascii=False))
    else:
        for r in reports:
            for d in r.diagnostics:
                print(d.format())
            if r.ok:
                print(_summary(r))
    return EXIT_OK if all(r.ok for r in reports) else EXIT_INVALID


def _add_server(sub) -> None:
    server = sub.add_parser("server", help="serve the fake cloud over the services' own HTTP protocols",
                            description="Serve FnF, MNS, Function Compute and the vision APIs on one local port for "
                                        "the official SDKs, with a JSON control plane under /_fakecloud/. State is "
                                        "in memory. Stop with Ctrl-C (exit 0).")
    server.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, loopback only)")
    server.add_argument("--port", type=int, default=9000, help="port to listen on (default: 9000; 0: any free port)")
    server.add_argument("--flows", default=None, metavar="DIR",
                        help="register the flows in DIR (*.yaml, *.yml), named by file stem")
    server.add_argument("--clock", choices=("virtual", "real"), default="virtual",
                        help="virtual (default): engine waits are skipped, client deadlines follow real time; "
                             "real: everything in real time")
    server.add_argument("--scale", type=float, default=1.0, metavar="N",
                        help="with --clock real, run N times faster than real time")
    server.add_argument("--verify-signatures", action="store_true",
                        help="check every request's signature against the configured access key")
    server.add_argument("--access-key-id", default=None, metavar="ID")
    server.add_argument("--access-key-secret", default=None, metavar="SECRET")
    server.add_argument("--log-requests", action="store_true", help="log every request on stderr")
    server.set_defaults(handler=cmd_server)


def cmd_server(args) -> int:
    import os
    import signal
    import threading

    from .wire.server import FakeCloudServer, FlowLoadError

    def fail(message: str) -> int:
        print(f"fakecloud server: error: {message}", file=sys.stderr)
        return EXIT_USAGE

    if (args.access_key_id is None) != (args.access_key_secret is None):
        return fail("--access-key-id and --access-key-secret go together")
    if args.scale <= 0:
        return fail("--scale must be > 0")
    if args.scale != 1.0 and args.clock != "real":
        return fail("--scale needs --clock real")
    if os.getcwd() not in sys.path:    # FC handlers registered as "module:function" import from here
        sys.path.insert(0, os.getcwd())
    credentials = {args.access_key_id: args.access_key_secret} if args.access_key_id else None
    try:
        server = FakeCloudServer(host=args.host, port=args.port, clock=args.clock, scale=args.scale,
                                 verify_signatures=args.verify_signatures, credentials=credentials,
                                 flows_dir=args.flows, log_requests=args.log_requests)
        server.start()
    except FlowLoadError as exc:
        return fail(f"--flows: {exc}")
    except OSError as exc:
        return fail(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}")
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    print(server.describe(), flush=True)
    print("Press Ctrl-C to stop.", flush=True)
    try:
        while not stopping.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    server.stop()
    print("fakecloud server stopped", flush=True)
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:   # file names after an option ('validate a.yaml --strict b.yaml') are still file names
        if getattr(args, "handler", None) is cmd_validate and not any(e.startswith("-") for e in extra):
            args.files += extra
        else:
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return args.handler(args)
    except BrokenPipeError:  # `fakecloud validate ... | head`
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
