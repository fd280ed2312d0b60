"""Checking a definition pauses the cyclic garbage collector and gives it back as it was, also on failure."""
import gc

import pytest

from fakecloud.fdl import check_text
from fakecloud.fdl.source import cycle_collection_paused

TEXT = "Type: StateMachine\nName: m\nSpecVersion: v1\nStartAt: A\nStates:\n  - {Type: Pass, Name: A, End: true}\n"


@pytest.mark.parametrize("enabled", [True, False])
def test_check_text_restores_the_collector(enabled):
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        assert check_text(TEXT, "m.yaml").ok
        assert check_text(b"\x00", "bin.yaml").errors[0].code == "binary"
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_the_collector_is_paused_inside_and_back_after_an_exception():
    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        with cycle_collection_paused():
            assert not gc.isenabled()
            raise RuntimeError("boom")
    assert gc.isenabled()
