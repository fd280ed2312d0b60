"""UpdateService and UpdateFunction (PUT on a service or function path) through aliyun-fc2 (2016-08-15), fc-open
(2021-04-06) and FC 3.0 (2023-03-30): the given fields replace the stored ones, the rest stays, the model runs
with the new handler, timeout and memory, and the errors are FC's. Server and in-process."""
from __future__ import annotations

import base64
import json

import fc2
import pytest
from alibabacloud_fc20230330 import models as fc3_models
from alibabacloud_fc_open20210406 import models as open_models
from alibabacloud_tea_openapi.exceptions import ClientException

from fc_wire_support import invoke

ZIP = base64.b64encode(b"PK\x05\x06" + b"\x00" * 18).decode()      # an empty zip archive, 22 bytes


def _fc2_error(call, *args, **kwargs) -> fc2.FcError:
    with pytest.raises(fc2.FcError) as info:
        call(*args, **kwargs)
    return info.value


def test_fc2_update_service(target):
    client = target.fc2()
    created = client.create_service("orders", description="old", role="acs:ram::1:role/a").data
    target.cloud.advance(61)
    updated = client.update_service("orders", description="new", internetAccess=False,
                                    logConfig={"project": "p", "logstore": "s"}).data
    assert updated == {**created, "description": "new", "internetAccess": False,
                       "logConfig": {"project": "p", "logstore": "s"},
                       "lastModifiedTime": updated["lastModifiedTime"]}
    assert updated["lastModifiedTime"] > created["lastModifiedTime"] == created["createdTime"]
    assert client.get_service("orders").data == updated
    err = _fc2_error(client.update_service, "nosuch", description="x")
    assert (err.status_code, err.err_code) == (404, "ServiceNotFound")


def test_fc2_update_function(target, tmp_path):
    client = target.fc2()
    client.create_service("svc")
    created = client.create_function("svc", "fn", "python3.10", "index.handler", codeOSSBucket="b",
                                     codeOSSObject="o", description="d", environmentVariables={"A": "1"}).data
    target.cloud.fc.script("svc/fn").returns("scripted")
    target.cloud.advance(2)
    updated = client.update_function("svc", "fn", handler="app.main", memorySize=1024, timeout=20,
                                     environmentVariables={"B": "2"}).data
    assert updated == {**created, "handler": "app.main", "memorySize": 1024, "timeout": 20,
                       "environmentVariables": {"B": "2"}, "lastModifiedTime": updated["lastModifiedTime"]}
    assert updated["lastModifiedTime"] != created["lastModifiedTime"]
    assert client.get_function("svc", "fn").data == updated
    fn = target.cloud.fc.function("svc/fn")
    assert (fn.handler_name, fn.memory, fn.timeout) == ("app.main", 1024, 20)
    assert client.invoke_function("svc", "fn", payload=b"{}").data == b"scripted"    # behaviour kept
    (tmp_path / "code.zip").write_bytes(base64.b64decode(ZIP))
    code = client.update_function("svc", "fn", codeZipFile=str(tmp_path / "code.zip"), description="new").data
    assert (code["description"], code["handler"], code["codeSize"]) == ("new", "app.main", 22)
    assert code["codeChecksum"] != created["codeChecksum"]
    err = _fc2_error(client.update_function, "svc", "fn", memorySize=32)
    assert (err.status_code, err.err_code) == (400, "InvalidArgument")
    assert client.get_function("svc", "fn").data["memorySize"] == 1024           # nothing changed
    err = _fc2_error(client.update_function, "svc", "nosuch", timeout=5)
    assert (err.status_code, err.err_code) == (404, "FunctionNotFound")
    err = _fc2_error(client.update_function, "nosvc", "fn", timeout=5)
    assert (err.status_code, err.err_code) == (404, "ServiceNotFound")


def test_fc_open_updates(target):
    client = target.fc_open()
    client.create_service(open_models.CreateServiceRequest(service_name="svc", description="d"))
    service = client.update_service("svc", open_models.UpdateServiceRequest(description="e")).body
    assert (service.service_name, service.description, service.internet_access) == ("svc", "e", True)
    client.create_function("svc", open_models.CreateFunctionRequest(
        function_name="fn", runtime="python3.9", handler="main.handler", timeout=30))
    fn = client.update_function("svc", "fn", open_models.UpdateFunctionRequest(
        runtime="python3.10", memory_size=512, code=open_models.Code(zip_file=ZIP))).body
    assert (fn.function_name, fn.runtime, fn.handler, fn.memory_size, fn.timeout, fn.code_size) == (
        "fn", "python3.10", "main.handler", 512, 30, 22)
    with pytest.raises(ClientException) as info:
        client.update_function("svc", "gone", open_models.UpdateFunctionRequest(timeout=3))
    assert (info.value.code, info.value.status_code) == ("FunctionNotFound", 404)


def test_fc3_update_function(target):
    client = target.fc3()
    created = client.create_function(fc3_models.CreateFunctionRequest(body=fc3_models.CreateFunctionInput(
        function_name="resize", runtime="python3.10", handler="index.handler", description="images"))).body
    target.cloud.fc.script("fc3/resize").returns({"w": 10})
    updated = client.update_function("resize", fc3_models.UpdateFunctionRequest(body=fc3_models.UpdateFunctionInput(
        memory_size=2048, timeout=60, description="thumbnails", code=fc3_models.InputCodeLocation(zip_file=ZIP),
        environment_variables={"SIZE": "64"}))).body
    assert updated.to_map() == {**created.to_map(), "memorySize": 2048, "timeout": 60, "description": "thumbnails",
                                "codeSize": 22, "codeChecksum": updated.code_checksum,
                                "environmentVariables": {"SIZE": "64"}, "lastModifiedTime": updated.last_modified_time}
    assert client.get_function("resize", fc3_models.GetFunctionRequest()).body.to_map() == updated.to_map()
    assert json.loads(invoke(target, "fc3", "fc3", "resize", b"{}").body) == {"w": 10}
    assert target.cloud.fc.function("fc3/resize").memory == 2048
    target.cloud.fc.register("svc/legacy", lambda e: "x")
    legacy = client.update_function("svc$legacy", fc3_models.UpdateFunctionRequest(
        body=fc3_models.UpdateFunctionInput(handler="new.handler"))).body
    assert (legacy.function_name, legacy.handler) == ("svc$legacy", "new.handler")
    with pytest.raises(ClientException) as info:
        client.update_function("missing", fc3_models.UpdateFunctionRequest(body=fc3_models.UpdateFunctionInput(
            timeout=5)))
    assert (info.value.code, info.value.status_code) == ("FunctionNotFound", 404)
    assert info.value.message.startswith("code: 404, function 'missing' does not exist. request id: ")


def test_update_bodies_are_checked(target):
    import requests
    target.cloud.fc.register("svc/fn", lambda e: "x")
    path = f"{target.url}/2016-08-15/services/svc/functions/fn"
    for body, message in ((b"[1]", "the request body must be a JSON object"),
                          (b'{"handler": 7}', "handler must be a string"),
                          (b'{"environmentVariables": {"A": 1}}', "environmentVariables must be an object of strings")):
        reply = requests.put(path, data=body, timeout=10)
        assert (reply.status_code, reply.json()["ErrorCode"], reply.json()["ErrorMessage"]) == (
            400, "InvalidArgument", message)
    renamed = requests.put(path, json={"functionName": "other", "description": "kept name"}, timeout=10).json()
    assert (renamed["functionName"], renamed["description"]) == ("fn", "kept name")
    reply = requests.put(f"{target.url}/2023-03-30/functions/fc3", json={}, timeout=10)
    assert (reply.status_code, reply.json()["Code"]) == (404, "FunctionNotFound")
