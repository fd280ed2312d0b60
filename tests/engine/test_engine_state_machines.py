"""The engine registers CloudFlow state machines (parsed or as text) and runs them."""
import pytest

from fakecloud.engine import Engine
from fakecloud.engine.machine import MachineProgram
from fakecloud.fdl import FlowDefinitionError, StateMachine, parse_flow

TEXT = "Type: StateMachine\nName: hello\nSpecVersion: v1\nStartAt: Hi\nStates:\n  - {Type: Pass, Name: Hi, End: true}\n"


def test_add_a_state_machine_from_text():
    engine = Engine()
    entry = engine.add_flow("hello", TEXT)
    assert isinstance(entry.flow, StateMachine) and isinstance(entry.program, MachineProgram)
    assert (entry.definition, entry.flow.file) == (TEXT, "hello.yaml")


def test_add_a_parsed_state_machine_with_its_text():
    engine = Engine()
    entry = engine.add_flow("hello", parse_flow(TEXT), text=TEXT)
    assert entry.definition == TEXT and entry.program.machine is entry.flow
    updated = engine.update_flow("hello", parse_flow(TEXT), text=TEXT + "\n")
    assert (updated.id, updated.definition) == (entry.id, TEXT + "\n")


def test_an_invalid_state_machine_text_is_a_definition_error():
    with pytest.raises(FlowDefinitionError) as info:
        Engine().add_flow("hello", TEXT.replace("Pass", "Pas"))
    assert [d.code for d in info.value.errors] == ["unknown-state-type"]


@pytest.mark.parametrize("how", ["start", "run"])
def test_starting_a_state_machine_runs_it(how):
    engine = Engine()
    engine.add_flow("hello", TEXT)
    execution = getattr(engine, "start_execution" if how == "start" else "run")("hello", {"a": 1}, "e1")
    engine.run_until_done(execution)
    assert (execution.status, execution.output, execution.name) == ("Succeeded", {"a": 1}, "e1")
