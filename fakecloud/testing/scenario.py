"""Scenario files: a flow (file or inline definition), its subflows, input, world set-up per service, mocks per
step and attempt, callbacks with virtual delays, and expectations (status, output subset, error, per-step outputs,
attempts, catches, path). `Scenario.load(file)`, then `scenario.run(runner)` and `scenario.check(run)`."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from fakecloud.cloud import SERVICES
from fakecloud.services.integration import expect_fields, expect_mapping

from .checks import check_expectations

KEYS = ("scenario", "flow", "definition", "name", "flows", "input", "unmocked", "seed", "start", "services",
        "mocks", "callbacks", "expect")
CALLBACK_KEYS = ("step", "after", "output", "error", "cause")
EXPECT_KEYS = ("status", "output", "output_exact", "error", "cause", "path", "steps")
STEP_KEYS = ("status", "output", "output_exact", "attempts", "retries", "delays", "error", "caught", "goto")


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
    except ValueError as exc:
        raise ScenarioError(str(exc)) from None


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
        self.unmocked = data.get("unmocked", "error")
        if self.unmocked not in ("error", "default"):
            raise ScenarioError(f"{where}: unmocked must be 'error' or 'default', got {self.unmocked!r}")
        self.services = _mapping(data.get("services"), f"{where}: services")
        _known(self.services, service_keys(), f"{where}: services")
        self.mocks = _mapping(data.get("mocks"), f"{where}: mocks")
        self.callbacks = data.get("callbacks") or []
        if not isinstance(self.callbacks, list):
            raise ScenarioError(f"{where}: callbacks: expected a list")
        for i, cb in enumerate(self.callbacks):
            _known(_mapping(cb, f"{where}: callbacks[{i}]"), CALLBACK_KEYS, f"{where}: callbacks[{i}]")
            if "step" not in cb:
                raise ScenarioError(f"{where}: callbacks[{i}]: 'step' is required")
        self.expect = _mapping(data.get("expect"), f"{where}: expect")
        _known(self.expect, EXPECT_KEYS, f"{where}: expect")
        for key, spec in _mapping(self.expect.get("steps"), f"{where}: expect.steps").items():
            _known(_mapping(spec, f"{where}: expect.steps.{key}"), STEP_KEYS, f"{where}: expect.steps.{key}")

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
        """Apply services, mocks and callbacks to `runner` and its world."""
        cloud = runner.cloud
        try:
            for plug, state in cloud.plugs():
                if plug.scenario_key in self.services:
                    plug.set_up(state, self.services[plug.scenario_key], f"services.{plug.scenario_key}")
            for pattern, spec in self.mocks.items():
                runner.mock(pattern, spec)
        except (ValueError, TypeError) as exc:
            raise ScenarioError(f"{self.where}: {exc}") from None
        for cb in self.callbacks:
            runner.callback(cb["step"], after=cb.get("after", 0), output=cb.get("output"), error=cb.get("error"),
                            cause=cb.get("cause", ""))

    def run(self, runner, **overrides):
        """Set up and run the scenario's flow with `runner` (its base directories extended with the file's)."""
        self.setup(runner)
        runner.base_dirs = self.base_dirs + [d for d in runner.base_dirs if d not in self.base_dirs]
        source = self.data.get("flow") if "flow" in self.data else self.data["definition"]
        options = dict(input=self.input, flows=self.flows, name=self.data.get("name"), unmocked=self.unmocked)
        options.update(overrides)
        return runner.run(source, **options)

    def check(self, run) -> None:
        """Raise FlowAssertionError at the first expectation that differs from the run (in execution order)."""
        __tracebackhide__ = True
        check_expectations(run, self.expect, f"scenario {self.title}")
