"""State machines on the engine: the per-state pipeline and its variables, Pass, Wait, Choice, Succeed, Fail and
$Global, with the exact output and history of each."""
import pytest

from fakecloud.engine import VirtualClock
from fakecloud.fdl.limits import Limits

from machine_support import Harness, Return, machine, rows, types

PASS_EXAMPLE = machine("""
- Type: Pass
  Name: Pass1
  End: true
  InputConstructor:
    FieldA: 123
""")


def test_the_documented_pass_example_and_its_history():
    execution = Harness().run(PASS_EXAMPLE, {"requestId": "abc-123"})
    assert (execution.status, execution.output) == ("Succeeded", {"FieldA": 123})
    assert [e.to_dict() for e in execution.history] == [
        {"EventId": 1, "ScheduleEventId": 0, "StepName": "", "Type": "ExecutionStarted",
         "Time": "2024-01-01T00:00:00.000Z", "EventDetail": '{"input":{"requestId":"abc-123"}}'},
        {"EventId": 2, "ScheduleEventId": 1, "StepName": "Pass1", "Type": "StateEntered",
         "Time": "2024-01-01T00:00:00.000Z", "EventDetail": '{"input":{"requestId":"abc-123"}}'},
        {"EventId": 3, "ScheduleEventId": 2, "StepName": "Pass1", "Type": "StateStarted",
         "Time": "2024-01-01T00:00:00.000Z", "EventDetail": '{"input":{"FieldA":123}}'},
        {"EventId": 4, "ScheduleEventId": 3, "StepName": "Pass1", "Type": "StateSucceeded",
         "Time": "2024-01-01T00:00:00.000Z", "EventDetail": '{"output":{"FieldA":123}}'},
        {"EventId": 5, "ScheduleEventId": 4, "StepName": "", "Type": "ExecutionSucceeded",
         "Time": "2024-01-01T00:00:00.000Z", "EventDetail": '{"output":{"FieldA":123}}'}]


def test_a_pass_without_constructors_forwards_its_input_and_output_constructor_shapes_it():
    text = machine("""
    - Type: Pass
      Name: A
      Next: B
    - Type: Pass
      Name: B
      OutputConstructor:
        FieldA: 123
        copy.$: $Input.x
      End: true
    """)
    execution = Harness().run(text, {"x": [1, 2]})
    assert execution.output == {"FieldA": 123, "copy": [1, 2]}
    assert rows(execution)[1:4] == [("StateEntered", "A", {"input": {"x": [1, 2]}}),
                                    ("StateStarted", "A", {"input": {"x": [1, 2]}}),
                                    ("StateSucceeded", "A", {"output": {"x": [1, 2]}})]


def test_input_constructor_reads_the_raw_input_and_context():
    text = machine("""
    - Type: Pass
      Name: A
      InputConstructor:
        raw.$: $Input.v
        name.$: $Context.Current.Name
        exec.$: $Context.Execution.Name
        first.$: $Context.Execution.Input.v
      Next: B
    - {Type: Pass, Name: B, End: true, InputConstructor: {seen.$: $Input.raw, current.$: $Context.Current.Input,
                                                         retries.$: $Context.Current.RetryCount}}
    """)
    h = Harness()
    h.engine.add_flow("m", text)
    execution = h.engine.run("m", {"v": 7}, "run-1")
    assert execution.output == {"seen": 7, "current": {"raw": 7, "name": "A", "exec": "run-1", "first": 7},
                                "retries": 0}


def test_global_constructor_sees_the_raw_output_and_output_constructor_the_global_before():
    text = machine("""
    - Type: Task
      Name: A
      Action: Test:Call
      GlobalConstructor:
        variable_a.$: $Input.key_a
        variable_b.$: $Output.key_b
      OutputConstructor:
        before.$: $Global
        shaped: done
      Next: Z
    - Type: Pass
      Name: Z
      InputConstructor:
        a.$: $Global.variable_a
        b.$: $Global.variable_b
        input.$: $Input
      End: true
    """)
    h = Harness()
    h.tasks.script["A"] = Return({"key_b": "B"})
    execution = h.run(text, {"key_a": "A"})
    assert execution.output == {"a": "A", "b": "B", "input": {"before": {}, "shaped": "done"}}


def test_a_missing_path_in_a_constructor_fails_the_state_with_a_runtime_error():
    text = machine("- {Type: Pass, Name: A, End: true, InputConstructor: {x.$: $Input.missing}}", start="A")
    execution = Harness().run(text, {"v": 1})
    assert (execution.status, execution.error) == ("Failed", "FnF.RuntimeError")
    assert execution.cause.startswith("state 'A': InputConstructor: ")
    assert types(execution) == ["ExecutionStarted", "StateEntered", "StateFailed", "ExecutionFailed"]


def test_wait_pauses_on_the_virtual_clock_and_forwards_its_input():
    text = machine("""
    - Type: Wait
      Name: W
      Seconds: 12
      Next: D
    - Type: Wait
      Name: D
      Seconds.$: $Input.more
      End: true
    """)
    execution = Harness().run(text, {"more": 3})
    assert execution.output == {"more": 3}
    times = [(e.type, e.step_name, e.time) for e in execution.history]
    assert times[3] == ("StateSucceeded", "W", "2024-01-01T00:00:12.000Z")
    assert times[-1] == ("ExecutionSucceeded", "", "2024-01-01T00:00:15.000Z")


@pytest.mark.parametrize("seconds, error", [("-1", "FnF.RuntimeError"), ('"x"', "FnF.RuntimeError"),
                                            ("301", "FnF.WaitLimitExceeded")])
def test_a_dynamic_wait_out_of_range_fails(seconds, error):
    text = machine("""
    - Type: Wait
      Name: W
      Seconds.$: $Input.s
      End: true
    """)
    import json
    execution = Harness().run(text, {"s": json.loads(seconds)})
    assert (execution.status, execution.error) == ("Failed", error)


CHOICE = machine("""
- Type: Choice
  Name: Choice
  Branches:
    - Condition: $Input.data == "ready"
      Next: Pass1
  Default: Pass2
- Type: Pass
  Name: Pass2
  OutputConstructor: {went: Pass2}
  End: true
- Type: Pass
  Name: Pass1
  OutputConstructor: {went: Pass1}
  End: true
""")


@pytest.mark.parametrize("data, went", [("ready", "Pass1"), ("later", "Pass2"), (None, "Pass2")])
def test_the_documented_choice_example(data, went):
    execution = Harness().run(CHOICE, {} if data is None else {"data": data})
    assert execution.output == {"went": went}
    assert [r[1] for r in rows(execution) if r[0] == "StateSucceeded"] == ["Choice", went]


FAIL = machine("""
- Type: Choice
  Name: Choice1
  Branches: [{Condition: '$Input.status == "true"', Next: Pass1}]
  Default: Fail1
- Type: Fail
  Name: Fail1
  Code: customBizCode
  Detail: it went wrong
  End: true
- Type: Pass
  Name: Pass1
  End: true
""")


def test_fail_gives_the_execution_its_code_and_detail():
    execution = Harness().run(FAIL, {"status": "false"})
    assert (execution.status, execution.error, execution.cause) == ("Failed", "customBizCode", "it went wrong")
    assert rows(execution)[-2:] == [
        ("StateFailed", "Fail1", {"error": "customBizCode", "cause": "it went wrong"}),
        ("ExecutionFailed", "", {"error": "customBizCode", "cause": "it went wrong"})]
    assert execution.describe()["ErrorCode"] == "customBizCode"
    assert Harness().run(FAIL, {"status": "true"}).output == {"status": "true"}


def test_succeed_ends_the_top_level_with_its_input():
    text = machine("""
    - Type: Succeed
      Name: Done
      InputConstructor: {x: 1}
    """)
    execution = Harness().run(text, {})
    assert (execution.status, execution.output) == ("Succeeded", {"x": 1})


def test_a_state_output_over_64_kib_fails_the_execution():
    text = machine("""
    - Type: Pass
      Name: Big
      End: true
    """)
    h = Harness()
    ok = h.run(text, {"s": "x" * 60000})
    assert ok.status == "Succeeded"
    h = Harness(limits=Limits(max_state_data_bytes=100))
    execution = h.run(text, {"s": "x" * 200})
    assert (execution.status, execution.error) == ("Failed", "FnF.DataSizeExceeded")
    assert "limited to 100 bytes" in execution.cause or "the limit is 100" in execution.cause


def test_history_is_byte_identical_across_runs():
    def once():
        h = Harness(clock=VirtualClock())
        text = machine("""
        - Type: Pass
          Name: A
          InputConstructor:
            id.$: uuid()
            n.$: randomInt(0, 1000)
          Next: W
        - Type: Wait
          Name: W
          Seconds: 5
          End: true
        """)
        return [e.to_dict() for e in h.run(text, {}).history]
    first = once()
    assert first == once()
    assert len(first) == 8


CHAIN = machine("""
- {Type: Pass, Name: A, Next: B}
- {Type: Pass, Name: B, InputConstructor: {y.$: $Input.x, z.$: $Input.x}, Next: C}
- {Type: Pass, Name: C, End: true}
""", start="A")


@pytest.mark.parametrize("limit", range(3, 11))
def test_event_limit_falls_between_any_two_events_of_a_state(limit):
    # StateEntered and StateStarted of a state without InputConstructor are recorded at once: the events limit
    # still cuts between them, as if each were checked alone.
    full = Harness().run(CHAIN, {"x": 1})
    assert (full.status, len(full.history)) == ("Succeeded", 11)
    execution = Harness(limits=Limits(max_events=limit)).run(CHAIN, {"x": 1})
    assert (execution.status, execution.error, len(execution.history)) == ("Failed", "FnF.EventsLimitExceeded", limit)
    assert types(execution) == types(full)[:limit - 1] + ["ExecutionFailed"]
    assert [e.schedule_event_id for e in execution.history][:-1] == [
        e.schedule_event_id for e in full.history][:limit - 1]


def test_a_state_input_over_the_limit_ends_the_run_after_its_state_entered():
    execution = Harness(limits=Limits(max_state_data_bytes=100)).run(CHAIN, {"x": "x" * 60})
    assert (execution.status, execution.error) == ("Failed", "FnF.DataSizeExceeded")
    assert types(execution) == ["ExecutionStarted", "StateEntered", "StateStarted", "StateSucceeded", "StateEntered",
                                "ExecutionFailed"]
    assert execution.failed_step_event == 5


# A Pass on its own input that sets no $Global has its output computed before its events are recorded; these pin
# that what it records when the output fails or is too large, and what $Context shows it, are what the state
# pipeline records and shows in that order.
def test_a_pass_whose_output_constructor_fails_records_its_start_then_the_failure():
    text = machine("""
    - {Type: Pass, Name: A, Next: B}
    - {Type: Pass, Name: B, End: true, OutputConstructor: {x.$: $Input.missing}}
    """, start="A")
    execution = Harness().run(text, {"v": 1})
    assert (execution.status, execution.error) == ("Failed", "FnF.RuntimeError")
    assert execution.cause.startswith("state 'B': OutputConstructor: ")
    assert rows(execution)[4:7] == [("StateEntered", "B", {"input": {"v": 1}}),
                                    ("StateStarted", "B", {"input": {"v": 1}}),
                                    ("StateFailed", "B", {"error": "FnF.RuntimeError", "cause": execution.cause})]
    assert types(execution)[7:] == ["ExecutionFailed"]
    assert [e.schedule_event_id for e in execution.history] == [0, 1, 2, 3, 4, 5, 6, 7]


def test_a_pass_whose_output_constructor_makes_it_too_large_fails_after_its_start():
    text = machine("""
    - {Type: Pass, Name: A, Next: B}
    - {Type: Pass, Name: B, End: true, OutputConstructor: {a.$: $Input.s, b.$: $Input.s}}
    """, start="A")
    execution = Harness(limits=Limits(max_state_data_bytes=100)).run(text, {"s": "x" * 45})     # input: 53 bytes
    assert (execution.status, execution.error) == ("Failed", "FnF.DataSizeExceeded")
    assert execution.cause == "state 'B': its output takes 105 bytes; the limit is 100"
    assert types(execution) == ["ExecutionStarted", "StateEntered", "StateStarted", "StateSucceeded", "StateEntered",
                                "StateStarted", "ExecutionFailed"]
    assert execution.failed_step_event == 5


def test_a_pass_output_constructor_reads_the_context_of_its_own_state():
    text = machine("""
    - {Type: Pass, Name: A, Next: B}
    - Type: Pass
      Name: B
      End: true
      OutputConstructor: {name.$: $Context.Current.Name, input.$: $Context.Current.Input,
                          tries.$: $Context.Current.RetryCount, run.$: $Context.Execution.Input}
    """, start="A")
    execution = Harness().run(text, {"v": 1})
    assert execution.output == {"name": "B", "input": {"v": 1}, "tries": 0, "run": {"v": 1}}


def test_a_pass_output_constructor_reads_its_output_as_its_input_and_the_global_set_before():
    text = machine("""
    - {Type: Pass, Name: A, Next: B, GlobalConstructor: {seen: 1}}
    - {Type: Pass, Name: B, End: true, OutputConstructor: {out.$: $Output, v.$: $Input.v, g.$: $Global.seen}}
    """, start="A")
    execution = Harness().run(text, {"v": 2})
    assert execution.output == {"out": {"v": 2}, "v": 2, "g": 1}
