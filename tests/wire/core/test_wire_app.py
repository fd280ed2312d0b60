"""WireApp's generic behaviour: routing, neutral 404, errors in each protocol's format, body limits, the lock."""
import json

from werkzeug.test import Client

from fakecloud.wire.app import MAX_BODY_BYTES, WireApp
from fakecloud.wire.control import ControlPlane


def test_each_request_goes_to_the_first_protocol_that_claims_it(client, app):
    assert any(isinstance(p, ControlPlane) for p in app.protocols)
    response = client.get("/echo/x?a=1")
    assert response.status_code == 200
    assert response.json["path"] == "/echo/x"
    assert response.headers["x-mns-request-id"] == "echo-1"


def test_an_unclaimed_path_is_a_neutral_json_404(client):
    response = client.post("/no/such/thing", data=b"<xml/>")
    assert response.status_code == 404
    assert response.content_type == "application/json"
    assert response.json == {"Code": "InvalidRequestURL", "Message": "no fakecloud service answers /no/such/thing"}


def test_a_protocol_that_raises_answers_with_its_internal_error_and_the_app_keeps_serving(client):
    response = client.get("/boom")
    assert response.status_code == 500
    assert response.get_data(as_text=True) == "<Error><Code>InternalError</Code><Message>kaboom</Message></Error>"
    assert "Traceback" not in response.get_data(as_text=True)
    assert client.get("/echo").status_code == 200


def test_when_internal_error_fails_too_the_answer_is_a_plain_json_500(client):
    response = client.get("/boom/twice")
    assert response.status_code == 500
    assert response.json == {"Code": "InternalError", "Message": "internal error in fakecloud"}
    assert client.get("/echo").status_code == 200


def test_a_werkzeug_http_error_becomes_the_protocols_error_response(client):
    response = client.get("/boom/http")
    assert response.status_code == 400
    assert response.get_data(as_text=True) == \
        "<Error><Code>BadRequest</Code><Message>cannot read that</Message></Error>"


def test_a_body_over_the_limit_is_a_413_in_the_protocols_format(client):
    response = client.post("/boom/read", data=b"x" * (MAX_BODY_BYTES + 1))
    assert response.status_code == 413
    assert response.get_data(as_text=True) == (
        f"<Error><Code>EntityTooLarge</Code><Message>the request body has {MAX_BODY_BYTES + 1} bytes; at most "
        f"{MAX_BODY_BYTES} are accepted</Message></Error>")
    assert client.post("/boom/read", data=b"x" * MAX_BODY_BYTES).get_data() == b"read"


def test_a_protocol_can_set_its_own_body_limit(client):
    assert client.post("/small", data=b"0123456789").get_data() == b"0123456789"
    response = client.post("/small", data=b"0123456789a")
    assert response.status_code == 413
    assert response.json == {"Code": "EntityTooLarge",
                             "Message": "the request body has 11 bytes; at most 10 are accepted"}


def test_the_app_limit_is_configurable(cloud):
    client = Client(WireApp(cloud, max_body_bytes=4))
    assert client.post("/boom/read", data=b"12345").status_code == 413
    assert client.post("/boom/read", data=b"1234").status_code == 200


def test_a_broken_matches_is_skipped(client):
    assert client.get("/echo").status_code == 200     # BadMatch comes first and raises


def test_protocol_classes_can_be_given_directly(cloud):
    from wire_core_helpers import Echo
    app = WireApp(cloud, protocols=(Echo,))
    assert [type(p) for p in app.protocols] == [Echo]
    assert Client(app).get("/_fakecloud/clock").status_code == 404


def test_credentials_default_only_when_signatures_are_verified(cloud):
    assert WireApp(cloud).credentials == {}
    assert WireApp(cloud, verify_signatures=True).credentials == {"fakecloud": "fakecloud-secret"}
    app = WireApp(cloud, verify_signatures=True, credentials={"id": "secret"})
    assert (app.verify_signatures, app.credentials) == (True, {"id": "secret"})


def test_engine_owned_timers_are_skipped_after_every_request(client, cloud):
    from wire_core_helpers import WAIT_FLOW
    cloud.add_flow("nap", WAIT_FLOW)
    execution = cloud.start("nap")
    assert execution.status != "Succeeded"
    client.get("/echo")
    assert execution.status == "Succeeded"
    assert cloud.clock.iso() == "2024-01-01T01:00:00.000Z"


def test_reset_gives_a_clean_world_and_runs_the_hooks(app, cloud):
    cloud.mns.create_queue("q")
    seen = []
    app.reset_hooks.append(lambda world: seen.append(world))
    app.reset()
    assert seen == [cloud]
    assert cloud.mns.list_queues().names == ()
    assert json.loads(Client(app).get("/_fakecloud/clock").get_data())["iso"] == "2024-01-01T00:00:00.000Z"
