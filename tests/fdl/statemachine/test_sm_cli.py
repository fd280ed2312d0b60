"""`fakecloud validate` on state machines: the summary line, the `dialect` field of --format json, --strict and
--execution-mode."""
import json
import pathlib

from fakecloud.cli import main

FLOWS = pathlib.Path(__file__).parent / "flows"
WARNS = "Type: StateMachine\nName: w\nSpecVersion: v1\nStartAt: A\nStates:\n  - {Type: Pass, Name: A, End: true}\n" \
        "  - {Type: Pass, Name: B, End: true}\n"
WAIT = "Type: StateMachine\nName: w\nSpecVersion: v1\nStartAt: A\nStates:\n  - {Type: Wait, Name: A, Seconds: 60, " \
       "End: true}\n"


def run(capsys, *args):
    code = main(["validate", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_text_summary_of_a_state_machine(capsys):
    path = FLOWS / "retry_and_catch.yaml"
    assert run(capsys, path) == (0, f"{path}: valid: state machine, 5 states (1 Fail, 1 Parallel, 2 Pass, 1 Task)\n",
                                 "")


def test_a_warning_is_printed_and_counted(capsys, tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text(WARNS)
    assert run(capsys, path) == (0, f"{path}:7:5: warning: States[1]: state 'B' is never reached: neither StartAt nor "
                                    f"any Next, Choice branch, Default or Catch rule of its scope names it\n"
                                    f"{path}: valid: state machine, 2 states (2 Pass), 1 warning\n", "")
    code, out, _ = run(capsys, "--strict", path)
    assert (code, out) == (1, f"{path}:7:5: error: States[1]: state 'B' is never reached: neither StartAt nor any "
                              f"Next, Choice branch, Default or Catch rule of its scope names it\n")


def test_json_says_which_dialect_each_file_is(capsys, tmp_path):
    old = tmp_path / "old.yaml"
    old.write_text("version: v1\ntype: flow\nsteps:\n  - {type: pass, name: a}\n")
    empty = tmp_path / "empty.yaml"
    empty.write_text("")
    code, out, _ = run(capsys, "--format", "json", FLOWS / "waits.yaml", old, empty)
    doc = json.loads(out)
    assert code == 1
    assert [(f["dialect"], f["valid"]) for f in doc["files"]] == [("StateMachine", True), ("flow", True), (None, False)]


def test_execution_mode_express(capsys, tmp_path):
    path = tmp_path / "wait.yaml"
    path.write_text(WAIT)
    assert run(capsys, path)[0] == 0
    assert run(capsys, "--execution-mode", "Express", path) == (
        1, f"{path}:6:36: error: States[0].Seconds: 'Seconds' is 60 s; in an Express flow it is at most 20 s\n", "")


def test_every_own_flow_validates_in_one_call(capsys):
    files = sorted(FLOWS.glob("*.yaml"))
    code, out, _ = run(capsys, *files)
    assert code == 0 and out.count(": valid: state machine, ") == len(files) == 14
