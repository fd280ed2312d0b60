"""Scenario files: a flow (file or inline definition), its subflows, input, world set-up per service, mocks per
step and attempt, callbacks with virtual delays, and expectations (status, output subset, error, per-step outputs,
attempts, catches, path). `Scenario.load(file)`, then `scenario.run(runner)` and `scenario.check(run)`."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from fakecloud.cloud import SERVICES
from fakecloud.fdl.diagnostics import did_you_mean
from fakecloud.services.fields import expect_fields, expect_mapping, unknown

from .callbacks import from_list
from .checks import check_expectations
from .mocks import to_script
from .router import check_unmocked
from .step_run import CANCELLED_STATUS, CAUGHT, FAILED, RUNNING, SUCCEEDED

KEYS = ("scenario", "flow", "definition", "name", "flows", "input", "unmocked", "seed", "start", "services",
        "mocks", "callbacks", "expect")
EXPECT_KEYS = ("status", "output", "output_exact", "error", "cause", "path", "steps")
STEP_KEYS = ("status", "output", "output_exact", "attempts", "retries", "delays", "error", "caught", "goto")
OVERRIDES = ("input", "mocks", "callbacks", "flows", "name", "execution_name", "unmocked", "recording")
EXECUTION_STATUSES = ("Succeeded", "Failed", "TimedOut", "Stopped", "Running")
STEP_STATUSES = (SUCCEEDED, FAILED, CAUGHT, CANCELLED_STATUS, RUNNING)


def service_keys() -> tuple:
    """The keys a scenario's `services:` may have: one per service that takes set-up."""
    return tuple(plug.scenario_key for plug in SERVICES if plug.scenario_key is not None)


class ScenarioError(ValueError):
    """A scenario file that cannot be used; the message names the file and the field."""


def _mapping(value: Any, where: str) -> dict:
    return _scenario_error(expect_mapping, value, where)


def _known(data: dict, keys: tuple, where: str) -> None:
    _scenario_error(expect_fields, data, keys, where)


def _scenario_error(check, *args):
    try:
        return check(*args)
    except (ValueError, TypeError) as exc:
        raise ScenarioError(str(exc)) from None


def _status(value: Any, statuses: tuple, where: str) -> None:
    if value is not None and value not in statuses:
        raise ScenarioError(f"{where}: {value!r} is no status{did_you_mean(str(value), statuses)}; statuses: "
                            f"{', '.join(statuses)}")


class Scenario:
    def __init__(self, data: dict, file: Path | None = None):
        self.file = file
        where = str(file) if file is not None else "scenario"
        self.where = where
        data = _mapping(data, where)
        _known(data, KEYS, where)
        if ("flow" in data) == ("definition" in data):
            raise ScenarioError(f"{where}: exactly one of 'flow' (a file) or 'definition' (inline FDL) is required")
        self.data = data
        self.title = str(data.get("scenario") or (file.name.removesuffix(".scenario.yaml") if file else "scenario"))
        self.flows = _mapping(data.get("flows"), f"{where}: flows")
        self.input = data.get("input") or {}
        try:
            self.unmocked = check_unmocked(data.get("unmocked", "error"))
        except ValueError as exc:
            raise ScenarioError(f"{where}: {exc}") from None
        for key, kinds in (("seed", (int, str)), ("start", (int, str))):
            if key in data and (not isinstance(data[key], kinds) or isinstance(data[key], bool)):
                raise ScenarioError(f"{where}: '{key}' must be a number or a string, got {data[key]!r}")
        self.services = _mapping(data.get("services"), f"{where}: services")
        _known(self.services, service_keys(), f"{where}: services")
        self.mocks = _mapping(data.get("mocks"), f"{where}: mocks")
        for key, spec in self.mocks.items():
            _scenario_error(to_script, spec, str(key), f"{where}: mocks.{key}")
        self.callbacks = data.get("callbacks") or []
        _scenario_error(from_list, self.callbacks, f"{where}: callbacks")
        self.expect = _mapping(data.get("expect"), f"{where}: expect")
        _known(self.expect, EXPECT_KEYS, f"{where}: expect")
        _status(self.expect.get("status"), EXECUTION_STATUSES, f"{where}: expect.status")
        for key, spec in _mapping(self.expect.get("steps"), f"{where}: expect.steps").items():
            _known(_mapping(spec, f"{where}: expect.steps.{key}"), STEP_KEYS, f"{where}: expect.steps.{key}")
            _status((spec or {}).get("status"), STEP_STATUSES, f"{where}: expect.steps.{key}.status")
            caught = (spec or {}).get("caught")
            if isinstance(caught, dict):
                _known(caught, ("error", "goto"), f"{where}: expect.steps.{key}.caught")
            elif caught is not None and not isinstance(caught, str):
                raise ScenarioError(f"{where}: expect.steps.{key}.caught: an error name or {{error, goto}}, got "
                                    f"{type(caught).__name__}")

    @classmethod
    def load(cls, file: str | Path) -> "Scenario":
        path = Path(file)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise ScenarioError(f"{path}: not valid YAML: {exc}") from None
        return cls(data, path)

    # -- world settings ----------------------------------------------------------------------------------------
    @property
    def world(self) -> dict:
        """FakeCloud keyword arguments the scenario sets (seed, start)."""
        return {k: self.data[k] for k in ("seed", "start") if k in self.data}

    @property
    def base_dirs(self) -> list[Path]:
        return [self.file.parent] if self.file is not None else []

    # -- running -----------------------------------------------------------------------------------------------
    def setup(self, runner) -> None:
        """Apply the scenario's `services:` to `runner`'s world."""
        try:
            for plug, state in runner.cloud.plugs():
                if plug.scenario_key in self.services:
                    plug.set_up(state, self.services[plug.scenario_key], f"services.{plug.scenario_key}")
        except (ValueError, TypeError) as exc:
            raise ScenarioError(f"{self.where}: {exc}") from None

    def run(self, runner, **overrides):
        """Set up and run the scenario's flow with `runner` (its base directories extended with the file's).
        `overrides` replace what the file says: `input`, `flows` (merged by name), `mocks` (merged by step key: a
        key given here replaces the file's), `callbacks` (merged by step: an entry given here replaces the file's
        entries for its step), `name`, `execution_name`, `unmocked`, `recording`. Before the flow starts, every
        mock, callback and `expect.steps` key must match a step of the flow or of the subflows it starts."""
        bad = next((k for k in overrides if k not in OVERRIDES), None)
        if bad is not None:
            raise TypeError(f"scenario.run(): {unknown(bad, OVERRIDES, 'argument')}")
        self.setup(runner)
        runner.base_dirs = self.base_dirs + [d for d in runner.base_dirs if d not in self.base_dirs]
        source = self.data.get("flow") if "flow" in self.data else self.data["definition"]
        mocks = {**self.mocks, **(overrides.pop("mocks", None) or {})}
        given = from_list(list(overrides.pop("callbacks", None) or ()), "callbacks")
        steps = {c.step for c in given}
        callbacks = [c for c in from_list(self.callbacks, "callbacks") if c.step not in steps] + given
        options = dict(input=self.input, name=self.data.get("name"), unmocked=self.unmocked)
        options["flows"] = {**self.flows, **(overrides.pop("flows", None) or {})}
        options.update(overrides)
        try:
            for sub_name, sub in options["flows"].items():
                runner.add_flow(sub, sub_name)
            loaded = runner.add_flow(source, options["name"])
            keys = [("mocks", k) for k in mocks] + [("callbacks", c.step) for c in callbacks] + \
                [("expect.steps", k) for k in (self.expect.get("steps") or {})]
            runner.check_steps(keys, loaded.name)
        except (ValueError, LookupError) as exc:
            raise ScenarioError(f"{self.where}: {exc}") from None
        return runner.run(source, mocks=mocks, callbacks=[c.as_data() for c in callbacks], **options)

    def check(self, run) -> None:
        """Raise FlowAssertionError at the first expectation that differs from the run (in execution order)."""
        __tracebackhide__ = True
        check_expectations(run, self.expect, f"scenario {self.title}")
