"""What the FnF API keeps about a flow beyond what the engine runs (description, type, role, execution mode,
modification time), and the flow and execution objects as the service's JSON responses show them."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ...engine import format_time
from ...engine.history import to_json

STANDARD, EXPRESS = "Standard", "Express"
FLOW_TYPES = ("FDL",)
EXECUTION_MODES = (STANDARD, EXPRESS)


@dataclass(frozen=True)
class FlowRecord:
    """One version of a flow as the API shows it: the engine's entry (name, id, definition, creation time)
    plus the API's own attributes. UpdateFlow makes a new record; executions keep the one they started with."""
    entry: Any                      # the engine's FlowEntry
    description: str = ""
    type: str = "FDL"
    role_arn: str | None = None
    execution_mode: str = STANDARD
    environment: Any = None         # {"Variables": [...]} when given
    external_storage_location: str | None = None
    resource_group_id: str | None = None
    last_modified_ms: int | None = None

    @property
    def name(self) -> str:
        return self.entry.name

    def with_changes(self, **changes) -> "FlowRecord":
        return replace(self, **changes)

    def describe(self) -> dict:
        """The flow as CreateFlow, DescribeFlow, UpdateFlow and ListFlows return it."""
        entry = self.entry
        out = {"Name": entry.name, "Id": entry.id, "Definition": entry.definition, "Description": self.description,
               "Type": self.type}
        if self.role_arn is not None:
            out["RoleArn"] = self.role_arn
        modified = entry.created_ms if self.last_modified_ms is None else self.last_modified_ms
        out.update({"CreatedTime": format_time(entry.created_ms), "LastModifiedTime": format_time(modified),
                    "ExecutionMode": self.execution_mode})
        if self.environment is not None:
            out["Environment"] = self.environment
        if self.external_storage_location is not None:
            out["ExternalStorageLocation"] = self.external_storage_location
        if self.resource_group_id is not None:
            out["ResourceGroupId"] = self.resource_group_id
        return out


def execution_view(execution, role_arn: str | None = None) -> dict:
    """An execution as StartExecution, DescribeExecution, StopExecution and ListExecutions return it: Input and
    Output as JSON text ("" while there is no output), StoppedTime once it has ended, RoleArn when its flow
    had one when it started."""
    out = {"Name": execution.name, "FlowName": execution.flow_name,
           "FlowDefinition": execution.flow_entry.definition, "Input": to_json(execution.input),
           "Output": "" if execution.output is None else to_json(execution.output), "Status": execution.status,
           "StartedTime": execution.started_time}
    if execution.stopped_ms is not None:
        out["StoppedTime"] = execution.stopped_time
    if role_arn is not None:
        out["RoleArn"] = role_arn
    return out


def sync_view(execution) -> dict:
    """An execution as StartSyncExecution returns it: its outcome, with ErrorCode and ErrorMessage when it did not
    succeed."""
    out = {"Name": execution.name, "FlowName": execution.flow_name, "Status": execution.status,
           "Output": "" if execution.output is None else to_json(execution.output),
           "StartedTime": execution.started_time}
    if execution.stopped_ms is not None:
        out["StoppedTime"] = execution.stopped_time
    if execution.error is not None:
        out["ErrorCode"], out["ErrorMessage"] = execution.error, execution.cause
    return out
