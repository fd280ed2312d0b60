"""Task targets: what a task step's `resourceArn` or `action` (and a state machine's Parameters.resourceArn) names,
parsed into typed values."""
from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType

REQUEST_RESPONSE = "requestResponse"
SYNC = "sync"
WAIT_FOR_CALLBACK = "waitForCallback"
PATTERNS = (REQUEST_RESPONSE, SYNC, WAIT_FOR_CALLBACK)

# Deploy-time placeholders (`${ALIYUN::Region}`, `<serviceName>`) may stand in any part of an ARN.
_PART = r"(?:\$\{[^}]*\}|[^:])*"
_NAME = r"(?:\$\{[^}]*\}|[^/.:])+"
_FC = re.compile(rf"^acs:fc:({_PART}):({_PART}):services/({_NAME})(?:\.({_NAME}))?/functions/({_NAME})$")
_FC3 = re.compile(rf"^acs:fc:({_PART}):({_PART}):functions/({_NAME})(?:/({_NAME}))?$")
_FNF = re.compile(rf"^acs:fnf:({_PART}):({_PART}):flow/({_NAME})$")
_MNS = re.compile(rf"^acs:mns:({_PART}):({_PART}):/(queues|topics)/({_NAME})/messages$")
_ACTION = re.compile(r"^([A-Za-z][A-Za-z0-9-]*):([A-Za-z][A-Za-z0-9]*)$")

FORMS = MappingProxyType({
    "fc": "acs:fc:{region}:{account}:services/{service}[.{qualifier}]/functions/{function}",
    "fc3": "acs:fc:{region}:{account}:functions/{function}[/{qualifier}]",
    "fnf": "acs:fnf:::flow/{flow}",
    "mns": "acs:mns:::/queues/{queue}/messages or acs:mns:::/topics/{topic}/messages",
})


@dataclass(frozen=True, slots=True)
class FcFunction:
    region: str
    account: str
    service: str
    qualifier: str | None
    function: str
    arn: str
    kind = "fc"
    generation = 2
    patterns = PATTERNS


@dataclass(frozen=True, slots=True)
class Fc3Function:
    """An FC 3.0 function (`acs:fc:{region}:{account}:functions/{function}[/{qualifier}]`): FC 3.0 has no services."""
    region: str
    account: str
    function: str
    qualifier: str | None
    arn: str
    kind = "fc"
    generation = 3
    patterns = PATTERNS
    service = "fc3"        # the service the fake FC keeps FC 3.0 functions in (docs/semantics.md, "FC 3.0 names")


@dataclass(frozen=True, slots=True)
class Subflow:
    region: str
    account: str
    flow: str
    arn: str
    kind = "subflow"
    patterns = PATTERNS


@dataclass(frozen=True, slots=True)
class MnsQueue:
    region: str
    account: str
    queue: str
    arn: str
    kind = "mns-queue"
    patterns = (REQUEST_RESPONSE, WAIT_FOR_CALLBACK)
    params = ("MessageBody", "DelaySeconds", "Priority")       # the serviceParams a queue task sends


@dataclass(frozen=True, slots=True)
class MnsTopic:
    region: str
    account: str
    topic: str
    arn: str
    kind = "mns-topic"
    patterns = (REQUEST_RESPONSE, WAIT_FOR_CALLBACK)
    params = ("MessageBody", "MessageTag", "MessageAttributes")  # the serviceParams a topic task publishes


@dataclass(frozen=True, slots=True)
class ServiceAction:
    """`action: {product}:{Api}`: a vision API, or `fnf:StartExecution`."""
    product: str
    api: str
    kind = "action"
    patterns = PATTERNS

    @property
    def action(self) -> str:
        return f"{self.product}:{self.api}"


Target = FcFunction | Fc3Function | Subflow | MnsQueue | MnsTopic | ServiceAction


@dataclass(frozen=True)
class ActionSpec:
    """An `action: {product}:{Api}` a service adds to what definitions may call, checked at definition time as
    the vision catalog's APIs are: required and known serviceParams, and the patterns it supports."""
    product: str
    api: str
    required: tuple[str, ...] = ()
    params: tuple[str, ...] = ()
    patterns: tuple[str, ...] = (REQUEST_RESPONSE,)

    @property
    def action(self) -> str:
        return f"{self.product}:{self.api}"


class TargetError(ValueError):
    """A resourceArn or action that names nothing fakecloud (or the service) understands."""


def parse_resource_arn(arn: str) -> Target:
    """A task step's resourceArn: an FC function (FC 2.0 `services/...` or FC 3.0 `functions/...`), a flow, or an
    MNS queue or topic."""
    product = arn.split(":")[1] if arn.startswith("acs:") and arn.count(":") >= 2 else None
    if product in _ARNS:
        try:
            return _ARNS[product](arn)
        except TargetError:
            raise TargetError(f"malformed {product} resourceArn '{arn}': expected {_expected(product, arn)}") from None
    if product:
        raise TargetError(f"unsupported resourceArn '{arn}': product '{product}' cannot be a task target "
                          f"(FC functions, subflows and MNS queues/topics can; cloud APIs use 'action')")
    raise TargetError(f"resourceArn '{arn}' is not an ARN: expected {FORMS['fc']}, {FORMS['fnf']} "
                      f"or {FORMS['mns']}")


def _expected(product: str, arn: str) -> str:
    if product == "fc" and "services/" not in arn:
        return f"{FORMS['fc']} (FC 2.0) or {FORMS['fc3']} (FC 3.0)"
    return FORMS[product]


def parse_function_arn(arn: str) -> FcFunction | Fc3Function:
    """An FC function ARN of either generation: FC 2.0 (`services/...`) or FC 3.0 (`functions/...`)."""
    m = _FC.match(arn)
    if m:
        return FcFunction(m[1], m[2], m[3], m[4], m[5], arn)
    m = _FC3.match(arn)
    if m:
        return Fc3Function(m[1], m[2], m[3], m[4], arn)
    raise TargetError(f"'{arn}' is not an FC function ARN: expected {FORMS['fc']} (FC 2.0) or {FORMS['fc3']} "
                      f"(FC 3.0)")


def parse_flow_arn(arn: str) -> Subflow:
    m = _FNF.match(arn)
    if not m:
        raise TargetError(f"'{arn}' is not a flow ARN: expected {FORMS['fnf']} or acs:fnf:{{region}}::flow/{{flow}}")
    return Subflow(m[1], m[2], m[3], arn)


def parse_mns_arn(arn: str) -> MnsQueue | MnsTopic:
    m = _MNS.match(arn)
    if not m:
        raise TargetError(f"'{arn}' is not an MNS queue or topic ARN: expected acs:mns:{{region}}:{{account}}:"
                          f"/queues/{{queue}}/messages or acs:mns:{{region}}:{{account}}:/topics/{{topic}}/messages")
    cls = MnsQueue if m[3] == "queues" else MnsTopic
    return cls(m[1], m[2], m[4], arn)


_ARNS = MappingProxyType({"fc": parse_function_arn, "fnf": parse_flow_arn, "mns": parse_mns_arn})


def parse_ref(value: str) -> FcFunction:
    """Resolve the deploy-time macro `!Ref service/function` to the FC function it stands for."""
    parts = value.strip().split("/")
    if len(parts) != 2 or not all(parts):
        raise TargetError(f"'!Ref {value}' cannot be resolved: expected '!Ref service/function'")
    service, function = parts
    return FcFunction("", "", service, None, function, f"acs:fc:::services/{service}/functions/{function}")


def parse_action(action: str) -> ServiceAction:
    m = _ACTION.match(action)
    if not m:
        raise TargetError(f"malformed action '{action}': expected '{{product}}:{{Api}}', e.g. 'facebody:DetectFace'")
    return ServiceAction(m[1], m[2])
