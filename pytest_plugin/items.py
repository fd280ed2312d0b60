"""`*.scenario.yaml` files as test items: each file is one test that runs its flow in a clean world, checks its
expectations and the strict mock checks, and fails with the explanation (no Python traceback)."""
from __future__ import annotations

import pytest

from fakecloud.cloud import FakeCloud
from fakecloud.testing.runner import FlowRunner, strict_message, strict_problems
from fakecloud.testing.scenario import Scenario, ScenarioError

from .fixtures import freeze_loaded, session_loader, world_settings
from .keys import RUNNERS, WORLDS


def collect_scenario(parent, file_path):
    return ScenarioFile.from_parent(parent, path=file_path)


class ScenarioFile(pytest.File):
    def collect(self):
        try:
            scenario = Scenario.load(self.path)
        except ScenarioError as exc:
            raise self.CollectError(str(exc)) from None
        yield ScenarioItem.from_parent(self, name=scenario.title, scenario=scenario)


class ScenarioItem(pytest.Item):
    def __init__(self, *, scenario: Scenario, **kwargs):
        super().__init__(**kwargs)
        self.scenario = scenario
        self.add_marker("scenario")

    def runtest(self) -> None:
        __tracebackhide__ = True
        scenario = self.scenario
        freeze_loaded(self.config)
        cloud = FakeCloud(**world_settings(self.config, scenario.world))
        runner = FlowRunner(cloud, unmocked=scenario.unmocked, base_dirs=[self.path.parent, self.config.rootpath],
                            loader=session_loader(self.config))
        self.stash[WORLDS], self.stash[RUNNERS] = [cloud], [runner]
        run = scenario.run(runner)
        scenario.check(run)
        problems = strict_problems(cloud, [runner])
        if problems:
            raise AssertionError(strict_message(problems))

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, (AssertionError, ScenarioError, FileNotFoundError)):
            return f"{self.path.name}: {excinfo.value}"
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, None, f"scenario: {self.name}"
