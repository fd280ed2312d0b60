"""`FlowRunner`: runs flows in one FakeCloud with per-step mocks, until they end or block on a callback, skipping
virtual time; keeps every run and reports, for a strict check at the end of a test, tasks no mock answered and
mocks not used as scripted.

    runner = FlowRunner(FakeCloud())
    run = runner.run("flows/order.yaml", input={"orderId": 7}, mocks={"validate": Return({"total": 30})})
    run.status, run.output, run.step("validate").attempts
    runner.check()          # AssertionError listing unanswered tasks and unused mocks
"""
from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import Any, Callable, ContextManager, Iterable, Mapping

from fakecloud.services.script import Script

from .callbacks import callback as make_callback, from_list
from .explain import task_problems
from .flows import FlowLoader, LoadedFlow, rules_of
from .mocks import CallableMock, Mocks
from .paths import PathPattern
from .router import UNMOCKED_MODES, MockRouter, check_unmocked
from .run import FlowRun
from .steps import FlowSteps


class StrictCheckFailed(AssertionError):
    """A test left tasks no mock answered, or mocks not used as scripted."""


class FlowRunner:
    def __init__(self, cloud, *, unmocked: str = "error", base_dirs: Iterable[Path | str] = (),
                 loader: FlowLoader | None = None, recorder=None,
                 guard: Callable[[], ContextManager[Any]] = nullcontext):
        self.cloud = cloud
        self.mocks = Mocks()
        self.router = MockRouter(cloud, self.mocks, unmocked=unmocked)
        self.base_dirs = [Path(d) for d in base_dirs] or [Path.cwd()]
        self.loader = loader if loader is not None else FlowLoader()
        self.recorder = recorder            # a Recorder (record/replay) when the test uses recordings
        self.guard = guard                  # held while the runner moves the world (a server's world() lock)
        self.runs: list[FlowRun] = []
        self.loaded: dict[str, LoadedFlow] = {}
        self._unchecked: list[tuple[str, str]] = []    # (what, key) given since the last run, checked at the next
        self._started: list[str] = []                   # the flows runs started, in order

    # -- set-up ----------------------------------------------------------------------------------------------
    def mock(self, pattern: str, spec: Any = None) -> Script | CallableMock:
        """Mock the task steps `pattern` selects (a step name or path, see PathPattern). Without `spec`, returns
        an empty Script to fill: `runner.mock("charge").throws("FC.ResourceThrottled", attempt="0").returns({})`.
        The next `run` checks that `pattern` matches a step of a flow the runner has loaded."""
        answers = self.mocks.add(pattern, spec)
        self._unchecked.append(("flow_runner.mock", pattern))
        return answers

    def callback(self, step: str, *, after: float = 0, output: Any = None, error: str | None = None,
                 cause: str = "") -> None:
        """Deliver a callback to the waitForCallback steps `step` selects (a name or a path pattern), `after`
        virtual seconds once each is submitted: ReportTaskSucceeded with `output`, or ReportTaskFailed with
        `error` and `cause` (the task itself still reaches its service). The keys are those of a scenario's
        `callbacks:` entries."""
        entry = make_callback(step, after=after, output=output, error=error, cause=cause,
                              where=f"flow_runner.callback({step!r})")
        self.router.callbacks.append(entry)
        self._unchecked.append(("flow_runner.callback", entry.step))

    def add_flow(self, source: Any, name: str | None = None) -> LoadedFlow:
        """Register a flow (and the subflows found next to its file) in the world; returns it."""
        loaded = self.loader.load(source, self.base_dirs, name, rules_of(self.cloud.engine))
        self._register(loaded)
        known = set(self.cloud.engine.flows)
        for sub in self.loader.subflow_files(loaded, known, rules_of(self.cloud.engine)):
            self._register(sub)
        return loaded

    def _register(self, loaded: LoadedFlow) -> None:
        self.loaded[loaded.name] = loaded
        engine = self.cloud.engine
        entry = engine.flows.get(loaded.name)
        if entry is not None and entry.flow is loaded.flow:
            return
        engine.add_flow(loaded.name, loaded.flow, replace=True, program=self.loader.program(loaded.flow))

    # -- running ---------------------------------------------------------------------------------------------
    def run(self, flow: Any, input: Any = None, *, mocks: Mapping[str, Any] | None = None,
            flows: Mapping[str, Any] | None = None, name: str | None = None, execution_name: str | None = None,
            unmocked: str | None = None, callbacks: Iterable[Mapping[str, Any]] = (),
            recording: str | Path | bool | None = None) -> FlowRun:
        """Start `flow` (a path, FDL text, a mapping or a Flow) with `input` and run it until it ends or waits for
        a callback, skipping virtual time. `mocks` maps step names or paths to answers; `callbacks` lists
        `{step, after, output}` / `{step, after, error, cause}` entries; `flows` names subflows (name -> path or
        definition) beyond those found next to the flow's file; `recording` replays or records a scenario file
        (see fakecloud.testing.recording). Before the flow starts, every mock and callback key given since the
        last run must match a step of a flow the runner has loaded (NoSuchStep names the nearest paths)."""
        if not self.router.installed:
            self.router.install()
        if unmocked is not None:
            self.router.unmocked = check_unmocked(unmocked, UNMOCKED_MODES)
        entries = from_list(list(callbacks), "callbacks")
        for sub_name, source in (flows or {}).items():
            self._register(self.loader.load(source, self.base_dirs, sub_name, rules_of(self.cloud.engine)))
        loaded = self.add_flow(flow, name)
        given = [("mocks", str(pattern)) for pattern in (mocks or {})] + [("callbacks", e.step) for e in entries]
        self.check_steps(self._unchecked + given, loaded.name)
        self._unchecked = []
        for pattern, spec in (mocks or {}).items():
            self.mocks.add(pattern, spec)
        self.router.callbacks.extend(entries)
        if loaded.name not in self._started:
            self._started.append(loaded.name)
        session = None
        if recording is not None and recording is not False:
            if self.recorder is None:
                raise RuntimeError("recordings need a Recorder (the flow_runner fixture provides one)")
            session = self.recorder.begin(self, loaded, input, recording)
        with self.guard():
            execution = self.cloud.start(loaded.name, input, execution_name)
            self.cloud.run_until_idle()
        result = FlowRun(self, execution)
        result.replayed = session is not None and session.replays_only
        self.runs.append(result)
        if session is not None:
            session.finish(result)
        return result

    def sweep(self, flow: Any, input: Any = None, *, mocks: Mapping[str, Any] | None = None,
              flows: Mapping[str, Any] | None = None, callbacks: Iterable[Mapping[str, Any]] = (),
              setup: Callable[[Any], None] | None = None, unmocked: str | None = None):
        """Inject every fault each task step of `flow` claims to handle, one run per fault, each in a fresh world
        with this runner's settings (`setup(world)` prepares each: register handlers, create queues); returns a
        Sweep (`.table()`, `.outcomes`, `.report(path)`). See fakecloud.insight.sweep."""
        from fakecloud.insight.sweep import fresh_worlds, sweep
        cloud = self.cloud
        start = fresh_worlds(
            lambda: type(cloud)(seed=cloud.seed, start=cloud.epoch, limits=cloud.limits, region=cloud.region,
                                account_id=cloud.account_id),
            lambda world: FlowRunner(world, unmocked=unmocked or self.router.unmocked, base_dirs=self.base_dirs,
                                     loader=self.loader),
            flow, input, mocks=dict(mocks or {}), flows=dict(flows or {}), callbacks=callbacks, setup=setup)
        return sweep(start, self.loader.load(flow, self.base_dirs).name)

    def steps(self, *flow_names: str) -> FlowSteps:
        """The step paths of the flows named (default: every flow a run of this runner started) and of the
        subflows they start."""
        return FlowSteps(self.cloud.engine, flow_names or self._started)

    def check_steps(self, keys: Iterable[tuple[str, str]], flow_name: str) -> None:
        """NoSuchStep for the first (what, key) whose key matches no step of `flow_name` (or of a flow an earlier
        run started, or their subflows); the message names the nearest step paths."""
        keys = list(keys)
        if not keys:
            return
        steps = self.steps(flow_name, *self._started)
        for what, key in keys:
            steps.check(key, what)

    def replaying(self, recording: str | Path | bool = True) -> bool:
        """Whether `run(..., recording=recording)` replays that recording without running anything live (record
        mode `none`, or `once` with the file present): a test that serves both modes asks this to skip what
        only the live side needs."""
        return self.recorder is not None and self.recorder.replays_only(recording)

    # -- strict checks ---------------------------------------------------------------------------------------
    def problems(self) -> list[str]:
        """What a strict check reports of this runner: tasks no mock answered, tasks whose target does not exist,
        then mocks, recorded answers and callbacks not used."""
        lines = task_problems(self.router, hint=True)
        if self._unchecked and self._started:         # given after the last run: nothing ran them
            steps = self.steps()
            lines += [steps.explain(key, what) for what, key in self._unchecked
                      if not steps.unknown and not steps.matching(PathPattern(key))]
        return lines

    @property
    def replayed(self) -> bool:
        """A run of this runner replayed a recording without running anything live."""
        return any(run.replayed for run in self.runs)

    def close(self) -> None:
        """End of the test: write the recordings this test made."""
        if self.recorder is not None:
            self.recorder.close()

    def check(self) -> None:
        __tracebackhide__ = True
        lines = self.problems()
        if lines:
            raise StrictCheckFailed(strict_message(lines))


def strict_problems(cloud, runners: Iterable[FlowRunner]) -> list[str]:
    """What the strict check at the end of a test reports: each runner's problems, then the world's service
    scripts not used as scripted."""
    runners = list(runners)
    lines = [line for runner in runners for line in runner.problems()]
    if any(runner.replayed for runner in runners):
        return lines          # the service scripts serve the live side of a test that replayed
    left = [line for plug, state in cloud.plugs() for line in plug.unused(state)]
    if left:
        lines += ["service scripts not used as scripted:"] + [f"  {line}" for line in left]
    return lines


def strict_message(lines: list[str]) -> str:
    return "fakecloud strict check failed\n" + "\n".join(lines)
