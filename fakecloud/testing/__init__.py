"""Testing with fakecloud, with or without pytest: run flows with per-step mocks (`FlowRunner`), read runs back
as step trees (`FlowRun`), assert with messages that explain themselves, load and record scenario files."""
from fakecloud.engine.outcomes import TaskFailure
from fakecloud.services.script import Return, Script, Throw

from .assertions import (FlowAssertionError, assert_caught, assert_failed, assert_invoked, assert_message_sent,
                         assert_output, assert_path, assert_published, assert_retried, assert_step_output,
                         assert_succeeded)
from .clock import FakeClock
from .flows import FlowLoader
from .mocks import Mocks
from .offline import OfflineGuard, RealCloudBlocked
from .router import UNMOCKED, MockRouter
from .run import FlowRun, WaitingTask
from .faults import FaultsNotHandled, assert_every_fault_handled
from .runner import FlowRunner, StrictCheckFailed
from .step_run import Attempt, StepRun
from .steps import NoSuchStep
from .trace import Trace

__all__ = (
    "Attempt", "FakeClock", "FaultsNotHandled", "FlowAssertionError", "FlowLoader", "FlowRun", "FlowRunner",
    "MockRouter", "Mocks", "NoSuchStep", "OfflineGuard", "RealCloudBlocked", "Return", "Script", "StepRun",
    "StrictCheckFailed", "TaskFailure", "Throw", "Trace", "UNMOCKED", "WaitingTask", "assert_caught",
    "assert_every_fault_handled", "assert_failed", "assert_invoked", "assert_message_sent", "assert_output",
    "assert_path", "assert_published", "assert_retried", "assert_step_output", "assert_succeeded",
)
