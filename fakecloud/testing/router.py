"""The mock router: one interceptor in the world's engine, in front of every integration (FC, MNS, vision,
subflows, EventBridge, and any registered later). A task attempt is answered by a replayed recording, else by a
matching mock, else by a live endpoint while recording from one, else by the world's fake when the test set that
target up (or when `unmocked="default"`), else it fails with FakeCloud.Unmocked and is reported at teardown.
What a target needs is asked of its integration (`is_set_up`, `default`, `starts_executions`, `remote`)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fakecloud.engine.outcomes import Pending, Return, Throw
from fakecloud.fdl.actions import ActionTarget
from fakecloud.fdl.diagnostics import did_you_mean
from fakecloud.fdl.targets import REQUEST_RESPONSE, WAIT_FOR_CALLBACK

from .callbacks import Callback
from .mocks import CallableMock, MockLookup, Mocks, checked
from .paths import child_prefix
from .unmocked import UNMOCKED_MODES

UNMOCKED = "FakeCloud.Unmocked"
WORLD = "world"        # `fakecloud run`: what no mock answers goes to the world's fakes as it is


@dataclass
class TaskCall:
    """One task attempt as the router saw it, and who answered: "mock <pattern>", "recording", "endpoint",
    "world" or "unmocked". `kind` is the name of the integration that answers the target ("" when none does);
    `missing` says what did not exist when the world or the endpoint answered that the target does not (a set-up
    mistake: reported by the strict check, never recorded)."""
    path: str
    kind: str
    target: str
    pattern: str
    attempt: int             # 0-based
    input: Any
    params: Any
    answered_by: str
    request: Any = field(repr=False, default=None)
    reasons: tuple[str, ...] = ()
    time_ms: int = 0
    missing: str = ""

    @property
    def waiting(self) -> bool:
        handle = self.request.handle if self.request is not None else None
        return self.pattern == WAIT_FOR_CALLBACK and handle is not None and not handle.done


def target_text(request) -> str:
    """What a task calls: an FDL flow's resource ARN or action; a state machine's Action and, when its
    Parameters name one, the resource (`FC:InvokeFunction acs:fc:::services/media/functions/cut`)."""
    target = request.target
    if isinstance(target, ActionTarget):
        params = request.params
        arn = params.get("resourceArn") if isinstance(params, dict) else None
        return f"{target.action} {arn}" if isinstance(arn, str) and arn else target.action
    return getattr(target, "arn", None) or getattr(target, "action", None) or str(target)


def mock_value(request) -> Any:
    """What a mock's `when` and a callable mock see: what the service is sent, an FDL task's mapped input or a
    state machine Task's evaluated Parameters."""
    if isinstance(request.target, ActionTarget):
        return {} if request.params is None else request.params
    return request.input


def starts_executions(request) -> bool:
    integration = request.integration
    return integration is not None and integration.starts_executions


def parent_path(execution) -> str:
    """The path prefix of a child execution's steps: its parent's, then the starting task's path ("child:...")."""
    link = execution.parent
    if link is None:
        return ""
    return parent_path(link.execution) + child_prefix(link.path)


class MockRouter:
    def __init__(self, cloud, mocks: Mocks | None = None, *, unmocked: str = "error"):
        check_unmocked(unmocked, allowed=UNMOCKED_MODES + (WORLD,))
        self.cloud = cloud
        self.mocks = mocks if mocks is not None else Mocks()
        self.unmocked = unmocked
        self.replay: Mocks | None = None        # a recording being replayed: answers first, never falls through
        self.replay_strict = True
        self.remote = None                      # RemoteTasks while a run is recorded from a live endpoint
        self.callbacks: list[Callback] = []
        self.calls: list[TaskCall] = []
        self._json: set[int] = set()            # ids of rule outcomes already known to be JSON

    # -- installation ----------------------------------------------------------------------------------------
    def install(self) -> "MockRouter":
        """Put the router among the world engine's interceptors, in place of another runner's router if one is
        there: one router answers a world's tasks, that of the runner that ran last (otherwise an earlier
        runner's mocks would answer before this one's)."""
        interceptors = self.cloud.engine.interceptors
        other = next((i for i in interceptors if isinstance(i, MockRouter) and i is not self), None)
        if other is None:
            interceptors.add(self)
        else:
            interceptors.replace(other, self)
        return self

    @property
    def installed(self) -> bool:
        return self in self.cloud.engine.interceptors

    # -- answering -------------------------------------------------------------------------------------------
    def path_of(self, request) -> str:
        return parent_path(request.execution) + request.path

    def intercept_task(self, request, call_next):
        path = self.path_of(request)
        attempt = request.attempt
        integration = request.integration
        kind = integration.name if integration is not None else ""
        call = TaskCall(path, kind, target_text(request), request.pattern, attempt, request.input, request.params,
                        "world", request, (), self.cloud.clock.now_ms)
        self.calls.append(call)
        callback = self._callback(path, request)
        if self.replay is not None:
            lookup = self.replay.find(path, mock_value(request), attempt, request)
            if lookup:
                call.answered_by = "recording"
                return self._answer(lookup, request, call)
            if self.replay_strict and callback is None and not starts_executions(request):
                call.answered_by, call.reasons = "unmocked", ("not in the recording",) + lookup.reasons
                return Throw(UNMOCKED, f"step {path} (attempt {attempt}) is not in the recording")
        lookup = self.mocks.find(path, mock_value(request), attempt, request)
        if lookup:
            call.answered_by = f"mock {lookup.mock.name}"
            return self._answer(lookup, request, call)
        remote = None
        if self.remote is not None and integration is not None and integration.remote is not None:
            remote = self.remote.integration(integration.remote)
        if remote is not None and not starts_executions(request):
            call.answered_by = "endpoint"
            return self._pass(remote.invoke, request, call)
        if callback is None and self.unmocked == "error" and not self._set_up(request):
            near = [m.name for m in self.mocks.items
                    if m.pattern.segments[-1] == request.step_name and not m.pattern.matches(path)]
            call.answered_by = "unmocked"
            call.reasons = lookup.reasons + tuple(f"mock {name!r} is for another path" for name in near)
            return Throw(UNMOCKED, f"no mock answers step {path} (attempt {attempt}) and the test did not set up "
                                     f"{target_text(request)}")
        if (callback is not None or self.unmocked == "default") and integration is not None:
            default = integration.default(request)
            if default is not None:
                if callback is not None:
                    self._schedule(callback, request)
                return default
        return self._pass(call_next, request, call)

    def _answer(self, lookup: MockLookup, request, call: TaskCall):
        outcome = lookup.outcome
        if id(outcome) not in self._json:     # a rule's answer is checked once; a callable's every time
            checked(outcome, f"{call.answered_by} answering step {call.path} (attempt {call.attempt})")
            if not isinstance(lookup.mock.answers, CallableMock):
                self._json.add(id(outcome))
        delay = outcome.duration or 0
        if request.pattern == REQUEST_RESPONSE:
            return outcome
        # sync and waitForCallback: the answer arrives later, as the child's end or the callback would.
        handle = request.handle
        if isinstance(outcome, Return):
            deliver = lambda: handle.succeed(outcome.value)     # noqa: E731
        else:
            deliver = lambda: handle.fail(outcome.error, outcome.cause)     # noqa: E731
        timer = self.cloud.clock.call_later(delay, deliver)
        return Pending(timer.cancel)

    def _pass(self, call_next, request, call: TaskCall):
        outcome = call_next(request)
        if isinstance(outcome, Throw):
            integration = request.integration
            missing = integration.missing(request, outcome.error) if integration is not None else None
            if missing:
                call.missing = missing + (" at the record endpoint" if call.answered_by == "endpoint" else "")
        elif request.pattern == WAIT_FOR_CALLBACK:
            callback = self._callback(call.path, request)
            if callback is not None:
                self._schedule(callback, request)
        return outcome

    # -- callbacks ---------------------------------------------------------------------------------------------
    def _callback(self, path: str, request) -> Callback | None:
        if request.pattern != WAIT_FOR_CALLBACK:
            return None
        return next((c for c in self.callbacks if c.pattern.matches(path)), None)

    def _schedule(self, callback: Callback, request) -> None:
        callback.used += 1
        if not callback.deliver:
            return
        token, cloud = request.token, self.cloud

        def deliver():
            handle = request.handle
            if handle.done:
                return
            if callback.error is not None:
                cloud.engine.report_task_failed(token, callback.error, callback.cause)
            else:
                cloud.engine.report_task_succeeded(token, callback.output if callback.output is not None else {})
        cloud.clock.call_later(callback.after, deliver)

    # -- what the test set up in the world -----------------------------------------------------------------------
    @staticmethod
    def _set_up(request) -> bool:
        """A subflow always counts as set up (the child runs; its own tasks are checked); else the integration
        says whether the test set its target up."""
        integration = request.integration
        if integration is None:
            return False
        return integration.starts_executions or integration.is_set_up_for(request)

    # -- reports -----------------------------------------------------------------------------------------------
    def unmocked_calls(self) -> list[TaskCall]:
        return [c for c in self.calls if c.answered_by == "unmocked"]

    def missing_calls(self) -> list[TaskCall]:
        """Attempts the world or the endpoint answered with "the target does not exist"."""
        return [c for c in self.calls if c.missing]

    def unused(self) -> list[str]:
        """Mocks not used as scripted (not reported while a recording is replayed: it answers in their place),
        recorded answers left over and callbacks never delivered."""
        left = [] if self.replay is not None and self.replay_strict else self.mocks.unused()
        if self.replay is not None:
            left += [f"recording: {line}" for line in self.replay.unused()]
        left += [f"callback for {c.pattern.text} was never delivered" for c in self.callbacks if not c.used]
        return left


def check_unmocked(value, allowed=UNMOCKED_MODES) -> str:
    """`value` when it is an unmocked mode; else ValueError with the closest mode."""
    if value not in allowed:
        raise ValueError(f"unmocked must be one of {', '.join(map(repr, allowed))}, got {value!r}"
                         f"{did_you_mean(str(value), allowed)}")
    return value
