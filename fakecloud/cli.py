"""The `fakecloud` command line: `validate`, `run`, `server`, `graph` (and `sweep`), on one entry point.

Building the parser and reading the arguments import nothing of fakecloud but this module, `cli_run` and the
version: each command imports the front end, the engine or the server when it runs, so `fakecloud --help` and a
usage error cost little more than starting Python."""
from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from .cli_run import Usage, add_run, json_object
from .version import __version__

if TYPE_CHECKING:
    from .fdl import Report

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
EXECUTION_MODES = ("Standard", "Express")     # fakecloud.fdl.statemachine.EXECUTION_MODES (a test keeps them equal)


class _ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors: one line, exit 2
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _ArgumentParser(prog="fakecloud", description="Offline Alibaba Cloud Serverless Workflow (FnF).")
    parser.add_argument("--version", action="version", version=f"fakecloud {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_ArgumentParser)
    validate = sub.add_parser("validate", help="check flow definitions (FDL flows and CloudFlow state machines)",
                              description="Check flow definitions, FDL flows (type: flow) and CloudFlow state machines "
                                          "(Type: StateMachine); exit 0 when all are valid, 1 otherwise, 2 for a "
                                          "usage error or a file that does not exist.")
    validate.add_argument("files", nargs="+", metavar="FILE|DIR",
                          help="flow files, or directories to search for *.yaml and *.yml files")
    validate.add_argument("--format", choices=("text", "json"), default="text")
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors")
    validate.add_argument("--execution-mode", choices=EXECUTION_MODES, default=None,
                          help="check state machines as flows created with this ExecutionMode (Express: "
                               "RequestComplete tasks only, waits up to 20 s)")
    validate.set_defaults(handler=cmd_validate)
    add_run(sub, lambda file: _check(file, strict=False))
    _add_server(sub)
    _add_graph(sub)
    _add_sweep(sub)
    return parser


def _check(file: str, strict: bool, execution_mode: str | None = None) -> Report:
    from . import fdl
    from .cloud import service_actions     # the actions the world's services add (EventBridge, ...)
    from .fdl import ERROR, WARNING, Report
    try:
        report = fdl.check_file(file, execution_mode=execution_mode, actions=service_actions())
    except Exception as exc:  # a bug in fakecloud must still not end in a traceback
        from .fdl.diagnostics import Diagnostic
        diag = Diagnostic(ERROR, "internal", f"internal error while checking: {type(exc).__name__}: {exc}",
                          file, 1, 1)
        return Report(file, None, (diag,))
    if strict and report.warnings:
        diags = tuple(d.as_error() if d.severity == WARNING else d for d in report.diagnostics)
        return Report(file, None, diags, report.dialect)
    return report


def _summary(report: Report) -> str:
    from collections import Counter

    from .fdl import STATE_MACHINE, model, statemachine
    if report.dialect == STATE_MACHINE:
        counts = Counter(s.type for s in statemachine.walk(report.flow.scope))
        noun, what = "state", "state machine, "
    else:
        counts = Counter(s.type for s in model.walk(report.flow.steps))
        noun, what = "step", ""
    kinds = ", ".join(f"{n} {t}" for t, n in sorted(counts.items()))
    total = sum(counts.values())
    warn = len(report.warnings)
    return (f"{report.file}: valid: {what}{total} {noun}{'s' if total != 1 else ''} ({kinds})"
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
    import json
    try:
        files = flow_files(args.files)
    except FileNotFoundError as exc:
        print(f"fakecloud validate: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    reports = [_check(f, args.strict, args.execution_mode) for f in files]
    if args.format == "json":
        doc = {"valid": all(r.ok for r in reports), "files": [
            {"file": r.file, "dialect": r.dialect, "valid": r.ok,
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
    server.add_argument("--log-requests", action="store_true",
                        help="log every request on stderr (signatures and other secrets masked)")
    server.add_argument("--control-token", default=None, metavar="TOKEN",
                        help="the token control-plane requests must carry in the X-Fakecloud-Token header "
                             "(default: $FAKECLOUD_CONTROL_TOKEN, else a new random one, printed at start)")
    server.add_argument("--allow-handler-imports", action="store_true",
                        help="let the control plane import FC handlers (\"module:function\") from any module")
    server.add_argument("--handler-module", action="append", default=[], metavar="MODULE",
                        help="let the control plane import FC handlers from MODULE and the modules inside it "
                             "(repeatable)")
    server.set_defaults(handler=cmd_server)


def cmd_server(args) -> int:
    import signal
    import threading

    from .wire.access import TOKEN_ENV
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
    if (args.allow_handler_imports or args.handler_module) and os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())    # FC handlers registered as "module:function" import from here
    credentials = {args.access_key_id: args.access_key_secret} if args.access_key_id else None
    token = args.control_token if args.control_token is not None else os.environ.get(TOKEN_ENV) or None
    try:
        server = FakeCloudServer(host=args.host, port=args.port, clock=args.clock, scale=args.scale,
                                 verify_signatures=args.verify_signatures, credentials=credentials,
                                 flows_dir=args.flows, log_requests=args.log_requests, control_token=token,
                                 allow_handler_imports=args.allow_handler_imports,
                                 handler_modules=args.handler_module)
        server.start()
    except ValueError as exc:
        return fail(str(exc))
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


def _add_graph(sub) -> None:
    graph = sub.add_parser("graph", help="draw a flow: steps, branches, loops, catch edges, subflow calls",
                           description="Draw a flow definition as Mermaid text, a standalone SVG or an HTML page "
                                       "(offline: nothing is fetched). Exit 2 for an invalid definition.")
    graph.add_argument("flow", metavar="FLOW.yaml")
    graph.add_argument("--format", choices=("mermaid", "svg", "html"), default="mermaid")
    graph.add_argument("-o", "--output", default=None, metavar="FILE", help="write to FILE instead of stdout")
    graph.set_defaults(handler=cmd_graph)


def cmd_graph(args) -> int:
    from .insight.dialects import shape_of
    from .insight.graph import draw

    report = _check(args.flow, strict=False)
    for d in report.errors:
        print(d.format(), file=sys.stderr)
    if not report.ok:
        return EXIT_USAGE
    name = os.path.splitext(os.path.basename(args.flow))[0]
    text = draw(shape_of(report.flow, name), args.format)
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as exc:
        print(f"fakecloud graph: error: {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"{args.output}: {args.format} picture of {args.flow}")
    return EXIT_OK


def _add_sweep(sub) -> None:
    sweep = sub.add_parser("sweep", help="inject every fault a flow's task steps claim to handle",
                           description="Run the flow once, then once per fault: each task step it reached fails on "
                                       "the first attempt and on every attempt with each error its retry and catch "
                                       "rules name, an error only FnF.ALL matches, a timeout and its service's "
                                       "common errors. Exit 0 when every fault is handled, 1 when one ends the "
                                       "execution unhandled or leaves it running (or the run reached no task step), "
                                       "2 for usage or an invalid flow.")
    sweep.add_argument("flow", metavar="FLOW.yaml")
    sweep.add_argument("--scenario", default=None, metavar="FILE",
                       help="set up each run as this scenario file does (services, mocks, callbacks, input)")
    sweep.add_argument("--input", default=None, metavar="JSON|@FILE", help="the execution input")
    sweep.add_argument("--format", choices=("text", "json", "html"), default="text")
    sweep.add_argument("-o", "--output", default=None, metavar="FILE", help="write to FILE (html: required)")
    sweep.set_defaults(handler=cmd_sweep)


def cmd_sweep(args) -> int:
    import json

    from .cloud import FakeCloud
    from .insight import sweep_report
    from .insight.sweep import sweep
    from .testing.flows import FlowLoader
    from .testing.runner import FlowRunner
    from .testing.scenario import Scenario, ScenarioError

    def fail(message: str) -> int:
        print(f"fakecloud sweep: error: {message}", file=sys.stderr)
        return EXIT_USAGE

    report = _check(args.flow, strict=False)
    for d in report.errors:
        print(d.format(), file=sys.stderr)
    if not report.ok:
        return EXIT_USAGE
    if args.format == "html" and args.output is None:
        return fail("--format html needs --output FILE")
    try:
        scenario = Scenario.load(args.scenario) if args.scenario else None
        data = json_object(args.input, "--input") if args.input is not None else (scenario.input if scenario else {})
    except Usage as exc:
        return fail(str(exc))
    except (OSError, ValueError) as exc:     # ScenarioError is a ValueError
        return fail(str(exc))
    flow = os.path.abspath(args.flow)
    base = [os.path.dirname(os.path.abspath(args.scenario))] if scenario else []
    loader = FlowLoader()       # each file parsed once for all the runs

    def start(fault):
        cloud = FakeCloud(**(scenario.world if scenario else {}))
        runner = FlowRunner(cloud, unmocked=scenario.unmocked if scenario else "default",
                            base_dirs=base + [os.getcwd()], loader=loader)
        if fault is not None:
            runner.mock("/" + fault.path, fault.mock())
        if scenario is not None:       # its services, mocks and callbacks, after the fault's mock
            return scenario.run(runner, input=data)
        return runner.run(flow, data)

    try:
        result = sweep(start, os.path.splitext(os.path.basename(args.flow))[0])
    except (ScenarioError, FileNotFoundError, ValueError, TypeError) as exc:
        return fail(str(exc))
    verdict = EXIT_OK if result.steps and not result.unhandled() else EXIT_INVALID
    text = json.dumps(result.to_dict(), indent=2, ensure_ascii=False) if args.format == "json" else result.table()
    if args.output is None:
        print(text)
        return verdict
    try:
        if args.format == "html":
            sweep_report.write_html(result, args.output)
        else:
            with open(args.output, "w", encoding="utf-8") as fh:
                fh.write(text + "\n")
    except OSError as exc:
        return fail(f"{args.output}: {exc.strerror or exc}")
    print(f"{args.output}: {args.format} fault sweep of {args.flow}")
    return verdict


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
