"""The JSON shapes of the management and async-invocation answers, per API generation: FC 2.0 services,
functions and StatefulAsyncInvocation; FC 3.0 functions and AsyncTask; list pages with nextToken."""
from __future__ import annotations

import time
from typing import Any, Callable, Sequence

from fakecloud.services.fc import AsyncInvocation
from fakecloud.services.fc.configs import FunctionInfo, ServiceInfo

from .errors import invalid_argument
from .registry import FC3_SERVICE, Registry

DEFAULT_LIMIT, MAX_LIMIT = 20, 100


def fc2_time(ms: int) -> str:
    """FC 2.0 times: 2016-08-15T15:00:00.000+0000."""
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms // 1000)) + f".{ms % 1000:03d}+0000"


def fc3_time(ms: int) -> str:
    """FC 3.0 times: 2023-03-30T15:00:00Z."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ms // 1000))


def fc3_name(service: str, function: str) -> str:
    """The FC 3.0 name of a function: plain in the FC 3.0 service, 'service$function' for the others."""
    return function if service == FC3_SERVICE else f"{service}${function}"


def split_fc3_name(name: str) -> tuple[str, str]:
    """(service, function) of an FC 3.0 function name."""
    if "$" in name:
        service, function = name.split("$", 1)
        return service, function
    return FC3_SERVICE, name


def service_shape(info: ServiceInfo) -> dict[str, Any]:
    config = info.config
    return {"serviceName": info.name, "serviceId": info.service_id, "description": config.get("description") or "",
            "role": config.get("role") or "", "logConfig": config.get("logConfig") or {},
            "vpcConfig": config.get("vpcConfig") or {}, "nasConfig": config.get("nasConfig") or {},
            "tracingConfig": config.get("tracingConfig") or {},
            "internetAccess": config.get("internetAccess", True) is not False,
            "createdTime": fc2_time(info.created_ms), "lastModifiedTime": fc2_time(info.modified_ms)}


def function_shape(registry: Registry, info: FunctionInfo) -> dict[str, Any]:
    """An FC 2.0 function (2016-08-15 and 2021-04-06)."""
    config = registry.function_config(info)
    shape = {"functionId": info.function_id, "functionName": info.name, "description": config.get("description", ""),
             "runtime": config["runtime"], "handler": config["handler"], "timeout": config["timeout"],
             "memorySize": config["memorySize"], "codeSize": info.code_size, "codeChecksum": info.code_checksum,
             "environmentVariables": config.get("environmentVariables") or {},
             "initializer": config.get("initializer", ""),
             "initializationTimeout": config.get("initializationTimeout", 3),
             "instanceConcurrency": config.get("instanceConcurrency", 1),
             "instanceType": config.get("instanceType", "e1"),
             "createdTime": fc2_time(info.created_ms), "lastModifiedTime": fc2_time(info.modified_ms)}
    for key in ("caPort", "customContainerConfig", "layers", "cpu", "diskSize"):
        if key in config:
            shape[key] = config[key]
    return shape


def fc3_function_shape(registry: Registry, info: FunctionInfo) -> dict[str, Any]:
    """An FC 3.0 function."""
    config = registry.function_config(info)
    backend = registry.backend
    name = fc3_name(info.service, info.name)
    shape = {"functionId": info.function_id, "functionName": name,
             "functionArn": f"acs:fc:{backend.region}:{backend.account_id}:functions/{name}",
             "description": config.get("description", ""), "runtime": config["runtime"],
             "handler": config["handler"], "timeout": config["timeout"], "memorySize": config["memorySize"],
             "cpu": config.get("cpu", 0.35),
             "diskSize": config.get("diskSize", 512), "codeSize": info.code_size,
             "codeChecksum": info.code_checksum, "environmentVariables": config.get("environmentVariables") or {},
             "instanceConcurrency": config.get("instanceConcurrency", 1),
             "internetAccess": config.get("internetAccess", True) is not False,
             "role": config.get("role", ""), "state": "Active", "lastUpdateStatus": "Successful",
             "createdTime": fc3_time(info.created_ms), "lastModifiedTime": fc3_time(info.modified_ms)}
    for key in ("customContainerConfig", "layers", "logConfig", "vpcConfig", "nasConfig", "tags"):
        if key in config:
            shape[key] = config[key]
    return shape


def invocation_shape(run: AsyncInvocation, include_payload: bool = True) -> dict[str, Any]:
    """An FC 2.0 StatefulAsyncInvocation."""
    shape = run.as_dict()
    shape["durationMs"] = max(run.ended_ms - run.started_ms, 0) if run.ended_ms and run.started_ms else 0
    shape["destinationStatus"] = ""
    if not include_payload:
        shape.pop("invocationPayload")
    return shape


def task_shape(run: AsyncInvocation, backend, include_payload: bool = True) -> dict[str, Any]:
    """An FC 3.0 AsyncTask."""
    base = run.as_dict()
    name = fc3_name(run.service, run.function)
    shape = {"taskId": run.invocation_id, "requestId": run.request_id, "status": run.status,
             "functionArn": f"acs:fc:{backend.region}:{backend.account_id}:functions/{name}",
             "qualifier": run.qualifier, "startedTime": run.started_ms, "endTime": run.ended_ms,
             "durationMs": max(run.ended_ms - run.started_ms, 0) if run.ended_ms and run.started_ms else 0,
             "alreadyRetriedTimes": run.retried, "taskErrorMessage": base["invocationErrorMessage"],
             "returnPayload": base["returnPayload"], "destinationStatus": ""}
    if include_payload:
        shape["taskPayload"] = base["invocationPayload"]
    return shape


# -- listing -----------------------------------------------------------------------------------------------------

def int_param(args, name: str, default: int | None = None, low: int = 0, high: int | None = None) -> int | None:
    text = args.get(name)
    if text in (None, ""):
        return default
    try:
        value = int(text)
    except ValueError:
        raise invalid_argument(f"{name} must be an integer, got '{text}'") from None
    if value < low or (high is not None and value > high):
        bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise invalid_argument(f"{name} must be {bounds}, got {value}")
    return value


def bool_param(args, name: str) -> bool:
    text = args.get(name, "")
    if text.lower() not in ("", "true", "false"):
        raise invalid_argument(f"{name} must be true or false, got '{text}'")
    return text.lower() == "true"


def page(items: Sequence[Any], key: Callable[[Any], str], args) -> tuple[list[Any], str]:
    """One page of `items`, sorted by `key`, by limit, prefix, startKey and nextToken (the key of the first item
    not shown)."""
    limit = int_param(args, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    prefix, start, token = args.get("prefix") or "", args.get("startKey") or "", args.get("nextToken") or ""
    chosen = [i for i in sorted(items, key=key) if key(i).startswith(prefix)]
    if start:
        chosen = [i for i in chosen if key(i) >= start]
    if token:
        keys = [key(i) for i in chosen]
        if token not in keys:
            raise invalid_argument(f"invalid nextToken '{token}'")
        chosen = chosen[keys.index(token):]
    shown, rest = chosen[:limit], chosen[limit:]
    return shown, key(rest[0]) if rest else ""
