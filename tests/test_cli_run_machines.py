"""`fakecloud run` with a state machine: the timeline shows each state (iterations and branches indented, task
results and errors under their state, a subflow under the task that started it) and `--format json` the
history with the new event types."""
import json
from pathlib import Path

from fakecloud.cli import main

MACHINES = Path(__file__).parent / "plugin" / "machines"


def test_the_timeline_of_a_state_machine_scenario(capsys):
    assert main(["run", "--scenario", str(MACHINES / "pipeline.scenario.yaml")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "Succeeded after 27 events"
    assert [line[8:] for line in out[1:-1]] == [
        "   +0s  execution started, input {\"id\":3}",
        "   +0s  Fetch",
        "   +0s    call FC:InvokeFunction (RequestComplete), Parameters {\"resourceArn\":\"acs:fc:::services/media/"
        "functions/fetch\",\"invocationType\":\"Sync\",\"body\":{\"id\":3}}",
        "   +0s    error FC.ResourceThrottled: slow",
        "   +2s    result {\"Body\":{\"segments\":[\"x\"]}}",
        "   +2s  Fetch: ok, output {\"segments\":[\"x\"]}",
        "   +2s  Route",
        "   +2s  Route: ok, output {\"segments\":[\"x\"]}",
        "   +2s  Encode",
        "   +2s    iteration 0",
        "   +2s      Cut",
        "   +2s        call FC:InvokeFunction (RequestComplete), Parameters {\"resourceArn\":\"acs:fc:::services/"
        "media/functions/cut\",\"invocationType\":\"Sync\",\"body\":\"x\"}",
        "   +2s        result {\"Body\":{\"clip\":\"x.mp4\"}}",
        "   +2s      Cut: ok, output {\"clip\":\"x.mp4\"}",
        "   +2s  Encode: ok, output {\"Items\":[{\"clip\":\"x.mp4\"}]}",
        "   +2s  Publish",
        "   +2s    branch 0",
        "   +2s      Notify",
        "   +2s        call FC:InvokeFunction (RequestComplete), Parameters {\"resourceArn\":\"acs:fc:::services/"
        "media/functions/notify\",\"invocationType\":\"Sync\"}",
        "   +2s    branch 1",
        "   +2s      Archive",
        "   +2s      Archive: ok, output {\"Items\":[{\"clip\":\"x.mp4\"}]}",
        "   +5s        result {\"Body\":\"\"}",
        "   +5s      Notify: ok, output {\"Body\":\"\"}",
        "   +5s  Publish: ok, output {\"Branch0\":{\"Body\":\"\"},\"Branch1\":{\"Items\":[{\"clip\":\"x.mp4\"}]}}",
        "   +5s  execution succeeded, output {\"Branch0\":{\"Body\":\"\"},\"Branch1\":{\"Items\":[{\"clip\":\"x.mp4\"}]}}"]


def test_a_subflow_is_shown_under_the_task_that_started_it(tmp_path, capsys):
    scenario = tmp_path / "approval.scenario.yaml"
    scenario.write_text(f"""\
scenario: approval
flow: {MACHINES / 'approval.yaml'}
flows: {{segments: {MACHINES / 'segments.yaml'}}}
input: {{items: [1]}}
mocks:
  Approve: {{return: {{approved: true}}}}
  Work: {{throw: {{error: FC.Unknown, cause: bad}}}}
""")
    assert main(["run", "--scenario", str(scenario)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "Succeeded after 16 events"
    out = [line[8:] for line in lines[1:-1]]
    child = next(i for i, line in enumerate(out) if "child execution segments/" in line)
    assert out[child - 2:child] == [
        "   +0s  Segments",
        "   +0s    call FNF:StartExecution (WaitForSystemCallback), Parameters {\"resourceArn\":\"acs:fnf:::flow/"
        "segments\",\"input\":{\"items\":[1]}}"]
    assert out[child + 1:child + 11] == [
        "   +0s      execution started, input {\"items\":[1]}",
        "   +0s      Each",
        "   +0s        iteration 0",
        "   +0s          Work",
        "   +0s            call FC:InvokeFunction (RequestComplete), Parameters {\"resourceArn\":\"acs:fc:::"
        "services/media/functions/work\",\"invocationType\":\"Sync\",\"body\":1}",
        "   +0s            error FC.Unknown: bad",
        "   +0s          Work: FAILED FC.Unknown: bad",
        "   +0s      Each: FAILED FC.Unknown: bad",
        "   +0s      execution failed: FC.Unknown: bad",
        "   +0s    error FC.Unknown: bad"]
    assert out[child + 11:] == [
        "   +0s  Segments: FAILED FC.Unknown: bad",
        "   +0s  Recover",
        "   +0s  Recover: ok, output {\"items\":[1],\"approved\":true}",
        "   +0s  Done",
        "   +0s  Done: ok, output {\"items\":[1],\"approved\":true}",
        "   +0s  execution succeeded, output {\"items\":[1],\"approved\":true}"]


def test_json_output_has_the_state_machine_history(capsys):
    assert main(["run", "--scenario", str(MACHINES / "pipeline.scenario.yaml"), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["status"], doc["error"]) == ("Succeeded", None)
    assert [(e["Type"], e["StepName"]) for e in doc["events"][:7]] == [
        ("ExecutionStarted", ""), ("StateEntered", "Fetch"), ("StateStarted", "Fetch"), ("TaskFailed", "Fetch"),
        ("TaskSucceeded", "Fetch"), ("StateSucceeded", "Fetch"), ("StateEntered", "Route")]
    assert doc["events"][3]["EventDetail"] == '{"error":"FC.ResourceThrottled","cause":"slow"}'
