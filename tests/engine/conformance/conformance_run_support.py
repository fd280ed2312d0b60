"""Shared by the question and seed-example tests: a one-flow run, an FC function ARN and the start time."""
from conformance_support import flow

from fakecloud.cloud import FakeCloud

FN = "acs:fc:::services/s/functions/f"
T0 = "2024-01-01T00:00:00.000Z"


def run(steps, data=None, *, head="", cloud=None):
    cloud = cloud or FakeCloud()
    cloud.add_flow("f", flow(steps, head))
    return cloud.run("f", data or {})
