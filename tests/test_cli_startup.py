"""`fakecloud --help`, each command's `--help` and a usage error import nothing of fakecloud beyond the command
line's own modules: the front end, the engine, the fakes and the server load when a command runs."""
import subprocess
import sys

import pytest

from fakecloud import cli
from fakecloud.fdl import statemachine

COMMAND_LINE = ["fakecloud", "fakecloud.cli", "fakecloud.cli_run", "fakecloud.jsontext", "fakecloud.version"]


def loaded_after(*argv: str) -> tuple[int, list[str], list[str]]:
    """The exit status, the fakecloud modules and the third-party libraries loaded after main(argv)."""
    probe = ("import sys\nfrom fakecloud.cli import main\n"
             f"try:\n    code = main({list(argv)!r})\nexcept SystemExit as exc:\n    code = exc.code\n"
             "print('LOADED:', code, *sorted(m for m in sys.modules if m.split('.')[0] == 'fakecloud'))\n"
             "print('LIBRARIES:', *(m for m in ('yaml', 'jsonpath_ng', 'werkzeug') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    code, *modules = out.split("LOADED:", 1)[1].split("LIBRARIES:")[0].split()
    return int(code), modules, out.rsplit("LIBRARIES:", 1)[1].split()


@pytest.mark.parametrize("argv", [("--help",), ("--version",), ("validate", "--help"), ("run", "--help"),
                                  ("server", "--help"), ("graph", "--help"), ("sweep", "--help")])
def test_help_imports_only_the_command_line(argv):
    assert loaded_after(*argv) == (0, COMMAND_LINE, [])


def test_a_usage_error_imports_only_the_command_line():
    assert loaded_after("validate", "--format", "xml", "a.yaml") == (2, COMMAND_LINE, [])
    assert loaded_after() == (2, COMMAND_LINE, [])


def test_a_command_that_runs_imports_what_it_needs(tmp_path):
    flow = tmp_path / "ok.yaml"
    flow.write_text("version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: p\n")
    code, modules, libraries = loaded_after("validate", str(flow))
    assert code == 0 and "fakecloud.fdl.parser" in modules and libraries == ["yaml", "jsonpath_ng"]


def test_the_execution_modes_offered_are_the_front_ends():
    assert cli.EXECUTION_MODES == statemachine.EXECUTION_MODES
