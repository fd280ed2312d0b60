"""SMS in a world: `cloud.sms` (the outbox) and the `SMS:SendSms` task integration; a scenario's `services.sms`
may list approved `signNames` and `templates` (a list of codes, or a mapping of codes to their variables)."""
from __future__ import annotations

from dataclasses import dataclass

from ..fields import expect_fields, expect_mapping
from ..integration import ServicePlug
from .integration import SmsTasks
from .outbox import SmsOutbox


@dataclass(frozen=True)
class SmsPlug(ServicePlug):
    attribute = "sms"
    scenario_key = "sms"

    def build(self, world) -> SmsOutbox:
        return SmsOutbox(world.clock.now, world.service_ids.new)

    def integrations(self, state: SmsOutbox, world) -> list:
        return [SmsTasks(state)]

    def set_up(self, state: SmsOutbox, spec, where: str) -> None:
        spec = expect_mapping(spec, where)
        expect_fields(spec, ("signNames", "templates"), where)
        signs = spec.get("signNames") or []
        if not isinstance(signs, list):
            raise ValueError(f"{where}.signNames: expected a list of sign names")
        templates = spec.get("templates") or {}
        if isinstance(templates, list):
            templates = {code: [] for code in templates}
        templates = expect_mapping(templates, f"{where}.templates")
        try:
            for sign in signs:
                state.approve_sign(sign)
            for code, variables in templates.items():
                state.approve_template(code, variables or [])
        except (ValueError, TypeError) as exc:
            raise ValueError(f"{where}: {exc}") from None


PLUG = SmsPlug()
