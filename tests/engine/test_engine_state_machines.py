"""The engine registers CloudFlow state machines (parsed or as text) without running them yet: starting one is a
clear InvalidArgument."""
import pytest

from fakecloud.engine import Engine, InvalidArgument
from fakecloud.fdl import FlowDefinitionError, StateMachine, parse_flow

TEXT = "Type: StateMachine\nName: hello\nSpecVersion: v1\nStartAt: Hi\nStates:\n  - {Type: Pass, Name: Hi, End: true}\n"
MESSAGE = ("flow hello is a CloudFlow state machine (Type: StateMachine); running state-machine flows is not "
           "supported yet")


def test_add_a_state_machine_from_text():
    engine = Engine()
    entry = engine.add_flow("hello", TEXT)
    assert isinstance(entry.flow, StateMachine) and entry.program is None
    assert (entry.definition, entry.flow.file) == (TEXT, "hello.yaml")


def test_add_a_parsed_state_machine_with_its_text():
    engine = Engine()
    entry = engine.add_flow("hello", parse_flow(TEXT), text=TEXT)
    assert entry.definition == TEXT and entry.program is None
    updated = engine.update_flow("hello", parse_flow(TEXT), text=TEXT + "\n")
    assert (updated.id, updated.definition) == (entry.id, TEXT + "\n")


def test_an_invalid_state_machine_text_is_a_definition_error():
    with pytest.raises(FlowDefinitionError) as info:
        Engine().add_flow("hello", TEXT.replace("Pass", "Pas"))
    assert [d.code for d in info.value.errors] == ["unknown-state-type"]


@pytest.mark.parametrize("how", ["start", "run"])
def test_starting_a_state_machine_is_refused(how):
    engine = Engine()
    engine.add_flow("hello", TEXT)
    with pytest.raises(InvalidArgument) as info:
        getattr(engine, "start_execution" if how == "start" else "run")("hello", {})
    assert (info.value.code, info.value.message) == ("InvalidArgument", MESSAGE)
    assert engine.executions == {}


def test_run_command_says_so_and_exits_2(capsys, tmp_path):
    from fakecloud.cli import main
    path = tmp_path / "hello.yaml"
    path.write_text(TEXT)
    assert main(["run", str(path)]) == 2
    assert capsys.readouterr().err == f"fakecloud run: error: {MESSAGE}\n"
