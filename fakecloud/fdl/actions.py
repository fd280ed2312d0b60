"""What a state machine's Task `Action: <Product>:<Api>` names, parsed into typed targets: the optimized
integrations (FC, FNF, MNS, HTTP, OSS, EventBridge, SMS), vision APIs from the vision catalog, and any other
OpenAPI operation. Each target says which TaskModes it supports and which Parameters it requires, so an engine
integration can declare which of them it answers."""
from __future__ import annotations

from types import MappingProxyType

import re
from dataclasses import dataclass
from difflib import get_close_matches

from .viapi import ApiSpec, load_catalog

REQUEST_COMPLETE = "RequestComplete"
WAIT_FOR_SYSTEM_CALLBACK = "WaitForSystemCallback"
WAIT_FOR_CUSTOM_CALLBACK = "WaitForCustomCallback"
TASK_MODES = (REQUEST_COMPLETE, WAIT_FOR_SYSTEM_CALLBACK, WAIT_FOR_CUSTOM_CALLBACK)
_CALLBACKS = (REQUEST_COMPLETE, WAIT_FOR_CUSTOM_CALLBACK)

_ACTION = re.compile(r"^([A-Za-z][A-Za-z0-9-]*):([A-Za-z][A-Za-z0-9_]*)$")


class ActionError(ValueError):
    """An Action that names no operation a state machine can call."""


@dataclass(frozen=True, slots=True)
class ActionTarget:
    """Any OpenAPI operation (`ECS:DescribeInstances`): called RequestComplete, Parameters passed through."""
    product: str
    api: str
    kind = "openapi"
    task_modes: tuple[str, ...] = (REQUEST_COMPLETE,)
    required: tuple[str, ...] = ()
    params: tuple[str, ...] | None = None     # the parameters it takes; None: any

    @property
    def action(self) -> str:
        return f"{self.product}:{self.api}"


@dataclass(frozen=True, slots=True)
class FcInvokeFunction(ActionTarget):
    kind = "fc"
    task_modes: tuple[str, ...] = TASK_MODES
    required: tuple[str, ...] = ("resourceArn", "invocationType")
    params: tuple[str, ...] | None = ("resourceArn", "invocationType", "body")


@dataclass(frozen=True, slots=True)
class FnfStartExecution(ActionTarget):
    kind = "subflow"
    task_modes: tuple[str, ...] = TASK_MODES
    required: tuple[str, ...] = ("resourceArn",)
    params: tuple[str, ...] | None = ("resourceArn", "executionName", "input")


@dataclass(frozen=True, slots=True)
class MnsSendMessage(ActionTarget):
    kind = "mns"
    task_modes: tuple[str, ...] = _CALLBACKS
    required: tuple[str, ...] = ("resourceArn", "message")
    params: tuple[str, ...] | None = ("resourceArn", "message", "priority", "delaySeconds", "messageTag",
                                      "messageAttributes")


@dataclass(frozen=True, slots=True)
class HttpRequest(ActionTarget):
    kind = "http"
    task_modes: tuple[str, ...] = _CALLBACKS
    required: tuple[str, ...] = ("url", "method")
    params: tuple[str, ...] | None = ("url", "method", "headers", "body")


@dataclass(frozen=True, slots=True)
class OssAction(ActionTarget):
    """`OSS:GetObject` has documented parameters; other OSS operations are passed through."""
    kind = "oss"


@dataclass(frozen=True, slots=True)
class EventBridgePutEvents(ActionTarget):
    kind = "eventbridge"
    task_modes: tuple[str, ...] = _CALLBACKS
    required: tuple[str, ...] = ("eventBusName", "source", "type")
    params: tuple[str, ...] | None = ("id", "source", "type", "eventBusName", "subject", "data")


@dataclass(frozen=True, slots=True)
class SmsSendSms(ActionTarget):
    kind = "sms"
    task_modes: tuple[str, ...] = _CALLBACKS
    required: tuple[str, ...] = ("phoneNumbers", "signName", "templateCode")
    params: tuple[str, ...] | None = ("phoneNumbers", "signName", "templateCode", "templateParam")


@dataclass(frozen=True, slots=True)
class VisionAction(ActionTarget):
    """A vision API of the catalog; its parameter names are the API's own (`ImageURL`)."""
    spec: ApiSpec | None = None
    kind = "vision"


_OSS_GET = ("bucket", "key", "region", "versionId", "range", "ifMatch", "ifNoneMatch")
# Optimized integrations: product -> {api: the target it makes}; OSS takes any operation.
OPTIMIZED: dict[str, dict[str, type]] = MappingProxyType({
    "FC": MappingProxyType({"InvokeFunction": FcInvokeFunction}),
    "FNF": MappingProxyType({"StartExecution": FnfStartExecution}),
    "MNS": MappingProxyType({"SendMessage": MnsSendMessage}),
    "HTTP": MappingProxyType({"Request": HttpRequest}),
    "OSS": MappingProxyType({"GetObject": OssAction}),
    "EventBridge": MappingProxyType({"PutEvents": EventBridgePutEvents}),
    "SMS": MappingProxyType({"SendSms": SmsSendSms}),
})


def parse_action(text: str) -> ActionTarget:
    """The target `text` names; ActionError with the reason (and the closest name) when it names none."""
    m = _ACTION.match(text)
    if not m:
        raise ActionError(f"malformed Action '{text}': expected '<Product>:<Api>', e.g. 'FC:InvokeFunction'")
    product, api = m[1], m[2]
    if product in OPTIMIZED:
        return _optimized(product, api)
    cased = next((p for p in OPTIMIZED if p.lower() == product.lower()), None)
    if cased is not None:
        known = next(iter(OPTIMIZED[cased])) if api not in OPTIMIZED[cased] else api
        raise ActionError(f"unknown Action '{text}': product names are case-sensitive "
                          f"(did you mean '{cased}:{known}'?)")
    catalog = load_catalog()
    vision = product.lower()
    if catalog.product(vision) is not None:
        spec = catalog.api(vision, api)
        if spec is None:
            near = get_close_matches(api, catalog.apis(vision), 1, 0.6)
            raise ActionError(f"unknown {vision} API '{api}'" + (f" (did you mean '{near[0]}'?)" if near else ""))
        return VisionAction(product, api, required=spec.required, params=spec.params, spec=spec)
    return ActionTarget(product, api)


def _optimized(product: str, api: str) -> ActionTarget:
    apis = OPTIMIZED[product]
    if api in apis:
        if product == "OSS":
            return OssAction(product, api, required=("bucket", "key"), params=_OSS_GET)
        return apis[api](product, api)
    if product == "OSS":
        return OssAction(product, api)
    near = get_close_matches(api, apis, 1, 0.8)     # a misspelling, not another operation of the product
    if near or product == "HTTP":
        hint = f" (did you mean '{product}:{near[0] if near else next(iter(apis))}'?)"
        raise ActionError(f"unknown Action '{product}:{api}'{hint}")
    return ActionTarget(product, api)
