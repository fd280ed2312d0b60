"""Function Compute in a world: `cloud.fc` (an FcBackend on the world's clock and ids) and its task
integration; a scenario's `services.fc` maps "service/function" to scripted answers."""
from __future__ import annotations

from dataclasses import dataclass

from ..integration import ServicePlug, expect_mapping
from .backend import FcBackend
from .integration import FcIntegration


@dataclass(frozen=True)
class FunctionComputePlug(ServicePlug):
    attribute = "fc"
    scenario_key = "fc"

    def build(self, world) -> FcBackend:
        return FcBackend(world.clock, world.service_ids.new, region=world.region, account_id=world.account_id)

    def integrations(self, state: FcBackend, world) -> list:
        return [FcIntegration(state)]

    def set_up(self, state: FcBackend, spec, where: str) -> None:
        for name, script in expect_mapping(spec, where).items():
            state.script(name).extend(script)

    def unused(self, state: FcBackend) -> list[str]:
        return state.unused()


PLUG = FunctionComputePlug()
