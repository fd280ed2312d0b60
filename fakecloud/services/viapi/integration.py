"""Task steps with `action: {product}:{Api}` for the vision products of the catalog: the engine integration that
calls the vision API fake."""
from __future__ import annotations

from ...engine.integrations import TaskRequest
from ...engine.outcomes import Return, Throw
from ...fdl.targets import ServiceAction
from ..integration import ServiceIntegration
from .errors import VisionError


class VisionTasks(ServiceIntegration):
    name = "vision"
    remote = "vision"

    def __init__(self, backend):
        self.backend = backend

    def answers(self, target) -> bool:
        return isinstance(target, ServiceAction) and self.backend.catalog.product(target.product) is not None

    def is_set_up(self, target) -> bool:
        return self.backend.has_script(target.product, target.api)

    def missing(self, request, error: str) -> str | None:
        target = request.target
        if error != f"{target.product}.InvalidAction.NotFound":
            return None
        return f"{target.product}:{target.api} is not an API of that endpoint"

    def invoke(self, request: TaskRequest):
        target = request.target
        params = request.params if request.params is not None else {}
        try:
            response = self.backend.call(target.product, target.api, params, attempt=request.attempt)
        except VisionError as exc:
            return Throw(exc.flow_error, exc.cause, exc.duration or 0)
        return Return(response, self.backend.calls[-1].duration or 0)
