"""The `*_async` calls of the Tea FC clients (aiohttp underneath, so only against the local server, not
in-process): invoke sync and async, a function error, an API error, management and async-task reads; and the
server's printed client settings."""
from __future__ import annotations

import asyncio
import json

import pytest
from alibabacloud_fc20230330 import models as fc3_models
from alibabacloud_fc_open20210406 import models as open_models
from alibabacloud_tea_openapi.exceptions import ClientException
from alibabacloud_tea_util.models import RuntimeOptions


def test_fc_open_async_calls(server):
    server.cloud.fc.register("svc/fn", lambda event: {"got": json.loads(event)})
    client = server.fc_open()

    async def scenario():
        sync = await client.invoke_function_async("svc", "fn", open_models.InvokeFunctionRequest(body=b'{"a": 1}'))
        queued = await client.invoke_function_with_options_async(
            "svc", "fn", open_models.InvokeFunctionRequest(body=b'{"a": 2}'),
            open_models.InvokeFunctionHeaders(x_fc_invocation_type="Async", x_fc_stateful_async_invocation_id="j1"),
            RuntimeOptions())
        status = await client.get_stateful_async_invocation_async(
            "svc", "fn", "j1", open_models.GetStatefulAsyncInvocationRequest())
        function = await client.get_function_async("svc", "fn", open_models.GetFunctionRequest())
        return sync, queued, status, function

    sync, queued, status, function = asyncio.run(scenario())
    assert (sync.status_code, json.loads(sync.body)) == (200, {"got": {"a": 1}})
    assert queued.status_code == 202 and queued.headers["x-fc-stateful-async-invocation-id"] == "j1"
    assert status.body.status == "Succeeded" and status.body.return_payload == '{"got": {"a": 2}}'
    assert function.body.function_name == "fn"


def test_fc3_async_calls(server):
    def boom(event):
        raise KeyError("missing")

    server.cloud.fc.register("fc3/boom", boom)
    client = server.fc3()

    async def scenario():
        failed = await client.invoke_function_async("boom", fc3_models.InvokeFunctionRequest(body=b"{}"))
        listed = await client.list_functions_async(fc3_models.ListFunctionsRequest())
        with pytest.raises(ClientException) as info:
            await client.get_async_task_async("boom", "nope", fc3_models.GetAsyncTaskRequest())
        return failed, listed, info.value

    failed, listed, err = asyncio.run(scenario())
    assert failed.status_code == 200 and failed.headers["x-fc-error-type"] == "UnhandledInvocationError"
    assert json.loads(failed.body.read())["errorType"] == "KeyError"
    assert [f.function_name for f in listed.body.functions] == ["boom"]
    assert (err.code, err.status_code) == ("StatefulAsyncInvocationNotFound", 404)


def test_server_settings_configure_every_fc_client(server):
    """What `fakecloud server` prints works for each FC client as given."""
    import fc2
    from alibabacloud_fc20230330.client import Client as Fc3
    from alibabacloud_fc_open20210406.client import Client as FcOpen
    from alibabacloud_tea_openapi.models import Config

    server.cloud.fc.register("svc/fn", lambda event: "configured")
    assert fc2.Client(**server.settings["fc2"]).invoke_function("svc", "fn", payload=b"").data == b"configured"
    config = Config(**server.settings["tea"])
    opened = FcOpen(config).invoke_function("svc", "fn", open_models.InvokeFunctionRequest(body=b""))
    assert opened.body == b"configured"
    third = Fc3(config).invoke_function("svc$fn", fc3_models.InvokeFunctionRequest(body=b""))
    assert third.body.read() == b"configured"
