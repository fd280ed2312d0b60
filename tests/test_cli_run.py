"""`fakecloud run` given behaviour: `--scenario FILE` (its flow, input, services, mocks, callbacks; the exit says
whether its expectations hold), `--mock STEP=JSON` and `--callback STEP=JSON`; the timeline shows what each task
sent (its resolved serviceParams) and each child execution with its outcome."""
import json
import sys
from pathlib import Path

import pytest

from fakecloud.cli import main

ORDER = Path(__file__).parent.parent / "examples" / "order"
SCENARIO = "tests/approved-through-the-queue.scenario.yaml"
LARGE = '{"orderId": "A-9", "items": [{"sku": "pan"}, {"sku": "pan"}], "photoUrl": "https://shop/p.jpg", ' \
        '"express": false}'


@pytest.fixture
def in_order_example(monkeypatch):
    """In the order example's folder, as its README says to run it; the import path restored after."""
    monkeypatch.chdir(ORDER)
    monkeypatch.setattr(sys, "path", list(sys.path))


def test_a_scenario_with_handlers_runs_and_its_expectations_decide_the_exit(in_order_example, capsys):
    assert main(["run", "--scenario", SCENARIO]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "Succeeded after 56 events"
    assert "           +0s    result {\"total\":1350,\"checkedAt\":\"2024-01-01T00:00:00Z\"}" in out   # the handler
    assert "           +0s    call goodstech:ClassifyCommodity (requestResponse), serviceParams " \
           "{\"ImageURL\":\"https://shop/cup.jpg\"}" in out
    assert "     +2h00m00s  askApproval: ok, output {\"approved\":true}" in out
    child = next(i for i, line in enumerate(out) if "child execution shipping/" in line)
    assert out[child - 1] == "     +2h00m00s    submitted, waiting"
    assert out[child + 1].startswith("     +2h00m00s        execution started, input {\"orderId\":\"A-1002\"")
    assert "  +1d02h00m00s        execution succeeded, output {\"labels\":[\"pot\",\"pan\"],\"service\":\"standard\"," \
           "\"shipment\":{\"orderId\":\"A-1002\",\"labels\":[\"pot\",\"pan\"],\"service\":\"standard\"}}" in out


def test_a_scenario_whose_expectations_fail_exits_1_and_says_which(in_order_example, capsys):
    code = main(["run", "--scenario", SCENARIO, "--callback", 'askApproval={"error": "Rejected"}'])
    assert code == 1
    assert capsys.readouterr().err.splitlines()[:8] == [
        "scenario large order approved through the queue: step askApproval differs:",
        '  output $: expected {"approved": true}, got null',
        "also differing:",
        "  path differs at step 5",
        "  step child:ship/handOver did not run",
        "  status: expected Succeeded, got Failed",
        "  output differs",
        "executed path of order (virtual time since the start):",
    ]


def test_mocks_and_callbacks_on_the_command_line(in_order_example, capsys):
    code = main(["run", "flows/order.yaml", "--flows", "flows", "--input", LARGE,
                 "--mock", 'validateOrder={"return": {"total": 1800}}',
                 "--mock", 'checkPhoto=[{"throw": {"error": "goodstech.InternalError.Busy"}}, '
                           '{"return": {"Data": {"Categories": []}}}]',
                 "--mock", 'reserve={"return": {"reservationId": "r-1"}}',
                 "--callback", 'askApproval={"after": 3600, "output": {"approved": true}}',
                 "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert (code, doc["status"], doc["output"]["reservations"]) == (0, "Succeeded", ["r-1", "r-1"])
    retried = [e for e in doc["events"] if e["StepName"] == "checkPhoto" and e["Type"] == "TaskScheduled"]
    assert [e["Time"] for e in retried] == ["2024-01-01T00:00:00.000Z", "2024-01-01T00:00:10.000Z"]


@pytest.mark.parametrize("args, message", [
    (["--mock", "validateOrder"], "fakecloud run: error: --mock validateOrder: write STEP=JSON, e.g. "
                                  "'charge={\"return\": {\"paid\": true}}'"),
    (["--mock", "validateOrder={not json"], "fakecloud run: error: --mock validateOrder: Expecting property name "
                                            "enclosed in double quotes: line 1 column 2 (char 1)"),
    (["--mock", 'validateOrder={"retrun": {}}'], "fakecloud run: error: --mock validateOrder: --mock validateOrder: "
                                                 "unknown field 'retrun' (did you mean 'return'? known: attempt, "
                                                 "when, times, duration, return, throw)"),
    (["--mock", 'validateOrdr={"return": {}}'], "fakecloud run: error: mocks: 'validateOrdr' matches no step of "
                                                "flow order or the subflows it starts (did you mean "
                                                "'validateOrder'?)"),
    (["--callback", 'askApproval={"aftre": 1}'], "fakecloud run: error: --callback askApproval: --callback "
                                                 "askApproval: unknown field 'aftre' (did you mean 'after'? known: "
                                                 "step, after, output, error, cause)"),
])
def test_mistakes_on_the_command_line_are_usage_errors(in_order_example, capsys, args, message):
    assert main(["run", "flows/order.yaml", "--flows", "flows", *args]) == 2
    assert capsys.readouterr().err.splitlines()[0].startswith(message)


def test_flow_and_scenario_go_one_at_a_time(in_order_example, capsys):
    assert main(["run"]) == 2
    assert main(["run", "flows/order.yaml", "--scenario", SCENARIO]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "fakecloud run: error: give a FLOW.yaml or --scenario FILE (a scenario names its flow)"] * 2


CALLER = """version: v1
type: flow
steps:
  - type: task
    name: start
    resourceArn: acs:fnf:::flow/child
    serviceParams: {Input: {n: $.n}}
"""
CHILD = """version: v1
type: flow
steps:
  - type: pass
    name: twice
    outputMappings:
      - target: n
        source: $input.n
"""


def test_a_request_response_child_is_shown_with_its_outcome(tmp_path, capsys):
    (tmp_path / "lib").mkdir()
    (tmp_path / "caller.yaml").write_text(CALLER)
    (tmp_path / "lib" / "child.yaml").write_text(CHILD)
    assert main(["run", str(tmp_path / "caller.yaml"), "--flows", str(tmp_path / "lib"), "--input", '{"n": 3}']) == 0
    lines = [" ".join(line.split()) for line in capsys.readouterr().out.splitlines()]
    call = lines.index('+0s call acs:fnf:::flow/child (requestResponse), serviceParams {"Input":{"n":3}}')
    assert lines[call + 1].startswith("+0s child execution child/")
    assert lines[call + 2:call + 6] == ['+0s execution started, input {"n":3}', "+0s twice",
                                        '+0s twice: ok, output {"n":3}', '+0s execution succeeded, output {"n":3}']
    assert lines[call + 6].startswith('+0s result {"FlowName":"child","ExecutionName":')


def test_the_json_format_is_what_json_dumps_writes_with_indent_2(tmp_path, capsys):
    flow = tmp_path / "fan.yaml"
    flow.write_text("version: v1\ntype: flow\nsteps:\n"
                    "  - type: foreach\n    name: each\n    iterationMapping: {collection: $.items, item: item}\n"
                    "    steps:\n      - {type: pass, name: work}\n"
                    "  - {type: fail, name: stop, error: Stopped.ø, cause: \"done \\\"here\\\" ☃\"}\n",
                    encoding="utf-8")
    data = json.dumps({"items": [{"n": 1e16, "s": "ä\n\t\"\\</"}, -0.0, 10 ** 20, None, True, [], {}]})
    assert main(["run", str(flow), "--input", data, "--format", "json"]) == 1
    out = capsys.readouterr().out
    doc = json.loads(out)
    assert (doc["status"], doc["error"], doc["cause"], len(doc["events"])) == (
        "Failed", "Stopped.ø", 'done "here" ☃', 51)
    assert out == json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def test_the_json_format_of_a_history_without_events(capsys):
    from fakecloud.cli_run import _write_json
    from fakecloud.engine.history import History

    class Unstarted:
        status, output, error, cause, history = "Running", {"a": [1, "ø"]}, None, None, History()

    _write_json(Unstarted, sys.stdout)
    doc = {"status": "Running", "output": {"a": [1, "ø"]}, "error": None, "cause": None, "events": []}
    assert capsys.readouterr().out == json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
