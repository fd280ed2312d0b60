"""Task steps with `action: fnf:StartExecution`, served through the FnF API object, so a child is started with
the API's checks and an API error reaches the flow as `fnf.<Code>`. Other products go to a fallback integration
(the vision APIs in the world), so this can be the engine's one integration for `action` targets."""
from __future__ import annotations

from typing import Any

from ...engine.errors import NO_INTEGRATION
from ...engine.history import to_json
from ...engine.integrations import PENDING, Failure, Result, TaskRequest
from .errors import FnfError, action_not_supported

_STRING_PARAMS = ("FlowName", "ExecutionName", "CallbackFnFTaskToken", "Qualifier")


class FnfActionIntegration:
    kind = "action"

    def __init__(self, service, fallback=None):
        self.service = service
        self.fallback = fallback

    def invoke(self, request: TaskRequest):
        target = request.target
        if target.product != "fnf":
            if self.fallback is None:
                return Failure(NO_INTEGRATION, f"no integration serves action '{target.product}:{target.api}'")
            return self.fallback.invoke(request)
        if target.api != "StartExecution":
            exc = action_not_supported(target.api)
            return Failure(exc.flow_error, exc.message)
        try:
            response = self.service.start_execution(**start_params(request))
        except FnfError as exc:
            return Failure(exc.flow_error, exc.message)
        info = {"FlowName": response["FlowName"], "ExecutionName": response["Name"],
                "RequestId": response["RequestId"]}
        if request.pattern != "sync":
            return Result(info)         # waitForCallback: submitted; the outcome comes with a ReportTask* call
        child = self.service.engine.executions[(response["FlowName"], response["Name"])]
        handle = request.handle
        child.on_end(lambda ended: ended.report_to(handle))
        return PENDING


def start_params(request: TaskRequest) -> dict[str, Any]:
    """StartExecution's request parameters from the step's serviceParams: scalars as text, `Input` as JSON text
    (the step's mapped input when absent)."""
    params = request.params if isinstance(request.params, dict) else {}
    out: dict[str, Any] = {}
    for name in _STRING_PARAMS:
        value = params.get(name)
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, (int, float)):
            value = str(value)
        if value is not None:
            out[name] = value
    value = params.get("Input", request.input)
    out["Input"] = value if isinstance(value, str) else to_json(value)
    return out
