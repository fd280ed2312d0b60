"""Function Compute in a world: `cloud.fc` (an FcBackend on the world's clock and ids) and its task
integration; a scenario's `services.fc` maps "service/function" to what it does, in the control plane's shape
(`{handler: "module:function", script: [...], duration, timeout, memory, decode}`) or as bare script data."""
from __future__ import annotations

from dataclasses import dataclass

from ..fields import expect_mapping
from ..integration import ServicePlug
from .backend import FcBackend
from .errors import FcError
from .integration import FcIntegration
from .setup import is_function_spec, set_up_function


@dataclass(frozen=True)
class FunctionComputePlug(ServicePlug):
    attribute = "fc"
    scenario_key = "fc"

    def build(self, world) -> FcBackend:
        return FcBackend(world.clock, world.service_ids.new, region=world.region, account_id=world.account_id)

    def integrations(self, state: FcBackend, world) -> list:
        return [FcIntegration(state)]

    def set_up(self, state: FcBackend, spec, where: str) -> None:
        for name, function in expect_mapping(spec, where).items():
            try:
                if is_function_spec(function):
                    set_up_function(state, name, function)
                else:
                    state.script(name).extend(function)
            except (ValueError, FcError) as exc:
                raise ValueError(f"{where}.{name}: {exc}") from None

    def unused(self, state: FcBackend) -> list[str]:
        return state.unused()


PLUG = FunctionComputePlug()
