"""Errors of a state-machine document as a whole: the dialect, the flow's own fields, the top-level scope."""
import pytest
from sm_support import HEAD, all_of, as_tuple, check, machine, only_error, only_warning

from fakecloud.fdl import FLOW, STATE_MACHINE, FlowDefinitionError, parse_flow

PASS = "  - Type: Pass\n    Name: S\n    End: true\n"


# -- which dialect ----------------------------------------------------------------------------------

def test_a_state_machine_is_told_by_its_keys():
    report = check(HEAD + PASS)
    assert (report.ok, report.dialect, report.flow.type) == (True, STATE_MACHINE, "StateMachine")


def test_an_old_flow_is_still_an_old_flow():
    report = check("version: v1\ntype: flow\nsteps:\n  - {type: pass, name: a}\n")
    assert (report.ok, report.dialect, report.flow.type) == (True, FLOW, "flow")


def test_a_state_machine_with_old_dialect_keys_is_one_error():
    d = only_error(HEAD + PASS + "version: v1\nsteps: []\n")
    assert as_tuple(d) == (9, 1, "version", "mixed-dialect",
                           "this definition mixes the two flow languages: it looks like a CloudFlow state machine "
                           "(Type: StateMachine, SpecVersion, StartAt, States), but 'version', 'steps' belong to an "
                           "FDL flow (version, type: flow, steps); write it in one of them")
    assert check(HEAD + PASS + "version: v1\n").dialect == STATE_MACHINE


def test_an_old_flow_with_state_machine_keys_is_one_error():
    d = only_error("version: v1\ntype: flow\nStartAt: a\nsteps:\n  - {type: pass, name: a}\n")
    assert as_tuple(d) == (3, 1, "StartAt", "mixed-dialect",
                           "this definition mixes the two flow languages: it looks like an FDL flow (version, type: "
                           "flow, steps), but 'StartAt' belongs to a CloudFlow state machine (Type: StateMachine, "
                           "SpecVersion, StartAt, States); write it in one of them")
    assert check("version: v1\ntype: flow\nStartAt: a\nsteps: []\n").dialect == FLOW


def test_without_a_type_the_larger_set_of_keys_decides():
    report = check("version: v1\nSpecVersion: v1\nStartAt: S\nStates: []\n")
    assert (report.dialect, [d.message.split(":")[1] for d in report.diagnostics]) == (
        STATE_MACHINE, [" it looks like a CloudFlow state machine (Type"])


def test_lower_case_type_state_machine_is_read_as_a_state_machine():
    text = "type: StateMachine\nName: m\nSpecVersion: v1\nStartAt: S\nStates:\n" + PASS
    assert all_of(text) == [
        ("error", 1, 1, "type", "unknown-field", "unknown field 'type' in the state machine (did you mean 'Type'? "
                                                 "field names are case-sensitive)"),
        ("error", 1, 1, "", "missing-field", "the state machine is missing required field 'Type'"),
    ]
    assert check(text).dialect == STATE_MACHINE


# -- the flow's own fields ----------------------------------------------------------------------------

@pytest.mark.parametrize("missing", ["Type", "Name", "SpecVersion", "StartAt", "States"])
def test_missing_top_level_field(missing):
    lines = [line for line in (HEAD + PASS).splitlines(keepends=True)]
    keep = [ln for ln in lines if not ln.startswith(missing + ":")]
    if missing == "States":
        keep = [ln for ln in keep if not ln.startswith("  ")]
    d = only_error("".join(keep))
    assert as_tuple(d) == (1, 1, "", "missing-field", f"the state machine is missing required field '{missing}'")


def test_type_must_be_state_machine():
    d = only_error(HEAD.replace("StateMachine", "Statemachine") + PASS)
    assert as_tuple(d) == (1, 7, "Type", "value", "a state machine's 'Type' is 'StateMachine', not 'Statemachine'")


@pytest.mark.parametrize("version, shown", [("v2", "'v2'"), ("1", "1"), ("'1'", "'1'"), ("[v1]", "a list")])
def test_spec_version_must_be_v1(version, shown):
    d = only_error(HEAD.replace("SpecVersion: v1", f"SpecVersion: {version}") + PASS)
    assert as_tuple(d) == (3, 14, "SpecVersion", "value", f"unsupported SpecVersion {shown}: use 'v1'")


@pytest.mark.parametrize("name", ["my flow", "1st", "a" * 129, "x.y"])
def test_name_must_be_a_flow_name(name):
    d = only_error(HEAD.replace("Name: m", f"Name: {name}") + PASS)
    assert as_tuple(d) == (2, 7, "Name", "value", f"'{name}' is not a flow name: 1-128 letters, digits, '_' or '-', "
                                                  f"starting with a letter or '_'")


@pytest.mark.parametrize("name", ["_x", "a-b_9", "${vars.name}-offline-flow", "a" * 128])
def test_names_that_are_flow_names(name):
    assert check(HEAD.replace("Name: m", f"Name: {name}") + PASS).ok


def test_name_must_be_a_string():
    d = only_error(HEAD.replace("Name: m", "Name: [m]") + PASS)
    assert as_tuple(d) == (2, 7, "Name", "type", "'Name' must be a string, not a list")


@pytest.mark.parametrize("timeout, expected", [(300, 300), ('"60"', 60), (31536000, 31536000)])
def test_top_level_timeout(timeout, expected):
    assert check(HEAD + PASS + f"Timeout: {timeout}\n").flow.timeout == expected


@pytest.mark.parametrize("timeout, message", [
    ("0", "'Timeout' is 0 s; it must be between 1 and 31536000 s"),
    ("1.5", "'Timeout' must be an integer, not the number 1.5"),
    ("soon", "'Timeout' must be an integer, not the string 'soon'"),
])
def test_top_level_timeout_errors(timeout, message):
    d = only_error(HEAD + PASS + f"Timeout: {timeout}\n")
    assert as_tuple(d) == (9, 10, "Timeout", "range" if timeout == "0" else "type", message)


def test_top_level_timeout_of_an_express_flow():
    assert check(HEAD + PASS + "Timeout: 300\n", execution_mode="Express").ok
    d = only_error(HEAD + PASS + "Timeout: 301\n", execution_mode="Express")
    assert as_tuple(d) == (9, 10, "Timeout", "range", "'Timeout' is 301 s; it must be between 1 and 300 s")


def test_description_must_be_a_string():
    d = only_error(HEAD + PASS + "Description: 7\n")
    assert as_tuple(d) == (9, 14, "Description", "type", "'Description' must be a string, not the number 7")
    assert check(HEAD + PASS + 'Description: " "\n').flow.description == " "


def test_unknown_top_level_field():
    d = only_error(HEAD + PASS + "Statse: []\n")
    assert as_tuple(d) == (9, 1, "Statse", "unknown-field", "unknown field 'Statse' in the state machine "
                                                            "(did you mean 'States'?)")


def test_a_top_level_field_in_the_wrong_case():
    d = only_error(HEAD + PASS + "startAt: S\n")
    assert as_tuple(d) == (9, 1, "startAt", "unknown-field", "unknown field 'startAt' in the state machine (did you "
                                                             "mean 'StartAt'? field names are case-sensitive)")


# -- the top-level scope ------------------------------------------------------------------------------

def test_start_at_must_name_a_state():
    d = only_error(HEAD.replace("StartAt: S", "StartAt: s") + PASS)
    assert as_tuple(d) == (4, 10, "StartAt", "start-at", "StartAt 's' is not a state of the top level (did you mean "
                                                         "'S'?); its states are S")


def test_start_at_must_be_a_string():
    d = only_error(HEAD.replace("StartAt: S", "StartAt: 3") + PASS)
    assert as_tuple(d) == (4, 10, "StartAt", "type", "'StartAt' must be a string, not the number 3")


def test_states_must_be_a_list():
    d = only_error(HEAD + "  S: {Type: Pass}\n")
    assert as_tuple(d) == (6, 3, "States", "type", "'States' must be a list, not a mapping")


def test_states_must_not_be_empty():
    d = only_error(HEAD.replace("States:\n", "States: []\n"))
    assert as_tuple(d) == (5, 9, "States", "value", "the state machine needs at least one state in 'States'")


def test_duplicate_state_names():
    d = only_error(machine("""\
        - Type: Pass
          Name: S
          Next: S2
        - Type: Pass
          Name: S2
          End: true
        - Type: Pass
          Name: S
          End: true
        """))
    assert as_tuple(d) == (13, 9, "States[2].Name", "duplicate-state",
                           "duplicate state name 'S' in this scope (first used by States[0] at line 6)")


def test_a_long_scope_is_listed_in_part():
    states = "".join(f"  - {{Type: Pass, Name: s{i}, End: true}}\n" for i in range(12))
    d = only_error(HEAD.replace("StartAt: S", "StartAt: s99") + states)
    assert d.message == ("StartAt 's99' is not a state of the top level (did you mean 's9'?); its states are s0, s1, "
                         "s2, s3, s4, s5, s6, s7, ... (12 states)")


def test_every_problem_is_reported_and_parse_flow_raises_them_all():
    text = HEAD.replace("SpecVersion: v1", "SpecVersion: v9") + "  - Type: Pas\n    Name: S\n  - Name: T\n"
    with pytest.raises(FlowDefinitionError) as info:
        parse_flow(text, "m.yaml")
    assert [(d.line, d.path, d.code) for d in info.value.errors] == [
        (3, "SpecVersion", "value"), (6, "States[0].Type", "unknown-state-type"), (8, "States[1]", "missing-field")]


def test_an_aws_comment_is_a_warning():
    d = only_warning(HEAD + PASS + "Comment: hello\n")
    assert as_tuple(d) == (9, 1, "Comment", "aws-field", "'Comment' is an AWS Step Functions field, not a CloudFlow "
                                                         "one: the field is 'Description'; the field is ignored")
