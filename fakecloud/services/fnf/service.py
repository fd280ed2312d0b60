"""`FnfService`: the Serverless Workflow API (2019-03-15) as a plain Python object over one engine. Parameters
and response fields carry the service's own names; responses are the service's JSON objects as dicts (with a
RequestId from the engine's id source) and every error is an FnfError with the service's code and status.

    fnf = FnfService(engine)
    fnf.create_flow(Name="order", Definition=text, Description="orders", Type="FDL")
    fnf.start_execution(FlowName="order", ExecutionName="o1", Input='{"id": 7}')
    fnf.describe_execution(FlowName="order", ExecutionName="o1", WaitTimeSeconds=60)
    fnf.call("GetExecutionHistory", {"FlowName": "order", "ExecutionName": "o1", "Limit": "10"})
"""
from __future__ import annotations

from types import MappingProxyType
from typing import Any, Callable, Mapping

from . import errors
from .callbacks import CallbackOperations
from .executions import ExecutionOperations
from .flows import FlowCatalog
from .params import Params
from .records import sync_view
from .waiting import Advance, advance_to_next_event

# Every operation by its action name: the method serving it and the parameters it takes.
OPERATIONS: Mapping[str, tuple[str, tuple[str, ...]]] = MappingProxyType({
    "CreateFlow": ("create_flow", ("Name", "Definition", "Description", "Type", "RoleArn",
                                   "ExternalStorageLocation", "ExecutionMode", "Environment", "ResourceGroupId")),
    "DescribeFlow": ("describe_flow", ("Name", "FlowVersion")),
    "ListFlows": ("list_flows", ("Limit", "NextToken", "ResourceGroupId")),
    "UpdateFlow": ("update_flow", ("Name", "Definition", "Description", "Type", "RoleArn", "Environment")),
    "DeleteFlow": ("delete_flow", ("Name",)),
    "StartExecution": ("start_execution", ("FlowName", "ExecutionName", "Input", "CallbackFnFTaskToken",
                                           "Qualifier")),
    "StartSyncExecution": ("start_sync_execution", ("FlowName", "ExecutionName", "Input", "Qualifier")),
    "DescribeExecution": ("describe_execution", ("FlowName", "ExecutionName", "WaitTimeSeconds")),
    "ListExecutions": ("list_executions", ("FlowName", "Limit", "NextToken", "Status", "StartedTimeBegin",
                                           "StartedTimeEnd", "ExecutionNamePrefix", "MapRunName", "MetadataOnly",
                                           "Qualifier")),
    "StopExecution": ("stop_execution", ("FlowName", "ExecutionName", "Error", "Cause")),
    "GetExecutionHistory": ("get_execution_history", ("FlowName", "ExecutionName", "Limit", "NextToken")),
    "ReportTaskSucceeded": ("report_task_succeeded", ("TaskToken", "Output")),
    "ReportTaskFailed": ("report_task_failed", ("TaskToken", "Error", "Cause")),
})


class FnfService:
    """The FnF API over `engine`. `advance(seconds)` moves the world's virtual time for WaitTimeSeconds (it may
    stop early at the next event); by default the engine's clock is moved from timer to timer. Each call first
    runs what is runnable at the current instant; no call moves time except a DescribeExecution that waits."""

    def __init__(self, engine, *, advance: Advance | None = None):
        self.engine = engine
        self._advance = advance or advance_to_next_event(engine.clock)
        self.reset()

    def reset(self) -> None:
        """Forget the API's records of flows and executions (the engine's own registry is reset by its world)."""
        self.flows = FlowCatalog(self.engine)
        self.executions = ExecutionOperations(self.engine, self.flows, self._advance)
        self.callbacks = CallbackOperations(self.engine)

    # -- dispatch --------------------------------------------------------------------------------------
    def call(self, action: str, params: dict[str, Any] | None = None) -> dict:
        """Serve `action` with request parameters by the service's names; parameters the operation does not
        take are ignored, as the service ignores them."""
        operation = OPERATIONS.get(action) if isinstance(action, str) else None
        if operation is None:
            raise self._stamp(errors.action_not_supported(str(action)))
        method, names = operation
        if params is not None and not isinstance(params, dict):
            raise self._stamp(errors.invalid_argument("The request parameters must be a mapping."))
        known = {k: v for k, v in (params or {}).items() if k in names}
        return getattr(self, method)(**known)

    def _serve(self, action: str, params: dict[str, Any], body: Callable[[Params], dict]) -> dict:
        try:
            unknown = sorted(set(params) - set(OPERATIONS[action][1]))
            if unknown:
                raise errors.invalid_argument(f"{action} takes no parameter {unknown[0]}.")
            self.engine.clock.run_ready()
            response = body(Params(params))
        except errors.FnfError as exc:
            raise self._stamp(exc) from None
        response["RequestId"] = self.engine.ids.request_id()
        return response

    def _stamp(self, exc: errors.FnfError) -> errors.FnfError:
        exc.request_id = self.engine.ids.request_id()
        return exc

    # -- flows -----------------------------------------------------------------------------------------
    def create_flow(self, **params) -> dict:
        return self._serve("CreateFlow", params, lambda p: self.flows.create(p).describe())

    def describe_flow(self, **params) -> dict:
        def body(p: Params) -> dict:
            name = p.existing_name("Name", kind="flow name")
            p.string("FlowVersion")
            return self.flows.get(name).describe()
        return self._serve("DescribeFlow", params, body)

    def list_flows(self, **params) -> dict:
        def body(p: Params) -> dict:
            p.string("ResourceGroupId")
            return self.flows.list(p)
        return self._serve("ListFlows", params, body)

    def update_flow(self, **params) -> dict:
        return self._serve("UpdateFlow", params, lambda p: self.flows.update(p, self.engine.clock.now_ms).describe())

    def delete_flow(self, **params) -> dict:
        def body(p: Params) -> dict:
            self.flows.delete(p)
            return {}
        return self._serve("DeleteFlow", params, body)

    # -- executions ------------------------------------------------------------------------------------
    def start_execution(self, **params) -> dict:
        ops = self.executions
        return self._serve("StartExecution", params, lambda p: ops.view(ops.start(p)))

    def start_sync_execution(self, **params) -> dict:
        """StartSyncExecution: run an Express flow's execution to its end and answer its outcome."""
        ops = self.executions
        return self._serve("StartSyncExecution", params, lambda p: sync_view(ops.start_sync(p)))

    def describe_execution(self, **params) -> dict:
        ops = self.executions
        return self._serve("DescribeExecution", params, lambda p: ops.view(ops.describe(p), with_role=True))

    def list_executions(self, **params) -> dict:
        return self._serve("ListExecutions", params, self.executions.list)

    def stop_execution(self, **params) -> dict:
        ops = self.executions
        return self._serve("StopExecution", params, lambda p: ops.view(ops.stop(p), with_role=True))

    def get_execution_history(self, **params) -> dict:
        return self._serve("GetExecutionHistory", params, self.executions.history)

    # -- callbacks -------------------------------------------------------------------------------------
    def report_task_succeeded(self, **params) -> dict:
        return self._serve("ReportTaskSucceeded", params, lambda p: {"EventId": self.callbacks.succeeded(p)})

    def report_task_failed(self, **params) -> dict:
        return self._serve("ReportTaskFailed", params, lambda p: {"EventId": self.callbacks.failed(p)})
