"""MNS in a world: `cloud.mns` (queues and topics on the world's clock and ids) and its queue and topic task
integrations; a scenario's `services.mns` lists `queues` and `topics` to create."""
from __future__ import annotations

from ..fields import expect_fields, expect_mapping
from ..integration import ServicePlug
from .backend import MnsBackend
from .integration import QueueTasks, TopicTasks


class MnsPlug(ServicePlug):
    attribute = "mns"
    scenario_key = "mns"

    def build(self, world) -> MnsBackend:
        return MnsBackend(world.clock.now, world.service_ids.new, region=world.region, account_id=world.account_id)

    def integrations(self, state: MnsBackend, world) -> list:
        return [QueueTasks(state), TopicTasks(state)]

    def set_up(self, state: MnsBackend, spec, where: str) -> None:
        spec = expect_mapping(spec, where)
        expect_fields(spec, ("queues", "topics"), where)
        for queue in spec.get("queues") or []:
            state.create_queue(queue)
        for topic in spec.get("topics") or []:
            state.create_topic(topic)


PLUG = MnsPlug()
