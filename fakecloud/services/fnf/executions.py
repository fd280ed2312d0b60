"""The execution operations of the FnF API (StartExecution, DescribeExecution, ListExecutions, StopExecution,
GetExecutionHistory) over the engine's executions, with the service's checks, filters and paging."""
from __future__ import annotations

from ...engine import EngineError, parse_token
from ...engine.execution import FAILED, RUNNING, STARTING, STOPPED, SUCCEEDED, TIMED_OUT
from . import errors
from .params import Params
from .records import EXPRESS, execution_view
from .waiting import wait_for_end

STATUSES = (STARTING, RUNNING, STOPPED, SUCCEEDED, FAILED, TIMED_OUT)


class ExecutionOperations:
    def __init__(self, engine, flows, advance):
        self.engine = engine
        self.flows = flows              # the FlowCatalog
        self.advance = advance          # moves virtual time for DescribeExecution's WaitTimeSeconds

    # -- lookups ---------------------------------------------------------------------------------------
    def get(self, flow: str, name: str):
        execution = self.engine.executions.get((flow, name))
        if execution is None:
            if flow not in self.engine.flows:
                raise errors.flow_not_exists(flow)
            raise errors.execution_not_exists(name, flow)
        return execution

    def view(self, execution, *, with_role: bool = False) -> dict:
        role = self.flows.record_of(execution.flow_entry).role_arn if with_role else None
        return execution_view(execution, role)

    # -- operations ------------------------------------------------------------------------------------
    def start(self, p: Params):
        """StartExecution: the execution started, or the running execution of the same name."""
        flow = p.existing_name("FlowName", kind="flow name")
        name = p.name("ExecutionName", required=False, kind="execution name")
        _, data = p.json_object("Input")
        token = p.string("CallbackFnFTaskToken")
        p.string("Qualifier")
        record = self.flows.get(flow)
        if record.execution_mode == EXPRESS:
            raise errors.invalid_argument(f"Flow {flow} is an Express flow; StartExecution runs Standard flows "
                                          f"only.")
        if token is not None and parse_token(self.engine.ids.token_key, token) is None:
            raise errors.invalid_argument("Parameter CallbackFnFTaskToken is not a valid task token.")
        if name is not None:
            existing = self.engine.executions.get((flow, name))
            if existing is not None:
                if existing.is_terminal:
                    raise errors.execution_already_exists(name, flow)
                return existing
        try:
            return self.engine.start_execution(flow, {} if data is None else data, name, token)
        except EngineError as exc:
            raise engine_error(exc) from None

    def start_sync(self, p: Params):
        """StartSyncExecution: an Express flow's execution, run to its end (virtual time is skipped). The name is
        `{ExecutionName}:{uuid}` (a uuid alone without one), so it need not be unique."""
        flow = p.existing_name("FlowName", kind="flow name")
        given = p.name("ExecutionName", required=False, kind="execution name")
        _, data = p.json_object("Input")
        p.string("Qualifier")
        record = self.flows.get(flow)
        if record.execution_mode != EXPRESS:
            raise errors.invalid_argument(f"Flow {flow} is a Standard flow; StartSyncExecution runs Express flows "
                                          f"only.")
        suffix = self.engine.ids.uuid()
        try:
            execution = self.engine.start_execution(flow, {} if data is None else data,
                                                    suffix if given is None else f"{given}:{suffix}", checked=False)
        except EngineError as exc:
            raise engine_error(exc) from None
        self.engine.run_until_done(execution)
        return execution

    def describe(self, p: Params):
        flow = p.existing_name("FlowName", kind="flow name")
        name = p.existing_name("ExecutionName", kind="execution name")
        wait = p.integer("WaitTimeSeconds", 0, 60, default=0)
        execution = self.get(flow, name)
        if wait and not self.engine.scheduler.running:
            # Called from inside a running step (an FC handler), time cannot move: the answer comes at once.
            wait_for_end(execution, wait, self.engine.clock, self.advance)
        return execution

    def list(self, p: Params) -> dict:
        """Executions in ascending name order (NextToken is the name of the first execution of the next page),
        filtered by status, start time (inclusive bounds) and name prefix."""
        flow = p.existing_name("FlowName", kind="flow name")
        limit = p.integer("Limit", 1, 100, default=60)
        start = p.string("NextToken")
        status = p.choice("Status", STATUSES)
        begin = p.time("StartedTimeBegin")
        end = p.time("StartedTimeEnd")
        prefix = p.string("ExecutionNamePrefix", max_len=128)
        for ignored in ("MapRunName", "Qualifier"):
            p.string(ignored)
        if flow not in self.engine.flows:
            raise errors.flow_not_exists(flow)
        found = []
        for (owner, name), execution in self.engine.executions.items():
            if owner != flow or (start is not None and name < start):
                continue
            if status is not None and execution.status != status:
                continue
            if (begin is not None and execution.started_ms < begin) or (end is not None and execution.started_ms > end):
                continue
            if prefix is not None and not name.startswith(prefix):
                continue
            found.append((name, execution))
        found.sort(key=lambda pair: pair[0])
        page = {"Executions": [self.view(execution) for _, execution in found[:limit]]}
        if len(found) > limit:
            page["NextToken"] = found[limit][0]
        return page

    def stop(self, p: Params):
        flow = p.existing_name("FlowName", kind="flow name")
        name = p.existing_name("ExecutionName", kind="execution name")
        error = p.string("Error", min_len=1, max_len=128)
        cause = p.string("Cause", min_len=1, max_len=4096)
        execution = self.get(flow, name)
        if execution.is_terminal:
            raise errors.execution_already_completed(name, flow)
        self.engine.stop_execution(flow, name, error or "", cause or "")
        return execution

    def history(self, p: Params) -> dict:
        """GetExecutionHistory: events in EventId order; NextToken is the EventId of the next page's first event."""
        flow = p.existing_name("FlowName", kind="flow name")
        name = p.existing_name("ExecutionName", kind="execution name")
        limit = p.integer("Limit", 1, 1000, default=60)
        token = p.string("NextToken")
        if token is not None and not (token.isdigit() and token.isascii() and int(token) >= 1):
            raise errors.invalid_argument(f"Parameter NextToken '{token[:64]}' is not a token this API returned.")
        execution = self.get(flow, name)
        return execution.history.page(limit, token)


def engine_error(exc: EngineError) -> errors.FnfError:
    """An engine API error as the service's error (the service's HTTP status for the code)."""
    return errors.FnfError(exc.code, exc.message)
