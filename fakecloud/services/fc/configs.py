"""What the management API adds to the FC model, kept by the backend it describes: the configuration of each
service and function as clients created them (description, runtime, code size, times, ids). Whether a service or
function exists is always the model's answer; these records only add what a client sent. The backend makes a new,
empty `Configs` when it is reset."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable


@dataclass
class ServiceInfo:
    name: str
    service_id: str
    created_ms: int
    modified_ms: int
    config: dict[str, Any] = field(default_factory=dict)
    created_by_api: bool = False


@dataclass
class FunctionInfo:
    service: str
    name: str
    function_id: str
    created_ms: int
    modified_ms: int
    config: dict[str, Any] = field(default_factory=dict)
    code_size: int = 0
    code_checksum: str = "0"
    created_by_api: bool = False


@dataclass
class Configs:
    """The management records of one backend: services by name, functions by (service, function); `new_id`
    gives their ids (kinds "service" and "function")."""
    new_id: Callable[[str], str]
    services: dict[str, ServiceInfo] = field(default_factory=dict)
    functions: dict[tuple[str, str], FunctionInfo] = field(default_factory=dict)
