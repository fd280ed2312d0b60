"""EventBridge PutEvents from flows. In the old dialect, `action: eventbridge:PutEvents` task steps: serviceParams
`EventBusName` (default `default`) and `Events` (a list of CloudEvents objects with `source`, `type`, and optionally
`id`, `subject`, `data`; one object is taken as a list of one). In a state machine, `EventBridge:PutEvents` Tasks
send one event from Parameters `eventBusName`, `source`, `type`, and optionally `id`, `subject` (the flow's ARN when
absent) and `data`; their errors are `EventBridge.<Code>` (the old dialect's are `eventbridge.<Code>`). Either way
the result is the PutEvents answer: RequestId, FailedEntryCount and one EventId per event; under
WaitForCustomCallback the event goes out and the Task waits for ReportTask*."""
from __future__ import annotations

from ...engine.outcomes import Return, Throw
from ...fdl.actions import EventBridgePutEvents
from ...fdl.targets import ActionSpec, ServiceAction
from ..integration import ServiceIntegration
from .backend import DEFAULT_BUS, EventBridgeBackend, EventBridgeError

PRODUCT = "eventbridge"
MACHINE_PRODUCT = "EventBridge"      # a state machine's Action names the product so; its errors are named after it
PUT_EVENTS = ActionSpec(PRODUCT, "PutEvents", required=("Events",), params=("EventBusName", "Events"))
EVENT_FIELDS = ("id", "source", "type", "subject", "data")


class PutEventsTasks(ServiceIntegration):
    """``region`` and ``account_id`` make the flow ARN a state machine's event has as its default subject."""
    name = "eventbridge"
    missing_errors = (f"{PRODUCT}.EventBusNotExist", f"{MACHINE_PRODUCT}.EventBusNotExist")

    def __init__(self, backend: EventBridgeBackend, region: str = "", account_id: str = ""):
        self.backend = backend
        self.region, self.account_id = region, account_id

    def answers(self, target) -> bool:
        return isinstance(target, EventBridgePutEvents) or (isinstance(target, ServiceAction)
                                                            and target.product == PRODUCT)

    def is_set_up(self, target) -> bool:
        return True           # the default bus always exists; a missing bus is the flow's own error

    def invoke(self, request):
        params = request.params if isinstance(request.params, dict) else {}
        request_id = self.backend.new_request_id()
        machine = isinstance(request.target, EventBridgePutEvents)
        if machine:
            bus, events = params.get("eventBusName"), [self._machine_event(request, params)]
            if not isinstance(bus, str) or not bus:
                return Throw(f"{MACHINE_PRODUCT}.EventBusNameInvalid", f"Parameters.eventBusName must be the name "
                                                                       f"of an event bus, not {bus!r}")
        elif request.target.api != PUT_EVENTS.api:
            return Throw(f"{PRODUCT}.ActionNotSupported", f"{PRODUCT}:{request.target.api} is not an EventBridge "
                                                           f"action this integration offers (PutEvents)")
        else:
            bus, events = params.get("EventBusName") or DEFAULT_BUS, params.get("Events")
            if isinstance(events, dict):
                events = [events]
        try:
            entries = self.backend.put_events(bus, events)
        except EventBridgeError as exc:
            return Throw(f"{MACHINE_PRODUCT}.{exc.code}" if machine else exc.flow_error, exc.message)
        return Return({"RequestId": request_id, "FailedEntryCount": 0, "EntryList": entries})

    def missing(self, request, error: str) -> str | None:
        if error not in self.missing_errors:
            return None
        params = request.params if isinstance(request.params, dict) else {}
        bus = params.get("eventBusName" if isinstance(request.target, EventBridgePutEvents) else "EventBusName")
        return f"event bus {bus or DEFAULT_BUS!r} does not exist; buses: {', '.join(self.backend.buses())}"

    def _machine_event(self, request, params: dict) -> dict:
        event = {key: params[key] for key in EVENT_FIELDS if params.get(key) is not None}
        event.setdefault("subject", f"acs:fnf:{self.region}:{self.account_id}:flow/{request.flow_name}")
        return event
