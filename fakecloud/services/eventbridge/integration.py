"""`action: eventbridge:PutEvents` task steps: serviceParams `EventBusName` (default `default`) and `Events` (a list
of CloudEvents objects with `source`, `type`, and optionally `id`, `subject`, `data`; one object is taken as a list
of one). The step's result is the PutEvents answer: RequestId, FailedEntryCount and one EventId per event."""
from __future__ import annotations

from ...engine.outcomes import Return, Throw
from ...fdl.targets import ActionSpec, ServiceAction
from ..integration import ServiceIntegration
from .backend import DEFAULT_BUS, EventBridgeBackend, EventBridgeError

PRODUCT = "eventbridge"
PUT_EVENTS = ActionSpec(PRODUCT, "PutEvents", required=("Events",), params=("EventBusName", "Events"))


class PutEventsTasks(ServiceIntegration):
    name = "eventbridge"
    missing_errors = (f"{PRODUCT}.EventBusNotExist",)

    def __init__(self, backend: EventBridgeBackend):
        self.backend = backend

    def answers(self, target) -> bool:
        return isinstance(target, ServiceAction) and target.product == PRODUCT

    def is_set_up(self, target) -> bool:
        return True           # the default bus always exists; a missing bus is the flow's own error

    def invoke(self, request):
        params = request.params if isinstance(request.params, dict) else {}
        request_id = self.backend.new_request_id()
        if request.target.api != PUT_EVENTS.api:
            return Throw(f"{PRODUCT}.ActionNotSupported", f"{PRODUCT}:{request.target.api} is not an EventBridge "
                                                           f"action this integration offers (PutEvents)")
        events = params.get("Events")
        if isinstance(events, dict):
            events = [events]
        try:
            entries = self.backend.put_events(params.get("EventBusName") or DEFAULT_BUS, events)
        except EventBridgeError as exc:
            return Throw(exc.flow_error, exc.message)
        return Return({"RequestId": request_id, "FailedEntryCount": 0, "EntryList": entries})
