"""OpenAPI actions in a world: `cloud.openapi` (scripts and calls) and their task integration, registered last; a
scenario's `services.openapi` maps "Product:Api" to scripted answers (the `Script.extend` forms)."""
from __future__ import annotations

from dataclasses import dataclass

from ..fields import expect_mapping
from ..integration import ServicePlug
from .backend import OpenApiBackend
from .integration import OpenApiTasks


@dataclass(frozen=True)
class OpenApiPlug(ServicePlug):
    attribute = "openapi"
    scenario_key = "openapi"

    def build(self, world) -> OpenApiBackend:
        return OpenApiBackend(world.clock.now)

    def integrations(self, state: OpenApiBackend, world) -> list:
        return [OpenApiTasks(state)]

    def set_up(self, state: OpenApiBackend, spec, where: str) -> None:
        for action, script in expect_mapping(spec, where).items():
            product, colon, api = str(action).partition(":")
            if not colon or not product or not api:
                raise ValueError(f"{where}: {action!r} is not an action: expected 'Product:Api'")
            state.script(product, api).extend(script)

    def unused(self, state: OpenApiBackend) -> list[str]:
        return state.unused_scripts()


PLUG = OpenApiPlug()
