"""The management API's view of the FC model: services and functions with the configuration clients created them
with (kept by the backend, ``cloud.fc.configs``). Whether a service or function exists is always the model's
answer, so a function registered in Python (``cloud.fc.register`` / ``script``) is visible here too, with a
configuration made from its registration; a reset of the backend forgets the configurations with the rest."""
from __future__ import annotations

import hashlib
from typing import Any

from fakecloud.services.fc import FcBackend, Function, FunctionKey
from fakecloud.services.fc.configs import FunctionInfo, ServiceInfo
from fakecloud.services.fc.errors import function_not_found, service_not_found
from fakecloud.services.fc.names import check_name

from . import errors

DEFAULT_RUNTIME = "python3.10"
DEFAULT_TIMEOUT = 3        # seconds, both API generations
FC2_MEMORY, FC3_MEMORY = 128, 512
FC3_SERVICE = "fc3"        # FC 3.0 functions without a '$' live in this service of the model


def code_facts(code: Any) -> tuple[int, str]:
    """Size and a deterministic decimal checksum (FC's is a CRC64) of uploaded code: zipFile is base64 text; code
    in OSS has no bytes here."""
    data = code.get("zipFile", "") if isinstance(code, dict) else ""
    raw = data.encode("utf-8") if isinstance(data, str) else b""
    size = len(raw) * 3 // 4 - raw[-2:].count(b"=") if raw else 0
    return size, str(int.from_bytes(hashlib.sha256(raw).digest()[:8], "big"))


class Registry:
    """The services and functions of one backend as the management API sees them; it keeps nothing itself (the
    configurations are the backend's ``configs``), so one is made for each request."""

    def __init__(self, backend: FcBackend):
        self.backend = backend
        configs = backend.configs
        self._services, self._functions, self._new_id = configs.services, configs.functions, configs.new_id

    @property
    def now_ms(self) -> int:
        return self.backend.clock.now_ms

    # -- what exists (the model's answer) -----------------------------------------------------------------
    def service_names(self) -> list[str]:
        return self.backend.services()

    def function_names(self, service: str) -> list[str]:
        return sorted({key.function for key in self.backend.function_keys() if key.service == service})

    def has_service(self, service: str) -> bool:
        return service in self.backend.services()

    def keys_of(self, service: str, function: str) -> list[FunctionKey]:
        return [k for k in self.backend.function_keys() if k.service == service and k.function == function]

    # -- configurations -----------------------------------------------------------------------------------
    def service(self, name: str) -> ServiceInfo:
        """The configuration of an existing service (made up for one only known from Python)."""
        if not self.has_service(name):
            raise service_not_found(name)
        info = self._services.get(name)
        if info is None:
            info = self._services[name] = ServiceInfo(name, self._new_id("service"), self.now_ms, self.now_ms)
        return info

    def function(self, service: str, name: str) -> FunctionInfo:
        """The configuration of an existing function (ServiceNotFound / FunctionNotFound otherwise)."""
        self.service(service)
        if not self.keys_of(service, name):
            raise function_not_found(service, name)
        info = self._functions.get((service, name))
        if info is None:
            info = self._functions[(service, name)] = FunctionInfo(service, name, self._new_id("function"),
                                                                   self.now_ms, self.now_ms)
        return info

    def create_service(self, name: str, config: dict[str, Any]) -> ServiceInfo:
        """CreateService. A service the model knows only from Python registrations is adopted, once."""
        check_name("service", name)
        existing = self._services.get(name)
        if existing is not None and existing.created_by_api and self.has_service(name):
            raise errors.service_exists(name)
        self.backend.create_service(name)
        info = self._services[name] = ServiceInfo(name, self._new_id("service"), self.now_ms, self.now_ms,
                                                  dict(config), True)
        return info

    def delete_service(self, name: str) -> None:
        self.service(name)
        if self.function_names(name):
            raise errors.service_not_empty(name)
        self.backend.delete_service(name)
        self._services.pop(name, None)

    def create_function(self, service: str, name: str, config: dict[str, Any], *, fc3_name: str | None = None,
                        ) -> FunctionInfo:
        """CreateFunction: the model gets a function without behaviour (invoking it is a function error that
        says so) unless a handler or script was registered in Python first, which is kept (adopted)."""
        self.service(service)
        check_name("function", name)
        existing = self._functions.get((service, name))
        if existing is not None and existing.created_by_api and self.keys_of(service, name):
            raise errors.fc3_function_exists(fc3_name) if fc3_name else errors.function_exists(service, name)
        handler = config.get("handler") or "index.handler"
        timeout = config.get("timeout", DEFAULT_TIMEOUT)
        memory = config.get("memorySize", FC3_MEMORY if fc3_name else FC2_MEMORY)
        key = FunctionKey(service, None, name)
        probe = Function(key, None, timeout=timeout, memory=memory, handler_name=handler)   # the model's checks
        fn = self.backend.find(key)
        if fn is None:
            self.backend.script(str(key), timeout=probe.timeout)
            fn = self.backend.find(key)
        fn.timeout, fn.memory, fn.handler_name = probe.timeout, probe.memory, probe.handler_name
        size, checksum = code_facts(config.get("code"))
        stored = {k: v for k, v in config.items() if k != "code"}
        stored.update(handler=handler, timeout=probe.timeout, memorySize=probe.memory)
        stored.setdefault("runtime", DEFAULT_RUNTIME)
        info = self._functions[(service, name)] = FunctionInfo(service, name, self._new_id("function"),
                                                              self.now_ms, self.now_ms, stored, size, checksum,
                                                              True)
        return info

    def update_service(self, name: str, changes: dict[str, Any]) -> ServiceInfo:
        """UpdateService: the given fields replace the stored ones."""
        info = self.service(name)
        info.config.update(changes)
        info.modified_ms = self.now_ms
        return info

    def update_function(self, service: str, name: str, changes: dict[str, Any]) -> FunctionInfo:
        """UpdateFunction: the given fields replace the stored ones; handler, timeout and memory are checked as
        CreateFunction checks them and reach the model's unqualified function; new code is measured again."""
        info = self.function(service, name)
        merged = {**self.function_config(info), **changes}
        key = FunctionKey(service, None, name)
        probe = Function(key, None, timeout=merged["timeout"], memory=merged["memorySize"],
                         handler_name=merged["handler"])
        fn = self.backend.find(key)
        if fn is not None:
            fn.timeout, fn.memory, fn.handler_name = probe.timeout, probe.memory, probe.handler_name
        if "code" in changes:
            info.code_size, info.code_checksum = code_facts(changes["code"])
        info.config.update({k: v for k, v in changes.items() if k != "code"})
        info.config.update(handler=probe.handler_name, timeout=probe.timeout, memorySize=probe.memory)
        info.modified_ms = self.now_ms
        return info

    def delete_function(self, service: str, name: str) -> None:
        self.function(service, name)
        for key in self.keys_of(service, name):
            self.backend.unregister(str(key))
        self._functions.pop((service, name), None)

    def function_config(self, info: FunctionInfo) -> dict[str, Any]:
        """The configuration of a function as the model runs it (registration values win over stale ones)."""
        fn = self.backend.find(FunctionKey(info.service, None, info.name))
        if fn is None:
            keys = self.keys_of(info.service, info.name)
            fn = self.backend.find(keys[0]) if keys else None
        config = dict(info.config)
        config.setdefault("runtime", DEFAULT_RUNTIME)
        if fn is not None:
            config.update(handler=fn.handler_name, timeout=fn.timeout, memorySize=fn.memory)
        return config
