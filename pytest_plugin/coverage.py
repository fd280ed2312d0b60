"""Flow coverage across a pytest session (`--fakecloud-cov`, `--fakecloud-cov-report`, `--fakecloud-cov-fail-under`):
after each test the executions of the worlds it used are read into one Coverage; pytest-xdist workers send theirs
to the controller, which writes the reports."""
from __future__ import annotations

from types import MappingProxyType


from typing import TYPE_CHECKING

import pytest

from .keys import WORLDS

if TYPE_CHECKING:     # the flow-coverage modules load when a session asks for coverage
    from fakecloud.insight.coverage import Coverage

WORKER_KEY = "fakecloud_coverage"
REPORT_KINDS = ("term", "json", "html")
DEFAULT_PATHS = MappingProxyType({"json": "fakecloud-coverage.json", "html": "fakecloud-coverage"})


def add_options(group) -> None:
    group.addoption("--fakecloud-cov", action="store_true", default=False,
                    help="measure flow coverage: which steps, choice branches, retries, catches, gotos, task "
                         "outcomes and foreach iteration counts of each flow file the tests exercised")
    group.addoption("--fakecloud-cov-report", action="append", default=None, metavar="TYPE",
                    help="flow coverage report: term, json[:FILE] or html[:DIR] (may be repeated; implies "
                         "--fakecloud-cov; default term)")
    group.addoption("--fakecloud-cov-fail-under", type=float, default=None, metavar="N",
                    help="fail the session when total flow coverage is below N percent (implies --fakecloud-cov)")


def parse_reports(values: list[str] | None) -> list[tuple[str, str | None]]:
    reports = []
    for value in values or ["term"]:
        kind, _, where = value.partition(":")
        if kind not in REPORT_KINDS:
            raise pytest.UsageError(f"--fakecloud-cov-report: {value!r} is not term, json[:FILE] or html[:DIR]")
        if kind == "term" and where:
            raise pytest.UsageError(f"--fakecloud-cov-report: term takes no path (got {value!r})")
        reports.append((kind, where or DEFAULT_PATHS.get(kind)))
    return reports


def configure(config) -> None:
    """Register the coverage plugin when any coverage option is given."""
    reports = config.getoption("fakecloud_cov_report")
    fail_under = config.getoption("fakecloud_cov_fail_under")
    if not (config.getoption("fakecloud_cov") or reports or fail_under is not None):
        return
    plugin = CoveragePlugin(config, parse_reports(reports), fail_under)
    config.pluginmanager.register(plugin, "fakecloud-coverage")
    if config.pluginmanager.hasplugin("xdist"):
        config.pluginmanager.register(WorkerData(plugin.coverage), "fakecloud-coverage-xdist")


class CoveragePlugin:
    def __init__(self, config, reports: list[tuple[str, str | None]], fail_under: float | None):
        self.config = config
        self.reports = reports
        self.fail_under = fail_under
        from fakecloud.insight.coverage import Coverage
        self.coverage = Coverage()
        self.written: list[str] = []
        self.worker = hasattr(config, "workerinput")

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_teardown(self, item, nextitem):
        try:
            return (yield)
        finally:
            seen: set[int] = set()
            for cloud in item.stash.get(WORLDS, []):
                if id(cloud) not in seen:
                    seen.add(id(cloud))
                    self.coverage.add_world(cloud)

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session):
        if self.worker:
            self.config.workeroutput[WORKER_KEY] = self.coverage.to_dict()
            return
        from fakecloud.insight.coverage_report import write_json
        base = str(self.config.invocation_params.dir)
        for kind, where in self.reports:
            if kind == "json":
                self.written.append(write_json(self.coverage, where, base))
            elif kind == "html":
                from fakecloud.insight.coverage_html import write_html
                self.written.append(write_html(self.coverage, where, base))
        if self.failed_under() and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def failed_under(self) -> bool:
        return self.fail_under is not None and self.coverage.percent < self.fail_under

    def pytest_terminal_summary(self, terminalreporter):
        if self.worker:
            return
        from fakecloud.insight.coverage_report import percent, shown, text
        write = terminalreporter.write_line
        terminalreporter.write_sep("-", "fakecloud flow coverage")
        if any(kind == "term" for kind, _ in self.reports):
            for line in text(self.coverage, str(self.config.invocation_params.dir)).splitlines():
                write(line)
        else:
            write(f"flow coverage: {percent(self.coverage.percent)}")
        for path in self.written:
            write(f"flow coverage report written to {shown(path)}")
        if self.fail_under is not None:
            verdict = "FAIL" if self.failed_under() else "OK"
            write(f"{verdict}: required flow coverage {self.fail_under:g}%, reached {percent(self.coverage.percent)}")


class WorkerData:
    """On the xdist controller: each worker's coverage, added as the worker finishes."""

    def __init__(self, coverage: Coverage):
        self.coverage = coverage

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node, error):
        data = getattr(node, "workeroutput", {}).get(WORKER_KEY)
        if data:
            self.coverage.merge(data)
