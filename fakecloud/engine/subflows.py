"""Subflows (`acs:fnf:::flow/{name}` and `action: fnf:StartExecution`): child executions in the same engine.

requestResponse returns the start information; sync waits for the child's Output, or fails with its error and
cause (a child that timed out fails with FnF.Timeout); waitForCallback waits for a ReportTask* on the token."""
from __future__ import annotations

import json

from . import errors as e
from .integrations import PENDING, Failure, Result, TaskRequest


class Subflows:
    kind = "subflow"

    def __init__(self, engine):
        self.engine = engine

    def invoke(self, request: TaskRequest):
        engine = self.engine
        params = request.params if isinstance(request.params, dict) else {}
        target = request.target
        flow = params.get("FlowName") if target.kind == "action" else target.flow
        child_input = params.get("Input", request.input)
        if isinstance(child_input, str):
            try:
                child_input = json.loads(child_input)
            except ValueError:
                return Failure("FnF.InvalidArgument", "serviceParams.Input is not valid JSON")
        name = params.get("ExecutionName")
        try:
            child = engine.start_execution(flow, child_input, None if name in (None, "") else str(name),
                                           callback_token=params.get("CallbackFnFTaskToken") or None)
        except e.FlowNotExists as exc:
            return Failure(e.FLOW_NOT_EXISTS, exc.message)
        except e.ExecutionAlreadyExists as exc:
            return Failure(e.EXECUTION_ALREADY_EXISTS, exc.message)
        except e.InvalidArgument as exc:
            return Failure("FnF.InvalidArgument", exc.message)
        info = {"FlowName": child.flow_name, "ExecutionName": child.name, "RequestId": engine.ids.request_id()}
        if request.pattern != "sync":
            return Result(info)
        handle = request.handle
        child.on_end(lambda ended: ended.report_to(handle))
        return PENDING
