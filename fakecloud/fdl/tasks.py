"""Parsing and checking of task steps: the target, the pattern, serviceParams, retry and catch.

What each integration accepts (patterns, serviceParams, vision API parameters) is checked here at
definition time, as the service does on CreateFlow.
"""
from __future__ import annotations

from types import MappingProxyType

from . import model as m
from .diagnostics import did_you_mean
from .paths import INPUT_ROOT
from .reader import describe
from .source import Ref
from .targets import (PATTERNS, REQUEST_RESPONSE, FcFunction, MnsQueue, MnsTopic, ServiceAction, Subflow,
                      TargetError, parse_action, parse_ref, parse_resource_arn)
from .viapi import load_catalog

INF = float("inf")
MAX_DAY = 86400

# serviceParams each integration understands (name -> what it is), for unknown-parameter hints.
FC_PARAMS = ("InvocationType", "StatefulAsyncInvocationID")
SUBFLOW_PARAMS = ("Input", "ExecutionName", "CallbackFnFTaskToken")
FNF_START_PARAMS = ("FlowName", "Input", "ExecutionName", "Qualifier")
# Documented ranges of MNS SendMessage parameters.
QUEUE_RANGES = MappingProxyType({"DelaySeconds": (0, 604800), "Priority": (1, 16)})


class TaskParser:
    def __init__(self, reader, parser):
        self.r = reader
        self.parser = parser

    def task(self, raw: dict, path: tuple, common: dict) -> m.TaskStep:
        r = self.r
        target = self._target(raw, path)
        pattern = REQUEST_RESPONSE
        if "pattern" in raw:
            value = r.string(raw, path, "pattern")
            if value is not None and value not in PATTERNS:
                r.error("value", path + ("pattern",), f"unknown pattern {value!r}{did_you_mean(value, PATTERNS)}; "
                                                      f"patterns are {', '.join(PATTERNS)}")
            elif value is not None:
                pattern = value
        params = self._template(raw, path) if "serviceParams" in raw else None
        timeout = None
        if "timeoutSeconds" in raw:
            timeout = r.number(raw, path, "timeoutSeconds", 1, self.parser.limits.max_execution_seconds, unit=" s")
        step = m.TaskStep(
            target=target, pattern=pattern, service_params=params, timeout_seconds=timeout,
            retry=self._retry(raw, path), catch=self._catch(raw, path),
            error_mappings=self.parser.mappings(raw, path, "errorMappings"), **common)
        if target is not None:
            self._check_integration(step, raw, path)
        return step

    # -- target --------------------------------------------------------------------------------
    def _target(self, raw: dict, path: tuple):
        r = self.r
        has_arn, has_action = "resourceArn" in raw, "action" in raw
        if has_arn == has_action:
            r.error("target", path + (("action",) if has_arn else ()),
                    "a task step needs exactly one of 'resourceArn' or 'action'" + (", not both" if has_arn else ""),
                    key=has_arn)
            return None
        key = "resourceArn" if has_arn else "action"
        value = raw[key]
        try:
            if isinstance(value, Ref):
                if not has_arn:
                    r.error("target", path + (key,), f"'!Ref {value.value}' stands for an FC function and can "
                                                     f"only be a resourceArn; an action is '{{product}}:{{Api}}'")
                    return None
                return parse_ref(value.value)
            text = r.string(raw, path, key)
            if text is None:
                return None
            return parse_resource_arn(text.strip()) if has_arn else parse_action(text.strip())
        except TargetError as exc:
            r.error("target", path + (key,), str(exc))
            return None

    # -- serviceParams ---------------------------------------------------------------------------
    def _template(self, raw: dict, path: tuple) -> m.Template | None:
        params = self.r.mapping(raw, path, "serviceParams")
        if params is None:
            return None
        found: list = []
        value = self._compile(params, path + ("serviceParams",), (), found)
        return m.Template(value, tuple(found), self.r.loc(path + ("serviceParams",)))

    def _compile(self, value, path: tuple, inner: tuple, found: list):
        if isinstance(value, dict):
            return {k: self._compile(v, path + (k,), inner + (k,), found) for k, v in value.items()}
        if isinstance(value, list):
            return [self._compile(v, path + (i,), inner + (i,), found) for i, v in enumerate(value)]
        if isinstance(value, Ref):
            self.r.error("value", path, f"'!Ref {value.value}' can only stand for a task's resourceArn")
            return None
        if isinstance(value, str) and value.startswith("$"):
            compiled = self.parser.path(value, path, INPUT_ROOT)
            if compiled is not None:
                found.append((inner, compiled))
            return compiled
        return value

    # -- retry and catch -------------------------------------------------------------------------
    def _retry(self, raw: dict, path: tuple) -> tuple:
        r = self.r
        out = []
        for i, item in enumerate(r.listof(raw, path, "retry") or () if "retry" in raw else ()):
            ipath = path + ("retry", i)
            if not isinstance(item, dict):
                r.error("type", ipath, f"a retry policy must be a mapping with 'errors', not {describe(item)}")
                continue
            r.check_fields(item, ipath, ("errors", "intervalSeconds", "maxIntervalSeconds", "maxAttempts",
                                         "multiplier"), "a retry policy")
            errors = r.strings(item, ipath, "errors") if r.require(item, ipath, "errors", "retry policy") else None
            values = {}
            for key, field, low, high, integer in (
                    ("intervalSeconds", "interval_seconds", 1, MAX_DAY, True),
                    ("maxIntervalSeconds", "max_interval_seconds", 1, MAX_DAY, True),
                    ("maxAttempts", "max_attempts", 0, INF, True),
                    ("multiplier", "multiplier", 1, INF, False)):
                if key in item:
                    v = r.number(item, ipath, key, low, high, integer=integer)
                    if v is not None:
                        values[field] = v
            if errors is not None:
                self._empty_errors(errors, item, ipath)
                out.append(m.RetryPolicy(errors, loc=r.loc(ipath), **values))
        return tuple(out)

    def _catch(self, raw: dict, path: tuple) -> tuple:
        r = self.r
        out = []
        for i, item in enumerate(r.listof(raw, path, "catch") or () if "catch" in raw else ()):
            ipath = path + ("catch", i)
            if not isinstance(item, dict):
                r.error("type", ipath, f"a catch entry must be a mapping with 'errors' and 'goto', not {describe(item)}")
                continue
            r.check_fields(item, ipath, ("errors", "goto"), "a catch entry")
            errors = r.strings(item, ipath, "errors") if r.require(item, ipath, "errors", "catch entry") else None
            goto = r.string(item, ipath, "goto") if r.require(item, ipath, "goto", "catch entry") else None
            if errors is not None and goto is not None:
                self._empty_errors(errors, item, ipath)
                out.append(m.CatchRule(errors, goto, r.loc(ipath)))
        return tuple(out)

    def _empty_errors(self, errors: tuple, item: dict, path: tuple) -> None:
        if not errors and isinstance(item.get("errors"), list) and not item["errors"]:
            self.r.error("value", path + ("errors",), f"'errors' must name at least one error (or {m.ALL_ERRORS})")

    # -- integration checks ----------------------------------------------------------------------
    def _check_integration(self, step: m.TaskStep, raw: dict, path: tuple) -> None:
        target, r = step.target, self.r
        ppath = path + ("serviceParams",)
        params = raw.get("serviceParams") if isinstance(raw.get("serviceParams"), dict) else {}
        if step.pattern not in target.patterns:
            allowed = " or ".join(target.patterns)
            r.error("pattern", path + ("pattern",), f"pattern '{step.pattern}' is not supported for "
                                                    f"{_KIND_NAMES[target.kind]}: use {allowed}")
        if isinstance(target, FcFunction):
            self._known(params, ppath, FC_PARAMS, "an FC function task")
            kind = params.get("InvocationType")
            if "InvocationType" in params and kind not in ("Sync", "Async") and not _is_path(kind):
                r.error("value", ppath + ("InvocationType",),
                        f"InvocationType must be 'Sync' or 'Async', not {describe(kind)}"
                        f"{did_you_mean(str(kind), ('Sync', 'Async'))}")
            if step.pattern != REQUEST_RESPONSE and kind != "Async":
                r.warn("fc-pattern", path + ("pattern",),
                       f"pattern '{step.pattern}' on an FC function without serviceParams.InvocationType: Async; "
                       f"the integration documents only requestResponse for synchronous invocation")
        elif isinstance(target, Subflow):
            self._known(params, ppath, SUBFLOW_PARAMS, "a subflow task")
        elif isinstance(target, (MnsQueue, MnsTopic)):
            names = target.params
            what = "an MNS queue task" if isinstance(target, MnsQueue) else "an MNS topic task"
            self._known(params, ppath, names, what)
            if "MessageBody" not in params:
                r.error("missing-field", ppath if "serviceParams" in raw else path,
                        f"{what} needs serviceParams.MessageBody (for example 'MessageBody: $' sends the "
                        f"mapped input)", key="serviceParams" in raw)
            if isinstance(target, MnsQueue):
                for key, (low, high) in QUEUE_RANGES.items():
                    if key in params and not _is_path(params[key]):
                        r.number(params, ppath, key, low, high, integer=True)
        elif isinstance(target, ServiceAction):
            self._check_action(target, step, params, raw, path)

    def _check_action(self, target: ServiceAction, step, params: dict, raw: dict, path: tuple) -> None:
        r, apath, ppath = self.r, path + ("action",), path + ("serviceParams",)
        extra = self.parser.actions
        if target.product == "fnf":
            if target.api != "StartExecution":
                r.error("action", apath, f"unknown action 'fnf:{target.api}'"
                                         f"{did_you_mean(target.api, ('StartExecution',))}; the fnf integration "
                                         f"offers fnf:StartExecution")
                return
            spec_required, spec_names, label = ("FlowName",), FNF_START_PARAMS, "fnf:StartExecution"
        elif target.product in {a.product for a in extra}:
            spec = next((a for a in extra if a.product == target.product and a.api == target.api), None)
            if spec is None:
                apis = tuple(a.api for a in extra if a.product == target.product)
                r.error("action", apath, f"unknown {target.product} API '{target.api}'"
                                         f"{did_you_mean(target.api, apis)}; the {target.product} integration offers "
                                         f"{', '.join(f'{target.product}:{a}' for a in apis)}")
                return
            spec_required, spec_names, label = spec.required, spec.params, spec.action
        else:
            catalog = load_catalog()
            if catalog.product(target.product) is None:
                others = tuple(sorted({a.product for a in extra}))
                r.error("action", apath, f"unknown product '{target.product}'"
                                         f"{did_you_mean(target.product, catalog.products + ('fnf',) + others)}; "
                                         f"actions name one of {', '.join(catalog.products + others)} or fnf")
                return
            spec = catalog.api(target.product, target.api)
            if spec is None:
                r.error("action", apath, f"unknown {target.product} API '{target.api}'"
                                         f"{did_you_mean(target.api, catalog.apis(target.product))}")
                return
            if spec.retired:
                r.warn("retired-api", apath, f"{target.action} is retired: the service no longer offers it")
            spec_required, spec_names, label = spec.required, spec.params, target.action
        if step.pattern != REQUEST_RESPONSE:
            r.warn("action-pattern", path + ("pattern",),
                   f"pattern '{step.pattern}' is not documented for cloud API actions; they are called "
                   f"requestResponse")
        r.check_parameters({k: k for k in params}, ppath, spec_required, spec_names, label, "serviceParams",
                           at=None if "serviceParams" in raw else path)

    def _known(self, params: dict, path: tuple, names: tuple, what: str) -> None:
        self.r.check_parameters({k: k for k in params}, path, (), names, what, "serviceParams")


_KIND_NAMES = MappingProxyType({"fc": "FC functions", "subflow": "subflows", "mns-queue": "MNS queues",
               "mns-topic": "MNS topics", "action": "cloud API actions"})


def _is_path(value) -> bool:
    return isinstance(value, str) and value.startswith("$")
