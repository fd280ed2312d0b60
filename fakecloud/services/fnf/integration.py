"""Subflows: task steps with `resourceArn: acs:fnf:::flow/{name}` or `action: fnf:StartExecution`, served through
the FnF API object, so a child is started with the API's checks and an API error reaches the flow as
`fnf.<Code>` (one path for both forms). requestResponse returns the start information; sync waits for the child's
Output, or fails with its error and cause; waitForCallback waits for a ReportTask* on the token."""
from __future__ import annotations

from typing import Any

from ...engine.history import to_json
from ...engine.integrations import TaskRequest
from ...engine.outcomes import PENDING, Return, Throw
from ...fdl.actions import FnfStartExecution
from ...fdl.diagnostics import did_you_mean
from ...fdl.targets import SYNC, ServiceAction, Subflow, TargetError, parse_flow_arn
from ..integration import ServiceIntegration
from .errors import FnfError, action_not_supported, invalid_argument

_STRING_PARAMS = ("FlowName", "ExecutionName", "CallbackFnFTaskToken", "Qualifier")


class SubflowTasks(ServiceIntegration):
    name = "subflow"
    starts_executions = True
    missing_errors = ("fnf.FlowNotExists",)

    def __init__(self, service):
        self.service = service

    def answers(self, target) -> bool:
        return isinstance(target, (Subflow, FnfStartExecution)) or (isinstance(target, ServiceAction)
                                                                    and target.product == "fnf")

    def invoke(self, request: TaskRequest):
        target = request.target
        if isinstance(target, FnfStartExecution):
            return self._start_for_machine(request)
        if isinstance(target, ServiceAction) and target.api != "StartExecution":
            exc = action_not_supported(target.api)
            return Throw(exc.flow_error, exc.message)
        flow = target.flow if isinstance(target, Subflow) else None
        try:
            response = self.service.start_execution(**start_params(request, flow))
        except FnfError as exc:
            return Throw(exc.flow_error, exc.message)
        info = {"FlowName": response["FlowName"], "ExecutionName": response["Name"],
                "RequestId": response["RequestId"]}
        if request.pattern != SYNC:
            return Return(info)         # waitForCallback: submitted; the outcome comes with a ReportTask* call
        child = self.service.engine.executions[(response["FlowName"], response["Name"])]
        handle = request.handle
        child.on_end(lambda ended: ended.report_to(handle))
        return PENDING

    def missing(self, request: TaskRequest, error: str) -> str | None:
        if error not in self.missing_errors:
            return None
        target = request.target
        name = target.flow if isinstance(target, Subflow) else start_params(request).get("FlowName")
        flows = sorted(self.service.engine.flows)
        known = f"; flows: {', '.join(flows)}" if flows else "; no flow is registered"
        return f"flow {name!r} does not exist{did_you_mean(str(name), flows)}{known}"

    def _start_for_machine(self, request: TaskRequest):
        """`FNF:StartExecution` from a state machine: `Parameters.resourceArn` names the child flow (of either
        dialect), `executionName` and `input` (an object; the Task's input without one) start it. RequestComplete
        answers `{"FlowName", "ExecutionName", "RequestID"}`, WaitForSystemCallback the child's output (or fails
        with its error), WaitForCustomCallback waits for a ReportTask* call."""
        params = request.params if isinstance(request.params, dict) else {}
        try:
            flow = parse_flow_arn(params.get("resourceArn") if isinstance(params.get("resourceArn"), str) else "")
        except TargetError as exc:
            return _throw(invalid_argument(f"Parameters.resourceArn: {exc}"))
        given = params.get("input", request.input)
        if not isinstance(given, dict):
            return _throw(invalid_argument("Parameters.input must be an object"))
        start = {"FlowName": flow.flow, "Input": to_json(given)}
        if params.get("executionName") is not None:
            start["ExecutionName"] = str(params["executionName"])
        try:
            response = self.service.start_execution(**start)
        except FnfError as exc:
            return _throw(exc)
        if request.pattern != SYNC:
            return Return({"FlowName": response["FlowName"], "ExecutionName": response["Name"],
                           "RequestID": response["RequestId"]})
        child = self.service.engine.executions[(response["FlowName"], response["Name"])]
        handle = request.handle
        child.on_end(lambda ended: ended.report_to(handle))
        return PENDING


def _throw(exc: FnfError) -> Throw:
    return Throw(exc.flow_error, exc.message)


def start_params(request: TaskRequest, flow: str | None = None) -> dict[str, Any]:
    """StartExecution's request parameters from the step's serviceParams (FlowName is `flow` for a resourceArn
    subflow): scalars as text, `Input` as JSON text (the step's mapped input when absent)."""
    params = request.params if isinstance(request.params, dict) else {}
    out: dict[str, Any] = {} if flow is None else {"FlowName": flow}
    for name in _STRING_PARAMS:
        if name in out:
            continue
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
