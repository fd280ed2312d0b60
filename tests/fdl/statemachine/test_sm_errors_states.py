"""Errors of states: Type and fields, Next/End, transitions that leave their scope, and each Type's own fields
(Choice, Wait, Succeed, Fail, Parallel, Map), with the exact message, position and state path."""
import pytest
from sm_support import HEAD, as_tuple, check, machine, only_error

from fakecloud.fdl import Limits


def one_state(body: str) -> str:
    """A machine whose only state S is the Pass-like mapping `body` (fields on lines 6...)."""
    return machine(body)


# -- Type, Name, unknown fields ---------------------------------------------------------------------

def test_a_state_must_be_a_mapping():
    d = only_error(machine("- Pass\n"))
    assert as_tuple(d) == (6, 3, "States[0]", "type", "a state must be a mapping with 'Type' and 'Name', not the "
                                                      "string 'Pass'")


def test_a_state_needs_a_type():
    d = only_error(machine("- Name: S\n  End: true\n"))
    assert as_tuple(d) == (6, 3, "States[0]", "missing-field", "a state is missing required field 'Type' (one of "
                                                               "Task, Pass, Wait, Choice, Parallel, Map, Succeed, Fail)")


def test_a_lower_case_type_is_pointed_out():
    d = only_error(machine("- type: Pass\n  Name: S\n  End: true\n"))
    assert d.message == ("a state is missing required field 'Type' (one of Task, Pass, Wait, Choice, Parallel, Map, "
                         "Succeed, Fail) (found 'type': field names are case-sensitive)")


@pytest.mark.parametrize("kind, message", [
    ("Paralel", "unknown state Type 'Paralel' (did you mean 'Parallel'?); state types are Task, Pass, Wait, Choice, "
                "Parallel, Map, Succeed, Fail"),
    ("pass", "unknown state Type 'pass' (did you mean 'Pass'?); state types are Task, Pass, Wait, Choice, Parallel, "
             "Map, Succeed, Fail"),
    ("foreach", "unknown state Type 'foreach': that is an old FDL step type; a state machine iterates with a Map "
                "state"),
    ("[Pass]", "'Type' must name a state type (Task, Pass, Wait, Choice, Parallel, Map, Succeed, Fail), not a list"),
])
def test_unknown_state_type(kind, message):
    d = only_error(machine(f"- Type: {kind}\n  Name: S\n  End: true\n"))
    assert as_tuple(d) == (6, 9, "States[0].Type", "unknown-state-type", message)


def test_a_state_needs_a_name():
    d = only_error(HEAD + "  - Type: Pass\n    End: true\n")
    assert as_tuple(d) == (6, 5, "States[0]", "missing-field", "a Pass state is missing required field 'Name'")


def test_a_name_must_not_be_empty():
    d = only_error(machine("- Type: Pass\n  Name: ''\n  End: true\n"))
    assert as_tuple(d) == (7, 9, "States[0].Name", "type", "'Name' must not be empty")


@pytest.mark.parametrize("field, hint", [
    ("Colour: red", " (did you mean 'Code'?)" if False else ""),
    ("Seconds: 3", " ('Seconds' belongs to Wait states)"),
    ("Retry: []", " ('Retry' belongs to Task, Parallel and Map states)"),
    ("Timeout.$: $Input.t", " ('Timeout' belongs to Task states)"),
    ("Next.$: $Input.n", " ('Next' takes no expression)"),
    ("Nxt: T", " (did you mean 'Next'?)"),
])
def test_unknown_field(field, hint):
    key = field.split(":")[0]
    d = only_error(machine(f"- Type: Pass\n  Name: S\n  End: true\n  {field}\n"))
    assert as_tuple(d) == (9, 3, f"States[0].{key}", "unknown-field", f"unknown field '{key}' in a Pass state{hint}")


def test_a_field_in_the_wrong_case():
    d = only_error(machine("- Type: Pass\n  Name: S\n  end: true\n"))
    assert as_tuple(d) == (8, 3, "States[0].end", "unknown-field",
                           "unknown field 'end' in a Pass state (did you mean 'End'? field names are case-sensitive)")


# -- Next and End ---------------------------------------------------------------------------------

def test_next_and_end_together():
    d = only_error(machine("- Type: Pass\n  Name: S\n  Next: S\n  End: true\n"))
    assert as_tuple(d) == (9, 3, "States[0].End", "next-end", "a state takes 'Next' or 'End: true', not both")


@pytest.mark.parametrize("kind, extra", [("Pass", ""), ("Wait", "  Seconds: 1\n"),
                                         ("Task", "  Action: ECS:DescribeInstances\n")])
def test_neither_next_nor_end(kind, extra):
    d = only_error(machine(f"- Type: {kind}\n  Name: S\n{extra}"))
    assert as_tuple(d) == (6, 3, "States[0]", "next-end", f"a {kind} state needs 'Next' (the state to go to) or "
                                                          f"'End: true' (to end its scope)")


def test_end_false_without_next():
    d = only_error(machine("- Type: Pass\n  Name: S\n  End: false\n"))
    assert as_tuple(d) == (8, 8, "States[0].End", "next-end", "'End: false' does not end the scope: give 'Next' (the "
                                                              "state to go to) or 'End: true'")


def test_end_must_be_a_boolean():
    d = only_error(machine("- Type: Pass\n  Name: S\n  End: yes please\n"))
    assert as_tuple(d) == (8, 8, "States[0].End", "type", "'End' must be true or false, not the string 'yes please'")


def test_end_false_with_next_is_fine():
    assert check(machine("- Type: Pass\n  Name: S\n  Next: T\n  End: false\n- Type: Succeed\n  Name: T\n")).ok


def test_next_names_no_state():
    d = only_error(machine("""\
        - Type: Pass
          Name: S
          Next: Shipp
        - Type: Succeed
          Name: Ship
        """))
    assert as_tuple(d) == (8, 9, "States[0].Next", "next", "'Shipp' is not a state of the top level (did you mean "
                                                           "'Ship'?); a state can only go to a state of its own scope "
                                                           "(S, Ship)")


def test_next_cannot_leave_a_parallel_branch():
    d = only_error(machine("""\
        - Type: Parallel
          Name: S
          Branches:
            - StartAt: A
              States:
                - Type: Pass
                  Name: A
                  Next: Done
          Next: Done
        - Type: Succeed
          Name: Done
        """))
    assert as_tuple(d) == (13, 17, "States[0].Branches[0].States[0].Next", "next",
                           "'Done' is not a state of this Parallel branch; a state can only go to a state of its own "
                           "scope (A)")


def test_next_cannot_leave_a_map_processor():
    d = only_error(machine("""\
        - Type: Map
          Name: S
          ItemsPath: $Input.xs
          Processor:
            StartAt: A
            States:
              - Type: Pass
                Name: A
                Next: S
          End: true
        """))
    assert as_tuple(d) == (14, 15, "States[0].Processor.States[0].Next", "next",
                           "'S' is not a state of this Map processor; a state can only go to a state of its own "
                           "scope (A)")


def test_a_broken_state_is_not_reported_again_where_it_is_named():
    d = only_error(machine("- Type: Pass\n  Name: S\n  Next: T\n- Type: Pas\n  Name: T\n  End: true\n"))
    assert (d.path, d.code) == ("States[1].Type", "unknown-state-type")


# -- Choice ---------------------------------------------------------------------------------------

CHOICE = """\
- Type: Choice
  Name: S
  Branches:
    - Condition: $Input.ok
      Next: T
  Default: T
- Type: Succeed
  Name: T
"""


def test_choice_without_default():
    d = only_error(machine(CHOICE.replace("  Default: T\n", "")))
    assert as_tuple(d) == (6, 3, "States[0]", "missing-field", "a Choice state is missing required field 'Default'")


def test_choice_without_branches():
    d = only_error(machine(CHOICE.replace("  Branches:\n    - Condition: $Input.ok\n      Next: T\n", "")))
    assert as_tuple(d) == (6, 3, "States[0]", "missing-field", "a Choice state is missing required field 'Branches'")


def test_choice_with_no_branch():
    d = only_error(machine(CHOICE.replace("  Branches:\n    - Condition: $Input.ok\n      Next: T\n",
                                          "  Branches: []\n")))
    assert as_tuple(d) == (8, 13, "States[0].Branches", "value", "a Choice state needs at least one branch in "
                                                                 "'Branches'")


@pytest.mark.parametrize("field, message", [
    ("Next: T", "unknown field 'Next' in a Choice state: a Choice goes to the 'Next' of the branch that holds, else "
                "to its 'Default'"),
    ("End: true", "unknown field 'End' in a Choice state: a Choice goes to the 'Next' of the branch that holds, "
                  "else to its 'Default'; it cannot end the scope"),
    ("OutputConstructor: {a: 1}", "unknown field 'OutputConstructor' in a Choice state: a Choice hands its input on; "
                                  "shape it in the next state's InputConstructor"),
])
def test_choice_takes_no_next_end_or_output_constructor(field, message):
    key = field.split(":")[0]
    d = only_error(machine(CHOICE.replace("  Default: T\n", f"  Default: T\n  {field}\n")))
    assert as_tuple(d) == (12, 3, f"States[0].{key}", "unknown-field", message)


def test_default_names_no_state():
    d = only_error(machine(CHOICE.replace("  Default: T\n", "  Default: U\n")))
    assert as_tuple(d) == (11, 12, "States[0].Default", "next", "'U' is not a state of the top level; a state can "
                                                                "only go to a state of its own scope (S, T)")


def test_branch_next_names_no_state():
    d = only_error(machine(CHOICE.replace("      Next: T\n", "      Next: X\n")))
    assert as_tuple(d) == (10, 13, "States[0].Branches[0].Next", "next",
                           "'X' is not a state of the top level; a state can only go to a state of its own scope "
                           "(S, T)")


@pytest.mark.parametrize("branch, expected", [
    ("    - $Input.ok\n", (9, 7, "States[0].Branches[0]", "type",
                           "a Choice branch must be a mapping with 'Condition' and 'Next', not the string '$Input.ok'")),
    ("    - Next: T\n", (9, 7, "States[0].Branches[0]", "missing-field",
                         "a Choice branch is missing required field 'Condition'")),
    ("    - Condition: $Input.ok\n", (9, 7, "States[0].Branches[0]", "missing-field",
                                      "a Choice branch is missing required field 'Next'")),
    ("    - Condition: true\n      Next: T\n", (9, 18, "States[0].Branches[0].Condition", "condition",
                                                "'Condition' takes an expression such as '$Input.ok == true', not "
                                                "true")),
    ("    - Condition: $Input.ok = 1\n      Next: T\n", (9, 28, "States[0].Branches[0].Condition", "condition",
                                                         "invalid condition '$Input.ok = 1': unexpected '='; did you "
                                                         "mean '=='?")),
    ("    - Condition: '$Output.x > 1'\n      Next: T\n", (9, 19, "States[0].Branches[0].Condition", "condition",
                                                           "invalid condition '$Output.x > 1': $Output is not "
                                                           "available in a Choice Condition: it is a task's result, "
                                                           "readable only in OutputConstructor and GlobalConstructor")),
    ("    - Condition: $Input.ok\n      Next: T\n      Variable: $.x\n",
     (11, 7, "States[0].Branches[0].Variable", "aws-field", None)),
    ("    - Condition: $Input.ok\n      Next: T\n      StringEquals: x\n",
     (11, 7, "States[0].Branches[0].StringEquals", "aws-field",
      "'StringEquals' is an AWS Step Functions field, not a CloudFlow one: a Choice branch tests a 'Condition' "
      "expression such as '$Input.status == \"ready\"'; the field is ignored")),
])
def test_choice_branch_problems(branch, expected):
    text = machine(CHOICE.replace("    - Condition: $Input.ok\n      Next: T\n", branch))
    report = check(text)
    d = report.diagnostics[0]
    assert len(report.diagnostics) == 1, [x.format() for x in report.diagnostics]
    if expected[4] is None:
        assert as_tuple(d)[:4] == expected[:4]
        return
    assert as_tuple(d) == expected


def test_a_multi_line_condition_is_located_on_its_own_line():
    text = machine(CHOICE.replace("    - Condition: $Input.ok\n",
                                  "    - Condition: >-\n        $Input.ok &&\n        $Input.n => 2\n"))
    d = only_error(text)
    assert as_tuple(d)[:3] == (10, 9, "States[0].Branches[0].Condition")
    text = machine(CHOICE.replace("    - Condition: $Input.ok\n",
                                  "    - Condition: |-\n        $Input.ok &&\n        $Input.n => 2\n"))
    assert as_tuple(only_error(text)) == (11, 18, "States[0].Branches[0].Condition", "condition",
                                          "invalid condition: unexpected '='; did you mean '=='?")


# -- Succeed, Fail ----------------------------------------------------------------------------------

@pytest.mark.parametrize("kind, reason", [("Succeed", "a Succeed state ends its scope"),
                                          ("Fail", "a Fail state ends the flow with an error")])
def test_succeed_and_fail_take_no_next(kind, reason):
    d = only_error(machine(f"- Type: {kind}\n  Name: S\n  Next: S\n"))
    assert as_tuple(d) == (8, 3, "States[0].Next", "unknown-field", f"unknown field 'Next' in a {kind} state: {reason}")


def test_fail_code_and_detail_are_strings():
    d = only_error(machine("- Type: Fail\n  Name: S\n  Code: 500\n"))
    assert as_tuple(d) == (8, 9, "States[0].Code", "type", "'Code' must be a string, not the number 500")
    d = only_error(machine("- Type: Fail\n  Name: S\n  Detail: [x]\n"))
    assert as_tuple(d) == (8, 11, "States[0].Detail", "type", "'Detail' must be a string, not a list")


# -- Wait -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("field, expected", [
    ("", (6, 3, "States[0]", "missing-field", "a Wait state is missing required field 'Seconds' (or 'Seconds.$')")),
    ("Seconds: 0", (9, 12, "States[0].Seconds", "range", "'Seconds' is 0 s; it must be between 1 and 300 s")),
    ("Seconds: 301", (9, 12, "States[0].Seconds", "range", "'Seconds' is 301 s; it must be between 1 and 300 s")),
    ("Seconds: 1.5", (9, 12, "States[0].Seconds", "type", "'Seconds' must be an integer, not the number 1.5")),
    ("Seconds: '10'", (9, 12, "States[0].Seconds", "type", "'Seconds' must be an integer, not the string '10'")),
    ("Seconds: $Input.delay", (9, 12, "States[0].Seconds", "type", "'Seconds' must be an integer, not the string "
                                                                   "'$Input.delay': an expression goes under "
                                                                   "'Seconds.$'")),
    ("Seconds.$: 5", (9, 14, "States[0].Seconds.$", "type", "'Seconds.$' takes an expression (a string), not the "
                                                            "number 5")),
    ("Seconds.$: $Input.[0]", (9, 21, "States[0].Seconds.$", "expression", "invalid expression '$Input.[0]': "
                                                                           "expected a field name after '.'")),
])
def test_wait_seconds(field, expected):
    d = only_error(machine(f"- Type: Wait\n  Name: S\n  End: true\n  {field}\n" if field else
                           "- Type: Wait\n  Name: S\n  End: true\n"))
    assert as_tuple(d) == expected


def test_wait_with_both_seconds_forms():
    d = only_error(machine("- Type: Wait\n  Name: S\n  End: true\n  Seconds: 3\n  Seconds.$: $Input.s\n"))
    assert as_tuple(d) == (10, 3, "States[0].Seconds.$", "value", "give 'Seconds' or 'Seconds.$', not both")


def test_wait_in_an_express_flow():
    text = machine("- Type: Wait\n  Name: S\n  End: true\n  Seconds: 21\n")
    assert check(text).ok and check(text, execution_mode="Standard").ok
    d = only_error(text, execution_mode="Express")
    assert as_tuple(d) == (9, 12, "States[0].Seconds", "express", "'Seconds' is 21 s; in an Express flow it is at "
                                                                  "most 20 s")


def test_the_wait_limit_follows_the_world_limits():
    text = machine("- Type: Wait\n  Name: S\n  End: true\n  Seconds: 301\n")
    assert check(text, limits=Limits(max_state_wait_seconds=600)).ok


# -- Parallel ---------------------------------------------------------------------------------------

def parallel(branches: int) -> str:
    body = "- Type: Parallel\n  Name: S\n  End: true\n  Branches:\n"
    for i in range(branches):
        body += f"    - StartAt: B{i}\n      States:\n        - {{Type: Pass, Name: B{i}, End: true}}\n"
    return machine(body)


def test_fifty_branches_are_allowed_fifty_one_are_not():
    assert check(parallel(50)).ok
    d = only_error(parallel(51))
    assert as_tuple(d) == (10, 5, "States[0].Branches", "limit", "a Parallel state has 51 branches; at most 50 are "
                                                                 "allowed")
    assert check(parallel(51), limits=Limits(max_state_branches=60)).ok


def test_parallel_needs_branches():
    d = only_error(machine("- Type: Parallel\n  Name: S\n  End: true\n"))
    assert as_tuple(d) == (6, 3, "States[0]", "missing-field", "a Parallel state is missing required field 'Branches'")
    d = only_error(machine("- Type: Parallel\n  Name: S\n  End: true\n  Branches: []\n"))
    assert as_tuple(d) == (9, 13, "States[0].Branches", "value", "a Parallel state needs at least one branch")


@pytest.mark.parametrize("branch, expected", [
    ("    - Pass\n", (10, 7, "States[0].Branches[0]", "type", "a Parallel branch must be a mapping with 'StartAt' and "
                                                              "'States', not the string 'Pass'")),
    ("    - States: [{Type: Pass, Name: A, End: true}]\n", (10, 7, "States[0].Branches[0]", "missing-field",
                                                             "a Parallel branch is missing required field 'StartAt'")),
    ("    - StartAt: A\n", (10, 7, "States[0].Branches[0]", "missing-field",
                            "a Parallel branch is missing required field 'States'")),
    ("    - StartAt: B\n      States: [{Type: Pass, Name: A, End: true}]\n",
     (10, 16, "States[0].Branches[0].StartAt", "start-at", "StartAt 'B' is not a state of this Parallel branch; its "
                                                           "states are A")),
    ("    - StartAt: A\n      States: [{Type: Pass, Name: A, End: true}]\n      Name: b\n",
     (12, 7, "States[0].Branches[0].Name", "unknown-field", "unknown field 'Name' in a Parallel branch ('Name' "
                                                            "belongs to states)")),
])
def test_parallel_branch_problems(branch, expected):
    d = only_error(machine("- Type: Parallel\n  Name: S\n  End: true\n  Branches:\n" + branch))
    assert as_tuple(d) == expected


# -- Map --------------------------------------------------------------------------------------------

MAP = """\
- Type: Map
  Name: S
  End: true
  ItemsPath: $Input.xs
  Processor:
    StartAt: A
    States:
      - {Type: Pass, Name: A, End: true}
"""


def test_map_needs_items_path_and_processor():
    d = only_error(machine(MAP.replace("  ItemsPath: $Input.xs\n", "")))
    assert as_tuple(d) == (6, 3, "States[0]", "missing-field", "a Map state is missing required field 'ItemsPath' "
                                                               "(the array of items)")
    d = only_error(machine(MAP.split("  Processor:")[0]))
    assert as_tuple(d) == (6, 3, "States[0]", "missing-field", "a Map state is missing required field 'Processor'")


def test_a_map_reading_items_from_oss_needs_no_items_path():
    report = check(machine(MAP.replace("  ItemsPath: $Input.xs\n", "  ItemReader:\n    SourceType: OSS_CSV\n")))
    assert report.ok and report.flow.states[0].items_path is None and report.flow.states[0].distributed


@pytest.mark.parametrize("field, expected", [
    ("MaxConcurrency: 41", (14, 19, "States[0].MaxConcurrency", "limit", "'MaxConcurrency' is 41; an inline Map "
                                                                         "runs at most 40 iterations at once")),
    ("MaxConcurrency: 0", (14, 19, "States[0].MaxConcurrency", "range", "'MaxConcurrency' is 0; it must be at "
                                                                        "least 1")),
    ("MaxConcurrency: many", (14, 19, "States[0].MaxConcurrency", "type", "'MaxConcurrency' must be an integer, not "
                                                                          "the string 'many'")),
    ("ItemsPath.$: $Input.xs", (14, 3, "States[0].ItemsPath.$", "unknown-field", "unknown field 'ItemsPath.$' in a "
                                                                                 "Map state ('ItemsPath' takes no "
                                                                                 "expression)")),
    ("ToleratedFailurePercentage: 101", (14, 31, "States[0].ToleratedFailurePercentage", "range",
                                         "'ToleratedFailurePercentage' is 101; it must be between 0 and 100")),
    ("ItemBatcher: 10", (14, 16, "States[0].ItemBatcher", "type", "'ItemBatcher' must be a mapping, not the number "
                                                                  "10")),
    ("MaxItems: 10001", (14, 13, "States[0].MaxItems", "range", "'MaxItems' is 10001; it must be between 1 and "
                                                                "10000")),
])
def test_map_field_problems(field, expected):
    d = only_error(machine(MAP + f"  {field}\n"))
    assert as_tuple(d) == expected


def test_a_distributed_map_runs_up_to_one_hundred_children():
    assert check(machine(MAP + "  MaxConcurrency: 100\n  MaxItems: 50\n")).ok
    d = only_error(machine(MAP + "  MaxConcurrency: 101\n  MaxItems: 50\n"))
    assert as_tuple(d) == (14, 19, "States[0].MaxConcurrency", "limit", "'MaxConcurrency' is 101; a distributed Map "
                                                                        "runs at most 100 child executions at once")


def test_both_spellings_of_max_concurrency():
    d = only_error(machine(MAP + "  MaxConcurrency: 4\n  MaxConcuccency: 4\n"))
    assert as_tuple(d) == (15, 3, "States[0].MaxConcuccency", "duplicate-key", "give 'MaxConcurrency' once: "
                                                                               "'MaxConcuccency' is the same field")


def test_items_path_errors():
    d = only_error(machine(MAP.replace("$Input.xs", "$Input.xs[")))
    assert as_tuple(d) == (9, 24, "States[0].ItemsPath", "expression", "invalid expression '$Input.xs[': expected a "
                                                                       "number or a quoted name after '['")
    d = only_error(machine(MAP.replace("$Input.xs", "'$Item'")))
    assert as_tuple(d) == (9, 15, "States[0].ItemsPath", "expression", "invalid expression '$Item': $Item is not "
                                                                       "available in ItemsPath: it is the current item, "
                                                                       "readable only in a Map's ItemConstructor")


def test_processor_must_be_a_mapping():
    d = only_error(machine(MAP.split("  Processor:")[0] + "  Processor: [A]\n"))
    assert as_tuple(d) == (10, 14, "States[0].Processor", "type", "a Map processor must be a mapping with 'StartAt' "
                                                                  "and 'States', not a list")


# -- Retry and Catch --------------------------------------------------------------------------------

TASK = "- Type: Task\n  Name: S\n  Action: ECS:DescribeInstances\n  End: true\n"
RETRY = "    Errors: [FnF.ALL]\n    Description: d\n    MaxAttempts: 1\n    IntervalSeconds: 1\n"


@pytest.mark.parametrize("rule, expected", [
    ("  - FnF.ALL\n", (11, 5, "States[0].Retry[0]", "type", "a Retry rule must be a mapping with 'Errors', not the "
                                                            "string 'FnF.ALL'")),
    ("  - Description: d\n    MaxAttempts: 1\n    IntervalSeconds: 1\n",
     (11, 5, "States[0].Retry[0]", "missing-field", "a Retry rule is missing required field 'Errors'")),
    ("  - " + RETRY[4:].replace("    Description: d\n", ""),
     (11, 5, "States[0].Retry[0]", "missing-field", "a Retry rule is missing required field 'Description'")),
    ("  - " + RETRY[4:].replace("    MaxAttempts: 1\n", ""),
     (11, 5, "States[0].Retry[0]", "missing-field", "a Retry rule is missing required field 'MaxAttempts'")),
    ("  - " + RETRY[4:].replace("    IntervalSeconds: 1\n", ""),
     (11, 5, "States[0].Retry[0]", "missing-field", "a Retry rule is missing required field 'IntervalSeconds'")),
    ("  - " + RETRY[4:].replace("[FnF.ALL]", "[]"),
     (11, 13, "States[0].Retry[0].Errors", "value", "'Errors' must name at least one error (or FnF.ALL)")),
    ("  - " + RETRY[4:].replace("[FnF.ALL]", "[FnF.ALL, '']"),
     (11, 23, "States[0].Retry[0].Errors[1]", "type", "each entry of 'Errors' must be a non-empty string, not the "
                                                       "string ''")),
    ("  - " + RETRY[4:].replace("IntervalSeconds: 1", "IntervalSeconds: 86401"),
     (14, 22, "States[0].Retry[0].IntervalSeconds", "range", "'IntervalSeconds' is 86401 s; it must be between 1 "
                                                             "and 86400 s")),
    ("  - " + RETRY[4:].replace("IntervalSeconds: 1", "IntervalSeconds: 0"),
     (14, 22, "States[0].Retry[0].IntervalSeconds", "range", "'IntervalSeconds' is 0 s; it must be between 1 and "
                                                             "86400 s")),
    ("  - " + RETRY[4:].replace("MaxAttempts: 1", "MaxAttempts: -1"),
     (13, 18, "States[0].Retry[0].MaxAttempts", "range", "'MaxAttempts' is -1; it must be at least 0")),
    ("  - " + RETRY[4:] + "    BackoffRate: 0.5\n",
     (15, 18, "States[0].Retry[0].BackoffRate", "range", "'BackoffRate' is 0.5; it must be at least 1")),
    ("  - " + RETRY[4:] + "    MaxBackoffSeconds: 90000\n",
     (15, 24, "States[0].Retry[0].MaxBackoffSeconds", "range", "'MaxBackoffSeconds' is 90000 s; it must be between 1 "
                                                               "and 86400 s")),
    ("  - " + RETRY[4:] + "    Interval: 3\n",
     (15, 5, "States[0].Retry[0].Interval", "unknown-field", "unknown field 'Interval' in a Retry rule (did you mean "
                                                             "'IntervalSeconds'?)")),
])
def test_retry_rule_problems(rule, expected):
    d = only_error(machine(TASK + "  Retry:\n" + rule))
    assert as_tuple(d) == expected


@pytest.mark.parametrize("rule, expected", [
    ("  - Errors: [FnF.ALL]\n    Description: d\n",
     (11, 5, "States[0].Catch[0]", "missing-field", "a Catch rule is missing required field 'Next'")),
    ("  - Errors: [FnF.ALL]\n    Next: S\n",
     (11, 5, "States[0].Catch[0]", "missing-field", "a Catch rule is missing required field 'Description'")),
    ("  - Errors: [FnF.ALL]\n    Description: d\n    Next: T\n",
     (13, 11, "States[0].Catch[0].Next", "next", "'T' is not a state of the top level; a state can only go to a "
                                                 "state of its own scope (S)")),
    ("  - Errors: [FnF.ALL]\n    Description: d\n    Next: S\n    OutputConstructor:\n      out.$: $Output\n",
     (15, 14, "States[0].Catch[0].OutputConstructor.out.$", "expression",
      "invalid expression '$Output': $Output is not available in a Catch rule's OutputConstructor: it is a task's "
      "result, readable only in OutputConstructor and GlobalConstructor")),
])
def test_catch_rule_problems(rule, expected):
    d = only_error(machine(TASK + "  Catch:\n" + rule))
    assert as_tuple(d) == expected


def test_retry_must_be_a_list():
    d = only_error(machine(TASK + "  Retry: {Errors: [FnF.ALL]}\n"))
    assert as_tuple(d) == (10, 10, "States[0].Retry", "type", "'Retry' must be a list, not a mapping")
