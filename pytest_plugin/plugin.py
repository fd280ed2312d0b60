"""Entry point of the fakecloud pytest plugin (loaded through `pytest11`): command-line options and ini settings,
the `fakecloud` and `scenario` markers, assertion rewriting for the helpers, the offline guard, collection of
`*.scenario.yaml` files, and the fixtures (see fakecloud_pytest.fixtures)."""
from __future__ import annotations

import pytest

pytest.register_assert_rewrite("fakecloud.testing.assertions", "fakecloud.testing.checks", "fakecloud.testing.faults")

# Only light modules here (a session that never uses fakecloud pays for these alone); the fixtures, the flow
# loader, the scenario items, coverage and run reports import the engine and the fakes when they are first used.
from fakecloud.testing.offline import OfflineGuard  # noqa: E402
from fakecloud.testing.recording import MODES, in_ci  # noqa: E402

from .fixtures import (fake_clock, fake_cloud, fake_cloud_server, fake_events, fake_fc, fake_fnf,  # noqa: E402,F401
                       fake_http, fake_mns, fake_openapi, fake_oss, fake_sms, fake_viapi, fakecloud_server_session,
                       flow_runner, requested_record_mode, scenario)
from . import coverage, reports  # noqa: E402
from .keys import CALL_REPORT, ENDPOINT, FROZEN, GUARD, RUNNERS, WORLDS  # noqa: E402
from .markers import DESCRIPTIONS as MARKERS, check_settings  # noqa: E402


def pytest_addoption(parser):
    group = parser.getgroup("fakecloud", "fakecloud: offline Alibaba Cloud Serverless Workflow")
    group.addoption("--fakecloud-record-mode", default=None, metavar="|".join(MODES),
                    help="record/replay mode of flow_runner.run(recording=...): none (replay only, default; forced "
                         "when CI is set), once, new_episodes, all")
    group.addoption("--fakecloud-record-endpoint", default=None, metavar="URL",
                    help="record task answers from this endpoint instead of the in-process fakes: the URL of a "
                         "fakecloud server (or any endpoint speaking the services' protocols), or aliyun[:region] "
                         "for the real cloud (keys from ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET, account from "
                         "ALIBABA_CLOUD_ACCOUNT_ID)")
    group.addoption("--fakecloud-unmocked", default=None, metavar="error|default",
                    help="what a task no mock answers does: error (fail the test, default) or default (the "
                         "service fakes' plausible default)")
    group.addoption("--fakecloud-seed", default=None, help="seed of every test's world (ids, execution names)")
    group.addoption("--fakecloud-allow-real-cloud", action="store_true", default=False,
                    help="do not block connections to real Alibaba Cloud endpoints (*.aliyuncs.com)")
    coverage.add_options(group)
    reports.add_options(group)
    parser.addini("fakecloud_record_mode", "default record mode (none, once, new_episodes, all)", default="none")
    parser.addini("fakecloud_record_endpoint", "endpoint recordings take task answers from (URL or aliyun[:region])",
                  default="")
    parser.addini("fakecloud_unmocked", "default for tasks no mock answers (error, default)", default="error")
    parser.addini("fakecloud_scenarios", "collect *.scenario.yaml files as tests", type="bool", default=True)
    parser.addini("fakecloud_gc_freeze", "before the first world, gc.freeze() what is loaded (fewer objects for "
                  "the collector to walk in long sessions)", type="bool", default=True)


def pytest_configure(config):
    for line in MARKERS:
        config.addinivalue_line("markers", line)
    check_settings(config)
    coverage.configure(config)
    reports.configure(config)
    endpoint = config.stash[ENDPOINT] = record_endpoint(config)
    if not config.getoption("fakecloud_allow_real_cloud"):
        guard = OfflineGuard()
        if endpoint is not None:
            guard.allow(endpoint.allows)        # recording from the real cloud talks to it on purpose
        guard.install()
        config.stash[GUARD] = guard


def record_endpoint(config):
    text = config.getoption("fakecloud_record_endpoint") or config.getini("fakecloud_record_endpoint")
    if not text:
        return None
    from fakecloud.remote import Endpoint, EndpointError
    try:
        return Endpoint.parse(text)
    except EndpointError as exc:
        raise pytest.UsageError(f"--fakecloud-record-endpoint: {exc}") from None


def pytest_unconfigure(config):
    guard = config.stash.get(GUARD, None)
    if guard is not None:
        guard.uninstall()
    if config.stash.get(FROZEN, False):
        import gc
        gc.unfreeze()


def pytest_report_header(config):
    requested = requested_record_mode(config)
    if in_ci() and requested != "none":
        return f"fakecloud: CI is set, record mode {requested} forced to none"
    endpoint = config.stash.get(ENDPOINT, None)
    if endpoint is not None and requested != "none":
        return f"fakecloud: recording task answers from {endpoint.describe()}"
    return None


def pytest_collect_file(parent, file_path):
    if file_path.name.endswith(".scenario.yaml") and parent.config.getini("fakecloud_scenarios"):
        from .items import collect_scenario
        return collect_scenario(parent, file_path)
    return None


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.stash[CALL_REPORT] = report
    return report


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Once a test is over (its teardown, strict checks, coverage and run reports done), its item lets go of the
    worlds and runners it used: the items live as long as the session, their worlds need not."""
    try:
        return (yield)
    finally:
        for key in (WORLDS, RUNNERS):
            if key in item.stash:
                del item.stash[key]
