"""A state machine tested as a user tests a flow, through the plugin's fixtures (pytester): mocks by state path,
a WaitForCustomCallback task answered by a callback entry, the strict check naming a task no mock answered, a
scenario file whose `flow:` is a state machine, and a recording replayed without the services."""
import pytest

from test_machine_step_runs import MACHINES

TEST = '''
import os
import pytest
from fakecloud.testing import Return, Throw, assert_path, assert_succeeded

LIVE = os.environ.get("LIVE") == "1"


def test_pipeline(flow_runner, fake_fc):
    if LIVE:
        fake_fc.register("media/fetch", lambda e: {"segments": ["a", "b"]}, decode=True)
        fake_fc.register("media/cut", lambda e: {"clip": e + ".mp4"}, decode=True)
        fake_fc.register("media/notify", lambda e: {})
    run = flow_runner.run("machines/pipeline.yaml", {"id": 7}, recording=True)
    assert_succeeded(run)
    assert_path(run, ["Fetch", "Route", "Encode", "Publish"])
    assert run.output["Branch1"] == {"Items": [{"clip": "a.mp4"}, {"clip": "b.mp4"}]}
'''
RECORDING = "recordings/test_rec/test_pipeline.scenario.yaml"


@pytest.fixture
def machines(pytester):
    folder = pytester.mkdir("machines")
    for path in MACHINES.iterdir():
        (folder / path.name).write_text(path.read_text())
    return pytester


def run(pytester, *args):
    return pytester.runpytest("-p", "no:cacheprovider", "-o", "fakecloud_scenarios=false", *args)


def test_mocks_by_state_path_and_a_callback_entry(machines):
    machines.makepyfile(test_mocks='''
from fakecloud.testing import Return, Throw, assert_caught, assert_succeeded

def test_approval(flow_runner, fake_fc):
    fake_fc.register("media/ask", lambda e: {})
    flow_runner.callback("Approve", after=60, output={"approved": True})
    run = flow_runner.run("machines/approval.yaml", {"items": ["x", "y"]},
                          mocks={"child:Segments/Each[1]/Work": Throw("FC.Unknown", "broken"),
                                 "Each[*]/Work": Return({"Body": "ok"})})
    assert_succeeded(run)
    assert_caught(run, "Segments", "FC.Unknown", goto="Recover")
    assert run.output == {"items": ["x", "y"], "approved": True}
    assert [(c.path, c.answered_by) for c in run.calls] == [
        ("Approve", "world"), ("Segments", "world"), ("child:Segments/Each[0]/Work", "mock Each[*]/Work"),
        ("child:Segments/Each[1]/Work", "mock child:Segments/Each[1]/Work")]
    assert run.step("Segments").started_ms - run.execution.started_ms == 60000
''')
    run(machines, "test_mocks.py").assert_outcomes(passed=1)


def test_the_strict_check_names_the_state_no_mock_answered(machines):
    machines.makepyfile(test_strict='''
def test_pipeline(flow_runner):
    run = flow_runner.run("machines/pipeline.yaml", {"id": 7})
    assert run.error == "FakeCloud.Unmocked"
''')
    result = run(machines, "test_strict.py")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["fakecloud strict check failed", 'tasks no mock answered (unmocked="error"):',
                                 "  Fetch (attempt 0): FC:InvokeFunction acs:fc:::services/media/functions/fetch"])


def test_a_scenario_file_runs_a_state_machine(machines):
    (machines.path / "pipeline.scenario.yaml").write_text('''\
scenario: missing media
flow: machines/pipeline.yaml
input: {id: 9}
mocks:
  Fetch:
    - {attempt: 0, throw: {error: FC.ResourceThrottled, cause: slow}}
    - {attempt: 1, throw: {error: FC.ResourceNotFound, cause: gone}}
expect:
  status: Failed
  error: Media.NotFound
  cause: no such media
  path: [Fetch, Missing]
  steps:
    Fetch: {retries: 1, delays: [2], goto: Missing}
''')
    result = machines.runpytest("-p", "no:cacheprovider", "-v", "pipeline.scenario.yaml")
    result.assert_outcomes(passed=1)


def test_a_recording_of_a_state_machine_replays_without_the_services(machines, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    machines.makepyfile(test_rec=TEST)
    monkeypatch.setenv("LIVE", "1")
    run(machines, "--fakecloud-record-mode=once", "test_rec.py").assert_outcomes(passed=1)
    text = (machines.path / RECORDING).read_text()
    assert text.split("\n", 1)[1] == RECORDED
    monkeypatch.setenv("LIVE", "0")
    run(machines, "--fakecloud-record-mode=none", "test_rec.py").assert_outcomes(passed=1)
    result = machines.runpytest("-p", "no:cacheprovider", "-v", RECORDING)
    result.assert_outcomes(passed=1)


RECORDED = '''\
scenario: test_pipeline
flow: ../../machines/pipeline.yaml
name: pipeline
input:
  id: 7
unmocked: error
mocks:
  Fetch:
  - attempt: 0
    return:
      Body:
        segments:
        - a
        - b
  Encode[0]/Cut:
  - attempt: 0
    return:
      Body:
        clip: a.mp4
  Encode[1]/Cut:
  - attempt: 0
    return:
      Body:
        clip: b.mp4
  Publish.branch[0]/Notify:
  - attempt: 0
    return:
      Body: {}
expect:
  status: Succeeded
  output:
    Branch0:
      Body: {}
    Branch1:
      Items:
      - clip: a.mp4
      - clip: b.mp4
'''


def test_a_recording_keeps_a_custom_callback_as_a_callback_and_runs_the_subflow_again(machines, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    machines.makepyfile(test_rec='''
import os
from fakecloud.testing import assert_succeeded

def test_approval(flow_runner, fake_fc):
    if os.environ.get("LIVE") == "1":
        fake_fc.register("media/ask", lambda e: {})
        fake_fc.register("media/work", lambda e: {"done": e}, decode=True)
    run = flow_runner.run("machines/approval.yaml", {"items": [4]}, recording=True)
    run.advance(45)
    run.report_succeeded("Approve", {"approved": True})
    assert_succeeded(run)
    assert run.step("child:Segments/Each[0]/Work").output == {"Body": {"done": 4}}
''')
    monkeypatch.setenv("LIVE", "1")
    run(machines, "--fakecloud-record-mode=once", "test_rec.py").assert_outcomes(passed=1)
    text = (machines.path / "recordings/test_rec/test_approval.scenario.yaml").read_text()
    assert text.split("mocks:\n", 1)[1] == '''\
  child:Segments/Each[0]/Work:
  - attempt: 0
    return:
      Body:
        done: 4
callbacks:
- step: Approve
  after: 45
  output:
    approved: true
expect:
  status: Succeeded
  output:
    Items:
    - Body:
        done: 4
'''
    monkeypatch.setenv("LIVE", "0")
    run(machines, "--fakecloud-record-mode=none", "test_rec.py").assert_outcomes(passed=1)


def test_flow_coverage_of_state_machines_across_a_session(machines):
    machines.makepyfile(test_cov='''
from fakecloud.testing import Return, Throw

def test_missing(flow_runner):
    run = flow_runner.run("machines/pipeline.yaml", {"id": 8},
                          mocks={"Fetch": Throw("FC.ResourceNotFound", "gone")})
    assert run.error == "Media.NotFound"

def test_empty(flow_runner):
    run = flow_runner.run("machines/pipeline.yaml", {"id": 9}, mocks={"Fetch": Return({"Body": {"segments": []}})})
    assert run.status == "Succeeded"
''')
    result = run(machines, "--fakecloud-cov", "--fakecloud-cov-report=term", "--fakecloud-cov-report=html:cov",
                 "test_cov.py")
    result.assert_outcomes(passed=2)
    page = (machines.path / "cov" / "index.html").read_text()
    assert "machines/pipeline.yaml" in page and "Encode" in page and "39%" in page
    lines = result.outlines
    start = next(i for i, line in enumerate(lines) if "fakecloud flow coverage" in line)
    assert lines[start + 1:start + 15] == [
        "flow                       steps  branches   retries   catches     gotos  outcomes     loops   cover",
        "----------------------------------------------------------------------------------------------------",
        "machines/pipeline.yaml       4/9       1/2       0/1       1/1       1/2       2/5       0/3     39%",
        "----------------------------------------------------------------------------------------------------",
        "TOTAL                                                                             9/23 goals     39%",
        "",
        "not covered:",
        "  machines/pipeline.yaml:18: never Fetch retried (rule 1); Fetch failed with FC.ResourceThrottled",
        "  machines/pipeline.yaml:33: never Route: length($Input.segments) > 0 -> Encode",
        "  machines/pipeline.yaml:36: never Encode ran; Encode ran over 0 items; Encode ran over 1 item; Encode ran "
        "over 2 or more items; Encode: Next Publish",
        "  machines/pipeline.yaml:43: never Cut ran; Cut succeeded",
        "  machines/pipeline.yaml:54: never Publish ran",
        "  machines/pipeline.yaml:59: never Notify ran; Notify succeeded",
        "  machines/pipeline.yaml:68: never Archive ran"]
