"""The fields of a state machine at every place (flow, each state Type, branches, rules), and the check that
reports the others: a misspelt field is an error; a field of AWS Step Functions or of the old FDL dialect is a
warning that says what to write instead (it is ignored)."""
from __future__ import annotations

from types import MappingProxyType

import re

from ..diagnostics import closest
from ..foreign import AWS_FIELDS, FLOW_FIELDS, aws_hint, flow_hint

SUFFIX = ".$"
STATE_TYPES = ("Task", "Pass", "Wait", "Choice", "Parallel", "Map", "Succeed", "Fail")

_COMMON = ("Type", "Name", "Description", "InputConstructor", "OutputConstructor", "GlobalConstructor")
_MOVE = ("Next", "End")
_ERRORS = ("Retry", "Catch")
MAP_DISTRIBUTED = ("ItemReader", "ItemBatcher", "ItemConstructor", "ResultWriter", "MaxItems",
                   "ToleratedFailureCount", "ToleratedFailurePercentage")
MISSPELT_CONCURRENCY = "MaxConcuccency"    # the spelling of the documentation's field tables
STATE_FIELDS = MappingProxyType({
    "Task": _COMMON + _MOVE + _ERRORS + ("Action", "TaskMode", "Parameters", "Timeout"),
    "Pass": _COMMON + _MOVE,
    "Wait": _COMMON + _MOVE + ("Seconds",),
    "Choice": ("Type", "Name", "Description", "InputConstructor", "GlobalConstructor", "Branches", "Default"),
    "Parallel": _COMMON + _MOVE + _ERRORS + ("Branches",),
    "Map": _COMMON + _MOVE + _ERRORS + ("ItemsPath", "Processor", "MaxConcurrency", MISSPELT_CONCURRENCY)
    + MAP_DISTRIBUTED,
    "Succeed": _COMMON + ("End",),
    "Fail": _COMMON + ("End", "Code", "Detail"),
})
DYNAMIC = MappingProxyType({"Task": ("Timeout",), "Wait": ("Seconds",)})      # fields that also take `Field.$: expression`
MACHINE_FIELDS = ("Type", "Name", "SpecVersion", "StartAt", "States", "Description", "Timeout")
SCOPE_FIELDS = ("StartAt", "States")
RETRY_FIELDS = ("Errors", "Description", "MaxAttempts", "IntervalSeconds", "BackoffRate", "MaxBackoffSeconds")
CATCH_FIELDS = ("Errors", "Description", "Next", "OutputConstructor")
CHOICE_BRANCH_FIELDS = ("Condition", "Next")

# Fields that are wrong at a place for a reason worth saying.
NOT_HERE = MappingProxyType({
    "Choice": MappingProxyType({"Next": "a Choice goes to the 'Next' of the branch that holds, else to its 'Default'",
               "End": "a Choice goes to the 'Next' of the branch that holds, else to its 'Default'; it cannot end "
                      "the scope",
               "OutputConstructor": "a Choice hands its input on; shape it in the next state's InputConstructor"}),
    "Succeed": MappingProxyType({"Next": "a Succeed state ends its scope"}),
    "Fail": MappingProxyType({"Next": "a Fail state ends the flow with an error"}),
})


def _belongs() -> MappingProxyType:
    """Field name -> the state types that take it."""
    homes: dict[str, list[str]] = {}
    for kind, names in STATE_FIELDS.items():
        for name in names:
            homes.setdefault(name, []).append(kind)
    return MappingProxyType({name: tuple(kinds) for name, kinds in homes.items()})


_BELONGS = _belongs()
# AWS Step Functions' Choice rules (StringEquals, NumericLessThan, IsPresent, And, ...).
_AWS_RULE = re.compile(r"^(?:(?:String|Numeric|Boolean|Timestamp)(?:Equals|LessThan|GreaterThan|LessThanEquals|"
                       r"GreaterThanEquals|Matches)(?:Path)?|Is(?:Null|Present|Numeric|String|Boolean|Timestamp)|"
                       r"And|Or|Not)$")
_AWS_RULE_HINT = "a Choice branch tests a 'Condition' expression such as '$Input.status == \"ready\"'"


def check(r, obj: dict, path: tuple, allowed: tuple, what: str, *, state_type: str | None = None,
          choice_branch: bool = False) -> None:
    """Report each key of `obj` that `allowed` (plus the `Field.$` forms of the state type) does not hold."""
    dynamic = DYNAMIC.get(state_type, ())
    for key in obj:
        if key in allowed or (key.endswith(SUFFIX) and key[:-2] in dynamic):
            continue
        kpath = path + (key,)
        cased = _case_variant(key, allowed, dynamic)
        if cased:
            r.error("unknown-field", kpath, f"unknown field '{key}' in {what} (did you mean '{cased}'? field names "
                                            f"are case-sensitive)", key=True)
        elif state_type in NOT_HERE and key in NOT_HERE[state_type]:
            r.error("unknown-field", kpath, f"unknown field '{key}' in {what}: {NOT_HERE[state_type][key]}",
                    key=True)
        elif key == "Parameters" or key in AWS_FIELDS:
            r.warn("aws-field", kpath, aws_hint(key, parameters=key == "Parameters") + "; the field is ignored",
                   key=True)
        elif choice_branch and _AWS_RULE.match(key):
            r.warn("aws-field", kpath, f"'{key}' is an AWS Step Functions field, not a CloudFlow one: "
                                       f"{_AWS_RULE_HINT}; the field is ignored", key=True)
        elif key in FLOW_FIELDS:
            r.warn("flow-field", kpath, flow_hint(key) + "; the field is ignored", key=True)
        else:
            r.error("unknown-field", kpath, f"unknown field '{key}' in {what}{_hint(key, allowed)}", key=True)


def _case_variant(key: str, allowed: tuple, dynamic: tuple) -> str | None:
    lowered = key.lower()
    for name in allowed + tuple(d + SUFFIX for d in dynamic):
        if name.lower() == lowered:
            return name
    return None


def _hint(key: str, allowed: tuple) -> str:
    base = key[:-2] if key.endswith(SUFFIX) else key
    if base in _BELONGS and base not in allowed:
        types = _BELONGS[base]
        if len(types) == len(STATE_TYPES):
            return f" ('{base}' belongs to states)"
        named = types[0] if len(types) == 1 else ", ".join(types[:-1]) + " and " + types[-1]
        return f" ('{base}' belongs to {named} states)"
    if key.endswith(SUFFIX) and base in allowed:
        return f" ('{base}' takes no expression)"
    near = closest(key, allowed)
    return f" (did you mean '{near}'?)" if near else ""
