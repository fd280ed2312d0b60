"""The EventBridge fake: event buses that record every PutEvents, readable from Python, and the task integration
for `action: eventbridge:PutEvents`."""
from .backend import DEFAULT_BUS, EventBridgeBackend, EventBridgeError, PutEvent

__all__ = ("DEFAULT_BUS", "EventBridgeBackend", "EventBridgeError", "PutEvent")
