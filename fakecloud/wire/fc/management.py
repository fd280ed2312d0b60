"""The management operations an SDK user needs to set up a function and call it: Create/Get/Update/Delete/List of
services and functions on FC 2.0 (2016-08-15, 2021-04-06) and of functions on FC 3.0 (2023-03-30). Code is
accepted and measured, never run: behaviour comes from Python (``cloud.fc``) or the control plane."""
from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from fakecloud.services.fc import LATEST, FcError
from fakecloud.services.fc.names import check_qualifier

from . import errors
from .call import empty_response, json_response
from .registry import FC3_SERVICE
from .shapes import fc3_function_shape, fc3_name, function_shape, page, service_shape, split_fc3_name

if TYPE_CHECKING:
    from .call import Call

_STRING_FIELDS = ("description", "role", "runtime", "handler", "initializer", "instanceType")
_OBJECT_FIELDS = ("logConfig", "vpcConfig", "nasConfig", "tracingConfig", "code", "customContainerConfig")


def split_service(segment: str) -> tuple[str, str | None]:
    """'service' or 'service.qualifier' as FC 2.0 paths carry them."""
    service, _, qualifier = segment.partition(".")
    return service, (qualifier or None)


def _qualifier(call: Call, path_qualifier: str | None) -> str | None:
    query = call.args.get("qualifier") or None
    if path_qualifier and query and path_qualifier != query:
        raise errors.invalid_argument(f"the qualifier in the path ('{path_qualifier}') and in the query "
                                      f"('{query}') differ")
    return path_qualifier or query


def _checked(body: dict[str, Any], required: tuple[str, ...]) -> dict[str, Any]:
    for key in required:
        if not isinstance(body.get(key), str) or not body[key]:
            raise errors.invalid_argument(f"{key} is required and must be a non-empty string")
    for key in _STRING_FIELDS:
        if key in body and body[key] is not None and not isinstance(body[key], str):
            raise errors.invalid_argument(f"{key} must be a string")
    for key in _OBJECT_FIELDS:
        if key in body and body[key] is not None and not isinstance(body[key], dict):
            raise errors.invalid_argument(f"{key} must be an object")
    env = body.get("environmentVariables")
    if env is not None and (not isinstance(env, dict) or not all(isinstance(v, str) for v in env.values())):
        raise errors.invalid_argument("environmentVariables must be an object of strings")
    return {k: v for k, v in body.items() if v is not None}


def _resolve(call: Call, service: str, function: str, qualifier: str | None) -> None:
    """A qualified read must name a qualifier the function is served under (VersionNotFound / AliasNotFound)."""
    if check_qualifier(qualifier) != LATEST:
        call.backend.resolve(service, function, qualifier)


# -- FC 2.0 ------------------------------------------------------------------------------------------------------

def list_services(call: Call):
    names, token = page(call.registry.service_names(), str, call.args)
    return json_response(call, 200, {"services": [service_shape(call.registry.service(n)) for n in names],
                                     "nextToken": token})


def create_service(call: Call):
    body = _checked(call.json_body(), ("serviceName",))
    info = call.registry.create_service(body["serviceName"], body)
    return json_response(call, 200, service_shape(info))


def get_service(call: Call, service: str):
    name, qualifier = split_service(service)
    info = call.registry.service(name)
    check_qualifier(_qualifier(call, qualifier))
    return json_response(call, 200, service_shape(info))


def update_service(call: Call, service: str):
    """UpdateService: the fields given replace the stored ones (the name cannot change)."""
    changes = _checked(call.json_body(), ())
    changes.pop("serviceName", None)
    return json_response(call, 200, service_shape(call.registry.update_service(service, changes)))


def delete_service(call: Call, service: str):
    call.registry.delete_service(service)
    return empty_response(call, 204)


def _list_fc2(call: Call, service: str):
    name, qualifier = split_service(service)
    call.registry.service(name)
    check_qualifier(_qualifier(call, qualifier))
    functions, token = page(call.registry.function_names(name), str, call.args)
    return json_response(call, 200, {"functions": [function_shape(call.registry, call.registry.function(name, f))
                                                   for f in functions], "nextToken": token})


def _create_fc2(call: Call, service: str):
    body = _checked(call.json_body(), ("functionName", "runtime", "handler"))
    info = call.registry.create_function(service, body["functionName"], body)
    return json_response(call, 200, function_shape(call.registry, info))


def _get_fc2(call: Call, service: str, function: str):
    name, qualifier = split_service(service)
    info = call.registry.function(name, function)
    _resolve(call, name, function, _qualifier(call, qualifier))
    return json_response(call, 200, function_shape(call.registry, info))


# -- FC 3.0 ------------------------------------------------------------------------------------------------------

@contextmanager
def fc3_names(function: str):
    """FC 3.0 has no services: the model's ServiceNotFound / FunctionNotFound (or a name it rejects) for an
    FC 3.0 name is FC 3.0's FunctionNotFound, with the same request id."""
    try:
        yield
    except FcError as err:
        if err.code not in ("ServiceNotFound", "FunctionNotFound", "InvalidArgument") or \
                (err.code == "InvalidArgument" and "name" not in err.message):
            raise
        missing = errors.fc3_function_not_found(function)
        missing.request_id = err.request_id
        raise missing from None


def fc3_target(call: Call, function: str) -> tuple[str, str]:
    """(service, function) in the model of an existing FC 3.0 function (FC 3.0's FunctionNotFound otherwise)."""
    service, name = split_fc3_name(function)
    with fc3_names(function):
        call.registry.function(service, name)
    return service, name


def _list_fc3(call: Call):
    registry = call.registry
    pairs = [(s, f) for s in registry.service_names() for f in registry.function_names(s)]
    shown, token = page(pairs, lambda p: fc3_name(*p), call.args)
    return json_response(call, 200, {"functions": [fc3_function_shape(registry, registry.function(s, f))
                                                   for s, f in shown], "nextToken": token})


def _create_fc3(call: Call):
    body = _checked(call.json_body(), ("functionName", "runtime", "handler"))
    registry = call.registry
    if not registry.has_service(FC3_SERVICE):
        call.backend.create_service(FC3_SERVICE)
    info = registry.create_function(FC3_SERVICE, body["functionName"], body, fc3_name=body["functionName"])
    return json_response(call, 200, fc3_function_shape(registry, info))


def _get_fc3(call: Call, function: str):
    service, name = fc3_target(call, function)
    _resolve(call, service, name, _qualifier(call, None))
    return json_response(call, 200, fc3_function_shape(call.registry, call.registry.function(service, name)))


# -- both --------------------------------------------------------------------------------------------------------

def list_functions(call: Call, service: str = ""):
    return _list_fc3(call) if call.fc3 else _list_fc2(call, service)


def create_function(call: Call, service: str = ""):
    return _create_fc3(call) if call.fc3 else _create_fc2(call, service)


def get_function(call: Call, function: str, service: str = ""):
    return _get_fc3(call, function) if call.fc3 else _get_fc2(call, service, function)


def update_function(call: Call, function: str, service: str = ""):
    """UpdateFunction: the fields given replace the stored ones (the name cannot change); the answer is the
    function as GetFunction shows it."""
    if call.fc3:
        service, function = fc3_target(call, function)
    changes = _checked(call.json_body(), ())
    changes.pop("functionName", None)
    info = call.registry.update_function(service, function, changes)
    shape = fc3_function_shape if call.fc3 else function_shape
    return json_response(call, 200, shape(call.registry, info))


def delete_function(call: Call, function: str, service: str = ""):
    if call.fc3:
        service, function = fc3_target(call, function)
    call.registry.delete_function(service, function)
    return empty_response(call, 204)
