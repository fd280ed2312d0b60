"""Fields that belong to another flow language: AWS Step Functions' (a habit many writers bring), the old FDL
dialect's in a state machine, and a state machine's in an FDL flow. Each comes with what to write instead."""
from __future__ import annotations

from types import MappingProxyType

# AWS Step Functions (Amazon States Language) fields -> what does it in a CloudFlow state machine.
AWS_FIELDS = MappingProxyType({
    "Resource": "a Task names what it calls with 'Action' (e.g. FC:InvokeFunction) and 'Parameters'",
    "InputPath": "shape a state's input with 'InputConstructor'",
    "OutputPath": "shape a state's output with 'OutputConstructor'",
    "ResultPath": "shape a state's output with 'OutputConstructor'",
    "ResultSelector": "shape a state's output with 'OutputConstructor'",
    "Comment": "the field is 'Description'",
    "TimeoutSeconds": "a Task's timeout is 'Timeout'",
    "HeartbeatSeconds": "CloudFlow has no heartbeat; 'Timeout' bounds the whole task",
    "Iterator": "a Map's sub-flow is 'Processor'",
    "ItemProcessor": "a Map's sub-flow is 'Processor'",
    "ItemSelector": "a distributed Map builds items with 'ItemConstructor'",
    "Choices": "a Choice's conditions are 'Branches' (each with 'Condition' and 'Next')",
    "Cause": "a Fail state's message is 'Detail'",
    "Error": "a Fail state's error name is 'Code'",
    "SecondsPath": "read the seconds from the input with 'Seconds.$: $Input.x'",
    "Timestamp": "a Wait only waits 'Seconds' (or 'Seconds.$')",
    "TimestampPath": "a Wait only waits 'Seconds' (or 'Seconds.$')",
    "ErrorEquals": "the list of error names is 'Errors'",
    "MaxDelaySeconds": "the cap of a retry interval is 'MaxBackoffSeconds'",
    "JitterStrategy": "CloudFlow retries have no jitter",
    "QueryLanguage": "expressions are always CloudFlow's own",
    "Version": "the definition's version is 'SpecVersion: v1'",
    "Variable": "a Choice branch tests a 'Condition' such as '$Input.x == 1'",
})
# Parameters is a Task field here; AWS also allows it on Pass, Parallel and Map.
AWS_PARAMETERS = "only a Task takes 'Parameters'; shape the input of this state with 'InputConstructor'"

# Old FDL dialect fields -> the state-machine field that does it (lower-case names that only differ in case from a
# state-machine field are left out: those are reported as misspelt).
FLOW_FIELDS = MappingProxyType({
    "steps": "use 'States', with 'StartAt'",
    "resourceArn": "put it in 'Parameters' (resourceArn), with 'Action'",
    "serviceParams": "use 'Parameters'",
    "pattern": "use 'TaskMode' (RequestComplete, WaitForSystemCallback or WaitForCustomCallback)",
    "inputMappings": "use 'InputConstructor'",
    "outputMappings": "use 'OutputConstructor'",
    "errorMappings": "use a Catch rule's 'OutputConstructor'",
    "timeoutSeconds": "use 'Timeout'",
    "goto": "use 'Next'",
    "choices": "use 'Branches'",
    "duration": "use 'Seconds'",
    "timestamp": "a Wait only waits 'Seconds'",
    "error": "use 'Code'",
    "cause": "use 'Detail'",
    "iterationMapping": "use 'ItemsPath' and 'Processor'",
    "maxIntervalSeconds": "use 'MaxBackoffSeconds'",
    "multiplier": "use 'BackoffRate'",
})

# State-machine fields -> what does it in an FDL flow (fields that only differ in case from an FDL field are left
# out: the FDL parser already suggests the right spelling).
MACHINE_FIELDS = MappingProxyType({
    "Next": "steps run in order, and a choice jumps with 'goto'",
    "StartAt": "the first of 'steps' runs first",
    "States": "use 'steps'",
    "TaskMode": "use 'pattern' (requestResponse, sync or waitForCallback)",
    "Parameters": "use 'serviceParams'",
    "InputConstructor": "use 'inputMappings'",
    "OutputConstructor": "use 'outputMappings'",
    "GlobalConstructor": "FDL flows have no global variables",
    "Seconds": "use 'duration'",
    "Code": "use 'error'",
    "Detail": "use 'cause'",
    "ItemsPath": "use a foreach step's 'iterationMapping.collection'",
    "Processor": "use a foreach step's 'steps'",
    "Timeout": "use 'timeoutSeconds'",
    "Description": "FDL steps have no description",
    "SpecVersion": "use 'version'",
})


def machine_hint(field: str) -> str:
    return (f"'{field}' is a field of CloudFlow state machines (Type: StateMachine), not of an FDL flow "
            f"(type: flow): {MACHINE_FIELDS[field]}")


def flow_hint(field: str) -> str:
    return f"'{field}' is a field of the old FDL dialect (type: flow), not of a state machine: {FLOW_FIELDS[field]}"


def aws_hint(field: str, parameters: bool = False) -> str:
    what = AWS_PARAMETERS if parameters else AWS_FIELDS[field]
    return f"'{field}' is an AWS Step Functions field, not a CloudFlow one: {what}"
