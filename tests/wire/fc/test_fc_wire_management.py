"""Setting functions up through the SDKs: services and functions created, read, listed and deleted with aliyun-fc2
and fc-open (FC 2.0) and functions with FC 3.0, the errors of each step, and how functions created through the API
meet behaviour registered in Python. Server and in-process."""
from __future__ import annotations

import base64
import json
import re

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


def _tea_error(call, *args) -> ClientException:
    with pytest.raises(ClientException) as info:
        call(*args)
    return info.value


def test_fc2_service_and_function_life_cycle(target, tmp_path):
    (tmp_path / "index.py").write_text("def handler(event, context):\n    return 'real code never runs'\n")
    client = target.fc2()
    service = client.create_service("orders", description="order handling").data
    assert service["serviceName"] == "orders" and service["description"] == "order handling"
    assert re.fullmatch(r"2024-01-01T00:00:\d\d\.\d{3}\+0000", service["createdTime"]) and service["serviceId"]
    assert client.get_service("orders").data == service
    assert [s["serviceName"] for s in client.list_services().data["services"]] == ["orders"]
    created = client.create_function("orders", "ship", "python3.10", "index.handler", codeDir=str(tmp_path),
                                      description="ships", environmentVariables={"MODE": "test"}).data
    assert (created["functionName"], created["runtime"], created["handler"]) == ("ship", "python3.10",
                                                                                  "index.handler")
    assert (created["memorySize"], created["timeout"], created["description"]) == (256, 60, "ships")
    assert created["environmentVariables"] == {"MODE": "test"} and created["codeSize"] > 0
    assert client.get_function("orders", "ship").data == created
    assert [f["functionName"] for f in client.list_functions("orders").data["functions"]] == ["ship"]
    err = _fc2_error(client.invoke_function, "orders", "ship", payload=b"{}")     # no behaviour yet
    assert err.status_code == 200
    assert json.loads(err.message)["errorType"] == "UnscriptedInvocation"
    target.cloud.fc.script("orders/ship").returns({"shipped": True})
    assert json.loads(client.invoke_function("orders", "ship", payload=b"{}").data) == {"shipped": True}
    err = _fc2_error(client.delete_service, "orders")
    assert (err.status_code, err.err_code) == (400, "ServiceNotEmpty")
    client.delete_function("orders", "ship")
    err = _fc2_error(client.get_function, "orders", "ship")
    assert (err.status_code, err.err_code) == (404, "FunctionNotFound")
    client.delete_service("orders")
    err = _fc2_error(client.get_service, "orders")
    assert (err.status_code, err.err_code) == (404, "ServiceNotFound")
    assert json.loads(err.message)["ErrorMessage"] == "service 'orders' does not exist"


def test_fc2_conflicts_and_missing_service(target):
    client = target.fc2()
    client.create_service("svc")
    err = _fc2_error(client.create_service, "svc")
    assert (err.status_code, err.err_code) == (409, "ServiceAlreadyExists")
    client.create_function("svc", "fn", "python3.10", "index.handler", codeOSSBucket="b", codeOSSObject="o")
    err = _fc2_error(client.create_function, "svc", "fn", "python3.10", "index.handler", codeOSSBucket="b",
                     codeOSSObject="o")
    assert (err.status_code, err.err_code) == (409, "FunctionAlreadyExists")
    assert json.loads(err.message)["ErrorMessage"] == "function 'fn' already exists in service 'svc'"
    err = _fc2_error(client.create_function, "nosvc", "fn", "python3.10", "index.handler", codeOSSBucket="b",
                     codeOSSObject="o")
    assert (err.status_code, err.err_code) == (404, "ServiceNotFound")
    err = _fc2_error(client.create_function, "svc", "fn2", "python3.10", "index.handler", codeOSSBucket="b",
                     codeOSSObject="o", memorySize=32)
    assert (err.status_code, err.err_code) == (400, "InvalidArgument")


def test_fc2_list_pages(target):
    client = target.fc2()
    client.create_service("svc")
    for name in ("c", "a", "b", "d"):
        client.create_function("svc", name, "python3.10", "index.handler", codeOSSBucket="b", codeOSSObject="o")
    first = client.list_functions("svc", limit=3).data
    assert [f["functionName"] for f in first["functions"]] == ["a", "b", "c"] and first["nextToken"] == "d"
    rest = client.list_functions("svc", limit=3, nextToken=first["nextToken"]).data
    assert [f["functionName"] for f in rest["functions"]] == ["d"] and rest["nextToken"] == ""
    assert [f["functionName"] for f in client.list_functions("svc", prefix="b").data["functions"]] == ["b"]


def test_fc_open_life_cycle(target):
    client = target.fc_open()
    service = client.create_service(open_models.CreateServiceRequest(service_name="svc", description="d")).body
    assert (service.service_name, service.description, service.internet_access) == ("svc", "d", True)
    fn = client.create_function("svc", open_models.CreateFunctionRequest(
        function_name="fn", runtime="python3.9", handler="main.handler", memory_size=1024, timeout=30,
        code=open_models.Code(zip_file=ZIP))).body
    assert (fn.function_name, fn.runtime, fn.handler, fn.memory_size, fn.timeout) == (
        "fn", "python3.9", "main.handler", 1024, 30)
    assert fn.code_size == 22
    got = client.get_function("svc", "fn", open_models.GetFunctionRequest()).body
    assert got.to_map() == fn.to_map()
    listed = client.list_functions("svc", open_models.ListFunctionsRequest()).body
    assert [f.function_name for f in listed.functions] == ["fn"]
    assert client.get_service("svc", open_models.GetServiceRequest()).body.service_id == service.service_id
    target.cloud.fc.script("svc/fn").returns("scripted")
    reply = invoke(target, "fc_open", "svc", "fn", b"{}")
    assert reply.body == b"scripted"
    assert client.delete_function("svc", "fn").status_code == 204
    assert client.delete_service("svc").status_code == 204
    err = _tea_error(client.get_service, "svc", open_models.GetServiceRequest())
    assert (err.code, err.status_code) == ("ServiceNotFound", 404)


def test_fc_open_conflicts(target):
    client = target.fc_open()
    client.create_service(open_models.CreateServiceRequest(service_name="svc"))
    err = _tea_error(client.create_service, open_models.CreateServiceRequest(service_name="svc"))
    assert (err.code, err.status_code) == ("ServiceAlreadyExists", 409)
    err = _tea_error(client.create_function, "svc", open_models.CreateFunctionRequest(
        function_name="fn", handler="index.handler"))
    assert (err.code, err.status_code) == ("InvalidArgument", 400)
    assert err.message.startswith("code: 400, runtime is required and must be a non-empty string request id: ")


def test_fc3_life_cycle(target):
    client = target.fc3()
    created = client.create_function(fc3_models.CreateFunctionRequest(body=fc3_models.CreateFunctionInput(
        function_name="resize", runtime="python3.10", handler="index.handler", memory_size=2048,
        code=fc3_models.InputCodeLocation(zip_file=ZIP), description="images"))).body
    assert (created.function_name, created.memory_size, created.timeout, created.description) == (
        "resize", 2048, 3, "images")
    assert created.function_arn == "acs:fc:cn-hangzhou:1234567890123456:functions/resize"
    assert created.state == "Active" and re.fullmatch(r"2024-01-01T00:00:\d\dZ", created.created_time)
    got = client.get_function("resize", fc3_models.GetFunctionRequest()).body
    assert got.to_map() == created.to_map()
    target.cloud.fc.register("svc/legacy", lambda e: "from fc 2.0")
    listed = client.list_functions(fc3_models.ListFunctionsRequest()).body
    assert [f.function_name for f in listed.functions] == ["resize", "svc$legacy"]
    assert invoke(target, "fc3", "svc", "legacy").body == b"from fc 2.0"
    target.cloud.fc.script("fc3/resize").returns({"w": 10})
    assert json.loads(invoke(target, "fc3", "fc3", "resize", b"{}").body) == {"w": 10}
    err = _tea_error(client.create_function, fc3_models.CreateFunctionRequest(body=fc3_models.CreateFunctionInput(
        function_name="resize", runtime="python3.10", handler="index.handler")))
    assert (err.code, err.status_code) == ("FunctionAlreadyExists", 409)
    assert err.message.startswith("code: 409, function 'resize' already exists request id: ")
    assert client.delete_function("resize").status_code == 204
    err = _tea_error(client.get_function, "resize", fc3_models.GetFunctionRequest())
    assert (err.code, err.status_code) == ("FunctionNotFound", 404)
    assert err.message.startswith("code: 404, function 'resize' does not exist. request id: ")


def test_fc3_list_pages(target):
    for name in ("b", "a", "c"):
        target.cloud.fc.register(f"fc3/{name}", lambda e: "x")
    client = target.fc3()
    first = client.list_functions(fc3_models.ListFunctionsRequest(limit=2)).body
    assert [f.function_name for f in first.functions] == ["a", "b"] and first.next_token == "c"
    rest = client.list_functions(fc3_models.ListFunctionsRequest(limit=2, next_token="c")).body
    assert [f.function_name for f in rest.functions] == ["c"] and not rest.next_token


def test_created_function_adopts_python_behaviour(target):
    seen = []

    @target.cloud.fc.register("svc/fn")
    def handler(event, context):
        seen.append((context.function.memory, context.function.timeout, context.function.handler))
        return "registered first"

    client = target.fc2()
    client.create_service("svc")
    client.create_function("svc", "fn", "python3.10", "app.main", codeOSSBucket="b", codeOSSObject="o",
                           memorySize=1024, timeout=20)
    assert client.invoke_function("svc", "fn", payload=b"{}").data == b"registered first"
    assert seen == [(1024, 20, "app.main")]
    err = _fc2_error(client.create_service, "svc")
    assert err.err_code == "ServiceAlreadyExists"


def test_python_registrations_are_visible(target):
    target.cloud.fc.register("svc/fn", lambda e: "x", timeout=30, memory=256, handler_name="main.run")
    data = target.fc2().get_function("svc", "fn").data
    assert (data["runtime"], data["handler"], data["memorySize"], data["timeout"]) == (
        "python3.10", "main.run", 256, 30)
    assert target.fc2().get_service("svc").data["serviceName"] == "svc"


def test_qualified_reads(target):
    target.cloud.fc.register("svc.prod/fn", lambda e: "x")
    client = target.fc2()
    assert client.get_function("svc", "fn", qualifier="prod").data["functionName"] == "fn"
    err = _fc2_error(client.get_function, "svc", "fn", qualifier="staging")
    assert (err.status_code, err.err_code) == (404, "AliasNotFound")
    fn = target.fc_open().get_function("svc", "fn", open_models.GetFunctionRequest(qualifier="prod")).body
    assert fn.function_name == "fn"


def test_reset_forgets_created_resources(target):
    client = target.fc2()
    client.create_service("svc")
    client.create_function("svc", "fn", "python3.10", "index.handler", codeOSSBucket="b", codeOSSObject="o")
    target.cloud.reset()
    err = _fc2_error(client.get_service, "svc")
    assert err.err_code == "ServiceNotFound"
    client.create_service("svc")            # no conflict with the forgotten one
    assert client.list_functions("svc").data == {"functions": [], "nextToken": ""}


def test_configurations_belong_to_the_worlds_fc_backend(target):
    client = target.fc2()
    client.create_service("svc", description="first")
    client.create_function("svc", "fn", "python3.10", "index.handler", codeOSSBucket="b", codeOSSObject="o",
                           description="f")
    configs = target.cloud.fc.configs
    assert sorted(configs.services) == ["svc"] and sorted(configs.functions) == [("svc", "fn")]
    assert configs.services["svc"].config["description"] == "first" and configs.services["svc"].created_by_api
    assert configs.functions[("svc", "fn")].config["description"] == "f"
    target.cloud.fc.reset()                 # in place: the same backend, its records gone with its functions
    assert target.cloud.fc.configs.services == {} and target.cloud.fc.configs.functions == {}
    target.cloud.fc.create_service("svc")   # known from Python only: a configuration is made up, not the old one
    assert client.get_service("svc").data["description"] == ""


def test_two_worlds_keep_their_own_configurations():
    from fakecloud.cloud import FakeCloud
    from fakecloud.wire.intercept import mock_cloud

    first, second = FakeCloud(seed=0), FakeCloud(seed=0)
    with mock_cloud(first) as cloud:
        fc2.Client(endpoint="https://1234567890123456.cn-hangzhou.fc.aliyuncs.com", accessKeyID="ak",
                   accessKeySecret="sk").create_service("svc", description="only here")
    assert cloud is first and sorted(first.fc.configs.services) == ["svc"]
    assert second.fc.configs.services == {} and second.fc.services() == []
