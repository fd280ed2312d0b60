"""Event buses as a sink: `put_events(bus, events)` checks and records each event (CloudEvents fields) with the
virtual time it arrived; `events(bus)` reads them back in order. The bus `default` always exists, as every
account's does; others are created with `create_bus`."""
from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Callable

from ..errors import ServiceError

DEFAULT_BUS = "default"
MAX_EVENTS_PER_CALL = 16          # PutEvents takes at most 16 events a request


class EventBridgeError(ServiceError):
    """An EventBridge API error; `flow_error` is what a flow's retry/catch sees (``eventbridge.<Code>``)."""
    NAMESPACE = "eventbridge"
    STATUS = MappingProxyType({"EventBusNotExist": 404, "EventBusAlreadyExist": 409})
    DEFAULT_STATUS = 400


@dataclass(frozen=True)
class PutEvent:
    """One event as the bus received it."""
    bus: str
    id: str
    source: str
    type: str
    subject: str | None
    data: Any
    time: float                   # virtual seconds since the epoch

    def as_dict(self) -> dict:
        return {"id": self.id, "source": self.source, "type": self.type, "subject": self.subject,
                "data": self.data}


class EventBridgeBackend:
    def __init__(self, now: Callable[[], float], new_id: Callable[[str], str]):
        self._now = now
        self._new_id = new_id
        self.reset()

    def reset(self) -> None:
        self._buses: dict[str, list[PutEvent]] = {DEFAULT_BUS: []}

    # -- buses -------------------------------------------------------------------------------------------
    def create_bus(self, name: str) -> None:
        if not isinstance(name, str) or not name:
            raise EventBridgeError("EventBusNameInvalid", f"event bus name {name!r} is not valid")
        if name in self._buses:
            raise EventBridgeError("EventBusAlreadyExist", f"The event bus [{name}] already exists!")
        self._buses[name] = []

    def buses(self) -> list[str]:
        return sorted(self._buses)

    def has_bus(self, name: str) -> bool:
        return name in self._buses

    # -- events ------------------------------------------------------------------------------------------
    def put_events(self, bus: str, events: list[dict]) -> list[dict]:
        """Record `events` on `bus`; returns one entry (EventId) per event."""
        if bus not in self._buses:
            raise EventBridgeError("EventBusNotExist", f"The event bus [{bus}] not existed!")
        if not isinstance(events, list) or not events:
            raise EventBridgeError("EventsInvalid", "events must be a non-empty list of event objects")
        if len(events) > MAX_EVENTS_PER_CALL:
            raise EventBridgeError("EventsInvalid", f"at most {MAX_EVENTS_PER_CALL} events per PutEvents, "
                                                    f"got {len(events)}")
        accepted = [self._event(bus, i, event) for i, event in enumerate(events)]
        self._buses[bus].extend(accepted)
        return [{"EventId": e.id} for e in accepted]

    def events(self, bus: str = DEFAULT_BUS) -> list[PutEvent]:
        """Every event `bus` received, in order."""
        if bus not in self._buses:
            raise EventBridgeError("EventBusNotExist", f"The event bus [{bus}] not existed!")
        return list(self._buses[bus])

    def new_request_id(self) -> str:
        return self._new_id("request")

    def _event(self, bus: str, index: int, event: Any) -> PutEvent:
        if not isinstance(event, dict):
            raise EventBridgeError("EventsInvalid", f"event {index} must be an object, got {type(event).__name__}")
        for field in ("source", "type"):
            if not isinstance(event.get(field), str) or not event[field]:
                raise EventBridgeError("EventsInvalid", f"event {index} needs a non-empty string '{field}'")
        given = event.get("id")
        event_id = given if isinstance(given, str) and given else self._new_id("event")
        subject = event.get("subject")
        return PutEvent(bus, event_id, event["source"], event["type"], subject if isinstance(subject, str) else None,
                        event.get("data"), self._now())
