"""Testing with fakecloud, with or without pytest: run flows with per-step mocks (`FlowRunner`), read runs back
as step trees (`FlowRun`), assert with messages that explain themselves, load and record scenario files.

The names below load their module on first use (PEP 562): a pytest session that never uses fakecloud's fixtures
imports none of the engine or the fakes."""
from __future__ import annotations

from ..lazy import exports

__all__, __getattr__, __dir__ = exports(__name__, {
    "fakecloud.engine.outcomes": ("TaskFailure",),
    "fakecloud.services.script": ("Return", "Script", "Throw"),
    ".assertions": ("FlowAssertionError", "assert_caught", "assert_failed", "assert_invoked", "assert_message_sent",
                    "assert_output", "assert_path", "assert_published", "assert_retried", "assert_step_output",
                    "assert_succeeded"),
    ".clock": ("FakeClock",),
    ".faults": ("FaultsNotHandled", "assert_every_fault_handled"),
    ".flows": ("FlowLoader",),
    ".mocks": ("Mocks",),
    ".offline": ("OfflineGuard", "RealCloudBlocked"),
    ".router": ("UNMOCKED", "MockRouter"),
    ".run": ("FlowRun", "WaitingTask"),
    ".runner": ("FlowRunner", "StrictCheckFailed"),
    ".step_run": ("Attempt", "StepRun"),
    ".steps": ("NoSuchStep",),
    ".trace": ("Trace",),
}, globals())
