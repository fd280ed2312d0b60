"""`fakecloud run`: text and JSON output, exit codes, --input @file, --flows DIR."""
import json
import os

from fakecloud.cli import main

HERE = os.path.dirname(os.path.abspath(__file__))
MAIN = os.path.join(HERE, "flows", "main.yaml")
LIB = os.path.join(HERE, "flows", "lib")


def test_run_json_succeeds_with_subflows(capsys):
    assert main(["run", MAIN, "--flows", LIB, "--input", '{"v": 4}', "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["status"], doc["output"], doc["error"], doc["cause"]) == ("Succeeded", {"doubled": 4}, None, None)
    assert doc["events"][0]["Type"] == "ExecutionStarted" and doc["events"][-1]["Type"] == "ExecutionSucceeded"
    assert doc["events"][-1]["Time"] == "2024-01-01T01:00:00.000Z"


def test_run_text_timeline_and_exit_1_on_failure(capsys, tmp_path):
    data = tmp_path / "in.json"
    data.write_text('{"v": 11}')
    assert main(["run", MAIN, "--flows", LIB, "--input", f"@{data}"]) == 1
    out = capsys.readouterr().out
    assert "+1h00m00s    tooBig: FAILED TooBig: doubled value over 10" in out
    assert "execution failed: TooBig: doubled value over 10" in out
    assert out.strip().endswith("Failed after 19 events")


def test_run_without_the_subflow_fails_the_task(capsys):
    assert main(["run", MAIN, "--format", "json", "--input", "{\"v\": 1}"]) == 1
    assert json.loads(capsys.readouterr().out)["error"] == "fnf.FlowNotExists"


def test_run_exit_2_for_invalid_definitions_and_usage(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: v1\ntype: flow\nsteps:\n  - type: paralel\n    name: x\n")
    assert main(["run", str(bad)]) == 2
    assert "unknown step type 'paralel'" in capsys.readouterr().err
    assert main(["run", MAIN, "--input", "[1]"]) == 2
    assert main(["run", MAIN, "--input", "{not json"]) == 2
    assert main(["run", MAIN, "--input", "@/nonexistent.json"]) == 2
    assert main(["run", MAIN, "--flows", "/nonexistent-dir"]) == 2
    bad_dir = tmp_path / "flows"
    bad_dir.mkdir()
    (bad_dir / "broken.yaml").write_text("version: v1\n")
    assert main(["run", MAIN, "--flows", str(bad_dir)]) == 2


def test_run_answers_tasks_from_the_fake_world(capsys, tmp_path):
    flow = tmp_path / "look.yaml"
    flow.write_text("""version: v1
type: flow
steps:
  - type: task
    name: look
    action: goodstech:ClassifyCommodity
    serviceParams: {ImageURL: $.url}
  - type: task
    name: notify
    resourceArn: acs:mns:::/queues/missing/messages
    serviceParams: {MessageBody: $}
""")
    assert main(["run", str(flow), "--format", "json", "--input", '{"url": "http://example.com/a.jpg"}']) == 1
    doc = json.loads(capsys.readouterr().out)
    looked = next(e for e in doc["events"] if e["Type"] == "TaskSucceeded" and e["StepName"] == "look")
    assert json.loads(looked["EventDetail"])["output"]["Data"]["Categories"][0]["CategoryName"] == "sample"
    assert (doc["error"], doc["cause"]) == ("MNS.QueueNotExist", "The queue name you provided is not exist.")
