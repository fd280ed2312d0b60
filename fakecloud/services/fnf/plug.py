"""Serverless Workflow itself in a world: `cloud.fnf` (the FnF API over the world's engine) and the subflow task
integration, so a child flow is started through the API whichever form the task names it by."""
from __future__ import annotations

from dataclasses import dataclass

from ..integration import ServicePlug
from .service import FnfService
from .integration import SubflowTasks


@dataclass(frozen=True)
class FnfPlug(ServicePlug):
    attribute = "fnf"

    def build(self, world) -> FnfService:
        return FnfService(world.engine, advance=world.advance_hook)

    def integrations(self, state: FnfService, world) -> list:
        return [SubflowTasks(state)]


PLUG = FnfPlug()
