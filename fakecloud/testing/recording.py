"""Record and replay: a run's every task result or error (with its virtual duration), the callbacks it got and
when, and its final status and output, written as a scenario file; replayed later without touching a service.
Modes as pytest-recording has them: none (replay only, the default, forced when CI is set), once (record when
the file is missing), new_episodes (replay what is recorded, run and record the rest), all (always record).
A recording run takes its answers from the test's mocks and in-process fakes or, when the Recorder has an
`endpoint`, from a live endpoint that speaks the services' protocols (see fakecloud.remote)."""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from fakecloud.engine.errors import INTERNAL_ERROR

MODES = ("none", "once", "new_episodes", "all")
_STARTS_EXECUTIONS = ("acs:fnf:", "fnf:", "FNF:")    # subflow tasks: the child runs again on replay
HEADER = "# fakecloud recording: replayed by flow_runner.run(recording=...), runnable as a scenario.\n"


class RecordingMissing(AssertionError):
    """Replay-only mode and no recording to replay."""


class RecordingRefused(AssertionError):
    """A run that would record a set-up mistake as an answer (a task no mock answered, a target that does not
    exist where the call went); nothing is written."""


def in_ci(environ=os.environ) -> bool:
    return environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def effective_mode(requested: str, environ=os.environ) -> str:
    if requested not in MODES:
        raise ValueError(f"record mode must be one of {', '.join(MODES)}, got {requested!r}")
    return "none" if in_ci(environ) else requested


def default_name(test_name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", test_name).strip("_") + ".scenario.yaml"


class Recorder:
    """The record mode and where a test's recordings live; `begin` starts one Session per recording run."""

    def __init__(self, mode: str = "none", *, directory: Path | str = ".", test_name: str = "test",
                 module: str | None = None, endpoint=None):
        if mode not in MODES:
            raise ValueError(f"record mode must be one of {', '.join(MODES)}, got {mode!r}")
        self.mode = mode
        self.directory = Path(directory)        # relative recording paths start here (the test's directory)
        self.test_name = test_name
        self.module = module
        self.endpoint = endpoint                # a fakecloud.remote.Endpoint: record what it answers
        self.sessions: list[Session] = []

    def path_for(self, recording) -> Path:
        if recording is True:
            folder = self.directory / "recordings"
            return (folder / self.module if self.module else folder) / default_name(self.test_name)
        path = Path(recording)
        return path if path.is_absolute() else self.directory / path

    def replays_only(self, recording) -> bool:
        """Whether a run with `recording` replays it and runs nothing live (mode none, or once and the file
        exists)."""
        return self.mode == "none" or (self.mode == "once" and self.path_for(recording).is_file())

    def begin(self, runner, loaded, input, recording) -> "Session":
        session = Session(self, runner, loaded, input, self.path_for(recording))
        self.sessions.append(session)
        return session

    def close(self) -> None:
        """Close every session (writing what they recorded); the first refusal is raised after all are closed."""
        __tracebackhide__ = True
        sessions, self.sessions = self.sessions, []
        refused = []
        for session in sessions:
            try:
                session.close()
            except RecordingRefused as exc:
                refused.append(exc)
        if refused:
            raise refused[0]


class Session:
    def __init__(self, recorder: Recorder, runner, loaded, input, path: Path):
        self.recorder, self.runner, self.loaded, self.input, self.path = recorder, runner, loaded, input, path
        self.run = None
        mode = recorder.mode
        exists = path.is_file()
        if mode == "none" and not exists:
            raise RecordingMissing(f"no recording at {path} to replay (record mode none); record it with "
                                   f"--fakecloud-record-mode=once")
        self.replaying = exists and mode in ("none", "once", "new_episodes")
        self.recording = mode == "all" or (mode == "once" and not exists) or mode == "new_episodes"
        self.replays_only = self.replaying and not self.recording
        self.refused = False
        if self.replaying:
            self._load(strict=mode != "new_episodes")
        if self.recording and recorder.endpoint is not None:
            from fakecloud.remote import RemoteTasks
            runner.router.remote = RemoteTasks(recorder.endpoint, catalog=runner.cloud.viapi.catalog)

    def _load(self, strict: bool) -> None:
        from .callbacks import from_list    # loaded here: a session that records nothing does not import the world
        from .mocks import Mocks
        from .scenario import Scenario
        scenario = Scenario.load(self.path)
        router = self.runner.router
        replay = Mocks()
        for pattern, spec in scenario.mocks.items():
            replay.add(pattern, spec)
        router.replay, router.replay_strict = replay, strict
        # the test delivers them, as it did while recording
        router.callbacks.extend(from_list(scenario.callbacks, f"{self.path}: callbacks", deliver=False))

    def finish(self, run) -> None:
        """The run as it stands when `flow_runner.run` returns: a recording run that already answered a task with
        a set-up mistake fails here, loudly, and will write nothing."""
        self.run = run
        if self.recording:
            self._refuse_mistakes()

    def _refuse_mistakes(self) -> None:
        __tracebackhide__ = True
        mistakes = self.mistakes()
        if mistakes:
            self.refused = True
            raise RecordingRefused("\n".join(
                [f"recording {self.path} not written: these answers are set-up mistakes, not the services' answers:"]
                + [f"  {line}" for line in mistakes]
                + ["set the targets up (or mock the steps) and record again", self.run.explain()]))

    def mistakes(self) -> list[str]:
        """Task attempts of the run that a recording must not keep: no mock answered them (FakeCloud.Unmocked),
        or the world or the endpoint said their target does not exist."""
        calls = self.run.calls
        out = [f"{c.path} (attempt {c.attempt}): {c.target}: no mock answered it and the test did not set it up"
               for c in calls if c.answered_by == "unmocked"]
        out += [f"{c.path} (attempt {c.attempt}): {c.target}: {c.missing}" for c in calls if c.missing]
        if self.run.error == INTERNAL_ERROR:
            out.append(f"the execution ended with {INTERNAL_ERROR} ({self.run.cause}): an exception escaped a task "
                       f"(an endpoint that refused the key, a bug), not an answer of a service")
        return out

    def close(self) -> None:
        """Write the recording (when this mode records) once the test is done with the run; a run with a set-up
        mistake raises RecordingRefused instead (once: the test fails at teardown if it did not fail before)."""
        router = self.runner.router
        if self.recording and self.run is not None and not self.refused:
            try:
                self._refuse_mistakes()
            finally:
                router.remote = None
            import yaml
            self.path.parent.mkdir(parents=True, exist_ok=True)
            text = HEADER + yaml.safe_dump(self.document(), sort_keys=False, allow_unicode=True, width=120)
            self.path.write_text(text, encoding="utf-8")
        router.remote = None
        if self.replaying and not router.replay_strict:
            router.replay = None          # new_episodes: recorded answers left over are not an error

    # -- the document ------------------------------------------------------------------------------------------
    def _ref(self, loaded) -> dict:
        if loaded.file is not None:
            return {"flow": os.path.relpath(loaded.file, self.path.parent)}
        raise ValueError(f"flow {loaded.name} has no file; recordings need flows from files")

    def document(self) -> dict:
        from .scrub import Scrubber
        scrub = Scrubber()
        run = self.run
        doc: dict[str, Any] = {"scenario": self.recorder.test_name, **self._ref(self.loaded), "name": self.loaded.name}
        subflows = {}
        for name in run.cloud.engine.flows:
            sub = self.runner.loaded.get(name)
            if name != self.loaded.name and sub is not None and sub.file is not None:
                subflows[name] = os.path.relpath(sub.file, self.path.parent)
        if subflows:
            doc["flows"] = subflows
        doc["input"] = scrub(run.input)
        doc["unmocked"] = "error"
        mocks: dict[str, list] = {}
        callbacks = []
        for node in run.trace.every():
            for attempt in node.attempts:
                target = attempt.target or ""
                if target.startswith(_STARTS_EXECUTIONS) or attempt.outcome == "waiting":
                    continue
                took = ((attempt.ended_ms or attempt.scheduled_ms) - attempt.scheduled_ms) / 1000
                if attempt.pattern == "waitForCallback" and attempt.outcome != "submit failed":
                    entry = {"step": node.path, "after": _number(took)}
                    entry.update({"output": scrub(attempt.output)} if attempt.ok else
                                 {"error": attempt.error, "cause": scrub(attempt.cause or "")})
                    callbacks.append(entry)
                    continue
                rule: dict[str, Any] = {"attempt": attempt.number}
                if attempt.ok:
                    rule["return"] = scrub(attempt.output)
                else:
                    rule["throw"] = {"error": attempt.error, "cause": scrub(attempt.cause or "")}
                if took:
                    rule["duration"] = _number(took)
                mocks.setdefault(node.path, []).append(rule)
        doc["mocks"] = mocks
        if callbacks:
            doc["callbacks"] = callbacks
        expect: dict[str, Any] = {"status": run.status}
        if run.status == "Succeeded":
            expect["output"] = scrub(run.output)
        elif run.error is not None:
            expect["error"], expect["cause"] = run.error, scrub(run.cause or "")
        doc["expect"] = expect
        return doc


def _number(seconds: float):
    return int(seconds) if float(seconds).is_integer() else seconds
