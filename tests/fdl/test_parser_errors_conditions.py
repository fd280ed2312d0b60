"""Parser errors in paths, choice options and conditions, and wait durations and timestamps."""
import pytest
from parser_errors_support import HEAD, as_tuple, only_error, steps

from fakecloud.fdl import parse_flow


# -- paths: the position points inside the string ------------------------------------------------

def test_bad_path_in_mapping_source():
    d = only_error(steps("""\
        - type: pass
          name: p
          inputMappings:
            - target: x
              source: $input.a..b
        """))
    # the value starts at column 15; '..' is at offset 8 of the text
    assert as_tuple(d) == (8, 23, "steps[0].inputMappings[0].source", "path",
                           "invalid path '$input.a..b': recursive descent '..' is not supported")


def test_bad_path_in_quoted_mapping_source():
    d = only_error(steps("""\
        - type: pass
          name: p
          inputMappings:
            - target: x
              source: "$local.items[x]"
        """))
    # the opening quote is at column 15, the text starts at 16; 'x' is at offset 13
    assert as_tuple(d) == (8, 29, "steps[0].inputMappings[0].source", "path",
                           "invalid path '$local.items[x]': expected a number, '*' or a quoted name after '['")


def test_unknown_root_in_mapping_source():
    d = only_error(steps("""\
        - type: pass
          name: p
          inputMappings:
            - target: x
              source: $inputs.a
        """))
    assert as_tuple(d) == (8, 15, "steps[0].inputMappings[0].source", "path",
                           "invalid path '$inputs.a': unknown root '$inputs' (did you mean '$input'?)")


def test_whitespace_in_single_quoted_source():
    d = only_error(steps("""\
        - type: pass
          name: p
          inputMappings:
            - target: x
              source: '$context.a b'
        """))
    assert as_tuple(d) == (8, 26, "steps[0].inputMappings[0].source", "path",
                           "invalid path '$context.a b': unexpected whitespace in path "
                           "(quote names that contain spaces: ['a b'])")


def test_bad_path_in_service_params():
    d = only_error(steps("""\
        - type: task
          name: child
          resourceArn: acs:fnf:::flow/child
          serviceParams:
            Input: $.a[-1]
        """))
    assert as_tuple(d) == (8, 16, "steps[0].serviceParams.Input", "path",
                           "invalid path '$.a[-1]': negative indexes are not supported")


def test_mapping_root_in_service_params():
    d = only_error(steps("""\
        - type: task
          name: child
          resourceArn: acs:fnf:::flow/child
          serviceParams:
            Input: $
            ExecutionName: "$input.name"
        """))
    assert as_tuple(d) == (9, 21, "steps[0].serviceParams.ExecutionName", "path",
                           "invalid path '$input.name': paths here are relative to the step input and start "
                           "with '$' (did you mean '$.name'?)")


def test_bad_path_in_nested_service_params():
    d = only_error(steps("""\
        - type: task
          name: child
          resourceArn: acs:fnf:::flow/child
          serviceParams:
            Input:
              order: $.order]
        """))
    assert as_tuple(d) == (9, 21, "steps[0].serviceParams.Input.order", "path",
                           "invalid path '$.order]': unexpected ']' without a matching '['")


def test_bad_path_in_foreach_collection():
    d = only_error(steps("""\
        - type: foreach
          name: each
          iterationMapping:
            collection: $.items[?(@.ok)]
            item: it
          steps:
            - {type: pass, name: p}
        """))
    assert as_tuple(d) == (7, 25, "steps[0].iterationMapping.collection", "path",
                           "invalid path '$.items[?(@.ok)]': filter expressions are not supported")


def test_foreach_collection_that_is_not_a_path():
    d = only_error(steps("""\
        - type: foreach
          name: each
          iterationMapping:
            collection: items
            item: it
          steps:
            - {type: pass, name: p}
        """))
    assert as_tuple(d) == (7, 17, "steps[0].iterationMapping.collection", "path",
                           "invalid path 'items': paths here are relative to the step input and start with '$'")


def test_bad_path_in_wait_duration():
    d = only_error(steps("""\
        - type: wait
          name: w
          duration: $.delay]
        """))
    assert as_tuple(d) == (6, 20, "steps[0].duration", "path",
                           "invalid path '$.delay]': unexpected ']' without a matching '['")


def test_mapping_root_in_wait_timestamp():
    d = only_error(steps("""\
        - type: wait
          name: w
          timestamp: $local.at
        """))
    assert as_tuple(d) == (6, 14, "steps[0].timestamp", "path",
                           "invalid path '$local.at': paths here are relative to the step input and start "
                           "with '$' (did you mean '$.at'?)")


# -- choice ---------------------------------------------------------------------------------------

def test_choice_missing_choices():
    d = only_error(steps("""\
        - type: choice
          name: c
          default:
            goto: c
        """))
    assert as_tuple(d) == (4, 3, "steps[0]", "missing-field",
                           "choice step is missing required field 'choices'")


def test_choice_with_no_options():
    d = only_error(steps("""\
        - type: choice
          name: c
          choices: []
        """))
    assert as_tuple(d) == (6, 12, "steps[0].choices", "value", "a choice step needs at least one option in 'choices'")


def test_choice_option_missing_condition():
    d = only_error(steps("""\
        - type: choice
          name: c
          choices:
            - goto: c
        """))
    assert as_tuple(d) == (7, 7, "steps[0].choices[0]", "missing-field",
                           "choice option is missing required field 'condition'")


def test_unknown_field_on_choice_option():
    d = only_error(steps("""\
        - type: choice
          name: c
          choices:
            - condition: $.ok
              got: c
        """))
    assert as_tuple(d) == (8, 7, "steps[0].choices[0].got", "unknown-field",
                           "unknown field 'got' in a choice option (did you mean 'goto'?)")


def test_condition_on_choice_default():
    d = only_error(steps("""\
        - type: choice
          name: c
          choices:
            - condition: $.ok
              goto: c
          default:
            condition: $.other
            goto: c
        """))
    assert as_tuple(d) == (10, 5, "steps[0].default.condition", "unknown-field",
                           "unknown field 'condition' in a choice default ('default' has no condition: it runs "
                           "when no option matches)")


def test_choice_option_must_be_a_mapping():
    d = only_error(steps("""\
        - type: choice
          name: c
          choices:
            - $.ok
        """))
    assert as_tuple(d) == (7, 7, "steps[0].choices[0]", "type", "a choice option must be a mapping, not the string '$.ok'")


def test_choice_default_null():
    d = only_error(steps("""\
        - type: choice
          name: c
          choices:
            - {condition: $.ok, goto: c}
          default:
        """))
    assert as_tuple(d) == (8, 11, "steps[0].default", "type", "'default' must be a mapping with 'steps' and/or 'goto'")


def test_choice_default_list():
    d = only_error(steps("""\
        - type: choice
          name: c
          choices:
            - {condition: $.ok, goto: c}
          default: [c]
        """))
    assert as_tuple(d) == (8, 12, "steps[0].default", "type", "a choice default must be a mapping, not a list")


@pytest.mark.parametrize("value, offset, message", [
    ("$.a = 1", 4, "unexpected '='; did you mean '=='?"),
    ("$.a == 1 and $.b", 9, "unexpected 'and'; did you mean '&&'?"),
    ("$.a == ready", 7, "unexpected 'ready'; quote it for a string (\"ready\") or write a path ($.ready)"),
    ("1 < $.a < 3", 8, "comparisons cannot be chained; did you mean '1 < $.a && $.a < 3'?"),
    ("$.a == 1 && ($.b > 2", 20, "missing ')' to close the '(' at offset 12"),
    ("$.a + 1 > 2", 4, "unexpected '+'; arithmetic is not supported in conditions"),
    ("$input.a == 1", 0, "paths here are relative to the step input and start with '$' (did you mean '$.a'?)"),
])
def test_condition_syntax_position_inside_the_condition(value, offset, message):
    d = only_error(HEAD + f"- type: choice\n  name: c\n  choices:\n    - condition: {value}\n      goto: c\n")
    # the condition starts at column 18 of line 7
    assert as_tuple(d) == (7, 18 + offset, "steps[0].choices[0].condition", "condition",
                           f"invalid condition {value!r}: {message}")


def test_condition_syntax_position_in_a_quoted_condition():
    d = only_error(steps("""\
        - type: choice
          name: c
          choices:
            - condition: "$.a == 1 or $.b"
              goto: c
        """))
    assert as_tuple(d) == (7, 19 + 9, "steps[0].choices[0].condition", "condition",
                           "invalid condition '$.a == 1 or $.b': unexpected 'or'; did you mean '||'?")


@pytest.mark.parametrize("value, shown", [("true", "true"), ("false", "false")])
def test_constant_condition(value, shown):
    d = only_error(HEAD + f"- type: choice\n  name: c\n  choices:\n    - condition: {value}\n      goto: c\n")
    assert as_tuple(d) == (7, 18, "steps[0].choices[0].condition", "condition",
                           f"condition must be an expression such as '$.ok == true', not the constant {shown}")


def test_empty_condition():
    d = only_error(steps("""\
        - type: choice
          name: c
          choices:
            - condition: ""
              goto: c
        """))
    assert as_tuple(d) == (7, 18, "steps[0].choices[0].condition", "type", "'condition' must not be empty")


def test_numeric_condition():
    d = only_error(steps("""\
        - type: choice
          name: c
          choices:
            - condition: 1
              goto: c
        """))
    assert as_tuple(d) == (7, 18, "steps[0].choices[0].condition", "type",
                           "'condition' must be a string, not the number 1")


# -- wait -----------------------------------------------------------------------------------------

def test_wait_without_duration_or_timestamp():
    d = only_error(steps("""\
        - type: wait
          name: w
        """))
    assert as_tuple(d) == (4, 3, "steps[0]", "wait", "a wait step needs exactly one of 'duration' or 'timestamp'")


def test_wait_with_duration_and_timestamp():
    d = only_error(steps("""\
        - type: wait
          name: w
          duration: 5
          timestamp: 2030-01-01T00:00:00Z
        """))
    assert as_tuple(d) == (
        4, 3, "steps[0]", "wait", "a wait step needs exactly one of 'duration' or 'timestamp', not both")


@pytest.mark.parametrize("value, code, message", [
    ("172801", "limit", "a wait lasts at most 2 days (172800 s), not 172801 s"),
    ("200000.5", "limit", "a wait lasts at most 2 days (172800 s), not 200000.5 s"),
    ("-1", "range", "'duration' is -1 s; it must be at least 0 s"),
    ("'10'", "type", "'duration' must be a number, not the string '10'"),
    ("true", "type", "'duration' must be a number, not true"),
])
def test_wait_duration_constant(value, code, message):
    d = only_error(HEAD + f"- type: wait\n  name: w\n  duration: {value}\n")
    assert as_tuple(d) == (6, 13, "steps[0].duration", code, message)


@pytest.mark.parametrize("value, shown", [
    ("yesterday", "the string 'yesterday'"),
    ("'2030-13-01T00:00:00Z'", "the string '2030-13-01T00:00:00Z'"),
    ("1700000000", "the number 1700000000"),
])
def test_wait_invalid_timestamp(value, shown):
    d = only_error(HEAD + f"- type: wait\n  name: w\n  timestamp: {value}\n")
    assert as_tuple(d) == (6, 14, "steps[0].timestamp", "value",
                           f"'timestamp' must be an RFC 3339 time such as '2019-05-02T15:04:05Z' or a '$.x' path, "
                           f"not {shown}")


@pytest.mark.parametrize("value", ["2030-01-01", "'20300101T000000'", "2030-01-01T00:00:00"])
def test_wait_timestamp_needs_an_rfc3339_date_time_with_offset(value):
    d = only_error(HEAD + f"- type: wait\n  name: w\n  timestamp: {value}\n")
    assert as_tuple(d) == (6, 14, "steps[0].timestamp", "value",
                           f"'timestamp' must be an RFC 3339 time such as '2019-05-02T15:04:05Z' or a '$.x' path, "
                           f"not the string '{value.strip(chr(39))}'")


@pytest.mark.parametrize("value", ["2030-01-01T00:00:00Z", "2030-01-01t10:00:00.123z", "'2030-01-01 10:00:00+08:00'",
                                   "2030-12-31T23:59:59-05:30"])
def test_wait_timestamp_rfc3339_forms(value):
    flow = parse_flow(HEAD + f"- type: wait\n  name: w\n  timestamp: {value}\n")
    assert flow.steps[0].timestamp == value.strip("'")
