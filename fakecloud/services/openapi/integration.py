"""Task states whose Action is an OpenAPI operation of no optimized integration and no vision product
(`fdl.actions.ActionTarget` itself, not one of its subclasses): answered by `OpenApiBackend`'s scripts. This
integration is registered after every other, so a specific integration always wins."""
from __future__ import annotations

from ...fdl.actions import ActionTarget
from ..integration import ServiceIntegration
from .backend import OpenApiBackend


class OpenApiTasks(ServiceIntegration):
    name = "openapi"

    def __init__(self, backend: OpenApiBackend):
        self.backend = backend

    def answers(self, target) -> bool:
        return type(target) is ActionTarget

    def is_set_up(self, target) -> bool:
        return self.backend.has_script(target.product, target.api)

    def invoke(self, request):
        target = request.target
        params = request.params if request.params is not None else {}
        return self.backend.call(target.product, target.api, params, attempt=request.attempt,
                                 execution=getattr(request.execution, "name", ""), path=request.path)
