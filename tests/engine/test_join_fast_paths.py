"""A join runs its first children at once when nothing else is runnable, and children that never suspend inside
the parent's fiber (Join.begin, Join.run_inline), in both dialects. Both are shortcuts through the scheduler's
queue: every flow here must record exactly the history, status, output and error it records when every child is
queued and the parent waits for them."""
import pytest

from fakecloud.engine.steps import Join
from fakecloud.engine.outcomes import Throw
from fakecloud.fdl.limits import Limits

from engine_support import Harness, rows
from machine_support import Harness as MachineHarness, machine, rows as machine_rows

FLOWS = {
    "foreach of pass steps": ("""
        - type: foreach
          name: each
          iterationMapping: {collection: $.items, item: item, index: i}
          steps:
            - type: pass
              name: work
              outputMappings:
                - target: v
                  source: $input.item
        - type: pass
          name: after
        """, {"items": [1, "two", {"three": 3}, [4], None]}, {}),
    "foreach of two, the second iteration fails": ("""
        - type: foreach
          name: each
          maxConcurrency: 2
          iterationMapping: {collection: $.items, item: item}
          steps:
            - type: choice
              name: pick
              choices:
                - condition: $.item == 2
                  steps:
                    - type: fail
                      name: boom
                      error: Bad
                      cause: item two
              default:
                goto: fine
            - type: pass
              name: fine
        """, {"items": [1, 2, 3, 4, 5]}, {}),
    "serial foreach, the third iteration fails": ("""
        - type: foreach
          name: each
          maxConcurrency: 1
          iterationMapping: {collection: $.items, item: item}
          steps:
            - type: choice
              name: pick
              choices:
                - condition: $.item == 3
                  steps:
                    - type: fail
                      name: boom
                      error: Bad
        """, {"items": [1, 2, 3, 4]}, {}),
    "parallel: one branch waits, the others never suspend": ("""
        - type: parallel
          name: fan
          branches:
            - steps:
                - type: pass
                  name: a
                  outputMappings: [{target: a, source: 1}]
            - steps:
                - type: wait
                  name: nap
                  duration: 5
                - type: pass
                  name: b
            - steps:
                - type: succeed
                  name: c
        """, {}, {}),
    "foreach inside the branches of a parallel": ("""
        - type: parallel
          name: fan
          branches:
            - steps:
                - type: foreach
                  name: left
                  iterationMapping: {collection: $.items, item: item}
                  steps:
                    - type: pass
                      name: l
            - steps:
                - type: foreach
                  name: right
                  iterationMapping: {collection: $.items, item: item}
                  steps:
                    - type: task
                      name: call
                      resourceArn: acs:fc:::services/s/functions/echo
        """, {"items": [1, 2, 3]}, {}),
    "a failing task in a foreach of tasks": ("""
        - type: foreach
          name: each
          maxConcurrency: 2
          iterationMapping: {collection: $.items, item: item}
          steps:
            - type: task
              name: call
              resourceArn: acs:fc:::services/s/functions/picky
        """, {"items": [1, 2, 3, 4]}, {}),
    "a branch fails while another waits": ("""
        - type: parallel
          name: fan
          branches:
            - steps:
                - type: wait
                  name: nap
                  duration: 5
            - steps:
                - type: fail
                  name: boom
                  error: Early
        """, {}, {}),
    "the events limit inside iterations that never suspend": ("""
        - type: foreach
          name: each
          iterationMapping: {collection: $.items, item: item}
          steps:
            - type: pass
              name: p1
            - type: pass
              name: p2
        """, {"items": list(range(10))}, {"max_events": 37}),
    "the step data limit inside an iteration": ("""
        - type: foreach
          name: each
          iterationMapping: {collection: $.items, item: item}
          steps:
            - type: pass
              name: grow
              outputMappings:
                - target: copy
                  source: $input.item
        """, {"items": ["x" * 10, "y" * 400, "z"]}, {"max_step_data_bytes": 900}),
    "nested foreach that never suspends, succeed inside": ("""
        - type: foreach
          name: outer
          iterationMapping: {collection: $.rows, item: row}
          steps:
            - type: foreach
              name: inner
              iterationMapping: {collection: $.row, item: cell}
              steps:
                - type: choice
                  name: stop
                  choices:
                    - condition: $.cell == 0
                      steps:
                        - type: succeed
                          name: done
                - type: pass
                  name: keep
                  outputMappings: [{target: cell, source: $input.cell}]
        """, {"rows": [[1, 0, 2], [3], []]}, {}),
}


def _run(steps: str, data: dict, limits: dict):
    harness = Harness(limits=Limits(**limits))
    harness.functions.register("s/echo", lambda event: {"echo": event.get("item")})
    harness.functions.register("s/picky", lambda event: Throw("Picky", "no") if event["item"] == 2 else {"ok": 1})
    execution = harness.run(steps, data)
    return execution.status, execution.output, execution.error, execution.cause, rows(execution)


@pytest.mark.parametrize("name", sorted(FLOWS))
def test_the_shortcuts_record_what_the_queue_records(name, monkeypatch):
    steps, data, limits = FLOWS[name]
    fast = _run(steps, data, limits)
    monkeypatch.setattr(Join, "begin", lambda join: join.start() or False)
    queued = _run(steps, data, limits)
    assert fast == queued


def test_the_flows_reach_what_they_are_for():
    """The cases above do exercise what they are named for (a limit, a failure, a wait)."""
    outcomes = {name: _run(*FLOWS[name])[:3] for name in FLOWS}
    assert outcomes["the events limit inside iterations that never suspend"][::2] == (
        "Failed", "FnF.EventsLimitExceeded")
    assert outcomes["the step data limit inside an iteration"][::2] == ("Failed", "FnF.DataSizeExceeded")
    assert outcomes["foreach of two, the second iteration fails"][::2] == ("Failed", "Bad")
    assert outcomes["a failing task in a foreach of tasks"][::2] == ("Failed", "Picky")
    assert outcomes["a branch fails while another waits"][::2] == ("Failed", "Early")
    assert outcomes["parallel: one branch waits, the others never suspend"] == ("Succeeded", {}, None)


MACHINES = {
    "Map of Choice and Pass, one item fails": ("""
        - Type: Map
          Name: Each
          ItemsPath: $Input.items
          MaxConcurrency: 2
          End: true
          Processor:
            StartAt: Pick
            States:
              - Type: Choice
                Name: Pick
                Branches:
                  - Condition: $Input == 2
                    Next: Boom
                Default: Keep
              - Type: Fail
                Name: Boom
                Code: Bad
              - Type: Pass
                Name: Keep
                OutputConstructor:
                  v.$: $Input
                End: true
        """, {"items": [1, 2, 3, 4]}),
    "Parallel: a Wait branch beside a Map that never suspends": ("""
        - Type: Parallel
          Name: Fan
          End: true
          Branches:
            - StartAt: Nap
              States:
                - Type: Wait
                  Name: Nap
                  Seconds: 3
                  End: true
            - StartAt: Each
              States:
                - Type: Map
                  Name: Each
                  ItemsPath: $Input.items
                  End: true
                  Processor:
                    StartAt: Keep
                    States:
                      - Type: Pass
                        Name: Keep
                        End: true
        """, {"items": [1, 2, 3]}),
    "Map whose items set $Global": ("""
        - Type: Map
          Name: Each
          ItemsPath: $Input.items
          End: true
          Processor:
            StartAt: Note
            States:
              - Type: Pass
                Name: Note
                GlobalConstructor:
                  last.$: $Input
                Next: Read
              - Type: Pass
                Name: Read
                OutputConstructor:
                  seen.$: $Global.last
                End: true
        """, {"items": ["a", "b"]}),
}


def _run_machine(states: str, data: dict):
    execution = MachineHarness().run(machine(states), data)
    return execution.status, execution.output, execution.error, execution.cause, machine_rows(execution)


@pytest.mark.parametrize("name", sorted(MACHINES))
def test_state_machines_record_what_the_queue_records(name, monkeypatch):
    fast = _run_machine(*MACHINES[name])
    monkeypatch.setattr(Join, "begin", lambda join: join.start() or False)
    assert fast == _run_machine(*MACHINES[name])
    assert fast[0] == ("Failed" if "fails" in name else "Succeeded")
