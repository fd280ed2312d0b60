"""The FC REST paths per API generation: which operation a method and path name, with the path parameters. A
path no route matches, or a method the path does not take, is FC's PathNotSupported."""
from __future__ import annotations

from types import MappingProxyType

from . import errors

FC2_VERSIONS = ("2016-08-15", "2021-04-06")
FC3_VERSION = "2023-03-30"
VERSIONS = FC2_VERSIONS + (FC3_VERSION,)

_FN2 = ("services", "{service}", "functions", "{function}")
_FN3 = ("functions", "{function}")


def _table(*routes: tuple[tuple[str, ...], dict[str, str]]) -> tuple:
    """Routes as (path pattern, read-only {method: operation})."""
    return tuple((pattern, MappingProxyType(methods)) for pattern, methods in routes)


FC2_ROUTES = _table(
    (("services",), {"GET": "list_services", "POST": "create_service"}),
    (("services", "{service}"), {"GET": "get_service", "PUT": "update_service", "DELETE": "delete_service"}),
    (("services", "{service}", "functions"), {"GET": "list_functions", "POST": "create_function"}),
    (_FN2, {"GET": "get_function", "PUT": "update_function", "DELETE": "delete_function"}),
    (_FN2 + ("invocations",), {"POST": "invoke"}),
    (_FN2 + ("stateful-async-invocations",), {"GET": "list_async"}),
    (_FN2 + ("stateful-async-invocations", "{invocation}"), {"GET": "get_async", "PUT": "stop_async"}),
)

FC3_ROUTES = _table(
    (("functions",), {"GET": "list_functions", "POST": "create_function"}),
    (_FN3, {"GET": "get_function", "PUT": "update_function", "DELETE": "delete_function"}),
    (_FN3 + ("invocations",), {"POST": "invoke"}),
    (_FN3 + ("async-tasks",), {"GET": "list_async"}),
    (_FN3 + ("async-tasks", "{invocation}"), {"GET": "get_async"}),
    (_FN3 + ("async-tasks", "{invocation}", "stop"), {"PUT": "stop_async"}),
)


def version_of(path: str) -> str | None:
    """The API version a path starts with (/2016-08-15/...), None for any other path."""
    for version in VERSIONS:
        if path.startswith(f"/{version}/"):
            return version
    return None


def _match(pattern: tuple[str, ...], segments: list[str]) -> dict[str, str] | None:
    if len(pattern) != len(segments):
        return None
    params = {}
    for part, segment in zip(pattern, segments):
        if part.startswith("{"):
            if not segment:
                return None
            params[part[1:-1]] = segment
        elif part != segment:
            return None
    return params


def route(method: str, path: str) -> tuple[str, str, dict[str, str]]:
    """(version, operation, path parameters) of a request under one of the version prefixes."""
    version = version_of(path)
    if version is None:
        raise errors.path_not_supported(method, path)
    segments = path[len(version) + 2:].split("/")
    for pattern, methods in FC3_ROUTES if version == FC3_VERSION else FC2_ROUTES:
        params = _match(pattern, segments)
        if params is None:
            continue
        operation = methods.get(method.upper())
        if operation is None:
            raise errors.path_not_supported(method, path)
        return version, operation, params
    raise errors.path_not_supported(method, path)


def is_invocation(path: str) -> bool:
    return path.rstrip("/").endswith("/invocations")
