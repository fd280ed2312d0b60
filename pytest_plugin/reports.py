"""`--fakecloud-report-dir=DIR`: when a test fails, each flow run it made is written to DIR as an HTML run report
(the run a fakecloud assertion blamed with its diverging step marked), and the failure report lists the files."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from .keys import RUNNERS


def add_options(group) -> None:
    group.addoption("--fakecloud-report-dir", default=None, metavar="DIR",
                    help="write an HTML report (flow graph with the executed path, timeline) of every flow run of "
                         "each failing test into DIR")


def configure(config) -> None:
    directory = config.getoption("fakecloud_report_dir")
    if directory:
        config.pluginmanager.register(RunReports(Path(directory)), "fakecloud-run-reports")


def file_stem(nodeid: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid).strip("_")[:150] or "test"


class RunReports:
    def __init__(self, directory: Path):
        self.directory = directory

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item, call):
        report = yield
        if report.failed and report.when == "call":
            paths = self.write(item, call.excinfo.value if call.excinfo is not None else None)
            if paths:
                report.sections.append(("fakecloud run reports", "\n".join(paths)))
        return report

    def write(self, item, error) -> list[str]:
        from fakecloud.insight.run_report import write_report    # loaded when a failing test has runs to report
        blamed, mark = getattr(error, "run", None), getattr(error, "mark", None)
        runs = [run for runner in item.stash.get(RUNNERS, []) for run in runner.runs]
        if blamed is not None and all(run is not blamed for run in runs):
            runs.append(blamed)
        stem = file_stem(item.nodeid)
        paths = []
        for index, run in enumerate(runs):
            name = f"{stem}.html" if len(runs) == 1 else f"{stem}-{index + 1}.html"
            paths.append(write_report(run, self.directory / name, mark if run is blamed else None))
        return paths
