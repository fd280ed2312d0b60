"""The mock router: one engine integration wrapper in front of every integration of a world (FC, MNS, vision,
subflows). A task attempt is answered by a matching mock, else by the world's fake when the test set that target
up (or when `unmocked="default"`), else it fails with FakeCloud.Unmocked and is reported at teardown."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fakecloud.engine.integrations import Failure, Pending, Result
from fakecloud.fdl.targets import REQUEST_RESPONSE, WAIT_FOR_CALLBACK
from fakecloud.services.fc.errors import FcError
from fakecloud.services.mns.errors import MnsError
from fakecloud.services.script import Return

from .mocks import MockLookup, Mocks
from .paths import PathPattern, child_prefix

UNMOCKED = "FakeCloud.Unmocked"
UNMOCKED_MODES = ("error", "default")


@dataclass
class TaskCall:
    """One task attempt as the router saw it, and who answered: "mock <pattern>", "recording", "endpoint",
    "world" or "unmocked"."""
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

    @property
    def waiting(self) -> bool:
        handle = self.request.handle if self.request is not None else None
        return self.pattern == WAIT_FOR_CALLBACK and handle is not None and not handle.done


@dataclass
class Callback:
    """A callback a scenario delivers to a waitForCallback step, `after` seconds once the task is submitted."""
    pattern: PathPattern
    after: float = 0
    output: Any = None
    error: str | None = None
    cause: str = ""
    used: int = 0
    deliver: bool = True     # False: the test delivers it (a recorded callback replayed inside a Python test)


def target_text(request) -> str:
    target = request.target
    return getattr(target, "arn", None) or getattr(target, "action", None) or str(target)


def starts_subflow(kind: str, request) -> bool:
    return kind == "subflow" or (kind == "action" and request.target.product == "fnf")


class _Wrapped:
    __slots__ = ("kind", "inner", "router")

    def __init__(self, kind: str, inner, router: "MockRouter"):
        self.kind, self.inner, self.router = kind, inner, router

    def invoke(self, request):
        return self.router.invoke(self.kind, self.inner, request)


class MockRouter:
    def __init__(self, cloud, mocks: Mocks | None = None, *, unmocked: str = "error"):
        if unmocked not in UNMOCKED_MODES:
            raise ValueError(f"unmocked must be one of {', '.join(UNMOCKED_MODES)}, got {unmocked!r}")
        self.cloud = cloud
        self.mocks = mocks if mocks is not None else Mocks()
        self.unmocked = unmocked
        self.replay: Mocks | None = None        # a recording being replayed: answers first, never falls through
        self.replay_strict = True
        self.remote = None                      # RemoteTasks while a run is recorded from a live endpoint
        self.callbacks: list[Callback] = []
        self.calls: list[TaskCall] = []
        self.prefixes: dict[Any, str] = {}      # child execution -> its path prefix
        self.parents: dict[Any, tuple[Any, str]] = {}   # child execution -> (parent execution, task path)
        self.engine = None

    # -- installation ----------------------------------------------------------------------------------------
    def install(self) -> "MockRouter":
        engine = self.engine = self.cloud.engine
        for kind, integration in list(engine.integrations.items()):
            if not isinstance(integration, _Wrapped):
                engine.integrations[kind] = _Wrapped(kind, integration, self)
        return self

    @property
    def installed(self) -> bool:
        return self.engine is self.cloud.engine

    # -- answering -------------------------------------------------------------------------------------------
    def path_of(self, request) -> str:
        return self.prefixes.get(request.execution, "") + request.path

    def invoke(self, kind: str, inner, request):
        path = self.path_of(request)
        attempt = request.attempt - 1
        call = TaskCall(path, kind, target_text(request), request.pattern, attempt, request.input, request.params,
                        "world", request, (), self.cloud.clock.now_ms)
        self.calls.append(call)
        callback = self._callback(path, request)
        if self.replay is not None:
            lookup = self.replay.find(path, request.input, attempt, request)
            if lookup:
                call.answered_by = "recording"
                return self._answer(lookup, request)
            if self.replay_strict and callback is None and not starts_subflow(kind, request):
                call.answered_by, call.reasons = "unmocked", ("not in the recording",) + lookup.reasons
                return Failure(UNMOCKED, f"step {path} (attempt {attempt}) is not in the recording")
        lookup = self.mocks.find(path, request.input, attempt, request)
        if lookup:
            call.answered_by = f"mock {lookup.mock.name}"
            return self._answer(lookup, request)
        remote = self.remote.integration(kind) if self.remote is not None else None
        if remote is not None and not starts_subflow(kind, request):
            call.answered_by = "endpoint"
            return self._pass(remote, request, path)
        if callback is None and self.unmocked == "error" and not self._set_up(kind, request):
            near = [m.name for m in self.mocks.items
                    if m.pattern.segments[-1] == request.step_name and not m.pattern.matches(path)]
            call.answered_by = "unmocked"
            call.reasons = lookup.reasons + tuple(f"mock {name!r} is for another path" for name in near)
            return Failure(UNMOCKED, f"no mock answers step {path} (attempt {attempt}) and the test did not set up "
                                     f"{target_text(request)}")
        if callback is not None or self.unmocked == "default":
            default = self._default(kind, request)
            if default is not None:
                if callback is not None:
                    self._schedule(callback, request)
                return default
        return self._pass(inner, request, path)

    def _answer(self, lookup: MockLookup, request):
        outcome = lookup.outcome
        delay = outcome.duration or 0
        if request.pattern == REQUEST_RESPONSE:
            if isinstance(outcome, Return):
                return Result(outcome.value, delay)
            return Failure(outcome.error, outcome.cause, delay)
        # sync and waitForCallback: the answer arrives later, as the child's end or the callback would.
        handle = request.handle
        if isinstance(outcome, Return):
            deliver = lambda: handle.succeed(outcome.value)     # noqa: E731
        else:
            deliver = lambda: handle.fail(outcome.error, outcome.cause)     # noqa: E731
        timer = self.cloud.clock.call_later(delay, deliver)
        return Pending(timer.cancel)

    def _pass(self, inner, request, path: str):
        engine = self.engine
        before = len(engine.executions)
        outcome = inner.invoke(request)
        if len(engine.executions) > before:
            prefix = child_prefix(path)
            for child in list(engine.executions.values())[before:]:
                self.prefixes[child] = prefix
                self.parents[child] = (request.execution, path)
        if request.pattern == WAIT_FOR_CALLBACK and not isinstance(outcome, Failure):
            callback = self._callback(path, request)
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
    def _set_up(self, kind: str, request) -> bool:
        target, cloud = request.target, self.cloud
        if kind == "fc":
            try:
                cloud.fc.resolve(target.service, target.function, target.qualifier)
                return True
            except FcError:
                return False
        if kind in ("mns-queue", "mns-topic"):
            return self._mns_exists(kind, target)
        if starts_subflow(kind, request):
            return True          # the child runs; its own tasks are checked
        if kind == "action":
            return cloud.viapi.has_script(target.product, target.api)
        return False

    def _mns_exists(self, kind: str, target) -> bool:
        mns = self.cloud.mns
        try:
            if kind == "mns-queue":
                mns.get_queue_attributes(target.queue)
            else:
                mns.get_topic_attributes(target.topic)
            return True
        except MnsError:
            return False

    def _default(self, kind: str, request):
        """The service fakes' plausible default where the test set nothing up: FC answers `{}`, MNS queues and
        topics are created on first use, the vision fake answers from its catalog."""
        target = request.target
        if kind == "fc" and not self._set_up(kind, request):
            return Result({}) if request.pattern != WAIT_FOR_CALLBACK else Pending()
        if kind in ("mns-queue", "mns-topic") and not self._mns_exists(kind, target):
            if kind == "mns-queue":
                self.cloud.mns.create_queue(target.queue)
            else:
                self.cloud.mns.create_topic(target.topic)
        return None

    # -- reports -----------------------------------------------------------------------------------------------
    def unmocked_calls(self) -> list[TaskCall]:
        return [c for c in self.calls if c.answered_by == "unmocked"]

    def unused(self) -> list[str]:
        left = self.mocks.unused()
        if self.replay is not None:
            left += [f"recording: {line}" for line in self.replay.unused()]
        left += [f"callback for {c.pattern.text} was never delivered" for c in self.callbacks if not c.used]
        return left
