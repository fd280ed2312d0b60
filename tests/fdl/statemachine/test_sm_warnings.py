"""Warnings about state machines that are accepted but almost certainly not what was meant: unreachable states,
$Global written in a Map iteration, habits from AWS Step Functions and from the old FDL dialect (and state-machine
fields in an old flow), literals that look like expressions, the documentation's MaxConcuccency, and integration
details."""
import pytest
from sm_support import FC, all_of, as_tuple, check, machine, only_warning

from fakecloud.fdl import check_text

END = "  End: true\n"


# -- lint ---------------------------------------------------------------------------------------------

def test_unreachable_state():
    d = only_warning(machine("- Type: Pass\n  Name: S\n  End: true\n- Type: Pass\n  Name: Lost\n  End: true\n"))
    assert as_tuple(d) == (9, 3, "States[1]", "unreachable", "state 'Lost' is never reached: neither StartAt nor any "
                                                             "Next, Choice branch, Default or Catch rule of its scope "
                                                             "names it")


def test_unreachable_state_inside_a_branch():
    d = only_warning(machine("""\
        - Type: Parallel
          Name: S
          End: true
          Branches:
            - StartAt: A
              States:
                - {Type: Pass, Name: A, End: true}
                - {Type: Pass, Name: B, End: true}
        """))
    assert (d.line, d.column, d.path, d.code) == (13, 11, "States[0].Branches[0].States[1]", "unreachable")


def test_states_reached_by_choice_default_and_catch_are_reachable():
    report = check(machine("""\
        - Type: Choice
          Name: S
          Branches:
            - Condition: $Input.a
              Next: T
          Default: U
        - Type: Task
          Name: T
          Action: ECS:DescribeInstances
          Catch:
            - Errors: [FnF.ALL]
              Description: all
              Next: V
          End: true
        - {Type: Succeed, Name: U}
        - {Type: Succeed, Name: V}
        """))
    assert report.ok and report.diagnostics == ()


def test_a_loop_is_reachable_and_what_only_it_reaches_is_not():
    report = check(machine("""\
        - {Type: Pass, Name: S, Next: T}
        - {Type: Pass, Name: T, Next: S}
        - {Type: Pass, Name: X, Next: S}
        """))
    assert [(d.path, d.code) for d in report.diagnostics] == [("States[2]", "unreachable")]


def test_global_written_inside_a_map_iteration():
    d = only_warning(machine("""\
        - Type: Map
          Name: S
          End: true
          ItemsPath: $Input.xs
          Processor:
            StartAt: A
            States:
              - Type: Pass
                Name: A
                End: true
                GlobalConstructor:
                  last.$: $Input
                  count: 1
        """))
    assert as_tuple(d) == (17, 11, "States[0].Processor.States[0].GlobalConstructor", "global-in-map",
                           "GlobalConstructor inside a Map iteration: every iteration writes the same $Global keys "
                           "(last, count), and the last one to finish wins")


def test_global_written_in_a_parallel_inside_a_map():
    report = check(machine("""\
        - Type: Map
          Name: S
          End: true
          ItemsPath: $Input.xs
          Processor:
            StartAt: P
            States:
              - Type: Parallel
                Name: P
                End: true
                Branches:
                  - StartAt: A
                    States:
                      - {Type: Pass, Name: A, End: true, GlobalConstructor: {k: 1}}
        """))
    assert [(d.path, d.code) for d in report.diagnostics] == [
        ("States[0].Processor.States[0].Branches[0].States[0].GlobalConstructor", "global-in-map")]


def test_global_written_in_a_parallel_branch_is_fine():
    report = check(machine("""\
        - Type: Parallel
          Name: S
          End: true
          Branches:
            - StartAt: A
              States:
                - {Type: Pass, Name: A, End: true, GlobalConstructor: {k: 1}}
        """))
    assert report.ok and report.diagnostics == ()


# -- AWS Step Functions habits -------------------------------------------------------------------------

@pytest.mark.parametrize("field, message", [
    ("InputPath: $.x", "'InputPath' is an AWS Step Functions field, not a CloudFlow one: shape a state's input with "
                       "'InputConstructor'; the field is ignored"),
    ("ResultPath: $.x", "'ResultPath' is an AWS Step Functions field, not a CloudFlow one: shape a state's output "
                        "with 'OutputConstructor'; the field is ignored"),
    ("OutputPath: $.x", "'OutputPath' is an AWS Step Functions field, not a CloudFlow one: shape a state's output "
                        "with 'OutputConstructor'; the field is ignored"),
    ("ResultSelector: {}", "'ResultSelector' is an AWS Step Functions field, not a CloudFlow one: shape a state's "
                           "output with 'OutputConstructor'; the field is ignored"),
    ("Parameters: {a: 1}", "'Parameters' is an AWS Step Functions field, not a CloudFlow one: only a Task takes "
                           "'Parameters'; shape the input of this state with 'InputConstructor'; the field is ignored"),
    ("Comment: c", "'Comment' is an AWS Step Functions field, not a CloudFlow one: the field is 'Description'; the "
                   "field is ignored"),
])
def test_aws_fields_on_a_pass_state(field, message):
    assert_foreign_field(field, "aws-field", message)


def assert_foreign_field(field: str, code: str, message: str) -> None:
    d = only_warning(machine("- Type: Pass\n  Name: S\n  End: true\n  " + field + "\n"))
    assert as_tuple(d) == (9, 3, f"States[0].{field.split(':')[0]}", code, message)


def test_aws_resource_instead_of_action():
    assert all_of(machine(f"- Type: Task\n  Name: S\n  End: true\n  Resource: {FC}\n")) == [
        ("error", 6, 3, "States[0]", "missing-field", "a Task state is missing required field 'Action'"),
        ("warning", 9, 3, "States[0].Resource", "aws-field",
         "'Resource' is an AWS Step Functions field, not a CloudFlow one: a Task names what it calls with 'Action' "
         "(e.g. FC:InvokeFunction) and 'Parameters'; the field is ignored"),
    ]


def test_aws_error_equals_instead_of_errors():
    text = machine("- Type: Task\n  Name: S\n  End: true\n  Action: ECS:DescribeInstances\n  Catch:\n"
                   "    - ErrorEquals: [FnF.ALL]\n      Description: d\n      Next: S\n")
    assert all_of(text) == [
        ("warning", 11, 7, "States[0].Catch[0].ErrorEquals", "aws-field",
         "'ErrorEquals' is an AWS Step Functions field, not a CloudFlow one: the list of error names is 'Errors'; "
         "the field is ignored"),
        ("error", 11, 7, "States[0].Catch[0]", "missing-field", "a Catch rule is missing required field 'Errors'"),
    ]


@pytest.mark.parametrize("name, message", [
    ("States.ALL", "'States.ALL' is AWS Step Functions' wildcard; CloudFlow's is 'FnF.ALL'"),
    ("States.Timeout", "'States.Timeout' is an AWS Step Functions error name; it never occurs in CloudFlow (errors "
                       "are FnF.*, FC.*, ...)"),
])
def test_aws_error_names(name, message):
    text = machine("- Type: Task\n  Name: S\n  End: true\n  Action: ECS:DescribeInstances\n  Retry:\n"
                   f"    - Errors: [{name}]\n      Description: d\n      MaxAttempts: 1\n      IntervalSeconds: 1\n")
    d = only_warning(text)
    assert as_tuple(d) == (11, 16, "States[0].Retry[0].Errors[0]", "aws-error", message)


def test_an_aws_path_as_a_literal():
    d = only_warning(machine("- Type: Pass\n  Name: S\n  End: true\n  InputConstructor:\n    order: $.order\n"))
    assert as_tuple(d) == (10, 12, "States[0].InputConstructor.order", "aws-path",
                           "'$.order' is an AWS Step Functions path, and here a literal string: a state's input is "
                           "$Input (did you mean 'order.$' with '$Input.order'?)")


def test_an_aws_path_as_an_expression_is_an_error_with_the_right_path():
    report = check(machine("- Type: Pass\n  Name: S\n  End: true\n  InputConstructor:\n    order.$: $.order\n"))
    assert [as_tuple(d) for d in report.diagnostics] == [
        (10, 14, "States[0].InputConstructor.order.$", "expression",
         "invalid expression '$.order': a path starts with $Input, $Output, $Context, $Global or $Item, not '$' "
         "(did you mean '$Input.order'?)")]


# -- the old FDL dialect ---------------------------------------------------------------------------------

@pytest.mark.parametrize("field, message", [
    ("inputMappings: []", "'inputMappings' is a field of the old FDL dialect (type: flow), not of a state machine: "
                          "use 'InputConstructor'; the field is ignored"),
    ("steps: []", "'steps' is a field of the old FDL dialect (type: flow), not of a state machine: use 'States', "
                  "with 'StartAt'; the field is ignored"),
])
def test_old_dialect_fields_on_a_pass_state(field, message):
    assert_foreign_field(field, "flow-field", message)


def test_old_dialect_resource_arn_on_a_task():
    text = machine(f"- Type: Task\n  Name: S\n  End: true\n  Action: ECS:DescribeInstances\n  resourceArn: {FC}\n"
                   "  pattern: waitForCallback\n")
    assert all_of(text) == [
        ("warning", 10, 3, "States[0].resourceArn", "flow-field",
         "'resourceArn' is a field of the old FDL dialect (type: flow), not of a state machine: put it in "
         "'Parameters' (resourceArn), with 'Action'; the field is ignored"),
        ("warning", 11, 3, "States[0].pattern", "flow-field",
         "'pattern' is a field of the old FDL dialect (type: flow), not of a state machine: use 'TaskMode' "
         "(RequestComplete, WaitForSystemCallback or WaitForCustomCallback); the field is ignored"),
    ]


def test_old_dialect_goto_in_a_catch_rule():
    text = machine("- Type: Task\n  Name: S\n  End: true\n  Action: ECS:DescribeInstances\n  Catch:\n"
                   "    - Errors: [FnF.ALL]\n      Description: d\n      Next: S\n      goto: S\n")
    d = only_warning(text)
    assert as_tuple(d) == (14, 7, "States[0].Catch[0].goto", "flow-field",
                           "'goto' is a field of the old FDL dialect (type: flow), not of a state machine: use 'Next'; "
                           "the field is ignored")


@pytest.mark.parametrize("literal, message", [
    ("$input.order", "'$input.order' is an old FDL dialect path, and here a literal string (did you mean 'a.$' with "
                     "'$Input.order'?)"),
    ("$local.x", "'$local.x' is an old FDL dialect path, and here a literal string (did you mean 'a.$' with "
                 "'$Input.x'?)"),
    ("$context.task.token", "'$context.task.token' is an old FDL dialect path, and here a literal string (did you "
                            "mean 'a.$' with '$Context.task.token'?)"),
])
def test_an_old_dialect_path_as_a_literal(literal, message):
    d = only_warning(machine(f"- Type: Pass\n  Name: S\n  End: true\n  InputConstructor:\n    a: {literal}\n"))
    assert as_tuple(d) == (10, 8, "States[0].InputConstructor.a", "flow-path", message)


def test_state_machine_fields_in_an_old_flow():
    text = "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n    Next: b\n  - type: pass\n    name: b\n"
    report = check_text(text, "flow.yaml")
    assert [(d.severity, d.line, d.column, d.path, d.code, d.message) for d in report.diagnostics] == [
        ("error", 6, 5, "steps[0].Next", "unknown-field", "unknown field 'Next' in a pass step"),
        ("warning", 6, 5, "steps[0].Next", "state-machine-field",
         "'Next' is a field of CloudFlow state machines (Type: StateMachine), not of an FDL flow (type: flow): steps "
         "run in order, and a choice jumps with 'goto'"),
    ]


def test_a_state_machine_field_at_the_top_of_an_old_flow():
    text = "version: v1\ntype: flow\nDescription: orders\nsteps:\n  - {type: pass, name: a}\n"
    report = check_text(text, "flow.yaml")
    assert [(d.severity, d.path, d.code, d.message) for d in report.diagnostics] == [
        ("error", "Description", "unknown-field", "unknown field 'Description' in the flow"),
        ("warning", "Description", "state-machine-field",
         "'Description' is a field of CloudFlow state machines (Type: StateMachine), not of an FDL flow (type: "
         "flow): FDL steps have no description"),
    ]


# -- literals that look like expressions --------------------------------------------------------------------

@pytest.mark.parametrize("literal", ["$Input.x", "$Context.Current.TaskToken", "uuid()", "length($Input.xs)"])
def test_a_literal_that_looks_like_an_expression(literal):
    d = only_warning(machine(f"- Type: Pass\n  Name: S\n  End: true\n  InputConstructor:\n    a: {literal}\n"))
    assert as_tuple(d) == (10, 8, "States[0].InputConstructor.a", "literal-expression",
                           f"'{literal}' is a literal string: only the values of keys ending in '.$' are evaluated "
                           f"(did you mean 'a.$'?)")


def test_a_list_element_that_looks_like_an_expression():
    d = only_warning(machine("- Type: Pass\n  Name: S\n  End: true\n  InputConstructor:\n    a: [$Input.x]\n"))
    assert as_tuple(d) == (10, 9, "States[0].InputConstructor.a[0]", "literal-expression",
                           "'$Input.x' is a literal string: only the values of keys ending in '.$' are evaluated (did "
                           "you mean a key ending in '.$' with toArray(...)?)")


@pytest.mark.parametrize("literal", ["$100", "price in $", "format", "$Inputs are great", "hello()"])
def test_literals_that_do_not_look_like_expressions(literal):
    report = check(machine(f"- Type: Pass\n  Name: S\n  End: true\n  InputConstructor:\n    a: '{literal}'\n"))
    assert report.ok and report.diagnostics == ()


def test_a_literal_in_task_parameters():
    text = machine(f"- Type: Task\n  Name: S\n  End: true\n  Action: FC:InvokeFunction\n  Parameters:\n"
                   f"    resourceArn: {FC}\n    invocationType: Sync\n    body:\n      id: $Input.id\n")
    d = only_warning(text)
    assert as_tuple(d) == (14, 11, "States[0].Parameters.body.id", "literal-expression",
                           "'$Input.id' is a literal string: only the values of keys ending in '.$' are evaluated "
                           "(did you mean 'id.$'?)")


# -- MaxConcuccency, integrations ----------------------------------------------------------------------------

def test_the_documentation_spelling_of_max_concurrency():
    text = machine("- Type: Map\n  Name: S\n  End: true\n  ItemsPath: $Input.xs\n  MaxConcuccency: 8\n  Processor:\n"
                   "    StartAt: A\n    States: [{Type: Pass, Name: A, End: true}]\n")
    d = only_warning(text)
    assert as_tuple(d) == (10, 3, "States[0].MaxConcuccency", "misspelt-field",
                           "'MaxConcuccency' is the documentation's misspelling of 'MaxConcurrency'; it is read as "
                           "MaxConcurrency, write 'MaxConcurrency'")
    assert check(text).flow.states[0].max_concurrency == 8


@pytest.mark.parametrize("mode, kind, message", [
    ("RequestComplete", "Async", "an Async invocation under TaskMode RequestComplete continues as soon as FC accepts "
                                 "the event; use WaitForSystemCallback to wait for the function to finish"),
    ("WaitForSystemCallback", "Sync", "TaskMode WaitForSystemCallback waits for an asynchronous invocation: use "
                                      "invocationType Async"),
])
def test_fc_invocation_type_that_does_not_fit_the_task_mode(mode, kind, message):
    text = machine(f"- Type: Task\n  Name: S\n  End: true\n  Action: FC:InvokeFunction\n  TaskMode: {mode}\n"
                   f"  Parameters:\n    resourceArn: {FC}\n    invocationType: {kind}\n")
    d = only_warning(text)
    assert as_tuple(d) == (13, 21, "States[0].Parameters.invocationType", "fc-invocation", message)


@pytest.mark.parametrize("action, params, expected", [
    ("FC:InvokeFunction", f"resourceArn: {FC}\n    invocationType: Sync\n    payload.$: $Input",
     (13, 5, "States[0].Parameters.payload.$", "unknown-parameter", "FC:InvokeFunction does not take "
                                                                    "Parameters.payload")),
    ("MNS:SendMessage", "resourceArn: acs:mns:::/queues/q/messages\n    message: hi\n    messageTag: t",
     (13, 5, "States[0].Parameters.messageTag", "unknown-parameter", "'messageTag' is sent with topic messages only; "
                                                                     "a queue message has no tag")),
    ("facebody:DetectMask", "ImageURL: https://x.test/a.jpg",
     (9, 11, "States[0].Action", "retired-api", "facebody:DetectMask is retired: the service no longer offers it")),
])
def test_integration_warnings(action, params, expected):
    text = machine(f"- Type: Task\n  Name: S\n  End: true\n  Action: {action}\n  Parameters:\n    {params}\n")
    assert as_tuple(only_warning(text)) == expected


def test_warnings_come_with_the_flow_when_it_is_valid():
    report = check(machine("- Type: Pass\n  Name: S\n  End: true\n  Comment: c\n"))
    assert report.ok and report.flow.warnings == report.diagnostics == report.warnings
