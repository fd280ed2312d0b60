"""The control plane under ``/_fakecloud/``: JSON endpoints a test (or a person with curl) uses to reset the world,
read and advance its clock, script FC functions and vision APIs, register flows and read what the fakes recorded.
Every endpoint is listed in docs/control-plane.md; errors are ``{"Code", "Message"}`` with a fitting status. A
server's control plane answers only requests carrying its control token (see `fakecloud.wire.access`)."""
from __future__ import annotations

import dataclasses
import importlib
import json
import types
from typing import Any, Callable, Mapping

from werkzeug.wrappers import Request, Response

from .. import jsontext
from ..engine import EngineError, format_time
from ..fdl import FlowDefinitionError
from ..services.fc import FcError
from ..services.fc.setup import FIELDS as FUNCTION_FIELDS, HandlerNotFound, set_up_function
from ..services.script import Script
from .access import OPEN_PATHS, TOKEN_HEADER, HandlerImports, token_problem
from .protocol import Protocol, json_error

PREFIX = "/_fakecloud"


class ControlError(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def invalid(message: str) -> ControlError:
    return ControlError(400, "InvalidArgument", message)


class ControlPlane(Protocol):
    name = "control"

    def __init__(self, app):
        super().__init__(app)
        self.routes: dict[str, dict[str, Callable[[dict, Request], Any]]] = {
            "": {"GET": self.index},
            "/health": {"GET": lambda body, request: {"status": "ok"}},
            "/reset": {"POST": self.reset},
            "/clock": {"GET": lambda body, request: self.clock_json()},
            "/clock/advance": {"POST": self.advance},
            "/flows": {"POST": self.add_flow},
            "/fc/functions": {"POST": self.register_function},
            "/fc/invocations": {"GET": self.invocations},
            "/viapi/scripts": {"POST": self.script_vision_api},
            "/mns/outbox": {"GET": self.outbox},
            "/mns/http-pushes": {"GET": self.http_pushes},
        }

    def matches(self, request: Request) -> bool:
        return request.path == PREFIX or request.path.startswith(PREFIX + "/")

    def handle(self, request: Request) -> Response:
        path = request.path[len(PREFIX):].rstrip("/")
        if path not in OPEN_PATHS:
            problem = token_problem(self.app.control_token, request.headers.get(TOKEN_HEADER))
            if problem is not None:
                return json_error(*problem)
        methods = self.routes.get(path)
        if methods is None:
            return json_error(404, "NotFound", f"no control endpoint {request.path}; GET {PREFIX}/ lists them")
        endpoint = methods.get(request.method)
        if endpoint is None:
            allowed = ", ".join(sorted(methods))
            return json_error(405, "MethodNotAllowed", f"{request.method} {request.path}: use {allowed}",
                              Allow=allowed)
        try:
            result = endpoint(_body(request) if request.method == "POST" else {}, request)
        except ControlError as err:
            return json_error(err.status, err.code, err.message)
        return Response(json.dumps(result, ensure_ascii=False, default=str), status=200,
                        content_type="application/json")

    def internal_error(self, request: Request, exc: BaseException) -> Response:
        return json_error(500, "InternalError", f"internal error in fakecloud: {type(exc).__name__}: {exc}")

    # -- endpoints -------------------------------------------------------------------------------------------
    def index(self, body: dict, request: Request) -> dict:
        return {"endpoints": [f"{method} {PREFIX}{path or '/'}" for path, methods in self.routes.items()
                              for method in methods]}

    def clock_json(self) -> dict:
        clock = self.cloud.clock
        return {"now": clock.now(), "iso": clock.iso(), "mode": self.app.time.mode}

    def reset(self, body: dict, request: Request) -> dict:
        _fields(body, ())
        self.app.reset()
        return {"reset": True}

    def advance(self, body: dict, request: Request) -> dict:
        _fields(body, ("seconds",))
        seconds = body.get("seconds")
        if not isinstance(seconds, (int, float)) or isinstance(seconds, bool) or not 0 <= seconds < 1e10:
            raise invalid(f"'seconds' must be a number >= 0, got {json.dumps(seconds)}")
        if not self.cloud.clock.is_virtual:
            raise ControlError(409, "ClockNotAdjustable", "the clock runs in real time (--clock real); "
                                                         "it cannot be advanced")
        self.cloud.advance(seconds)
        self.cloud.run_until_idle()
        return self.clock_json()

    def add_flow(self, body: dict, request: Request) -> dict:
        _fields(body, ("name", "definition"))
        name = _text(body, "name")
        definition = body.get("definition")
        if isinstance(definition, Mapping):
            definition = json.dumps(definition, ensure_ascii=False)   # JSON is YAML
        if not isinstance(definition, str) or not definition.strip():
            raise invalid("'definition' must be the FDL text (or its object form)")
        replaced = name in self.cloud.engine.flows
        try:
            self.cloud.add_flow(name, definition, replace=True)
        except FlowDefinitionError as exc:
            raise invalid(f"invalid flow definition:\n{exc}") from None
        except EngineError as exc:
            raise ControlError(exc.status, exc.code, exc.message) from None
        return {"name": name, "replaced": replaced}

    def register_function(self, body: dict, request: Request) -> dict:
        _fields(body, ("name",) + FUNCTION_FIELDS)
        name = _text(body, "name")
        if "handler" in body:
            _text(body, "handler")
        spec = {k: v for k, v in body.items() if k != "name"}
        try:
            rules = set_up_function(self.cloud.fc, name, spec,
                                    lambda text: import_handler(text, self.app.handler_imports))
        except FcError as exc:
            raise ControlError(exc.status, exc.code, exc.message) from None
        except HandlerNotFound as exc:
            raise ControlError(400, "HandlerNotFound", str(exc)) from None
        except ValueError as exc:
            raise invalid(str(exc)) from None
        return {"name": name, "handler": body.get("handler"), "rules": rules}

    def invocations(self, body: dict, request: Request) -> dict:
        name = request.args.get("name")
        log = self.cloud.fc.invocations
        return {"invocations": [invocation_json(i) for i in (log.of(name) if name else log)]}

    def script_vision_api(self, body: dict, request: Request) -> dict:
        _fields(body, ("product", "api", "script", "jobs"))
        product, api = _text(body, "product"), _text(body, "api")
        if "script" not in body and "jobs" not in body:
            raise invalid("give 'script' (answers of the call), 'jobs' (how its async jobs end) or both")
        where = f"{product}:{api}"
        rules = _script(body["script"], where) if "script" in body else None
        jobs = _script(body["jobs"], where + " jobs") if "jobs" in body else None
        viapi = self.cloud.viapi
        try:
            targets = [(viapi.script(product, api), rules)] if rules is not None else []
            if jobs is not None:
                targets.append((viapi.job_script(product, api), jobs))
        except ValueError as exc:
            raise invalid(str(exc)) from None
        for script, data in targets:
            script.clear()
            script.extend(data)
        return {"product": product, "api": api, "rules": len(rules or []), "jobRules": len(jobs or [])}

    def outbox(self, body: dict, request: Request) -> dict:
        outbox = self.cloud.mns.outbox
        return {"mails": [record_json(m) for m in outbox.mails], "sms": [record_json(s) for s in outbox.sms]}

    def http_pushes(self, body: dict, request: Request) -> dict:
        return {"pushes": [record_json(p) for p in self.cloud.mns.http_pushes]}


# -- request bodies --------------------------------------------------------------------------------------------
def _body(request: Request) -> dict:
    data = request.get_data()
    if not data.strip():
        return {}
    try:
        body = jsontext.loads(data)
    except ValueError as exc:
        raise ControlError(400, "InvalidJSON", f"the body is not JSON: {exc}") from None
    if not isinstance(body, dict):
        raise ControlError(400, "InvalidJSON", "the body must be a JSON object")
    return body


def _fields(body: dict, known: tuple[str, ...]) -> None:
    unknown = sorted(set(body) - set(known))
    if unknown:
        raise invalid(f"unknown field {unknown[0]!r}" + (f" (known: {', '.join(known)})" if known else ""))


def _text(body: dict, key: str) -> str:
    value = body.get(key)
    if not isinstance(value, str) or not value:
        raise invalid(f"'{key}' must be a non-empty string, got {json.dumps(value)}")
    return value


def _script(data: Any, name: str) -> Any:
    """Check scripted rules (Script.from_data format) before anything changes; returns the data."""
    try:
        Script.from_data(data, name=name)
    except (TypeError, ValueError) as exc:
        raise invalid(f"'script': {exc}") from None
    return data


def import_handler(spec: str, policy: HandlerImports) -> Callable:
    """The callable named by "package.module:attribute" (attribute may be dotted), when ``policy`` allows its
    module; the attribute path may not pass through another module or a dunder name (``mod:os.system``)."""
    module_name, _, attr = spec.partition(":")
    if not module_name or not attr:
        raise invalid(f"'handler' must be \"module:function\", got {spec!r}")
    if not policy.allows(module_name):
        raise ControlError(403, "HandlerImportRefused", policy.refusal(module_name))
    parts = attr.split(".")
    if any(part.startswith("__") for part in parts):
        raise ControlError(403, "HandlerImportRefused", f"{spec}: a handler's attribute path may not use "
                                                        "dunder names")
    try:
        target: Any = importlib.import_module(module_name)
        for part in parts:
            target = getattr(target, part)
            if isinstance(target, types.ModuleType):
                raise ControlError(403, "HandlerImportRefused", f"{spec}: {part} is a module; name the handler "
                                                                f"by its own module ({target.__name__}:...)")
    except ControlError:
        raise
    except Exception as exc:
        raise ControlError(400, "HandlerNotFound", f"cannot import {spec}: {type(exc).__name__}: {exc}") from None
    if not callable(target):
        raise ControlError(400, "HandlerNotFound", f"{spec} is not callable")
    return target


# -- records as JSON --------------------------------------------------------------------------------------------
def invocation_json(i) -> dict:
    error = {"code": i.error.code, "message": i.error.message} if i.error is not None else None
    return {"requestId": i.request_id, "name": i.name, "service": i.service, "qualifier": i.qualifier,
            "function": i.function, "invocationType": i.invocation_type, "attempt": i.attempt,
            "time": format_time(round(i.time * 1000)), "event": i.event, "status": i.status,
            "result": i.result(), "errorType": i.error_type, "error": error, "duration": i.duration,
            "invocationId": i.invocation_id, "execution": i.execution, "step": i.step}


def record_json(record) -> dict:
    """A recorded dataclass (mail, text message, HTTP push) with camelCase keys and ISO times."""
    out = {}
    for field in dataclasses.fields(record):
        key, value = field.name, getattr(record, field.name)
        if key == "time":
            value = format_time(value)
        elif isinstance(value, BaseException):
            value = f"{type(value).__name__}: {value}"
        elif isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, Mapping):
            value = dict(value)
        head, *rest = key.split("_")
        out[head + "".join(word.capitalize() for word in rest)] = value
    return out
