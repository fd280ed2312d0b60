"""Entry point of the fakecloud pytest plugin (loaded through `pytest11`): command-line options and ini settings,
the `fakecloud` and `scenario` markers, assertion rewriting for the helpers, the offline guard, collection of
`*.scenario.yaml` files, and the fixtures (see pytest_plugin.fixtures)."""
from __future__ import annotations

import pytest

pytest.register_assert_rewrite("fakecloud.testing.assertions", "fakecloud.testing.checks")

from fakecloud.testing.flows import FlowLoader  # noqa: E402
from fakecloud.testing.offline import OfflineGuard  # noqa: E402
from fakecloud.testing.recording import MODES, in_ci  # noqa: E402

from .fixtures import (fake_clock, fake_cloud, fake_cloud_server, fake_fc, fake_fnf, fake_mns,  # noqa: E402,F401
                       fake_viapi, fakecloud_server_session, flow_runner, scenario)
from .items import collect_scenario  # noqa: E402
from .keys import CALL_REPORT, GUARD, LOADER  # noqa: E402

MARKERS = (
    "fakecloud(seed=0, start=None, region=None, unmocked=None, strict=True): settings of the test's fake world",
    "scenario(path): load a scenario file into the `scenario` fixture",
)


def pytest_addoption(parser):
    group = parser.getgroup("fakecloud", "fakecloud: offline Alibaba Cloud Serverless Workflow")
    group.addoption("--fakecloud-record-mode", choices=MODES, default=None,
                    help="record/replay mode of flow_runner.run(recording=...): none (replay only, default; forced "
                         "when CI is set), once, new_episodes, all")
    group.addoption("--fakecloud-unmocked", choices=("error", "default"), default=None,
                    help="what a task no mock answers does: error (fail the test, default) or default (the "
                         "service fakes' plausible default)")
    group.addoption("--fakecloud-seed", default=None, help="seed of every test's world (ids, execution names)")
    group.addoption("--fakecloud-allow-real-cloud", action="store_true", default=False,
                    help="do not block connections to real Alibaba Cloud endpoints (*.aliyuncs.com)")
    parser.addini("fakecloud_record_mode", "default record mode (none, once, new_episodes, all)", default="none")
    parser.addini("fakecloud_unmocked", "default for tasks no mock answers (error, default)", default="error")
    parser.addini("fakecloud_scenarios", "collect *.scenario.yaml files as tests", type="bool", default=True)


def pytest_configure(config):
    for line in MARKERS:
        config.addinivalue_line("markers", line)
    config.stash[LOADER] = FlowLoader()
    if not config.getoption("fakecloud_allow_real_cloud"):
        guard = OfflineGuard()
        guard.install()
        config.stash[GUARD] = guard


def pytest_unconfigure(config):
    guard = config.stash.get(GUARD, None)
    if guard is not None:
        guard.uninstall()


def pytest_report_header(config):
    requested = config.getoption("fakecloud_record_mode") or config.getini("fakecloud_record_mode")
    if in_ci() and requested != "none":
        return f"fakecloud: CI is set, record mode {requested} forced to none"
    return None


def pytest_collect_file(parent, file_path):
    if file_path.name.endswith(".scenario.yaml") and parent.config.getini("fakecloud_scenarios"):
        return collect_scenario(parent, file_path)
    return None


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.stash[CALL_REPORT] = report
    return report
