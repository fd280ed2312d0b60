"""The real-time clock (server mode): time is not skipped, timers fire when polled after they fall due, and a
large `scale` makes virtual minutes pass in milliseconds. Each test is bounded well under a second."""
import time

from conformance_support import assert_trace, flow, times

from fakecloud.cloud import FakeCloud
from fakecloud.engine import RealClock
from fakecloud.engine.clock import parse_time

START = "2024-01-01T00:00:00Z"
BOUND = 2.0          # seconds of wall time a test may take at most


def poll_until_done(cloud, execution):
    deadline = time.monotonic() + BOUND
    while not execution.is_terminal and time.monotonic() < deadline:
        cloud.clock.poll()
        time.sleep(0.002)
    return execution


def test_a_wait_takes_scaled_real_time_and_is_never_skipped():
    cloud = FakeCloud(clock=RealClock(start=START, scale=3000))
    cloud.add_flow("f", flow("""
        - {type: wait, name: pause, duration: 60}
        - {type: pass, name: after}
    """))
    began = time.monotonic()
    ex = cloud.start("f", {})
    cloud.run_until_idle()                      # a real clock cannot skip to the wait's end
    assert ex.status == "Running"
    poll_until_done(cloud, ex)
    wall = time.monotonic() - began
    assert ex.status == "Succeeded" and wall < BOUND
    assert_trace(ex, """
        : ExecutionStarted
        pause: StepEntered StepStarted StepSucceeded StepExited
        after: StepEntered StepStarted StepSucceeded StepExited
        : ExecutionSucceeded
    """)
    (started,) = times(ex, "StepStarted", "pause")
    (done,) = times(ex, "StepSucceeded", "pause")
    waited_ms = parse_time(done) - parse_time(started)
    # 60 virtual seconds took at least 20 ms of wall time, and no more virtual time than wall time allows
    assert 60_000 <= waited_ms <= 60_000 + wall * 3000 * 1000


def test_a_callback_deadline_fires_as_real_time_passes():
    cloud = FakeCloud(clock=RealClock(start=START, scale=2000))
    cloud.mns.create_queue("jobs")
    cloud.add_flow("f", flow("""
        - type: task
          name: handOff
          resourceArn: acs:mns:::/queues/jobs/messages
          pattern: waitForCallback
          timeoutSeconds: 30
          inputMappings: [{target: token, source: $context.task.token}]
          serviceParams: {MessageBody: $}
          catch: [{errors: [FnF.TaskTimeout], goto: expired}]
        - {type: pass, name: expired, outputMappings: [{target: expired, source: true}]}
    """))
    ex = cloud.start("f", {})
    cloud.run_until_idle()
    assert ex.status == "Running"
    poll_until_done(cloud, ex)
    assert (ex.status, ex.output) == ("Succeeded", {"expired": True})
    assert_trace(ex, """
        : ExecutionStarted
        handOff: StepEntered StepStarted TaskScheduled TaskSubmitted TaskTimedOut StepFailed StepExited
        expired: StepEntered StepStarted StepSucceeded StepExited
        : ExecutionSucceeded
    """)
    (timed_out,) = times(ex, "TaskTimedOut")
    assert parse_time(timed_out) - parse_time(times(ex, "TaskScheduled")[0]) >= 30_000
