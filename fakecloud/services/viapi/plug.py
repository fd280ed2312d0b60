"""The vision APIs in a world: `cloud.viapi` (answers from the catalog or from scripts) and its task integration;
a scenario's `services.viapi` maps "product:Api" to scripted answers."""
from __future__ import annotations

from dataclasses import dataclass

from ..integration import ServicePlug, expect_mapping
from .backend import VisionBackend
from .integration import VisionTasks


@dataclass(frozen=True)
class VisionPlug(ServicePlug):
    attribute = "viapi"
    scenario_key = "viapi"

    def build(self, world) -> VisionBackend:
        return VisionBackend(world.clock.now, world.service_ids.new)

    def integrations(self, state: VisionBackend, world) -> list:
        return [VisionTasks(state)]

    def set_up(self, state: VisionBackend, spec, where: str) -> None:
        for action, script in expect_mapping(spec, where).items():
            product, _, api = str(action).partition(":")
            state.script(product, api).extend(script)

    def unused(self, state: VisionBackend) -> list[str]:
        return state.unused_scripts()


PLUG = VisionPlug()
