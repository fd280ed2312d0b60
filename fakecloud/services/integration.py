"""What every service offers a world, in one protocol, so that nothing above the services switches on service
names: a `ServicePlug` builds the service's state on a world and hands the engine its task integrations; a
`ServiceIntegration` answers task steps and tells the testing layer what it needs to know about them.

A new service is one folder with a plug, and one line in `fakecloud.cloud.SERVICES`."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from ..engine.outcomes import Outcome, Pending


class ServiceIntegration:
    """The task steps of one kind of target. Subclasses set `name` and implement `answers` and `invoke`.

    - `name`: what the testing layer calls this integration ("fc", "mns-queue", ...).
    - `targets`: the target types it answers (the default `answers`).
    - `starts_executions`: its tasks start child executions (subflows): such a task is never "unmocked", because
      the child runs here and its own tasks are checked.
    - `remote`: the name of the live-endpoint client a recording sends this integration's calls through, or None
      when calls always stay in process.
    - `missing_errors`: the error names with which the service says a task's target does not exist (a queue, a
      function, a flow): a set-up mistake of the test, never an answer to record.
    """
    name = ""
    targets: tuple = ()          # the task target types it answers (override `answers` for finer rules)
    starts_executions = False
    remote: str | None = None
    missing_errors: tuple[str, ...] = ()

    def answers(self, target) -> bool:
        """Whether this integration answers `target`: by default, when it is one of the types in `targets`."""
        return isinstance(target, self.targets)

    def invoke(self, request) -> Outcome | Pending:
        raise NotImplementedError

    def is_set_up(self, target) -> bool:
        """Whether the test set this target up in the world (a function registered, a queue created, a scripted
        answer): a task whose target is not set up and that no mock answers is "unmocked"."""
        return False

    def is_set_up_for(self, request) -> bool:
        """`is_set_up` for one task attempt: a state machine's target may name its resource in the attempt's
        Parameters (`resourceArn`), which an integration reads here."""
        return self.is_set_up(request.target)

    def default(self, request) -> Outcome | Pending | None:
        """With `unmocked="default"`, for a target the test did not set up: an answer to give instead of calling
        the fake, or None to call it (after preparing what it needs, e.g. creating a queue on first use)."""
        return None

    def missing(self, request, error: str) -> str | None:
        """When `error` says that the target of `request` does not exist where the call went: what is missing, in
        words for the test's report (with the closest existing name when the world knows one); else None."""
        if error not in self.missing_errors:
            return None
        target = request.target
        return f"{getattr(target, 'arn', None) or getattr(target, 'action', None) or target} does not exist"

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"


@dataclass(frozen=True)
class ServicePlug:
    """How one service joins a world. `attribute` names its state on the world (`cloud.fc`); `scenario_key` the
    key of its block under a scenario file's `services:` (None: it has none)."""
    attribute: ClassVar[str] = ""
    scenario_key: ClassVar[str | None] = None

    def build(self, world) -> Any:
        """The service's state for `world` (its clock, ids, region and account are on the world)."""
        raise NotImplementedError

    def integrations(self, state, world) -> list[ServiceIntegration]:
        """The task integrations this service registers on the world's engine."""
        return []

    def actions(self) -> tuple:
        """The `action:` names (fdl ActionSpec) this service adds to what definitions may call."""
        return ()

    def reset(self, state) -> None:
        """Back to a clean service, in place (references to `state` stay valid)."""
        state.reset()

    def set_up(self, state, spec: Any, where: str) -> None:
        """Apply this service's block of a scenario's `services:`; raise ValueError naming what is wrong."""
        raise ValueError(f"{where}: this service takes no set-up")

    def unused(self, state) -> list[str]:
        """Scripted answers the test set up and the run did not use as scripted (for the strict check)."""
        return []
