"""What a function does, given as data: one shape for the control plane (`POST /_fakecloud/fc/functions`) and a
scenario's `services.fc` block: `handler` ("module:function", imported here), `script` (rules, replacing the
function's), `duration` and `timeout` (when the function is created), `memory` and `decode` (with a handler)."""
from __future__ import annotations

import importlib
from typing import Any, Callable, Mapping

from ..fields import unknown
from ..rules import rules_of
from .backend import FcBackend

FIELDS = ("handler", "script", "duration", "timeout", "memory", "decode")


class HandlerNotFound(ValueError):
    """A `module:function` handler that cannot be imported, or is not callable."""


def import_handler(spec: Any) -> Callable:
    """The callable named by "package.module:attribute" (attribute may be dotted); ValueError for text of the
    wrong shape, HandlerNotFound when it cannot be imported."""
    module_name, _, attr = spec.partition(":") if isinstance(spec, str) else ("", "", "")
    if not module_name or not attr:
        raise ValueError(f"'handler' must be \"module:function\", got {spec!r}")
    try:
        target: Any = importlib.import_module(module_name)
        for part in attr.split("."):
            target = getattr(target, part)
    except Exception as exc:
        raise HandlerNotFound(f"cannot import {spec}: {type(exc).__name__}: {exc}") from None
    if not callable(target):
        raise HandlerNotFound(f"{spec} is not callable")
    return target


def is_function_spec(spec: Any) -> bool:
    """A mapping in this shape (it names a handler or a script), as opposed to bare script data."""
    return isinstance(spec, Mapping) and ("handler" in spec or "script" in spec)


def set_up_function(backend: FcBackend, name: str, spec: Mapping,
                    importer: Callable[[str], Callable] = import_handler) -> int:
    """Register what 'service/function' does from `spec`; returns how many scripted rules it has. Everything is
    checked before anything changes: ValueError (HandlerNotFound) names the field; FC errors are FcError.
    `importer` turns a handler's "module:function" into the callable (the server's applies its import policy)."""
    bad = next((k for k in spec if k not in FIELDS), None)
    if bad is not None:
        raise ValueError(unknown(bad, FIELDS))
    if "handler" not in spec and "script" not in spec:
        raise ValueError("give 'handler' (\"module:function\"), 'script' (a list of rules) or both")
    handler = importer(spec["handler"]) if "handler" in spec else None
    if "script" in spec:
        try:
            rules_of(spec["script"], f"{name}: ")
        except ValueError as exc:
            raise ValueError(f"'script': {exc}") from None
    options = {k: spec[k] for k in ("duration", "timeout") if k in spec}
    try:
        if handler is not None:
            extra = {k: spec[k] for k in ("memory", "decode") if k in spec}
            backend.register(name, handler, **options, **extra)
        if "script" in spec:
            script = backend.script(name, **options)
            script.clear()
            script.extend(spec["script"])
    except TypeError as exc:
        raise ValueError(str(exc)) from None
    fn = backend.function(name)
    return len(fn.script) if fn.script else 0
