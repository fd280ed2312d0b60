"""`fakecloud run`: one flow, in process, on a virtual clock, its tasks answered by a fresh fake world and by
behaviour given on the command line (`--mock STEP=JSON`, `--callback STEP=JSON`) or in a scenario file
(`--scenario FILE`: its flow, input, services set-up, mocks, callbacks, and expectations that decide the exit)."""
from __future__ import annotations

import glob
import json
import os
import sys
from typing import Any

from . import jsontext

_string = json.encoder.encode_basestring      # how json.dumps(..., ensure_ascii=False) writes a str

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def add_run(sub, check) -> None:
    run = sub.add_parser("run", help="run a flow offline, skipping time",
                         description="Run an FDL flow in-process on a virtual clock (waits, back-off and timeouts "
                                     "take no time). Exit 0 when the execution succeeds (with --scenario: when its "
                                     "expectations hold), 1 otherwise, 2 for an invalid definition or usage.")
    run.add_argument("flow", metavar="FLOW.yaml", nargs="?", help="the flow (default: the scenario's)")
    run.add_argument("--scenario", default=None, metavar="FILE",
                     help="a *.scenario.yaml: its flow, input, services, mocks, callbacks and expectations")
    run.add_argument("--input", default=None, metavar="JSON|@FILE",
                     help="the execution input: a JSON object, or @path to a file holding one")
    run.add_argument("--flows", default=None, metavar="DIR",
                     help="make the flows in DIR (*.yaml, *.yml) available as subflows, named by file stem")
    run.add_argument("--mock", action="append", default=[], metavar="STEP=JSON",
                     help="answer the task steps STEP selects with script data, as a scenario's mocks: "
                          "'charge={\"return\": {\"paid\": true}}' (repeatable)")
    run.add_argument("--callback", action="append", default=[], metavar="STEP[=JSON]",
                     help="deliver a callback to the waitForCallback steps STEP selects, as a scenario's "
                          "callbacks: 'approve={\"after\": 3600, \"output\": {\"ok\": true}}' (repeatable)")
    run.add_argument("--format", choices=("text", "json"), default="text")
    run.set_defaults(handler=lambda args: cmd_run(args, check))


class Usage(Exception):
    """A usage error: printed as one line, exit 2."""


def json_object(value: str | None, what: str) -> dict:
    if value is None:
        return {}
    try:
        if value.startswith("@"):
            with open(value[1:], "rb") as fh:
                value = fh.read().decode("utf-8")
        data = jsontext.loads(value)
    except (OSError, ValueError) as exc:
        raise Usage(f"{what}: {exc}") from None
    if not isinstance(data, dict):
        raise Usage(f"{what}: the input must be a JSON object")
    return data


def _shorthands(args) -> tuple[dict, list]:
    """The --mock and --callback entries as a scenario's mocks and callbacks (each checked as they are)."""
    from .testing.callbacks import from_data
    from .testing.mocks import to_script

    mocks: dict[str, Any] = {}
    for text in args.mock:
        step, sep, data = text.partition("=")
        if not sep or not step:
            raise Usage(f"--mock {text}: write STEP=JSON, e.g. 'charge={{\"return\": {{\"paid\": true}}}}'")
        try:
            mocks[step] = jsontext.loads(data)
            to_script(mocks[step], step, f"--mock {step}")
        except (ValueError, TypeError) as exc:
            raise Usage(f"--mock {step}: {exc}") from None
    callbacks = []
    for text in args.callback:
        step, sep, data = text.partition("=")
        try:
            entry = jsontext.loads(data) if sep else {}
            if not isinstance(entry, dict):
                raise ValueError("the JSON is a mapping of after, output, error and cause")
            callbacks.append({"step": step, **entry})
            from_data(callbacks[-1], f"--callback {step}")
        except ValueError as exc:
            raise Usage(f"--callback {step}: {exc}") from None
    return mocks, callbacks


def cmd_run(args, check) -> int:
    try:
        return _run(args, check)
    except Usage as exc:
        print(f"fakecloud run: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _run(args, check) -> int:
    from .cloud import FakeCloud
    from .engine import EngineError
    from .fdl import FlowDefinitionError
    from .testing.clock import FakeClock
    from .testing.router import WORLD
    from .testing.runner import FlowRunner
    from .testing.scenario import Scenario, ScenarioError

    if (args.flow is None) == (args.scenario is None):
        raise Usage("give a FLOW.yaml or --scenario FILE (a scenario names its flow)")
    data = json_object(args.input, "--input") if args.input is not None else None
    mocks, callbacks = _shorthands(args)
    scenario = None
    if args.scenario is not None:
        if os.getcwd() not in sys.path:    # FC handlers named "module:function" import from here, as the server's
            sys.path.insert(0, os.getcwd())
        try:
            scenario = Scenario.load(args.scenario)
        except (OSError, ScenarioError) as exc:
            raise Usage(f"--scenario: {exc}") from None
    cloud = FakeCloud(**(scenario.world if scenario is not None else {}))
    runner = FlowRunner(cloud, unmocked=scenario.unmocked if scenario is not None else WORLD, base_dirs=[os.getcwd()])
    if args.flows is not None and not _load_dir(cloud, args.flows, check):
        return EXIT_USAGE
    try:
        with FakeClock(cloud):        # handlers reading datetime.now() or time.time() see virtual time
            if scenario is not None:
                overrides = {"mocks": mocks, "callbacks": callbacks, **({"input": data} if data is not None else {})}
                run = scenario.run(runner, **overrides)
            else:
                report = check(args.flow)
                if not report.ok:
                    for d in report.errors:
                        print(d.format(), file=sys.stderr)
                    return EXIT_USAGE
                name = os.path.splitext(os.path.basename(args.flow))[0]
                run = runner.run(report.flow, data or {}, name=name, mocks=mocks, callbacks=callbacks)
                cloud.engine.run_until_done(run.execution)    # deadlines pass too: nothing outside can report
    except FlowDefinitionError as exc:
        for d in exc.errors:
            print(d.format(), file=sys.stderr)
        return EXIT_USAGE
    except ScenarioError as exc:
        raise Usage(f"--scenario: {exc}") from None
    except EngineError as exc:          # e.g. a definition the engine cannot run
        raise Usage(exc.message) from None
    except (OSError, ValueError, LookupError) as exc:
        raise Usage(str(exc)) from None
    _print(args, run)
    if scenario is None:
        return EXIT_OK if run.status == "Succeeded" else EXIT_FAILED
    return _verdict(scenario, run, runner)        # as the collected scenario test decides


def _load_dir(cloud, folder: str, check) -> bool:
    if not os.path.isdir(folder):
        raise Usage(f"--flows: {folder} is not a directory")
    files = sorted(glob.glob(os.path.join(folder, "*.yaml")) + glob.glob(os.path.join(folder, "*.yml")))
    for file in files:
        report = check(file)
        for d in report.errors:
            print(d.format(), file=sys.stderr)
        if not report.ok:
            return False
        cloud.engine.add_flow(os.path.splitext(os.path.basename(file))[0], report.flow, replace=True)
    return True


def _verdict(scenario, run, runner) -> int:
    from .testing.assertions import FlowAssertionError
    from .testing.runner import strict_message, strict_problems

    try:
        scenario.check(run)
    except FlowAssertionError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_FAILED
    problems = strict_problems(runner.cloud, [runner])
    if problems:
        print(strict_message(problems), file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def _print(args, run) -> None:
    from .engine.timeline import NOTHING, render

    execution = run.execution
    if args.format == "json":
        _write_json(execution, sys.stdout)
        return
    sent = {}
    for c in run.router.calls:     # the first attempt's (a state machine's attempts share their event id)
        if c.request is not None and c.params is not None:
            sent.setdefault((id(c.request.execution), c.request.event_id), c.params)
    print(f"{args.flow or args.scenario}: execution {execution.name}")
    print(render(execution, lambda ex, event_id: sent.get((id(ex), event_id), NOTHING)))
    print(f"{execution.status} after {len(execution.history)} events")


def _write_json(execution, out) -> None:
    """The execution as `json.dumps(doc, indent=2, ensure_ascii=False)` prints it (status, output, error, cause
    and the events as History.to_list gives them), written event by event as the history is rendered."""
    doc = {"status": execution.status, "output": execution.output, "error": execution.error,
           "cause": execution.cause, "events": []}
    head = json.dumps(doc, indent=2, ensure_ascii=False)
    events = execution.history.rendered()
    first = next(events, None)
    if first is None:
        print(head, file=out)
        return
    out.write(head[:-len("[]\n}")] + "[\n" + _event_json(first.to_dict()))
    for event in events:
        out.write(",\n" + _event_json(event.to_dict()))
    out.write("\n  ]\n}\n")


def _event_json(event: dict) -> str:
    """One event (str and int fields) as json.dumps writes it at the events list's level of indentation."""
    fields = ",\n".join(f"      {_string(key)}: {_string(value) if isinstance(value, str) else int.__repr__(value)}"
                         for key, value in event.items())
    return f"    {{\n{fields}\n    }}"
