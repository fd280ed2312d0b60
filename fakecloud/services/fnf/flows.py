"""The flow operations of the FnF API (CreateFlow, DescribeFlow, ListFlows, UpdateFlow, DeleteFlow) over the
engine's flow registry: definitions validated by the FDL front end, the API's own attributes kept alongside."""
from __future__ import annotations


from ... import jsontext
from ...engine import EngineError
from ...fdl import FlowDefinitionError, StateMachine, parse_flow
from . import errors
from .params import Params
from .records import EXECUTION_MODES, FLOW_TYPES, STANDARD, FlowRecord

MAX_DIAGNOSTICS = 3        # diagnostics quoted in the InvalidArgument message of a rejected definition


class FlowCatalog:
    """Flows by name. The engine's `flows` dict is the registry (flows registered on the engine directly show
    the API's defaults); this keeps one FlowRecord per registered version."""

    def __init__(self, engine):
        self.engine = engine
        self._records: dict[int, FlowRecord] = {}       # id(engine FlowEntry) -> its record

    # -- lookups ---------------------------------------------------------------------------------------
    def record_of(self, entry) -> FlowRecord:
        record = self._records.get(id(entry))
        if record is None or record.entry is not entry:
            record = self._records[id(entry)] = FlowRecord(entry)
        return record

    def get(self, name: str) -> FlowRecord:
        entry = self.engine.flows.get(name)
        if entry is None:
            raise errors.flow_not_exists(name)
        return self.record_of(entry)

    # -- operations ------------------------------------------------------------------------------------
    def create(self, p: Params) -> FlowRecord:
        for required in ("Name", "Definition", "Description", "Type"):
            if not p.has(required):
                raise errors.missing_params(required)
        name = p.name("Name", kind="flow name")
        definition = p.string("Definition")
        description = p.string("Description")
        type_ = p.choice("Type", FLOW_TYPES)
        role_arn = p.string("RoleArn")
        mode = p.choice("ExecutionMode", EXECUTION_MODES, default=STANDARD)
        environment = _environment(p)
        storage = p.string("ExternalStorageLocation")
        group = p.string("ResourceGroupId")
        if name in self.engine.flows:
            raise errors.flow_already_exists(name)
        entry = self._register(name, definition, mode, role_arn=role_arn or "")
        record = FlowRecord(entry, description, type_, role_arn, mode, environment, storage, group)
        self._records[id(entry)] = record
        return record

    def update(self, p: Params, now_ms: int) -> FlowRecord:
        name = p.existing_name("Name", kind="flow name")
        definition = p.string("Definition")
        description = p.string("Description")
        type_ = p.choice("Type", FLOW_TYPES)
        role_arn = p.string("RoleArn")
        environment = _environment(p)
        record = self.get(name)
        # Every update registers a new version (a new entry object, so that running executions keep the record
        # they started with); the flow keeps its id and creation time.
        entry = self._register(name, definition, record.execution_mode, update=True,
                               role_arn=role_arn if role_arn is not None else record.role_arn or "")
        changes: dict = {"last_modified_ms": now_ms, "entry": entry}
        if description is not None:
            changes["description"] = description
        if type_ is not None:
            changes["type"] = type_
        if role_arn is not None:
            changes["role_arn"] = role_arn
        if environment is not None:
            changes["environment"] = environment
        updated = record.with_changes(**changes)
        self._records[id(updated.entry)] = updated
        return updated

    def delete(self, p: Params) -> None:
        """Forget the flow and its executions: their history is no longer queryable, even after a flow of the
        same name is created again. Running executions of the flow run on, out of sight."""
        name = p.existing_name("Name", kind="flow name")
        if name not in self.engine.flows:
            raise errors.flow_not_exists(name)
        self.engine.delete_flow(name)
        for key in [key for key, record in self._records.items() if record.name == name]:
            del self._records[key]

    def list(self, p: Params) -> dict:
        """Flows in ascending name order; NextToken is the name of the first flow of the next page."""
        limit = p.integer("Limit", 1, 1000, default=60)
        start = p.string("NextToken")
        names = sorted(self.engine.flows)
        if start is not None:
            names = [n for n in names if n >= start]
        page = {"Flows": [self.get(n).describe() for n in names[:limit]]}
        if len(names) > limit:
            page["NextToken"] = names[limit]
        return page

    # -- helpers ---------------------------------------------------------------------------------------
    def _register(self, name: str, definition: str | None, mode: str, *, update: bool = False, role_arn: str = ""):
        """Check the definition as the service does for a flow of this ExecutionMode (a state machine's Name must be
        the flow's), then register it."""
        try:
            flow = None
            if definition is not None:
                flow = parse_flow(definition, f"{name}.yaml", limits=self.engine.limits, execution_mode=mode)
                if isinstance(flow, StateMachine) and flow.name != name:
                    raise errors.definition_name_mismatch(flow.name, name)
            if update:
                return self.engine.update_flow(name, flow, text=definition, role_arn=role_arn)
            return self.engine.add_flow(name, flow, text=definition, execution_mode=mode, role_arn=role_arn)
        except FlowDefinitionError as exc:
            raise errors.invalid_argument(definition_message(exc)) from None
        except EngineError as exc:
            raise errors.invalid_argument(exc.message) from None


def definition_message(exc: FlowDefinitionError) -> str:
    """The first error diagnostics of a rejected definition, file:line:column first."""
    found = exc.errors or exc.diagnostics
    shown = "; ".join(d.format() for d in found[:MAX_DIAGNOSTICS])
    more = len(found) - MAX_DIAGNOSTICS
    return f"The flow definition is invalid: {shown}" + (f" (and {more} more)" if more > 0 else "")


def _environment(p: Params):
    """Environment: {"Variables": [{"Name", "Value", "Description"}]}, as a JSON object or its text."""
    value = p.values.get("Environment")
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = jsontext.loads(value)
        except ValueError as exc:
            raise errors.invalid_argument(f"Parameter Environment is not valid JSON: {exc}.") from None
    if not isinstance(value, dict):
        raise errors.invalid_argument("Parameter Environment must be a JSON object.")
    return value
