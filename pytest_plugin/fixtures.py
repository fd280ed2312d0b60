"""The plugin's fixtures: a clean FakeCloud per test and its parts (`fake_fc`, `fake_mns`, `fake_viapi`,
`fake_fnf`, `fake_http`, `fake_oss`, `fake_sms`, `fake_events`, `fake_openapi`, `fake_clock`), the `flow_runner` with strict checks at teardown, and the `scenario` marker's loader."""
from __future__ import annotations

import gc
from pathlib import Path

from typing import TYPE_CHECKING

import pytest

from .keys import CALL_REPORT, ENDPOINT, FROZEN, LOADER, RUNNERS, WORLDS
from .markers import WORLD_KEYS, fakecloud_settings, scenario_path

if TYPE_CHECKING:      # the fixtures import the world when a test first asks for one
    from fakecloud.testing.runner import FlowRunner
    from fakecloud.testing.scenario import Scenario


def settings(request) -> dict:
    return fakecloud_settings(request.node)


def passed(request) -> bool:
    report = request.node.stash.get(CALL_REPORT, None)
    return report is not None and report.passed


def world_settings(config, world: dict) -> dict:
    """FakeCloud settings: `world`, seeded by --fakecloud-seed unless it names a seed itself."""
    seed = config.getoption("fakecloud_seed")
    if seed is not None and "seed" not in world:
        world = dict(world, seed=int(seed) if str(seed).isdigit() else seed)
    return world


def requested_record_mode(config) -> str:
    return config.getoption("fakecloud_record_mode") or config.getini("fakecloud_record_mode")


def unmocked_mode(config, marked: dict) -> str:
    return marked.get("unmocked") or config.getoption("fakecloud_unmocked") or config.getini("fakecloud_unmocked")


def session_loader(config):
    """The session's FlowLoader, made when a test first loads a flow."""
    loader = config.stash.get(LOADER, None)
    if loader is None:
        from fakecloud.testing.flows import FlowLoader
        loader = config.stash[LOADER] = FlowLoader()
    return loader


def freeze_loaded(config) -> None:
    """Before the session's first world: move everything loaded so far (pytest's collected items, the modules of
    the engine and the fakes, the vision catalog) out of the collector's sight (gc.freeze), so that the
    collections a long session triggers walk only what its tests make. Once per session; ini
    `fakecloud_gc_freeze = false` turns it off; pytest_unconfigure undoes it."""
    if FROZEN not in config.stash:
        config.stash[FROZEN] = config.getini("fakecloud_gc_freeze")
        if config.stash[FROZEN]:
            gc.freeze()


def base_dirs(request) -> list[Path]:
    dirs = [request.path.parent, request.config.rootpath, Path.cwd()]
    return list(dict.fromkeys(dirs))


@pytest.fixture
def fake_cloud(request):
    """A clean FakeCloud for this test (settings from `@pytest.mark.fakecloud(seed=..., start=..., region=...)`).
    At teardown the strict check fails a passing test that left tasks no mock answered, or mocks and service
    scripts not used as scripted (`@pytest.mark.fakecloud(strict=False)` turns it off)."""
    from fakecloud.cloud import FakeCloud
    from fakecloud.testing.runner import strict_message, strict_problems
    freeze_loaded(request.config)
    marked = settings(request)
    if "fake_cloud_server" in request.fixturenames:
        # one world, in process and on the wire; the server's, so the marker's world settings do not apply
        cloud = request.getfixturevalue("fake_cloud_server").cloud
    else:
        cloud = FakeCloud(**world_settings(request.config, {k: marked[k] for k in WORLD_KEYS if k in marked}))
    runners = request.node.stash[RUNNERS] = []
    request.node.stash.setdefault(WORLDS, []).append(cloud)
    yield cloud
    if marked.get("strict", True) and passed(request):
        problems = strict_problems(cloud, runners)
        if problems:
            pytest.fail(strict_message(problems), pytrace=False)


@pytest.fixture
def fake_fc(fake_cloud):
    """The Function Compute fake of this test's world (register handlers, scripts, invocations)."""
    return fake_cloud.fc


@pytest.fixture
def fake_mns(fake_cloud):
    """The MNS fake of this test's world (queues, topics, messages)."""
    return fake_cloud.mns


@pytest.fixture
def fake_viapi(fake_cloud):
    """The vision API fake of this test's world (scripts, calls, jobs)."""
    return fake_cloud.viapi


@pytest.fixture
def fake_http(fake_cloud):
    """The HTTP fake of this test's world: routes for `HTTP:Request` tasks, and the requests they sent."""
    return fake_cloud.http


@pytest.fixture
def fake_oss(fake_cloud):
    """The OSS fake of this test's world: buckets and objects for `OSS:*` tasks."""
    return fake_cloud.oss


@pytest.fixture
def fake_sms(fake_cloud):
    """The SMS outbox of this test's world: every message `SMS:SendSms` tasks sent."""
    return fake_cloud.sms


@pytest.fixture
def fake_events(fake_cloud):
    """The EventBridge sink of this test's world: buses and the events put on them."""
    return fake_cloud.events


@pytest.fixture
def fake_openapi(fake_cloud):
    """The scripts answering other OpenAPI actions (`ECS:DescribeInstances`) in this test's world, and the calls."""
    return fake_cloud.openapi


@pytest.fixture
def fake_fnf(fake_cloud):
    """The workflow engine of this test's world: flows, executions, ReportTaskSucceeded / ReportTaskFailed."""
    return fake_cloud.engine


@pytest.fixture
def fake_clock(fake_cloud):
    """The world's virtual clock; `fake_clock.freeze()` makes freezegun follow it until the end of the test."""
    from fakecloud.testing.clock import FakeClock
    clock = FakeClock(fake_cloud)
    yield clock
    clock.unfreeze()


@pytest.fixture
def flow_runner(request, fake_cloud):
    """Runs flows in this test's world with per-step mocks (strict checks: see `fake_cloud`); writes the
    recordings the test made at teardown. With `fake_cloud_server` in the test, it moves the world under the
    server's lock, so SDK clients and flow runs can share it."""
    from fakecloud.testing.recording import Recorder, effective_mode
    from fakecloud.testing.runner import FlowRunner
    config = request.config
    marked = settings(request)
    recorder = Recorder(effective_mode(requested_record_mode(config)), directory=request.path.parent,
                        test_name=request.node.name, module=request.path.stem,
                        endpoint=config.stash.get(ENDPOINT, None))
    options = {}
    if "fake_cloud_server" in request.fixturenames:     # the server's threads share the world: take its lock
        options["guard"] = request.getfixturevalue("fake_cloud_server").world
    runner = FlowRunner(fake_cloud, unmocked=unmocked_mode(config, marked), base_dirs=base_dirs(request),
                        loader=session_loader(config), recorder=recorder, **options)
    request.node.stash[RUNNERS].append(runner)
    yield runner
    runner.close()


class ScenarioFixture:
    """A scenario file loaded for a Python test: `run()` sets it up in the test's world and runs it; `check(run)`
    checks its expectations; `scenario.input`, `.mocks`, `.expect` may be changed before."""

    def __init__(self, scenario: Scenario, runner: FlowRunner):
        self.scenario, self.runner = scenario, runner

    def __getattr__(self, name):
        return getattr(self.scenario, name)

    def run(self, **overrides):
        return self.scenario.run(self.runner, **overrides)

    def check(self, run) -> None:
        __tracebackhide__ = True
        self.scenario.check(run)


@pytest.fixture
def scenario(request, flow_runner):
    """The scenario named by `@pytest.mark.scenario("fixtures/x.scenario.yaml")` (relative to the test's
    directory or the rootdir)."""
    from fakecloud.testing.scenario import Scenario
    ref = Path(scenario_path(request.node))
    for base in base_dirs(request):
        if (base / ref).is_file():
            return ScenarioFixture(Scenario.load(base / ref), flow_runner)
    raise FileNotFoundError(f"scenario file {ref} not found next to {request.path.name} or in the rootdir")


@pytest.fixture(scope="session")
def fakecloud_server_session(pytestconfig):
    """One FakeCloudServer per test session (per xdist worker), on an ephemeral loopback port."""
    from fakecloud.wire.server import FakeCloudServer
    freeze_loaded(pytestconfig)
    server = FakeCloudServer().start()
    yield server
    server.stop()


@pytest.fixture
def fake_cloud_server(request, fakecloud_server_session):
    """The session's server, reset to a clean world for this test; `fake_cloud` (and the fixtures built on it)
    is the same world. `settings` holds ready-made client settings for each official SDK
    (`Config(**fake_cloud_server.settings["tea"])`, `Account(**...["mns"])`, `fc2.Client(**...["fc2"])`;
    `["control"]`: the control plane's URL and the token header, which `fake_cloud_server.control()` passes itself);
    touch the world from the test inside `with fake_cloud_server.world():` while clients talk to it."""
    fakecloud_server_session.reset()
    request.node.stash.setdefault(WORLDS, []).append(fakecloud_server_session.cloud)
    return fakecloud_server_session
