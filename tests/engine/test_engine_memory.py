"""What an ended execution leaves behind. A world keeps every execution (its record and history), but not the
running state: an ended fiber lets go of its generator and callbacks, a cancelled or fired timer of its callback,
so none of the closures, joins and generators of a run stay alive, and running a flow to its end creates no
garbage that only the cyclic collector could free (reference counting frees it as it goes)."""
import gc
import os
import types
import weakref
from contextlib import contextmanager

import pytest
from machine_support import Harness as MachineHarness, Return, Throw, machine, rows

from fakecloud import engine as engine_package
from fakecloud.engine import FAILED, SUCCEEDED
from fakecloud.engine.clock import VirtualClock
from fakecloud.engine.errors import StepError
from fakecloud.engine.scheduler import Fiber, Scheduler

FN = "acs:fc:::services/s/functions/f"
ENGINE = os.path.dirname(engine_package.__file__)

# A parallel of two branches: one waits, the other calls a task (when the task fails, the wait is cancelled).
PARALLEL = f"""
    - type: parallel
      name: both
      branches:
        - steps:
            - {{type: wait, name: pause, duration: 60}}
        - steps:
            - {{type: task, name: notify, resourceArn: {FN}}}
"""
# A retried task, a foreach of 3 tasks, that parallel and a wait.
FLOW = f"""
    - type: task
      name: charge
      resourceArn: {FN}
      retry:
        - errors: [Busy]
          intervalSeconds: 2
    - type: foreach
      name: items
      iterationMapping: {{collection: $.items, item: item}}
      steps:
        - {{type: task, name: reserve, resourceArn: {FN}}}
""" + PARALLEL + """
    - {type: wait, name: settle, duration: 10}
"""


class Busy(Exception):
    pass


def busy_once():
    calls = []

    def fn(event):
        calls.append(event)
        if len(calls) == 1:
            raise Busy("try again")
        return {"ok": True}
    return fn


def engine_generators() -> list:
    return [o for o in gc.get_objects()
            if isinstance(o, types.GeneratorType) and o.gi_code.co_filename.startswith(ENGINE)]


@contextmanager
def collector_off():
    """Only reference counting frees anything inside."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def run_without_collector(h, steps: str, input=None):
    """Run a flow (parsed first: the front end pauses the collector itself) with only reference counting on;
    (the execution, its generators still alive, the cyclic garbage the run left)."""
    h.add("f", steps)
    with collector_off():
        ex = h.engine.run("f", input)
        return ex, engine_generators(), gc.collect()


def test_an_ended_execution_keeps_none_of_its_generators(h):
    h.functions.register("s/f", busy_once())
    ex, generators, garbage = run_without_collector(h, FLOW, {"items": [1, 2, 3]})
    assert ex.status == SUCCEEDED and len(ex.history) == 66
    assert (generators, garbage) == ([], 0)


def test_a_failed_execution_with_cancelled_branches_keeps_none_of_its_generators(h):
    def fn(event):
        raise Busy("down")
    h.functions.register("s/f", fn)
    ex, generators, garbage = run_without_collector(h, PARALLEL)
    assert (ex.status, ex.error) == (FAILED, "Busy")
    assert (generators, garbage) == ([], 0)


class Callback:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1


def test_a_cancelled_timer_lets_go_of_its_callback():
    clock = VirtualClock()
    callback = Callback()
    alive = weakref.ref(callback)
    timer = clock.call_later(86400, callback, auto=False)
    del callback
    assert alive() is not None and clock.pending_timers() == 1
    timer.cancel()
    assert alive() is None and clock.pending_timers() == 0


def test_a_fired_timer_lets_go_of_its_callback():
    clock = VirtualClock()
    callback = Callback()
    alive = weakref.ref(callback)
    timer = clock.call_later(5, callback)           # an auto timer: the auto heap drops it only lazily
    clock.advance(5)
    assert callback.calls == 1 and timer.cancelled
    del callback
    assert alive() is None


def test_cancelled_timers_do_not_pile_up_in_the_clock_and_the_rest_still_fire_in_order():
    clock = VirtualClock()
    fired = []
    kept = [clock.call_later(i, lambda i=i: fired.append(i), auto=i % 2 == 0) for i in range(1, 6)]
    for day in range(10_000):           # each like an execution's timeout, cancelled when the execution ends
        clock.call_later(86400 + day, Callback(), auto=False).cancel()
        clock.call_later(1, Callback()).cancel()
    assert len(clock._timers._heap) <= 2 * 64 + len(kept) + 2
    assert clock.pending_timers() == 5 and clock.next_timer().when == clock.now_ms + 1000
    clock.advance(86400 * 2)
    assert fired == [1, 2, 3, 4, 5] and clock.pending_timers() == 0


def body(outcome):
    yield None                          # suspended once, woken by the test
    if outcome == "fail":
        raise StepError("Busy", "down")
    return {"done": True}


@pytest.mark.parametrize("outcome", ["return", "fail"])
def test_an_ended_fiber_lets_go_of_its_generator_and_callbacks(outcome):
    scheduler = Scheduler()
    exits = []
    on_exit = lambda result, error: exits.append((result, error and error.error))  # noqa: E731
    gen = body(outcome)
    alive = weakref.ref(gen), weakref.ref(on_exit)
    fiber = Fiber(scheduler, gen, on_exit, lambda exc: None)
    del gen, on_exit
    fiber.start()
    scheduler.run()
    assert all(ref() is not None for ref in alive)      # suspended: the fiber holds them
    fiber.wake()
    scheduler.run()
    assert exits == [({"done": True}, None) if outcome == "return" else (None, "Busy")]
    assert fiber.done and [ref() for ref in alive] == [None, None]


def test_a_cancelled_fiber_lets_go_of_its_generator():
    scheduler = Scheduler()
    gen = body("return")
    alive = weakref.ref(gen)
    fiber = Fiber(scheduler, gen, lambda result, error: None, lambda exc: None)
    del gen
    fiber.start()
    scheduler.run()
    fiber.cancel("execution ended")
    assert fiber.done and alive() is None


# The state-machine dialect: a Map whose failing task ends it early, caught; then a Parallel whose flaky task
# aborts the other branch's wait, retried as a whole.
MACHINE = machine("""
- Type: Map
  Name: M
  ItemsPath: $Input.xs
  Processor:
    StartAt: Call
    States:
      - Type: Task
        Name: Call
        Action: Test:Call
        End: true
  Catch:
    - Errors: [Down]
      Description: handled
      Next: P
  Next: P
- Type: Parallel
  Name: P
  Branches:
    - StartAt: Work
      States:
        - Type: Task
          Name: Work
          Action: Test:Call
          End: true
    - StartAt: Later
      States:
        - Type: Wait
          Name: Later
          Seconds: 30
          End: true
  Retry:
    - Errors: [Busy, Flaky]
      Description: the whole parallel once more
      MaxAttempts: 3
      IntervalSeconds: 5
  End: true
""")


def test_an_ended_state_machine_execution_keeps_none_of_its_generators():
    h = MachineHarness()
    h.tasks.script["Call"] = Throw("Down", "no")
    h.tasks.script["Work"] = lambda request: (Throw("Flaky", "x") if len(h.tasks.calls) == 3 else Return({"ok": 1}))
    h.engine.add_flow("m", MACHINE)
    with collector_off():
        ex = h.engine.run("m", {"xs": [1, 2]})
        generators, garbage = engine_generators(), gc.collect()
    assert (ex.status, [r.step_name for r in h.tasks.calls]) == (SUCCEEDED, ["Call", "Call", "Work", "Work"])
    assert ("StateAborted", "Later", {"error": "FnF.Cancelled", "cause": "branch failed with Flaky"}) in rows(ex)
    assert (generators, garbage) == ([], 0)
