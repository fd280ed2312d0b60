"""Task steps with `action: {product}:{Api}` for the vision products: the engine integration that calls the
vision API fake (the FnF integration hands it every action that is not `fnf:*`)."""
from __future__ import annotations

from ...engine.integrations import Failure, Result, TaskRequest
from .errors import VisionError


class VisionTasks:
    kind = "action"

    def __init__(self, backend):
        self.backend = backend

    def invoke(self, request: TaskRequest):
        target = request.target
        params = request.params if request.params is not None else {}
        try:
            # Scripts select on a 0-based attempt index; the engine counts attempts from 1.
            response = self.backend.call(target.product, target.api, params, attempt=request.attempt - 1)
        except VisionError as exc:
            return Failure(exc.flow_error, exc.cause, exc.duration or 0)
        return Result(response, self.backend.calls[-1].duration or 0)

