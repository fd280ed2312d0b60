"""Errors of Task states (Action, TaskMode, Timeout, the Parameters each integration requires and reads) and of
constructors, with the exact message, position and state path."""
import pytest
from sm_support import FC, all_of, as_tuple, check, machine, only_error


def task(action: str, params: str = "", extra: str = "") -> str:
    """A machine with one Task S; `params` are the lines under Parameters (each indented by 4), from line 10."""
    body = f"- Type: Task\n  Name: S\n  End: true\n  Action: {action}\n{extra}"
    if params:
        body += "  Parameters:\n" + "".join(f"    {line}\n" for line in params.splitlines())
    return machine(body)


FC_PARAMS = f"resourceArn: {FC}\ninvocationType: Sync"


# -- Action -----------------------------------------------------------------------------------------

def test_a_task_needs_an_action():
    d = only_error(machine("- Type: Task\n  Name: S\n  End: true\n"))
    assert as_tuple(d) == (6, 3, "States[0]", "missing-field", "a Task state is missing required field 'Action'")


@pytest.mark.parametrize("action, message", [
    ("FC.InvokeFunction", "malformed Action 'FC.InvokeFunction': expected '<Product>:<Api>', e.g. 'FC:InvokeFunction'"),
    ("InvokeFunction", "malformed Action 'InvokeFunction': expected '<Product>:<Api>', e.g. 'FC:InvokeFunction'"),
    ("fc:InvokeFunction", "unknown Action 'fc:InvokeFunction': product names are case-sensitive (did you mean "
                          "'FC:InvokeFunction'?)"),
    ("fnf:StartExecution", "unknown Action 'fnf:StartExecution': product names are case-sensitive (did you mean "
                           "'FNF:StartExecution'?)"),
    ("Http:Get", "unknown Action 'Http:Get': product names are case-sensitive (did you mean 'HTTP:Request'?)"),
    ("FC:InvokeFuntion", "unknown Action 'FC:InvokeFuntion' (did you mean 'FC:InvokeFunction'?)"),
    ("MNS:SendMesage", "unknown Action 'MNS:SendMesage' (did you mean 'MNS:SendMessage'?)"),
    ("HTTP:Get", "unknown Action 'HTTP:Get' (did you mean 'HTTP:Request'?)"),
    ("facebody:DetectFac", "unknown facebody API 'DetectFac' (did you mean 'DetectFace'?)"),
    ("FaceBody:Nothing", "unknown facebody API 'Nothing'"),
])
def test_unknown_actions(action, message):
    d = only_error(task(action))
    assert as_tuple(d) == (9, 11, "States[0].Action", "action", message)


def test_action_must_be_a_string():
    d = only_error(task("[FC, InvokeFunction]"))
    assert as_tuple(d) == (9, 11, "States[0].Action", "type", "'Action' must be a string, not a list")


@pytest.mark.parametrize("action", ["FC:ListFunctions", "MNS:CreateQueue", "EventBridge:CreateEventBus",
                                    "OSS:PutObject", "Dashscope:QwenTextGeneration"])
def test_other_operations_are_plain_openapi_calls(action):
    report = check(task(action))
    assert report.ok and report.flow.states[0].action.action == action


# -- TaskMode ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("mode, message", [
    ("Sync", "unknown TaskMode 'Sync'; modes are RequestComplete, WaitForSystemCallback, WaitForCustomCallback"),
    ("requestComplete", "unknown TaskMode 'requestComplete' (did you mean 'RequestComplete'?); modes are "
                        "RequestComplete, WaitForSystemCallback, WaitForCustomCallback"),
    ("waitForCallback", "unknown TaskMode 'waitForCallback' (the old dialect's pattern 'waitForCallback' is TaskMode "
                        "'WaitForCustomCallback'); modes are RequestComplete, WaitForSystemCallback, "
                        "WaitForCustomCallback"),
])
def test_unknown_task_mode(mode, message):
    d = only_error(task("ECS:DescribeInstances", extra=f"  TaskMode: {mode}\n"))
    assert as_tuple(d) == (10, 13, "States[0].TaskMode", "value", message)


@pytest.mark.parametrize("action, params, mode, supported", [
    ("MNS:SendMessage", "resourceArn: acs:mns:::/queues/q/messages\nmessage: hi", "WaitForSystemCallback",
     "RequestComplete and WaitForCustomCallback"),
    ("HTTP:Request", "url: https://x.test\nmethod: GET", "WaitForSystemCallback",
     "RequestComplete and WaitForCustomCallback"),
    ("EventBridge:PutEvents", "eventBusName: b\nsource: s\ntype: t", "WaitForSystemCallback",
     "RequestComplete and WaitForCustomCallback"),
    ("SMS:SendSms", "phoneNumbers: '1'\nsignName: s\ntemplateCode: t", "WaitForSystemCallback",
     "RequestComplete and WaitForCustomCallback"),
    ("OSS:GetObject", "bucket: b\nkey: k", "WaitForCustomCallback", "RequestComplete"),
    ("OSS:DeleteObject", "", "WaitForSystemCallback", "RequestComplete"),
    ("facebody:DetectFace", "ImageURL: https://x.test/a.jpg", "WaitForCustomCallback", "RequestComplete"),
    ("ECS:DescribeInstances", "", "WaitForCustomCallback", "RequestComplete"),
])
def test_task_mode_the_action_does_not_support(action, params, mode, supported):
    d = only_error(task(action, params, extra=f"  TaskMode: {mode}\n"))
    assert as_tuple(d) == (10, 13, "States[0].TaskMode", "task-mode",
                           f"TaskMode '{mode}' is not supported by {action}: it supports {supported}")


@pytest.mark.parametrize("mode", ["WaitForSystemCallback", "WaitForCustomCallback"])
def test_an_express_flow_runs_tasks_request_complete_only(mode):
    params = f"resourceArn: {FC}\ninvocationType: Async"
    text = task("FC:InvokeFunction", params, extra=f"  TaskMode: {mode}\n")
    assert check(text).ok
    d = only_error(text, execution_mode="Express")
    assert as_tuple(d) == (10, 13, "States[0].TaskMode", "express",
                           f"an Express flow runs tasks RequestComplete only, not {mode}")


# -- Timeout -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("timeout, expected", [("0", 0), ("604800", 604800), ('"30"', 30)])
def test_timeouts_accepted(timeout, expected):
    assert check(task("ECS:DescribeInstances", extra=f"  Timeout: {timeout}\n")).flow.states[0].timeout == expected


@pytest.mark.parametrize("timeout, code, message", [
    ("604801", "range", "'Timeout' is 604801 s; it must be between 0 and 604800 s"),
    ("-1", "range", "'Timeout' is -1 s; it must be between 0 and 604800 s"),
    ("1.5", "type", "'Timeout' must be an integer, not the number 1.5"),
    ("soon", "type", "'Timeout' must be an integer, not the string 'soon'"),
    ("$Input.t", "type", "'Timeout' must be an integer, not the string '$Input.t': an expression goes under "
                         "'Timeout.$'"),
])
def test_timeout_errors(timeout, code, message):
    d = only_error(task("ECS:DescribeInstances", extra=f"  Timeout: {timeout}\n"))
    assert as_tuple(d) == (10, 12, "States[0].Timeout", code, message)


def test_timeout_and_dynamic_timeout_together():
    d = only_error(task("ECS:DescribeInstances", extra="  Timeout: 3\n  Timeout.$: $Input.t\n"))
    assert as_tuple(d) == (11, 3, "States[0].Timeout.$", "value", "give 'Timeout' or 'Timeout.$', not both")


# -- required Parameters -------------------------------------------------------------------------------

@pytest.mark.parametrize("action, params, missing", [
    ("FC:InvokeFunction", f"resourceArn: {FC}", "invocationType"),
    ("FC:InvokeFunction", "invocationType: Sync", "resourceArn"),
    ("FNF:StartExecution", "input: {a: 1}", "resourceArn"),
    ("MNS:SendMessage", "resourceArn: acs:mns:::/queues/q/messages", "message"),
    ("OSS:GetObject", "bucket: b", "key"),
    ("EventBridge:PutEvents", "eventBusName: b\ntype: t", "source"),
    ("SMS:SendSms", "phoneNumbers: '1'\ntemplateCode: t", "signName"),
    ("facebody:DetectFace", "MaxFaceNumber: 2", "ImageURL"),
])
def test_missing_required_parameter(action, params, missing):
    d = only_error(task(action, params))
    assert as_tuple(d) == (10, 3, "States[0].Parameters", "missing-parameter",
                           f"{action} requires Parameters.{missing}")


def test_missing_parameters_altogether():
    assert all_of(task("HTTP:Request")) == [
        ("error", 6, 3, "States[0]", "missing-parameter", "HTTP:Request requires Parameters.url"),
        ("error", 6, 3, "States[0]", "missing-parameter", "HTTP:Request requires Parameters.method"),
    ]


def test_a_required_parameter_given_as_an_expression():
    assert check(task("FC:InvokeFunction", "resourceArn.$: $Input.arn\ninvocationType: Sync")).ok


def test_a_required_parameter_in_the_wrong_case():
    assert all_of(task("facebody:DetectFace", "ImageUrl: https://x.test/a.jpg")) == [
        ("error", 10, 3, "States[0].Parameters", "missing-parameter",
         "facebody:DetectFace requires Parameters.ImageURL (found 'ImageUrl': parameter names are case-sensitive)"),
        ("warning", 11, 5, "States[0].Parameters.ImageUrl", "unknown-parameter",
         "facebody:DetectFace does not take Parameters.ImageUrl (did you mean 'ImageURL'?)"),
    ]


def test_parameters_must_be_a_mapping():
    d = only_error(machine("- Type: Task\n  Name: S\n  End: true\n  Action: ECS:DescribeInstances\n"
                           "  Parameters: [a]\n"))
    assert as_tuple(d) == (10, 15, "States[0].Parameters", "type", "'Parameters' must be a mapping, not a list")


# -- constant Parameters ----------------------------------------------------------------------------------

@pytest.mark.parametrize("action, params, expected", [
    ("FC:InvokeFunction", "resourceArn: acs:fc:::service/s/functions/f\ninvocationType: Sync",
     (11, 18, "States[0].Parameters.resourceArn", "target",
      "FC:InvokeFunction: 'acs:fc:::service/s/functions/f' is not an FC function ARN: expected "
      "acs:fc:{region}:{account}:services/{service}[.{qualifier}]/functions/{function} (FC 2.0) or "
      "acs:fc:{region}:{account}:functions/{function}[/{qualifier}] (FC 3.0)")),
    ("FC:InvokeFunction", f"resourceArn: {FC}\ninvocationType: sync",
     (12, 21, "States[0].Parameters.invocationType", "value",
      "invocationType must be 'Sync' or 'Async', not the string 'sync' (did you mean 'Sync'?)")),
    ("FC:InvokeFunction", "resourceArn: 7\ninvocationType: Sync",
     (11, 18, "States[0].Parameters.resourceArn", "type", "'resourceArn' must be a string, not the number 7")),
    ("FNF:StartExecution", "resourceArn: acs:fnf:::flows/child",
     (11, 18, "States[0].Parameters.resourceArn", "target",
      "FNF:StartExecution: 'acs:fnf:::flows/child' is not a flow ARN: expected acs:fnf:::flow/{flow} or "
      "acs:fnf:{region}::flow/{flow}")),
    ("FNF:StartExecution", "resourceArn: acs:fnf:::flow/child\ninput: '{}'",
     (12, 12, "States[0].Parameters.input", "type", "the input of FNF:StartExecution is an object, not the string "
                                                    "'{}'")),
    ("MNS:SendMessage", "resourceArn: acs:mns:::/queue/q/messages\nmessage: m",
     (11, 18, "States[0].Parameters.resourceArn", "target",
      "MNS:SendMessage: 'acs:mns:::/queue/q/messages' is not an MNS queue or topic ARN: expected "
      "acs:mns:{region}:{account}:/queues/{queue}/messages or acs:mns:{region}:{account}:/topics/{topic}/messages")),
    ("MNS:SendMessage", "resourceArn: acs:mns:::/queues/q/messages\nmessage: m\npriority: 17",
     (13, 15, "States[0].Parameters.priority", "range", "'priority' is 17; it must be between 1 and 16")),
    ("MNS:SendMessage", "resourceArn: acs:mns:::/queues/q/messages\nmessage: m\ndelaySeconds: 604801",
     (13, 19, "States[0].Parameters.delaySeconds", "range", "'delaySeconds' is 604801; it must be between 0 and "
                                                            "604800")),
    ("HTTP:Request", "url: https://x.test\nmethod: FETCH",
     (12, 13, "States[0].Parameters.method", "value", "unknown HTTP method 'FETCH' (did you mean 'PATCH'?); methods "
                                                      "are GET, POST, PATCH, PUT, DELETE, HEAD")),
    ("HTTP:Request", "url: https://x.test\nmethod: PUTT",
     (12, 13, "States[0].Parameters.method", "value", "unknown HTTP method 'PUTT' (did you mean 'PUT'?); methods are "
                                                      "GET, POST, PATCH, PUT, DELETE, HEAD")),
    ("HTTP:Request", "url: x.test/a\nmethod: GET",
     (11, 10, "States[0].Parameters.url", "value", "'url' must be a full http:// or https:// URL, not 'x.test/a'")),
    ("HTTP:Request", "url: https://x.test\nmethod: GET\nheaders: [a]",
     (13, 14, "States[0].Parameters.headers", "type", "'headers' must be a mapping, not a list")),
])
def test_constant_parameter_problems(action, params, expected):
    d = only_error(task(action, params))
    assert as_tuple(d) == expected


def test_placeholders_in_urls_and_arns_are_accepted():
    text = task("HTTP:Request", "url: ${resources.llm.url}/v1\nmethod: post")
    assert check(text).ok
    text = task("FC:InvokeFunction", "resourceArn: acs:fc:${region}::functions/${name}-x/LATEST\ninvocationType: Sync")
    assert check(text).flow.states[0].resource.function == "${name}-x"


# -- constructors -------------------------------------------------------------------------------------

def pass_with(field: str) -> str:
    return machine("- Type: Pass\n  Name: S\n  End: true\n" + "".join(f"  {ln}\n" for ln in field.splitlines()))


@pytest.mark.parametrize("field, expected", [
    ("InputConstructor: [a]", (9, 21, "States[0].InputConstructor", "type",
                               "'InputConstructor' must be a mapping, not a list")),
    ("InputConstructor:\n  a.$: 5", (10, 10, "States[0].InputConstructor.a.$", "type",
                                     "'a.$' takes an expression (a string), not the number 5")),
    ("InputConstructor:\n  a: 1\n  a.$: $Input.a", (11, 5, "States[0].InputConstructor.a.$", "duplicate-key",
                                                   "'a.$' and 'a' both give the field 'a'")),
    ("InputConstructor:\n  .$: $Input", (10, 5, "States[0].InputConstructor..$", "value",
                                         "'.$' needs a field name before it, e.g. 'total.$'")),
    ("OutputConstructor:\n  deep:\n    er:\n      v.$: length(1)", (12, 21, "States[0].OutputConstructor.deep.er.v.$",
                                                                   "expression", "invalid expression 'length(1)': "
                                                                                 "length() takes a string, an array "
                                                                                 "or an object as argument 1, not an "
                                                                                 "integer")),
    ("OutputConstructor:\n  list:\n    - v.$: $Inpt", (11, 14, "States[0].OutputConstructor.list[0].v.$",
                                                       "expression", "invalid expression '$Inpt': unknown variable "
                                                                     "'$Inpt' (did you mean '$Input'?); variables "
                                                                     "are $Input, $Output, $Context, $Global and "
                                                                     "$Item")),
    ("InputConstructor:\n  a.$: \"$Input.x +\"", (10, 20, "States[0].InputConstructor.a.$", "expression",
                                                  "invalid expression '$Input.x +': unexpected '+'; arithmetic is not "
                                                  "part of the expression language (intAdd(a, b) adds integers)")),
    ("GlobalConstructor:\n  " + "k" * 129 + ": 1", (10, 5, "States[0].GlobalConstructor." + "k" * 129, "limit",
                                                    "a $Global key is at most 128 bytes, 'kkkkkkkkkkkkkkkkkkkk...' "
                                                    "has 129")),
])
def test_constructor_problems(field, expected):
    d = only_error(pass_with(field))
    assert as_tuple(d) == expected


def test_an_expression_in_a_block_is_located_at_its_line_and_column():
    text = pass_with('InputConstructor:\n  a.$: |-\n    {\n      "x": [1,\n            2 3]\n    }')
    d = only_error(text)
    assert as_tuple(d) == (13, 17, "States[0].InputConstructor.a.$", "expression",
                           "invalid expression: expected ',' or ']'")


def test_expression_keys_count_in_maps_inside_lists():
    state = check(pass_with("OutputConstructor:\n  list:\n    - v.$: $Input.n\n      w: 2\n    - 3")).flow.states[0]
    assert state.output_constructor.evaluate({"Input": {"n": 1}, "Output": {}}) == {"list": [{"v": 1, "w": 2}, 3]}
