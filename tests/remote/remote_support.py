"""Running one flow twice — answered by the in-process fakes, and answered over the wire by a fakecloud server
standing in for the cloud — and reducing each run to what must agree: status, error, cause, output and the
history's (type, step, detail) with service ids and times normalised."""
from fakecloud.cloud import FakeCloud
from fakecloud.remote import Endpoint, RemoteTasks
from fakecloud.testing.runner import FlowRunner
from fakecloud.testing.scrub import Scrubber


def summary(run) -> dict:
    scrub = Scrubber()
    events = [(e.type, e.step_name, scrub(e.detail)) for e in run.events]
    return {"status": run.status, "error": run.error, "cause": run.cause, "output": scrub(run.output),
            "events": events}


class WorldAnswers:
    """Stands where RemoteTasks stands, answering every task from the world's own fakes (no mock checks)."""

    def __init__(self, router):
        integrations = router.install().cloud.engine.integrations
        self.inner = {i.remote: i for i in integrations if i.remote is not None}

    def integration(self, name):
        return self.inner[name]


def run_in_process(flow, setup, input=None, **options):
    cloud = FakeCloud()
    setup(cloud)
    runner = FlowRunner(cloud)
    runner.router.remote = WorldAnswers(runner.router)
    return runner.run(flow, input, **options)


def run_remote(server, flow, setup, input=None, endpoint=None, **options):
    server.reset()
    with server.world():
        setup(server.cloud)
    runner = FlowRunner(FakeCloud())
    runner.router.remote = RemoteTasks(endpoint or Endpoint.local(server.url))
    return runner.run(flow, input, **options)


def both(server, flow, setup, input=None, **options) -> tuple[dict, dict]:
    return (summary(run_in_process(flow, setup, input, **options)),
            summary(run_remote(server, flow, setup, input, **options)))
