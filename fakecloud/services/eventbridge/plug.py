"""EventBridge in a world: `cloud.events` (the buses and what they received) and the PutEvents task integration;
a scenario's `services.eventbridge` lists `buses` to create."""
from __future__ import annotations

from dataclasses import dataclass

from ..fields import expect_fields, expect_mapping
from ..integration import ServicePlug
from .backend import EventBridgeBackend, EventBridgeError
from .integration import PUT_EVENTS, PutEventsTasks


@dataclass(frozen=True)
class EventBridgePlug(ServicePlug):
    attribute = "events"
    scenario_key = "eventbridge"

    def build(self, world) -> EventBridgeBackend:
        return EventBridgeBackend(world.clock.now, world.service_ids.new)

    def integrations(self, state: EventBridgeBackend, world) -> list:
        return [PutEventsTasks(state, world.region, world.account_id)]

    def actions(self) -> tuple:
        return (PUT_EVENTS,)

    def set_up(self, state: EventBridgeBackend, spec, where: str) -> None:
        spec = expect_mapping(spec, where)
        expect_fields(spec, ("buses",), where)
        buses = spec.get("buses") or []
        if not isinstance(buses, list):
            raise ValueError(f"{where}.buses: expected a list of names, got {type(buses).__name__}")
        for bus in buses:
            if not state.has_bus(bus):
                try:
                    state.create_bus(bus)
                except EventBridgeError as exc:
                    raise ValueError(f"{where}.buses: {bus!r}: {exc}") from None


PLUG = EventBridgePlug()
