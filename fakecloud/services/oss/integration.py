"""`OSS:<Operation>` tasks (state machines, RequestComplete): the operations of `operations.OPERATIONS` on the
world's store, `region` defaulting to the world's. A failed operation fails the task with `OSS.<Code>`; an
operation the fake does not offer fails with `FakeCloud.Unmocked` (a mock of the state can answer it)."""
from __future__ import annotations

from typing import Mapping

from ...engine.outcomes import Return, Throw
from ...fdl.actions import OssAction
from ..integration import ServiceIntegration
from ..unmocked import unmocked
from .errors import OssError
from .operations import OPERATIONS
from .store import OssStore


class OssTasks(ServiceIntegration):
    name = "oss"
    targets = (OssAction,)

    def __init__(self, store: OssStore):
        self.store = store

    def is_set_up(self, target) -> bool:
        return target.api in OPERATIONS      # a missing bucket or key is the flow's own error

    def invoke(self, request) -> Return | Throw:
        operation = OPERATIONS.get(request.target.api)
        if operation is None:
            return unmocked(f"OSS:{request.target.api} is not an operation the OSS fake offers (it offers "
                            f"{', '.join(OPERATIONS)}): mock the state")
        params = request.params if isinstance(request.params, Mapping) else {}
        region = params.get("region") or self.store.region
        try:
            if not isinstance(region, str):
                raise OssError("InvalidArgument", f"the Parameter 'region' must be a string, got {region!r}")
            return Return(operation(self.store, params, region))
        except OssError as exc:
            return Throw(exc.flow_error, exc.message)
        except ValueError as exc:           # a body that is not JSON (only Python callers can pass one)
            return Throw(OssError("InvalidArgument", str(exc)).flow_error, str(exc))
