"""CloudFlow state machines reach the server's world like FDL flows: from `--flows DIR` and from the control plane
(text or object form)."""
import json

import pytest

from fakecloud.wire.server import FakeCloudServer

MACHINE = "Type: StateMachine\nName: hello\nSpecVersion: v1\nStartAt: Hi\nStates:\n  - {Type: Pass, Name: Hi, End: true}\n"


def test_a_state_machine_in_the_flows_directory_is_registered(tmp_path):
    (tmp_path / "hello.yaml").write_text(MACHINE)
    with FakeCloudServer(flows_dir=str(tmp_path)) as server:
        assert server.flows == ["hello"]
        with server.world() as cloud:
            entry = cloud.engine.flows["hello"]
            assert (entry.definition, entry.flow.type) == (MACHINE, "StateMachine")


@pytest.mark.parametrize("definition", [MACHINE, {"Type": "StateMachine", "Name": "hello", "SpecVersion": "v1",
                                                  "StartAt": "Hi", "States": [{"Type": "Pass", "Name": "Hi",
                                                                               "End": True}]}])
def test_the_control_plane_registers_a_state_machine(client, cloud, definition):
    response = client.post("/_fakecloud/flows", data=json.dumps({"name": "hello", "definition": definition}),
                           content_type="application/json")
    assert response.json == {"name": "hello", "replaced": False}
    assert cloud.engine.flows["hello"].flow.type == "StateMachine"
    execution = cloud.run("hello", {"k": 1})
    assert (execution.status, execution.output) == ("Succeeded", {"k": 1})


def test_an_invalid_state_machine_is_refused_with_its_diagnostics(client):
    response = client.post("/_fakecloud/flows", data=json.dumps({"name": "hello",
                                                                 "definition": MACHINE.replace("Pass", "Pas")}),
                           content_type="application/json")
    assert (response.status_code, response.json["Code"]) == (400, "InvalidArgument")
    assert response.json["Message"] == (
        "invalid flow definition:\nhello.yaml:6:12: error: States[0].Type: unknown state Type 'Pas' (did you mean "
        "'Pass'?); state types are Task, Pass, Wait, Choice, Parallel, Map, Succeed, Fail")
