"""`fakecloud validate FILE... [--format json] [--strict]`: output lines, JSON shape and exit codes."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from fakecloud import __version__
from fakecloud.cli import main

FLOWS = Path(__file__).parent / "fdl" / "flows"

VALID = "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: only\n"
WITH_WARNING = """\
version: v1
type: flow
steps:
  - type: succeed
    name: stop
  - type: pass
    name: late
"""
INVALID = """\
version: v1
type: flow
steps:
  - type: pass
    name: a
    colour: red
  - type: wait
    name: w
"""
UNREACHABLE = "step 'late' is never reached: no step before it falls through to it and no goto names it"


@pytest.fixture
def write(tmp_path):
    def write(name, content):
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
        return str(path)
    return write


def run(capsys, *args):
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    return code, out, err


# -- text output ----------------------------------------------------------------------------------

def test_valid_file(write, capsys):
    path = write("ok.yaml", VALID)
    assert run(capsys, path) == (0, f"{path}: valid: 1 step (1 pass)\n", "")


def test_valid_file_with_a_warning(write, capsys):
    path = write("warn.yaml", WITH_WARNING)
    assert run(capsys, path) == (0, f"{path}:6:5: warning: steps[1]: {UNREACHABLE}\n"
                                    f"{path}: valid: 2 steps (1 pass, 1 succeed), 1 warning\n", "")


def test_invalid_file(write, capsys):
    path = write("bad.yaml", INVALID)
    assert run(capsys, path) == (1, f"{path}:6:5: error: steps[0].colour: unknown field 'colour' in a pass step\n"
                                    f"{path}:7:5: error: steps[1]: a wait step needs exactly one of 'duration' or "
                                    f"'timestamp'\n", "")


def test_fixture_flows_summaries(capsys):
    names = ["approval_loop.yaml", "integrations.yaml", "loan_desk.yaml", "media_fanout.yaml", "reminders.yaml"]
    code, out, err = run(capsys, *(str(FLOWS / n) for n in names))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"{FLOWS / 'approval_loop.yaml'}: valid: 8 steps (1 choice, 1 fail, 1 pass, 1 succeed, 3 task, 1 wait)",
        f"{FLOWS / 'integrations.yaml'}: valid: 10 steps (10 task)",
        f"{FLOWS / 'loan_desk.yaml'}: valid: 5 steps (2 fail, 1 pass, 2 task)",
        f"{FLOWS / 'media_fanout.yaml'}: valid: 9 steps (2 foreach, 2 parallel, 5 task)",
        f"{FLOWS / 'reminders.yaml'}: valid: 14 steps (3 choice, 2 foreach, 4 pass, 1 succeed, 1 task, 3 wait)",
    ]


def test_several_files_with_mixed_results(write, capsys):
    ok, warn, bad = write("ok.yaml", VALID), write("warn.yaml", WITH_WARNING), write("bad.yaml", INVALID)
    code, out, err = run(capsys, ok, bad, warn, ok)
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        f"{ok}: valid: 1 step (1 pass)",
        f"{bad}:6:5: error: steps[0].colour: unknown field 'colour' in a pass step",
        f"{bad}:7:5: error: steps[1]: a wait step needs exactly one of 'duration' or 'timestamp'",
        f"{warn}:6:5: warning: steps[1]: {UNREACHABLE}",
        f"{warn}: valid: 2 steps (1 pass, 1 succeed), 1 warning",
        f"{ok}: valid: 1 step (1 pass)",
    ]


def test_all_valid_files_exit_zero(write, capsys):
    code, out, _ = run(capsys, write("a.yaml", VALID), write("b.yaml", WITH_WARNING))
    assert code == 0 and len(out.splitlines()) == 3


@pytest.mark.parametrize("name, content, message", [
    ("empty.yaml", b"", "1:1: error: empty file: a flow definition needs 'version', 'type' and 'steps'"),
    ("logo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "1:1: error: binary file, not a YAML flow definition"),
    ("huge.yaml", b"# " + b"x" * (2 * 1024 * 1024) + b"\n",
     "1:1: error: file is 2.0 MiB; a flow definition must fit in one API request (1024 KiB)"),
    ("latin1.yaml", b"version: v1\ntype: flow\nname: caf\xe9\n", "1:1: error: not UTF-8 text (invalid byte at offset 32)"),
])
def test_unusable_file_gives_one_line(write, capsys, name, content, message):
    path = write(name, content)
    assert run(capsys, path) == (1, f"{path}:{message}\n", "")


def test_a_directory_is_searched_for_flow_files(tmp_path, capsys):
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b.yaml").write_text(VALID)
    (tmp_path / "sub" / "a.yml").write_text(WITH_WARNING)
    (tmp_path / "sub" / "deeper" / "c.yaml").write_text(INVALID)
    (tmp_path / "sub" / "run.scenario.yaml").write_text("flow: a.yml\n")      # a scenario, not a flow
    (tmp_path / ".hidden" / "x.yaml").write_text("not: a flow\n")
    (tmp_path / "notes.txt").write_text("not yaml")
    code, out, err = run(capsys, str(tmp_path))
    assert (code, err) == (1, "")
    assert [line.split(": ", 1) for line in out.splitlines()] == [
        [f"{tmp_path}/b.yaml", "valid: 1 step (1 pass)"],
        [f"{tmp_path}/sub/a.yml:6:5", "warning: steps[1]: step 'late' is never reached: no step before it falls "
                                      "through to it and no goto names it"],
        [f"{tmp_path}/sub/a.yml", "valid: 2 steps (1 pass, 1 succeed), 1 warning"],
        [f"{tmp_path}/sub/deeper/c.yaml:6:5", "error: steps[0].colour: unknown field 'colour' in a pass step"],
        [f"{tmp_path}/sub/deeper/c.yaml:7:5", "error: steps[1]: a wait step needs exactly one of 'duration' or "
                                              "'timestamp'"],
    ]


def test_a_directory_without_flow_files_is_a_usage_error(tmp_path, capsys):
    assert run(capsys, str(tmp_path)) == (
        2, "", f"fakecloud validate: error: {tmp_path}: no *.yaml or *.yml files in this directory\n")


def test_a_missing_file_is_a_usage_error_and_nothing_is_checked(write, tmp_path, capsys):
    path = tmp_path / "nowhere.yaml"
    assert run(capsys, write("ok.yaml", VALID), str(path)) == (
        2, "", f"fakecloud validate: error: {path}: no such file or directory\n")


def test_unusable_files_do_not_stop_the_others(write, tmp_path, capsys):
    ok = write("ok.yaml", VALID)
    code, out, err = run(capsys, write("latin1.yaml", b"version: v1\nname: caf\xe9\n"), ok, write("empty.yaml", b""))
    assert (code, err) == (1, "")
    assert [line.split(": ", 1)[1] for line in out.splitlines()] == [
        "error: not UTF-8 text (invalid byte at offset 21)",
        "valid: 1 step (1 pass)",
        "error: empty file: a flow definition needs 'version', 'type' and 'steps'",
    ]


def test_unexpected_exception_is_one_line_not_a_traceback(write, capsys, monkeypatch):
    from fakecloud import fdl

    def explode(path, **options):
        raise RuntimeError("boom")
    monkeypatch.setattr(fdl, "check_file", explode)
    path = write("ok.yaml", VALID)
    assert run(capsys, path) == (1, f"{path}:1:1: error: internal error while checking: RuntimeError: boom\n", "")


# -- --strict -------------------------------------------------------------------------------------

def test_strict_turns_warnings_into_errors(write, capsys):
    path = write("warn.yaml", WITH_WARNING)
    assert run(capsys, "--strict", path) == (1, f"{path}:6:5: error: steps[1]: {UNREACHABLE}\n", "")


def test_strict_with_valid_and_invalid_files(write, capsys):
    ok, warn, bad = write("ok.yaml", VALID), write("warn.yaml", WITH_WARNING), write("bad.yaml", INVALID)
    code, out, err = run(capsys, "--strict", ok, warn, bad)
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        f"{ok}: valid: 1 step (1 pass)",
        f"{warn}:6:5: error: steps[1]: {UNREACHABLE}",
        f"{bad}:6:5: error: steps[0].colour: unknown field 'colour' in a pass step",
        f"{bad}:7:5: error: steps[1]: a wait step needs exactly one of 'duration' or 'timestamp'",
    ]


def test_format_option_between_file_names(write, capsys):
    ok, bad = write("ok.yaml", VALID), write("bad.yaml", INVALID)
    code, out, _ = run(capsys, ok, "--format", "json", bad)
    assert code == 1
    assert [(f["file"], f["valid"]) for f in json.loads(out)["files"]] == [(ok, True), (bad, False)]


def test_option_between_file_names(write, capsys):
    ok, warn = write("ok.yaml", VALID), write("warn.yaml", WITH_WARNING)
    code, out, _ = run(capsys, ok, "--strict", warn)
    assert code == 1
    assert out.splitlines() == [f"{ok}: valid: 1 step (1 pass)", f"{warn}:6:5: error: steps[1]: {UNREACHABLE}"]


def test_strict_on_clean_files_exits_zero(write, capsys):
    path = write("ok.yaml", VALID)
    assert run(capsys, "--strict", path) == (0, f"{path}: valid: 1 step (1 pass)\n", "")


# -- --format json --------------------------------------------------------------------------------

def test_json_output(write, capsys):
    ok, warn, bad = write("ok.yaml", VALID), write("warn.yaml", WITH_WARNING), write("bad.yaml", INVALID)
    code, out, err = run(capsys, "--format", "json", ok, warn, bad)
    assert (code, err) == (1, "")
    assert json.loads(out) == {"valid": False, "files": [
        {"file": ok, "dialect": "flow", "valid": True, "errors": [], "warnings": []},
        {"file": warn, "dialect": "flow", "valid": True, "errors": [], "warnings": [
            {"file": warn, "line": 6, "column": 5, "severity": "warning", "code": "unreachable",
             "path": "steps[1]", "message": UNREACHABLE}]},
        {"file": bad, "dialect": "flow", "valid": False, "warnings": [], "errors": [
            {"file": bad, "line": 6, "column": 5, "severity": "error", "code": "unknown-field",
             "path": "steps[0].colour", "message": "unknown field 'colour' in a pass step"},
            {"file": bad, "line": 7, "column": 5, "severity": "error", "code": "wait",
             "path": "steps[1]", "message": "a wait step needs exactly one of 'duration' or 'timestamp'"}]},
    ]}


def test_json_output_all_valid(write, capsys):
    path = write("ok.yaml", VALID)
    code, out, _ = run(capsys, "--format=json", path)
    assert code == 0
    assert json.loads(out) == {"valid": True, "files": [{"file": path, "dialect": "flow", "valid": True, "errors": [], "warnings": []}]}


def test_json_output_with_strict(write, capsys):
    path = write("warn.yaml", WITH_WARNING)
    code, out, _ = run(capsys, "--strict", "--format", "json", path)
    assert code == 1
    assert json.loads(out) == {"valid": False, "files": [{"file": path, "dialect": "flow", "valid": False, "warnings": [], "errors": [
        {"file": path, "line": 6, "column": 5, "severity": "error", "code": "unreachable", "path": "steps[1]",
         "message": UNREACHABLE}]}]}


def test_json_output_for_unusable_files(write, tmp_path, capsys):
    empty = write("empty.yaml", b"")
    latin1 = write("latin1.yaml", b"version: v1\nname: caf\xe9\n")
    code, out, _ = run(capsys, "--format", "json", latin1, empty)
    assert code == 1
    doc = json.loads(out)
    assert [(f["file"], f["valid"], [e["code"] for e in f["errors"]]) for f in doc["files"]] == [
        (latin1, False, ["encoding"]), (empty, False, ["empty"])]


def test_json_keeps_non_ascii_text(write, capsys):
    path = write("名前.yaml", VALID.replace("    name: only\n", "    name: 步骤\n    颜色: red\n"))
    code, out, _ = run(capsys, "--format", "json", path)
    assert code == 1
    assert "unknown field '颜色' in a pass step" in out
    assert json.loads(out)["files"][0]["file"] == path


# -- usage ----------------------------------------------------------------------------------------

def test_no_arguments_exit_2(capsys):
    assert main([]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("usage: fakecloud")


def test_validate_without_files_exit_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["validate"])
    assert info.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines()[-1] == "fakecloud validate: error: the following arguments are required: FILE|DIR"


@pytest.mark.parametrize("args, message", [
    (["validate", "--format", "xml", "f.yaml"],
     "fakecloud validate: error: argument --format: invalid choice: 'xml' (choose from 'text', 'json')"),
    (["validate", "--bogus", "f.yaml"], "fakecloud: error: unrecognized arguments: --bogus"),
])
def test_usage_errors_exit_2(capsys, args, message):
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 2
    out, err = capsys.readouterr()
    assert out == "" and err.splitlines()[-1] == message


def test_unknown_command_exit_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["frobnicate"])
    assert info.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines()[-1].startswith("fakecloud: error: argument COMMAND: invalid choice: 'frobnicate' "
                                           "(choose from 'validate'")


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out == f"fakecloud {__version__}\n"


# -- the installed command ------------------------------------------------------------------------

def test_console_entry_point(tmp_path):
    ok, bad = tmp_path / "ok.yaml", tmp_path / "bad.yaml"
    ok.write_text(VALID)
    bad.write_text(INVALID)
    done = subprocess.run([sys.executable, "-m", "fakecloud", "validate", str(ok), str(bad)],
                          capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout.splitlines() == [
        f"{ok}: valid: 1 step (1 pass)",
        f"{bad}:6:5: error: steps[0].colour: unknown field 'colour' in a pass step",
        f"{bad}:7:5: error: steps[1]: a wait step needs exactly one of 'duration' or 'timestamp'",
    ]


def test_validate_knows_the_actions_the_worlds_services_add(write, capsys):
    flow = ("version: v1\ntype: flow\nsteps:\n  - type: task\n    name: announce\n"
            "    action: eventbridge:PutEvents\n    serviceParams:\n      Events: [{source: a, type: b}]\n")
    path = write("events.yaml", flow)
    assert run(capsys, path) == (0, f"{path}: valid: 1 step (1 task)\n", "")
    bad = write("bad.yaml", flow.replace("      Events:", "      EventList:"))
    code, out, _ = run(capsys, bad)
    assert code == 1 and "eventbridge:PutEvents requires serviceParams.Events" in out
