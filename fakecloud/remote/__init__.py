"""Answering task steps from a live endpoint that speaks the services' protocols (a `fakecloud server`, or the
real cloud), for recording runs: endpoints and keys, request signing, and one integration per task kind."""
from .endpoint import Endpoint, EndpointError
from .tasks import RemoteTasks
from .transport import EndpointRefused, EndpointUnreachable

__all__ = ("Endpoint", "EndpointError", "EndpointRefused", "EndpointUnreachable", "RemoteTasks")
