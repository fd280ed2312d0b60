"""Before a session's first world, the plugin moves what is loaded out of the collector's sight (gc.freeze), once,
and gives it back when the session ends; ini `fakecloud_gc_freeze = false` leaves the collector alone. Each case
runs in a fresh interpreter: freezing is process-wide."""
import subprocess
import sys

import pytest

TESTS = """
import gc

def test_before_any_world():
    assert gc.get_freeze_count() == 0

def test_a_world(fake_cloud):
    print("FROZEN", gc.get_freeze_count() > 0)
"""


def session(folder, *options) -> list[str]:
    """The FROZEN lines the session printed, and whether anything was still frozen after it ended."""
    code = (f"import gc, pytest\nrc = pytest.main(['-q', '-s', '-p', 'no:cacheprovider', '-p', 'no:randomly', "
            f"*{list(options)!r}, {str(folder)!r}])\nprint('AFTER', gc.get_freeze_count())\nassert rc == 0, rc")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return [line[line.index(word):] for line in out.splitlines() for word in ("FROZEN", "AFTER") if word in line]


@pytest.mark.parametrize("options,frozen", [((), "True"), (("-o", "fakecloud_gc_freeze=false"), "False")])
def test_the_first_world_freezes_what_is_loaded_until_the_session_ends(tmp_path, options, frozen):
    (tmp_path / "test_freeze.py").write_text(TESTS)
    assert session(tmp_path, *options) == [f"FROZEN {frozen}", "AFTER 0"]
