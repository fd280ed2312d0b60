"""Task steps with `action: {product}:{Api}` for the vision products of the catalog, and state machines' vision
Actions (`Facebody:DetectFace`, any case of the product; Parameters are the API's own): the engine integration that
calls the vision API fake. Both answer with the API's response as it is, or fail with `{product}.{Code}`, the
product named as the catalog names it."""
from __future__ import annotations

from ...engine.integrations import TaskRequest
from ...engine.outcomes import Return, Throw
from ...fdl.actions import VisionAction
from ...fdl.targets import ServiceAction
from ..integration import ServiceIntegration
from .errors import VisionError


def product_of(target) -> str:
    """The catalog's name of the target's product (a state machine may write it in any case)."""
    return target.spec.product if isinstance(target, VisionAction) and target.spec is not None else target.product


class VisionTasks(ServiceIntegration):
    name = "vision"
    remote = "vision"

    def __init__(self, backend):
        self.backend = backend

    def answers(self, target) -> bool:
        if isinstance(target, VisionAction):
            return True
        return isinstance(target, ServiceAction) and self.backend.catalog.product(target.product) is not None

    def is_set_up(self, target) -> bool:
        return self.backend.has_script(product_of(target), target.api)

    def missing(self, request, error: str) -> str | None:
        target = request.target
        product = product_of(target)
        if error != f"{product}.InvalidAction.NotFound":
            return None
        return f"{product}:{target.api} is not an API of that endpoint"

    def invoke(self, request: TaskRequest):
        target = request.target
        params = request.params if request.params is not None else {}
        try:
            response = self.backend.call(product_of(target), target.api, params, attempt=request.attempt)
        except VisionError as exc:
            return Throw(exc.flow_error, exc.cause, exc.duration or 0)
        return Return(response, self.backend.calls[-1].duration or 0)
