"""Parsing and checking of a Task state: its Action (typed by fdl.actions), the TaskMode that Action supports,
Parameters (required ones present, constant values well formed: function, flow and queue ARNs, invocation type,
HTTP method and URL, MNS priority and delay), Timeout, and the vision catalog for vision APIs."""
from __future__ import annotations

from types import MappingProxyType

from ..actions import (REQUEST_COMPLETE, TASK_MODES, WAIT_FOR_SYSTEM_CALLBACK, ActionError, ActionTarget,
                       parse_action)
from ..diagnostics import did_you_mean
from ..reader import describe
from ..targets import MnsQueue, TargetError, parse_flow_arn, parse_function_arn, parse_mns_arn
from . import model as m
from . import variables as v
from .fields import SUFFIX

EXPRESS = "Express"
HTTP_METHODS = ("GET", "POST", "PATCH", "PUT", "DELETE", "HEAD")
_OLD_PATTERNS = MappingProxyType({"requestResponse": REQUEST_COMPLETE, "sync": WAIT_FOR_SYSTEM_CALLBACK,
                 "waitForCallback": "WaitForCustomCallback"})
_RANGES = MappingProxyType({"priority": (1, 16), "delaySeconds": (0, 604800)})    # MNS SendMessage
_ARNS = MappingProxyType({"fc": parse_function_arn, "subflow": parse_flow_arn, "mns": parse_mns_arn})


class TaskReader:
    def __init__(self, states):
        self.p = states
        self.r = states.r

    def task(self, raw: dict, path: tuple, common: dict) -> m.TaskState:
        p, limits = self.p, self.p.limits
        action = self._action(raw, path)
        mode = self._mode(raw, path, action)
        timeout = p.dynamic(raw, path, "Timeout", None, 0, limits.max_task_timeout_seconds,
                            limits.max_task_timeout_seconds, numeric_text=True)
        parameters = p.cc.constructor(raw, path, "Parameters", v.PARAMETERS)
        resource = self._check(action, mode, raw, path) if action is not None else None
        return m.TaskState(action=action, task_mode=mode, parameters=parameters, resource=resource, timeout=timeout,
                           retry=p.retry(raw, path), catch=p.catch(raw, path), **common)

    def _action(self, raw: dict, path: tuple) -> ActionTarget | None:
        r = self.r
        if not r.require(raw, path, "Action", "a Task state"):
            return None
        text = r.string(raw, path, "Action")
        if text is None:
            return None
        try:
            return parse_action(text.strip())
        except ActionError as exc:
            r.error("action", path + ("Action",), str(exc))
            return None

    def _mode(self, raw: dict, path: tuple, action) -> str:
        r, mpath = self.r, path + ("TaskMode",)
        if "TaskMode" not in raw:
            return REQUEST_COMPLETE
        mode = r.string(raw, path, "TaskMode")
        if mode is None:
            return REQUEST_COMPLETE
        if mode not in TASK_MODES:
            hint = (f" (the old dialect's pattern '{mode}' is TaskMode '{_OLD_PATTERNS[mode]}')" if mode in _OLD_PATTERNS
                    else did_you_mean(mode, TASK_MODES))
            r.error("value", mpath, f"unknown TaskMode '{mode}'{hint}; modes are {', '.join(TASK_MODES)}")
            return REQUEST_COMPLETE
        if action is not None and mode not in action.task_modes:
            r.error("task-mode", mpath, f"TaskMode '{mode}' is not supported by {action.action}: it supports "
                                        f"{' and '.join(action.task_modes)}")
        elif self.p.mode == EXPRESS and mode != REQUEST_COMPLETE:
            r.error("express", mpath, f"an Express flow runs tasks RequestComplete only, not {mode}")
        return mode

    # -- Parameters ----------------------------------------------------------------------------------
    def _check(self, action: ActionTarget, mode: str, raw: dict, path: tuple):
        r = self.r
        given = raw.get("Parameters") if isinstance(raw.get("Parameters"), dict) else {}
        ppath = path + ("Parameters",)
        names = {k[:-len(SUFFIX)] if k.endswith(SUFFIX) else k: k for k in given}
        r.check_parameters(names, ppath, action.required, action.params, action.action, "Parameters",
                           at=None if "Parameters" in raw else path)
        constants = {k: val for k, val in given.items() if not k.endswith(SUFFIX)}
        if action.kind == "vision" and action.spec.retired:
            r.warn("retired-api", path + ("Action",), f"{action.action} is retired: the service no longer offers it")
        return self._constants(action, mode, constants, ppath)

    def _constants(self, action: ActionTarget, mode: str, params: dict, ppath: tuple):
        """Check the constant Parameters an integration reads; the typed resourceArn when it is constant."""
        r, kind, resource = self.r, action.kind, None
        arn = params.get("resourceArn")
        if kind in _ARNS and isinstance(arn, str):
            try:
                resource = _ARNS[kind](arn.strip())
            except TargetError as exc:
                r.error("target", ppath + ("resourceArn",), f"{action.action}: {exc}")
        elif kind in _ARNS and "resourceArn" in params:
            r.error("type", ppath + ("resourceArn",), f"'resourceArn' must be a string, not {describe(arn)}")
        if kind == "fc":
            self._invocation(action, mode, params, ppath)
        elif kind == "subflow" and "input" in params and not isinstance(params["input"], dict):
            r.error("type", ppath + ("input",), f"the input of {action.action} is an object, not "
                                                f"{describe(params['input'])}")
        elif kind == "mns":
            for key, (low, high) in _RANGES.items():
                if key in params:
                    r.number(params, ppath, key, low, high, integer=True)
            if isinstance(resource, MnsQueue) and "messageTag" in params:
                r.warn("unknown-parameter", ppath + ("messageTag",), "'messageTag' is sent with topic messages "
                                                                     "only; a queue message has no tag", key=True)
        elif kind == "http":
            self._http(params, ppath)
        return resource

    def _invocation(self, action, mode: str, params: dict, ppath: tuple) -> None:
        r = self.r
        kind = params.get("invocationType")
        if "invocationType" not in params:
            return
        if kind not in ("Sync", "Async"):
            r.error("value", ppath + ("invocationType",), f"invocationType must be 'Sync' or 'Async', not "
                                                          f"{describe(kind)}{did_you_mean(str(kind), ('Sync', 'Async'))}")
        elif mode == REQUEST_COMPLETE and kind == "Async":
            r.warn("fc-invocation", ppath + ("invocationType",),
                   "an Async invocation under TaskMode RequestComplete continues as soon as FC accepts the event; "
                   "use WaitForSystemCallback to wait for the function to finish")
        elif mode == WAIT_FOR_SYSTEM_CALLBACK and kind == "Sync":
            r.warn("fc-invocation", ppath + ("invocationType",),
                   "TaskMode WaitForSystemCallback waits for an asynchronous invocation: use invocationType Async")

    def _http(self, params: dict, ppath: tuple) -> None:
        r = self.r
        method = params.get("method")
        if isinstance(method, str) and method.upper() not in HTTP_METHODS:
            r.error("value", ppath + ("method",), f"unknown HTTP method '{method}'"
                                                  f"{did_you_mean(method.upper(), HTTP_METHODS)}; methods are "
                                                  f"{', '.join(HTTP_METHODS)}")
        elif "method" in params and not isinstance(method, str):
            r.error("type", ppath + ("method",), f"'method' must be a string, not {describe(method)}")
        url = params.get("url")
        if isinstance(url, str) and "${" not in url and not url.lower().startswith(("http://", "https://")):
            r.error("value", ppath + ("url",), f"'url' must be a full http:// or https:// URL, not '{url}'")
        if "headers" in params and not isinstance(params["headers"], dict):
            r.error("type", ppath + ("headers",), f"'headers' must be a mapping, not {describe(params['headers'])}")
