"""The vision APIs in a world: `cloud.viapi` (answers from the catalog or from scripts) and its task integration;
a scenario's `services.viapi` maps "product:Api" to scripted answers, as bare script data or in the control plane's
shape (`{script: [...], jobs: [...]}`: the call's answers, and how an async API's jobs end)."""
from __future__ import annotations

from dataclasses import dataclass

from ...fdl.diagnostics import did_you_mean
from ..fields import expect_fields, expect_mapping
from ..integration import ServicePlug
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
        for action, answers in expect_mapping(spec, where).items():
            product, _, api = str(action).partition(":")
            here = f"{where}.{action}"
            catalog = state.catalog
            if catalog.api(product, api) is None:
                known = catalog.apis(product) or catalog.products
                word = api if catalog.product(product) is not None else product
                raise ValueError(f"{here}: {action} is not in the vision API catalog{did_you_mean(word, known)}")
            scripts = answers if isinstance(answers, dict) and {"script", "jobs"} & set(answers) else \
                {"script": answers}
            expect_fields(scripts, ("script", "jobs"), here)
            try:
                if "script" in scripts:
                    state.script(product, api).extend(scripts["script"])
                if "jobs" in scripts:
                    state.job_script(product, api).extend(scripts["jobs"])
            except ValueError as exc:
                raise ValueError(f"{here}: {exc}") from None

    def unused(self, state: VisionBackend) -> list[str]:
        return state.unused_scripts()


PLUG = VisionPlug()
