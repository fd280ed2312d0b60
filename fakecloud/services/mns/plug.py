"""MNS in a world: `cloud.mns` (queues and topics on the world's clock and ids) and its task integrations (FDL
queue and topic steps, state machines' `MNS:SendMessage`); a scenario's `services.mns` lists `queues` and `topics`
to create."""
from __future__ import annotations

from dataclasses import dataclass

from ..fields import expect_fields, expect_mapping
from ..integration import ServicePlug
from .backend import MnsBackend
from .errors import MnsError
from .integration import QueueTasks, TopicTasks
from .machine_tasks import MachineMessageTasks


@dataclass(frozen=True)
class MnsPlug(ServicePlug):
    attribute = "mns"
    scenario_key = "mns"

    def build(self, world) -> MnsBackend:
        return MnsBackend(world.clock.now, world.service_ids.new, region=world.region, account_id=world.account_id)

    def integrations(self, state: MnsBackend, world) -> list:
        return [QueueTasks(state), TopicTasks(state), MachineMessageTasks(state)]

    def set_up(self, state: MnsBackend, spec, where: str) -> None:
        spec = expect_mapping(spec, where)
        expect_fields(spec, ("queues", "topics"), where)
        for key, create in (("queues", state.create_queue), ("topics", state.create_topic)):
            names = spec.get(key) or []
            if not isinstance(names, list):
                raise ValueError(f"{where}.{key}: expected a list of names, got {type(names).__name__}")
            for name in names:
                try:
                    create(name)
                except MnsError as exc:
                    raise ValueError(f"{where}.{key}: {name!r}: {exc}") from None


PLUG = MnsPlug()
