"""The HTML run and coverage reports as a person sees them: opened in headless Chromium, their script runs, the
graph and the timeline render, the executed path is drawn in its colour and the diverging step is marked."""
import re
from pathlib import Path

import pytest
from browser_support import CHROMIUM, SKIP_REASON, count, dump_dom, pixels, screenshot

from fakecloud.cloud import FakeCloud
from fakecloud.insight.coverage import Coverage
from fakecloud.insight.coverage_html import write_html
from fakecloud.testing import FlowRunner, Return, Throw

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason=SKIP_REASON)

FLOWS = Path(__file__).parent / "flows"
GREEN, RED, PURPLE = "#2f8132", "#c62828", "#7b1fa2"                 # strokes, the badge
RAN, PARTLY, FAILED = "#e3f9e5", "#fff3c4", "#ffe3e3"                  # fills: ran / covered, partly, failed / missed


def _failed_run():
    runner = FlowRunner(FakeCloud(), base_dirs=[FLOWS], unmocked="default")
    return runner.run("fanout.yaml", {"items": ["a", "b"]},
                      mocks={"reserve": Return({}), "mail": [Throw("MNS.TopicNotExist", "gone")]})


def test_the_run_report_renders_its_graph_timeline_and_the_diverging_step(tmp_path):
    run = _failed_run()
    assert (run.status, run.error) == ("Failed", "MNS.TopicNotExist")
    page = run.report(tmp_path / "run.html")
    dom = dump_dom(page)
    assert 'data-ready="1"' in dom                                   # the page's script ran
    panel = re.search(r'<aside id="fc-detail">(.*?)</aside>', dom, re.S)[1]
    assert panel.startswith("<h2>notify.branch[0]/mail</h2><h3>status</h3><pre>failed</pre>")   # the marked row
    assert re.search(r'<g class="node k-task failed diverged" data-node="[^"]*" data-path="notify.branch\[0\]/mail">',
                     dom)
    assert len(re.findall(r'<g class="edge k-\w+ followed"', dom)) == 9
    assert re.search(r'<g class="row diverged s-failed selected" data-detail="run\|\d+">', dom)
    shot = screenshot(page, str(tmp_path / "run.png"), height=1500)
    _, _, rows = pixels(shot)
    assert count(rows, PURPLE) > 200          # the "diverges here" badge and the marked node's frame
    assert count(rows, RAN) > 2000            # the steps that ran, filled green
    assert count(rows, FAILED) > 700          # the failed steps, filled red
    assert count(rows, GREEN) > 100 and count(rows, RED) > 50    # edges followed, attempts on the timeline


def test_the_coverage_report_renders_each_flow_coloured_by_coverage(tmp_path):
    cloud = FakeCloud()
    runner = FlowRunner(cloud, base_dirs=[FLOWS])
    runner.run("pay.yaml", {"express": True}, mocks={"charge": [Throw("FC.ResourceThrottled"), Return({})]})
    coverage = Coverage()
    coverage.add_world(cloud)
    page = write_html(coverage, str(tmp_path / "cov"), str(FLOWS))
    dom = dump_dom(page)
    assert 'data-ready="1"' in dom
    states = dict((p, c) for c, p in re.findall(r'<g class="node k-\w+ ([\w-]+)" data-node="[^"]*" '
                                                r'data-path="([^"]*)"', dom))
    assert states == {"charge": "cov-part", "route": "cov-part", "fast": "cov-full", "slow": "cov-none",
                      "refuse": "cov-none"}
    assert dom.count('<tr class="missed"') == 4 and dom.count('<tr class="covered"') == 5
    _, _, rows = pixels(screenshot(page, str(tmp_path / "cov.png"), height=1200))
    assert count(rows, RAN) > 4000 and count(rows, PARTLY) > 900 and count(rows, FAILED) > 3500
