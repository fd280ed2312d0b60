"""Record and replay through the flow_runner fixture: the modes, CI forcing replay-only, secret scrubbing and
id normalisation, and recordings runnable as scenarios."""
import pytest

TEST = '''
import os
import pytest
from fakecloud.testing import assert_succeeded

LIVE = os.environ.get("LIVE") == "1"

# replayed steps leave the live set-up unused: only new_episodes mixes both
@pytest.mark.fakecloud(strict=os.environ.get("STRICT", "1") == "1")
def test_order(flow_runner, fake_fc, fake_mns, fake_viapi):
    if LIVE:
        fake_fc.register("shop/charge", lambda e: {"paid": True, "AccessKeySecret": "s3cr3t",
                                                  "url": "https://x/?Signature=abc&AccessKeyId=LTAI5tAbCdEfGhIjKlMn"})
        fake_fc.register("shop/reserve", lambda e: {"reserved": e["item"]}, decode=True)
        fake_fc.register("shop/book", lambda e: {"slot": "mon"})
        fake_mns.create_topic("orders")
        fake_mns.create_queue("approvals")
        fake_viapi.script("goodstech", "ClassifyCommodity").returns({"Data": {}})
    run = flow_runner.run("flows/shop.yaml", {"orderId": "o-1", "items": ["cup"]}, recording=True)
    run.advance(90)
    run.report_succeeded("approve", {"approved": True})
    assert_succeeded(run)
    assert run.output["slot"] == "mon"
'''
RECORDING = "recordings/test_rec/test_order.scenario.yaml"


@pytest.fixture
def rec(shop, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    shop.makepyfile(test_rec=TEST)
    return shop


def run(pytester, monkeypatch, mode, live=False, *args):
    monkeypatch.setenv("LIVE", "1" if live else "0")
    return pytester.runpytest("-p", "no:cacheprovider", "-o", "fakecloud_scenarios=false",
                              f"--fakecloud-record-mode={mode}", "test_rec.py", *args)


def test_none_without_a_recording_fails_and_names_the_mode_to_record(rec, monkeypatch):
    result = run(rec, monkeypatch, "none")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*RecordingMissing: no recording at *recordings/test_rec/test_order.scenario.yaml "
                                 "to replay (record mode none); record it with --fakecloud-record-mode=once"])


def test_once_records_then_none_replays_without_the_services(rec, monkeypatch):
    run(rec, monkeypatch, "once", live=True).assert_outcomes(passed=1)
    text = (rec.path / RECORDING).read_text()
    assert "s3cr3t" not in text and "LTAI5t" not in text and "Signature=abc" not in text
    assert "AccessKeySecret: <scrubbed>" in text
    assert "url: https://x/?Signature=<scrubbed>&AccessKeyId=<scrubbed>" in text
    assert "RequestId: <RequestId-1>" in text
    assert "- step: approve\n  after: 90\n  output:\n    approved: true\n" in text
    run(rec, monkeypatch, "none").assert_outcomes(passed=1)       # no handlers registered: replayed
    run(rec, monkeypatch, "once").assert_outcomes(passed=1)       # exists: replayed, not rewritten
    assert (rec.path / RECORDING).read_text() == text


def test_recordings_are_stable_and_all_rerecords(rec, monkeypatch):
    run(rec, monkeypatch, "all", live=True).assert_outcomes(passed=1)
    first = (rec.path / RECORDING).read_text()
    run(rec, monkeypatch, "all", live=True).assert_outcomes(passed=1)
    assert (rec.path / RECORDING).read_text() == first


def test_ci_forces_replay_only(rec, monkeypatch):
    monkeypatch.setenv("CI", "true")
    result = run(rec, monkeypatch, "all", live=True)
    result.stdout.fnmatch_lines(["fakecloud: CI is set, record mode all forced to none"])
    result.assert_outcomes(failed=1)
    assert not (rec.path / RECORDING).exists()


def test_new_episodes_replays_what_is_recorded_and_records_the_rest(rec, monkeypatch):
    run(rec, monkeypatch, "once", live=True).assert_outcomes(passed=1)
    path = rec.path / RECORDING
    text = path.read_text()
    cut = text.index("  child:deliver/book:")
    path.write_text(text[:cut] + text[text.index("callbacks:"):])
    run(rec, monkeypatch, "none").assert_outcomes(failed=1)          # book is missing from the recording
    monkeypatch.setenv("STRICT", "0")
    run(rec, monkeypatch, "new_episodes", live=True).assert_outcomes(passed=1)
    assert path.read_text() == text


def test_a_recording_runs_as_a_scenario(rec, monkeypatch):
    run(rec, monkeypatch, "once", live=True).assert_outcomes(passed=1)
    result = rec.runpytest("-p", "no:cacheprovider", "-v", "recordings")
    result.stdout.fnmatch_lines(["*test_order.scenario.yaml::test_order PASSED*"])
