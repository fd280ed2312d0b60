"""HTTP in a world: `cloud.http` (routes and the requests sent) and the `HTTP:Request` task integration; a
scenario's `services.http` lists `routes`, each `{method, url | pattern, status, headers, json | body, times}`."""
from __future__ import annotations

from dataclasses import dataclass

from ..fields import expect_fields, expect_mapping
from ..integration import ServicePlug
from .integration import HttpTasks
from .world import HttpWorld

ROUTE_FIELDS = ("method", "url", "pattern", "status", "headers", "json", "body", "times")


@dataclass(frozen=True)
class HttpPlug(ServicePlug):
    attribute = "http"
    scenario_key = "http"

    def build(self, world) -> HttpWorld:
        return HttpWorld(world.clock.now)

    def integrations(self, state: HttpWorld, world) -> list:
        return [HttpTasks(state)]

    def set_up(self, state: HttpWorld, spec, where: str) -> None:
        spec = expect_mapping(spec, where)
        expect_fields(spec, ("routes",), where)
        routes = spec.get("routes") or []
        if not isinstance(routes, list):
            raise ValueError(f"{where}.routes: expected a list of routes, got {type(routes).__name__}")
        for i, route in enumerate(routes):
            here = f"{where}.routes[{i}]"
            route = expect_mapping(route, here)
            expect_fields(route, ROUTE_FIELDS, here)
            options = {k: route[k] for k in ROUTE_FIELDS[2:] if k in route}
            try:
                state.add(route.get("method"), route.get("url"), **options)
            except ValueError as exc:
                raise ValueError(f"{here}: {exc}") from None

    def unused(self, state: HttpWorld) -> list[str]:
        return [f"http: {text}" for text in state.unused()]


PLUG = HttpPlug()
