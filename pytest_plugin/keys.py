"""Stash keys the plugin's modules share (per session and per test item)."""
import pytest

LOADER = pytest.StashKey()        # FlowLoader shared by the session
GUARD = pytest.StashKey()         # OfflineGuard installed for the session
CALL_REPORT = pytest.StashKey()   # the test's call-phase report: strict checks skip tests that already failed
RUNNERS = pytest.StashKey()       # the FlowRunners of a test, checked with its world at teardown
ENDPOINT = pytest.StashKey()      # the Endpoint recordings take task answers from, or None
WORLDS = pytest.StashKey()        # the FakeClouds a test used: flow coverage reads their executions after it
FROZEN = pytest.StashKey()        # True once the session froze what was loaded before its first world (gc.freeze)
