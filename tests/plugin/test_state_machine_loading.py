"""The testing kit reads CloudFlow state machines wherever it reads flows: FlowLoader (files, text, mappings), the
subflows a state machine starts, FlowRunner and scenario files, which run them."""
import textwrap


from fakecloud.cloud import FakeCloud
from fakecloud.fdl import StateMachine
from fakecloud.testing import FlowLoader, FlowRunner
from fakecloud.testing.flows import subflow_names
from fakecloud.testing.scenario import Scenario

MACHINE = textwrap.dedent("""\
    Type: StateMachine
    Name: parent
    SpecVersion: v1
    StartAt: Child
    States:
      - Type: Task
        Name: Child
        Action: FNF:StartExecution
        Parameters:
          resourceArn: acs:fnf:::flow/child
        Next: Dynamic
      - Type: Task
        Name: Dynamic
        Action: FNF:StartExecution
        Parameters:
          resourceArn.$: $Input.flow
        End: true
    """)
CHILD = "Type: StateMachine\nName: child\nSpecVersion: v1\nStartAt: A\nStates:\n  - {Type: Pass, Name: A, End: true}\n"


def test_loader_reads_state_machine_text_and_names_it_by_its_name():
    loaded = FlowLoader().load(MACHINE, [])
    assert isinstance(loaded.flow, StateMachine) and loaded.name == "parent" and loaded.file is None


def test_loader_reads_a_one_line_json_state_machine():
    text = '{"Type": "StateMachine", "Name": "j", "SpecVersion": "v1", "StartAt": "A", ' \
           '"States": [{"Type": "Pass", "Name": "A", "End": true}]}'
    assert FlowLoader().load(text, []).name == "j"


def test_loader_reads_a_state_machine_mapping():
    data = {"Type": "StateMachine", "Name": "mapped", "SpecVersion": "v1", "StartAt": "A",
            "States": [{"Type": "Pass", "Name": "A", "End": True}]}
    loaded = FlowLoader().load(data, [])
    assert loaded.name == "mapped" and loaded.flow.start_at == "A"
    assert FlowLoader().load(data, [], name="other").name == "other"


def test_a_placeholder_name_is_not_a_flow_name():
    loaded = FlowLoader().load(CHILD.replace("Name: child", "Name: ${vars.name}-child"), [])
    assert loaded.name == "flow"


def test_subflows_of_a_state_machine_are_its_constant_flow_arns(tmp_path):
    (tmp_path / "parent.yaml").write_text(MACHINE)
    (tmp_path / "child.yaml").write_text(CHILD)
    loader = FlowLoader()
    parent = loader.load("parent.yaml", [tmp_path])
    assert (parent.name, subflow_names(parent.flow)) == ("parent", {"child"})
    assert [s.name for s in loader.subflow_files(parent, {"parent"})] == ["child"]


def test_flow_runner_runs_a_state_machine():
    result = FlowRunner(FakeCloud()).run(CHILD, {"n": 2})
    assert (result.status, result.output) == ("Succeeded", {"n": 2})


def test_a_scenario_file_with_an_inline_state_machine(tmp_path):
    file = tmp_path / "child.scenario.yaml"
    file.write_text("scenario: child\ndefinition: |\n" + textwrap.indent(CHILD, "  ") + "expect:\n  status: Succeeded\n")
    scenario = Scenario.load(file)
    assert scenario.run(FlowRunner(FakeCloud())).status == "Succeeded"
    assert isinstance(FlowRunner(FakeCloud()).loader.load(scenario.data["definition"], []).flow, StateMachine)
