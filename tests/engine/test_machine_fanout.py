"""Parallel and Map states on the engine: the documented outputs, branch and iteration scopes in the history,
failures that cancel siblings (StateAborted), Retry and Catch on the whole state, and distributed Map."""
from machine_support import Harness, Return, Throw, machine, rows, types

PARALLEL = machine("""
- Type: Parallel
  Name: Parallel1
  End: true
  Branches:
    - StartAt: Pass1
      States:
        - Type: Pass
          Name: Pass1
          End: true
          OutputConstructor:
            FieldA: 123
    - StartAt: Pass2
      States:
        - Type: Pass
          InputConstructor:
            FieldA: 321
          Name: Pass2
          End: true
""")


def test_the_documented_parallel_example():
    execution = Harness().run(PARALLEL, {"in": 1})
    assert execution.output == {"Branch0": {"FieldA": 123}, "Branch1": {"FieldA": 321}}
    events = [(e.event_id, e.schedule_event_id, e.type, e.step_name) for e in execution.history]
    assert events == [(1, 0, "ExecutionStarted", ""), (2, 1, "StateEntered", "Parallel1"),
                      (3, 2, "StateStarted", "Parallel1"),
                      (4, 3, "StateEntered", "Pass1"), (5, 4, "StateStarted", "Pass1"),
                      (6, 5, "StateSucceeded", "Pass1"), (7, 3, "StateEntered", "Pass2"),
                      (8, 7, "StateStarted", "Pass2"), (9, 8, "StateSucceeded", "Pass2"),
                      (10, 9, "StateSucceeded", "Parallel1"), (11, 10, "ExecutionSucceeded", "")]


MAP = machine("""
- Type: Map
  Name: Map1
  End: true
  InputConstructor:
    FieldA:
      - a: b
      - c: d
  ItemsPath: $Input.FieldA
  Processor:
    StartAt: Pass1
    States:
      - Type: Pass
        Name: Pass1
        End: true
""")


def test_the_documented_inline_map_example():
    execution = Harness().run(MAP, {})
    assert execution.output == {"Items": [{"a": "b"}, {"c": "d"}]}
    assert types(execution).count("StateSucceeded") == 3


def test_map_items_keep_collection_order_under_concurrency_and_reach_tasks_by_path():
    text = machine("""
    - Type: Map
      Name: M
      ItemsPath: $Input.xs
      MaxConcurrency: 2
      Processor:
        StartAt: Work
        States:
          - Type: Task
            Name: Work
            Action: Test:Call
            Parameters:
              n.$: $Input.n
            OutputConstructor:
              doubled.$: $Output.v
            End: true
      End: true
    """)
    h = Harness()
    h.tasks.script["Work"] = lambda r: Return({"v": r.params["n"] * 2}, duration=5 - r.params["n"])
    execution = h.run(text, {"xs": [{"n": 1}, {"n": 2}, {"n": 3}]})
    assert execution.output == {"Items": [{"doubled": 2}, {"doubled": 4}, {"doubled": 6}]}
    assert [r.path for r in h.tasks.calls] == ["M[0]/Work", "M[1]/Work", "M[2]/Work"]
    assert execution.history[-1].time == "2024-01-01T00:00:05.000Z"     # 4 s, then 3 s and 2 s two at a time


def test_a_failing_branch_fails_the_parallel_and_aborts_its_sibling():
    text = machine("""
    - Type: Parallel
      Name: P
      Branches:
        - StartAt: Slow
          States:
            - Type: Wait
              Name: Slow
              Seconds: 10
              End: true
        - StartAt: Boom
          States:
            - Type: Fail
              Name: Boom
              Code: Broken
              Detail: nope
      Catch:
        - Errors: [Broken]
          Description: handle
          OutputConstructor:
            code.$: $Context.Current.Error.Code
            detail.$: $Context.Current.Error.Detail
          Next: Handled
      End: true
    - Type: Pass
      Name: Handled
      End: true
    """)
    execution = Harness().run(text, {})
    assert (execution.status, execution.output) == ("Succeeded", {"code": "Broken", "detail": "nope"})
    assert ("StateAborted", "Slow", {"error": "FnF.Cancelled", "cause": "branch failed with Broken"}) in rows(execution)
    assert ("StateFailed", "P", {"error": "Broken", "cause": "nope"}) in rows(execution)


def test_retry_runs_the_whole_map_again():
    text = machine("""
    - Type: Map
      Name: M
      ItemsPath: $Input.xs
      Processor:
        StartAt: T
        States:
          - Type: Task
            Name: T
            Action: Test:Call
            End: true
      Retry:
        - Errors: [Flaky]
          Description: again
          MaxAttempts: 2
          IntervalSeconds: 3
      End: true
    """)
    h = Harness()
    h.tasks.script["T"] = lambda request: Throw("Flaky", "x") if len(h.tasks.calls) == 1 else Return({"ok": 1})
    execution = h.run(text, {"xs": [1]})
    assert execution.output == {"Items": [{"ok": 1}]}
    assert [r.attempt for r in h.tasks.calls] == [0, 0]      # each run of the processor is a new task run
    assert types(execution).count("StateEntered") == 3
    assert execution.history[-1].time == "2024-01-01T00:00:03.000Z"


def test_an_items_path_that_is_not_an_array_fails_the_map():
    text = MAP.replace("ItemsPath: $Input.FieldA", "ItemsPath: $Input")
    execution = Harness().run(text, {})
    assert (execution.error, execution.cause) == (
        "FnF.RuntimeError", "state 'Map1': ItemsPath $Input must give an array, not an object")


def test_distributed_map_item_constructor_max_items_and_tolerated_failures():
    text = machine("""
    - Type: Map
      Name: D
      ItemsPath: $Input.xs
      ItemConstructor:
        value.$: $Item
        tag.$: $Input.tag
      MaxItems: 3
      ToleratedFailureCount: 1
      Processor:
        StartAt: Check
        States:
          - Type: Choice
            Name: Check
            Branches:
              - Condition: $Input.value == 2
                Next: Bad
            Default: Good
          - Type: Fail
            Name: Bad
            Code: Two
            Detail: two is bad
          - Type: Pass
            Name: Good
            GlobalConstructor:
              seen.$: $Input.value
            Next: Read
          - Type: Pass
            Name: Read
            OutputConstructor:
              seen.$: $Global.seen
            End: true
      End: true
    """)
    execution = Harness().run(text, {"xs": [1, 2, 3, 4], "tag": "t"})
    assert execution.output == {"Items": [{"seen": 1}, {"Error": "Two", "Cause": "two is bad"}, {"seen": 3}]}
    too_many = Harness().run(text.replace("ToleratedFailureCount: 1", "ToleratedFailureCount: 0"), {"xs": [2, 2], "tag": "t"})
    assert (too_many.status, too_many.error) == ("Failed", "Two")
