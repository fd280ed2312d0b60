"""`OpenApiBackend` (`cloud.openapi`): one `Script` per `Product:Api` and the calls flows made. An OpenAPI
integration passes requests and responses through unchanged, so a scripted answer is the task result as it is."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ...engine.outcomes import Outcome, Return
from ..script import Script
from ..unmocked import unmocked


@dataclass(frozen=True)
class OpenApiCall:
    """One call of an OpenAPI action: its Parameters, 0-based attempt, the answer and when it was made."""
    product: str
    api: str
    params: Any
    attempt: int
    outcome: Outcome
    time: float                 # virtual seconds since the epoch
    execution: str = ""
    path: str = ""

    @property
    def action(self) -> str:
        return f"{self.product}:{self.api}"


class OpenApiBackend:
    def __init__(self, now: Callable[[], float]):
        self._now = now
        self._scripts: dict[tuple[str, str], Script] = {}
        self.calls: list[OpenApiCall] = []

    def reset(self) -> None:
        self._scripts.clear()
        self.calls.clear()

    def script(self, product: str, api: str) -> Script:
        """The script answering `product:api` (names as the Action writes them), made on first use."""
        for part, what in ((product, "product"), (api, "API")):
            if not isinstance(part, str) or not part:
                raise ValueError(f"an OpenAPI {what} name is a non-empty string, got {part!r}")
        key = (product, api)
        if key not in self._scripts:
            self._scripts[key] = Script(f"{product}:{api}")
        return self._scripts[key]

    def has_script(self, product: str, api: str) -> bool:
        script = self._scripts.get((product, api))
        return script is not None and len(script) > 0

    def call(self, product: str, api: str, params: Any, *, attempt: int = 0, execution: str = "",
             path: str = "") -> Outcome:
        """The scripted answer to one call (recorded), or `FakeCloud.Unmocked` naming the action and why no rule
        of its script answered."""
        script = self._scripts.get((product, api))
        action = f"{product}:{api}"
        if script is None or not len(script):
            outcome: Outcome = unmocked(f"no script answers the OpenAPI action {action}: script it with "
                                        f"cloud.openapi.script({product!r}, {api!r}) or mock the state")
        else:
            lookup = script.find(params, attempt)
            outcome = lookup.outcome if lookup else unmocked(
                f"no rule of the script for {action} answers attempt {attempt} ({lookup.explain()})")
        if isinstance(outcome, Return) and outcome.value is None:
            outcome = Return({}, outcome.duration)
        self.calls.append(OpenApiCall(product, api, params, attempt, outcome, self._now(), execution, path))
        return outcome

    def calls_of(self, action: str) -> list[OpenApiCall]:
        """The calls of `Product:Api`, in order."""
        return [c for c in self.calls if c.action == action]

    def unused_scripts(self) -> list[str]:
        return [line for script in self._scripts.values() for line in script.unused()]
