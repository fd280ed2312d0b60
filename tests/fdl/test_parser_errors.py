"""Every error the FDL front end reports: exact code, message, node path, line and column.

Each test feeds a small definition to `check_text` and asserts the one error it must produce (or, for a
few, the exact list). Positions are 1-based; for a value they point at its first character (inside the
quotes of a quoted string for problems found inside it).
"""
import textwrap

import pytest

from fakecloud.fdl import ERROR, FlowDefinitionError, check_text, parse_flow

FILE = "flow.yaml"
HEAD = "version: v1\ntype: flow\nsteps:\n"   # steps given to `steps()` start on line 4
STEP_TYPES = "task, pass, wait, choice, succeed, fail, parallel, foreach"
FC = "acs:fc:::services/svc/functions/fn"


def check(text):
    return check_text(textwrap.dedent(text), FILE)


def steps(body):
    """A flow whose `steps:` list is `body` (dedented); the first step is on line 4."""
    return HEAD + textwrap.dedent(body)


def as_tuple(d):
    return (d.line, d.column, d.path, d.code, d.message)


def only_error(text):
    """The single diagnostic of a definition that must be rejected for exactly one reason."""
    report = check(text)
    assert report.flow is None and not report.ok
    assert len(report.errors) == 1, [d.format() for d in report.diagnostics]
    assert report.diagnostics == report.errors, [d.format() for d in report.diagnostics]
    d = report.errors[0]
    assert d.severity == ERROR and d.file == FILE
    return d


def error_list(text):
    report = check(text)
    assert report.flow is None
    return [as_tuple(d) for d in report.errors]


# -- the document ---------------------------------------------------------------------------------

def test_top_level_list():
    d = only_error("- type: pass\n- name: a\n")
    assert as_tuple(d) == (1, 1, "", "type", "a flow definition must be a mapping with 'version', 'type' "
                                             "and 'steps', not a list")


def test_top_level_scalar():
    d = only_error("hello\n")
    assert as_tuple(d) == (1, 1, "", "type", "a flow definition must be a mapping with 'version', 'type' "
                                             "and 'steps', not the string 'hello'")


def test_cloudflow_state_machine_document():
    d = only_error("""\
        Type: StateMachine
        Name: orders
        SpecVersion: v1
        StartAt: Hello
        States:
          - Type: Pass
            Name: Hello
            End: true
        """)
    assert as_tuple(d) == (1, 1, "Type", "not-fdl",
                           "this is a CloudFlow state-machine definition (Type/States); fakecloud reads "
                           "the FDL flow language ('type: flow', 'steps')")


@pytest.mark.parametrize("missing, text", [
    ("version", "type: flow\nsteps:\n  - {type: pass, name: a}\n"),
    ("type", "version: v1\nsteps:\n  - {type: pass, name: a}\n"),
    ("steps", "version: v1\ntype: flow\n"),
])
def test_flow_missing_required_field(missing, text):
    d = only_error(text)
    assert as_tuple(d) == (1, 1, "", "missing-field", f"the flow is missing required field '{missing}'")


def test_flow_type_must_be_flow():
    d = only_error("version: v1\ntype: Flow\nsteps:\n  - {type: pass, name: a}\n")
    assert as_tuple(d) == (2, 7, "type", "value", "flow 'type' must be 'flow', not 'Flow'")


def test_flow_type_must_be_a_string():
    d = only_error("version: v1\ntype: [flow]\nsteps:\n  - {type: pass, name: a}\n")
    assert as_tuple(d) == (2, 7, "type", "type", "'type' must be a string, not a list")


def test_unsupported_version():
    d = only_error("version: v2\ntype: flow\nsteps:\n  - {type: pass, name: a}\n")
    assert as_tuple(d) == (1, 10, "version", "value", "unsupported version 'v2': use 'v1' (or the older 'v1beta1')")


def test_unsupported_version_close_to_a_known_one():
    d = only_error("version: V1\ntype: flow\nsteps:\n  - {type: pass, name: a}\n")
    assert as_tuple(d) == (1, 10, "version", "value",
                           "unsupported version 'V1': use 'v1' (or the older 'v1beta1')")


def test_numeric_version_message():
    d = only_error("version: 1\ntype: flow\nsteps:\n  - {type: pass, name: a}\n")
    assert as_tuple(d) == (1, 10, "version", "value", "unsupported version 1: use 'v1' (or the older 'v1beta1')")


def test_empty_steps_list():
    d = only_error("version: v1\ntype: flow\nsteps: []\n")
    assert as_tuple(d) == (3, 8, "steps", "value", "a flow needs at least one step")


def test_steps_must_be_a_list():
    d = only_error("version: v1\ntype: flow\nsteps:\n  type: pass\n  name: a\n")
    assert as_tuple(d) == (4, 3, "steps", "type", "'steps' must be a list, not a mapping")


def test_steps_null():
    d = only_error("version: v1\ntype: flow\nsteps:\n")
    assert as_tuple(d) == (3, 7, "steps", "type", "'steps' must be a list, not null")


def test_unknown_field_on_flow_with_suggestion():
    d = only_error("version: v1\ntype: flow\ntimeoutSecond: 60\nsteps:\n  - {type: pass, name: a}\n")
    assert as_tuple(d) == (3, 1, "timeoutSecond", "unknown-field",
                           "unknown field 'timeoutSecond' in the flow (did you mean 'timeoutSeconds'?)")


def test_unknown_field_on_flow_without_suggestion():
    d = only_error("version: v1\ntype: flow\nretry: []\nsteps:\n  - {type: pass, name: a}\n")
    assert as_tuple(d) == (3, 1, "retry", "unknown-field", "unknown field 'retry' in the flow")


def test_flow_timeout_bounds():
    d = only_error("version: v1\ntype: flow\ntimeoutSeconds: 0\nsteps:\n  - {type: pass, name: a}\n")
    assert as_tuple(d) == (3, 17, "timeoutSeconds", "range",
                           "'timeoutSeconds' is 0 s; it must be between 1 and 31536000 s")
    d = only_error("version: v1\ntype: flow\ntimeoutSeconds: 31536001\nsteps:\n  - {type: pass, name: a}\n")
    assert as_tuple(d) == (3, 17, "timeoutSeconds", "range",
                           "'timeoutSeconds' is 31536001 s; it must be between 1 and 31536000 s")


def test_flow_name_must_not_be_empty():
    d = only_error("version: v1\ntype: flow\nname: ''\nsteps:\n  - {type: pass, name: a}\n")
    assert as_tuple(d) == (3, 7, "name", "type", "'name' must not be empty")


# -- step types and fields ------------------------------------------------------------------------

def test_unknown_step_type_with_suggestion():
    d = only_error(steps("""\
        - type: paralel
          name: fan
        """))
    assert as_tuple(d) == (4, 9, "steps[0].type", "unknown-step-type",
                           f"unknown step type 'paralel' (did you mean 'parallel'?); step types are {STEP_TYPES}")


def test_unknown_step_type_without_suggestion():
    d = only_error(steps("""\
        - type: map
          name: m
        """))
    assert as_tuple(d) == (4, 9, "steps[0].type", "unknown-step-type",
                           f"unknown step type 'map'; step types are {STEP_TYPES}")


def test_step_type_null():
    d = only_error(steps("""\
        - type:
          name: m
        """))
    assert as_tuple(d) == (4, 8, "steps[0].type", "unknown-step-type",
                           f"'type' must name a step type ({STEP_TYPES}), not null")


@pytest.mark.parametrize("value", ["[task]", "{kind: task}"])
def test_step_type_that_is_a_list_or_mapping(value):
    report = check(steps(f"""\
        - type: {value}
          name: m
        """))
    shown = "a list" if value.startswith("[") else "a mapping"
    assert [as_tuple(d) for d in report.errors] == [
        (4, 9, "steps[0].type", "unknown-step-type", f"'type' must name a step type ({STEP_TYPES}), not {shown}")]


def test_step_missing_type():
    d = only_error(steps("""\
        - name: lonely
        """))
    assert as_tuple(d) == (4, 3, "steps[0]", "missing-field",
                           f"step is missing required field 'type' (one of {STEP_TYPES})")


def test_step_must_be_a_mapping():
    d = only_error(steps("""\
        - pass
        """))
    assert as_tuple(d) == (4, 3, "steps[0]", "type",
                           "a step must be a mapping with 'type' and 'name', not the string 'pass'")


def test_unknown_field_on_step_with_suggestion():
    d = only_error(steps(f"""\
        - type: task
          name: t
          resourceArn: {FC}
          retyr: []
        """))
    assert as_tuple(d) == (7, 3, "steps[0].retyr", "unknown-field",
                           "unknown field 'retyr' in a task step (did you mean 'retry'?)")


@pytest.mark.parametrize("step, field, value, hint", [
    ("task", "goto", "x", "'goto' belongs to choice options and catch entries"),
    ("pass", "next", "x", "FDL has no 'next': steps run in order; use a choice 'goto' to jump"),
    ("pass", "duration", "3", "'duration' belongs to wait steps"),
    ("pass", "catch", "[]", "'catch' belongs to task steps"),
    ("succeed", "error", "E", "'error' belongs to fail steps"),
    ("wait", "branches", "[]", "'branches' belongs to parallel steps"),
])
def test_unknown_field_on_step_belongs_elsewhere(step, field, value, hint):
    extra = {"task": f"  resourceArn: {FC}\n", "wait": "  duration: 1\n"}.get(step, "")
    d = only_error(HEAD + f"- type: {step}\n  name: s\n{extra}  {field}: {value}\n")
    line = 6 + bool(extra)
    assert as_tuple(d) == (line, 3, f"steps[0].{field}", "unknown-field",
                           f"unknown field '{field}' in a {step} step ({hint})")


@pytest.mark.parametrize("field, owner", [("iterationMapping", "foreach"), ("errorMappings", "task")])
def test_field_of_another_step_type_says_where_it_belongs(field, owner):
    # 'belongs to' wins over a spelling suggestion ('inputMappings', 'outputMappings' are close)
    d = only_error(HEAD + f"- type: pass\n  name: s\n  {field}: {{}}\n")
    assert as_tuple(d) == (6, 3, f"steps[0].{field}", "unknown-field",
                           f"unknown field '{field}' in a pass step ('{field}' belongs to {owner} steps)")


def test_unknown_field_on_step_without_any_hint():
    d = only_error(steps("""\
        - type: pass
          name: p
          colour: blue
        """))
    assert as_tuple(d) == (6, 3, "steps[0].colour", "unknown-field", "unknown field 'colour' in a pass step")


def test_step_missing_name():
    d = only_error(steps("""\
        - type: pass
          end: true
        """))
    assert as_tuple(d) == (4, 3, "steps[0]", "missing-field",
                           "pass step is missing required field 'name'")


@pytest.mark.parametrize("value, message", [
    ("3", "'name' must be a string, not the number 3"),
    ("[a]", "'name' must be a string, not a list"),
    ("", "'name' must be a string, not null"),
    ("''", "'name' must not be empty"),
    ("'  '", "'name' must not be empty"),
])
def test_step_name_kind(value, message):
    d = only_error(HEAD + f"- type: pass\n  name: {value}\n")
    column = 9 if value else 8
    assert as_tuple(d) == (5, column, "steps[0].name", "type", message)


@pytest.mark.parametrize("value, message", [
    ("'true'", "'end' must be true or false, not the string 'true'"),
    ("1", "'end' must be true or false, not the number 1"),
    ("null", "'end' must be true or false, not null"),
])
def test_end_must_be_a_boolean(value, message):
    d = only_error(HEAD + f"- type: pass\n  name: p\n  end: {value}\n")
    assert as_tuple(d) == (6, 8, "steps[0].end", "type", message)


def test_duplicate_sibling_step_names():
    d = only_error(steps("""\
        - type: pass
          name: twin
        - type: pass
          name: other
        - type: pass
          name: twin
        """))
    assert as_tuple(d) == (9, 9, "steps[2].name", "duplicate-step",
                           "duplicate step name 'twin' in this sequence (first used by steps[0] at line 4)")


def test_duplicate_step_names_in_a_nested_sequence():
    d = only_error(steps("""\
        - type: foreach
          name: each
          iterationMapping: {collection: $.items, item: it}
          steps:
            - type: pass
              name: twin
            - type: pass
              name: twin
        """))
    assert as_tuple(d) == (11, 13, "steps[0].steps[1].name", "duplicate-step",
                           "duplicate step name 'twin' in this sequence (first used by steps[0].steps[0] at line 8)")


# -- mappings -------------------------------------------------------------------------------------

def test_unknown_field_on_mapping_entry_position():
    d = only_error(steps("""\
        - type: pass
          name: p
          inputMappings:
            - target: a
              sorce: $input.a
              source: $input.b
        """))
    assert as_tuple(d) == (8, 7, "steps[0].inputMappings[0].sorce", "unknown-field",
                           "unknown field 'sorce' in an inputMappings entry (did you mean 'source'?)")


@pytest.mark.parametrize("key", ["inputMappings", "outputMappings", "errorMappings"])
def test_unknown_field_on_mapping_entry_message(key):
    d = only_error(steps(f"""\
        - type: task
          name: t
          resourceArn: {FC}
          {key}:
            - target: a
              sorce: $input.a
              source: $input.b
        """))
    assert as_tuple(d) == (9, 7, f"steps[0].{key}[0].sorce", "unknown-field",
                           f"unknown field 'sorce' in an {key} entry (did you mean 'source'?)")


@pytest.mark.parametrize("missing, present", [("target", "source: $input.a"), ("source", "target: a")])
def test_mapping_entry_missing_field(missing, present):
    d = only_error(steps(f"""\
        - type: pass
          name: p
          outputMappings:
            - {present}
        """))
    assert as_tuple(d) == (7, 7, "steps[0].outputMappings[0]", "missing-field",
                           f"mapping is missing required field '{missing}'")


def test_mapping_entry_must_be_a_mapping():
    d = only_error(steps("""\
        - type: pass
          name: p
          outputMappings:
            - a
        """))
    assert as_tuple(d) == (7, 7, "steps[0].outputMappings[0]", "type",
                           "a mapping entry must be {target, source}, not the string 'a'")


def test_mappings_must_be_a_list():
    d = only_error(steps("""\
        - type: pass
          name: p
          inputMappings: {target: a, source: b}
        """))
    assert as_tuple(d) == (6, 18, "steps[0].inputMappings", "type", "'inputMappings' must be a list, not a mapping")


def test_mapping_target_must_be_a_string():
    d = only_error(steps("""\
        - type: pass
          name: p
          inputMappings:
            - target: 7
              source: b
        """))
    assert as_tuple(d) == (7, 15, "steps[0].inputMappings[0].target", "type",
                           "'target' must be a string, not the number 7")


def test_flow_level_mapping_error():
    d = only_error("""\
        version: v1
        type: flow
        outputMappings:
          - target: total
            source: $local..total
        steps:
          - {type: pass, name: a}
        """)
    assert as_tuple(d) == (5, 19, "outputMappings[0].source", "path",
                           "invalid path '$local..total': recursive descent '..' is not supported")


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


# -- goto -----------------------------------------------------------------------------------------

def test_choice_goto_with_suggestion():
    d = only_error(steps("""\
        - type: choice
          name: route
          choices:
            - condition: $.done
              goto: finsh
        - type: succeed
          name: finish
        """))
    assert as_tuple(d) == (8, 13, "steps[0].choices[0].goto", "goto",
                           "goto target 'finsh' is not a step of this sequence (did you mean 'finish'?); goto can "
                           "only jump to a sibling of 'route' (route, finish)")


def test_choice_default_goto_naming_nothing():
    d = only_error(steps("""\
        - type: choice
          name: route
          choices:
            - condition: $.done
              goto: finish
          default:
            goto: nowhere
        - type: succeed
          name: finish
        """))
    assert as_tuple(d) == (10, 11, "steps[0].default.goto", "goto",
                           "goto target 'nowhere' is not a step of this sequence; goto can only jump to a "
                           "sibling of 'route' (route, finish)")


def test_catch_goto_with_suggestion():
    d = only_error(steps(f"""\
        - type: task
          name: work
          resourceArn: {FC}
          catch:
            - errors: [FnF.ALL]
              goto: cleanUp
        - type: pass
          name: cleanup
        """))
    assert as_tuple(d) == (9, 13, "steps[0].catch[0].goto", "goto",
                           "goto target 'cleanUp' is not a step of this sequence (did you mean 'cleanup'?); goto "
                           "can only jump to a sibling of 'work' (work, cleanup)")


def test_goto_into_another_sequence():
    d = only_error(steps("""\
        - type: choice
          name: route
          choices:
            - condition: $.retry
              goto: inner
        - type: parallel
          name: fan
          branches:
            - steps:
                - type: pass
                  name: inner
        """))
    assert as_tuple(d) == (8, 13, "steps[0].choices[0].goto", "goto",
                           "goto target 'inner' is not a step of this sequence; goto can only jump to a sibling "
                           "of 'route' (route, fan)")


def test_goto_out_of_a_nested_sequence():
    d = only_error(steps("""\
        - type: foreach
          name: each
          iterationMapping: {collection: $.items, item: it}
          steps:
            - type: choice
              name: check
              choices:
                - condition: $.it == 0
                  goto: done
        - type: succeed
          name: done
        """))
    assert as_tuple(d) == (12, 17, "steps[0].steps[0].choices[0].goto", "goto",
                           "goto target 'done' is not a step of this sequence; goto can only jump to a sibling of "
                           "'check' (check)")


def test_goto_must_be_a_string():
    d = only_error(steps("""\
        - type: choice
          name: route
          choices:
            - condition: $.done
              goto:
        """))
    assert as_tuple(d) == (8, 12, "steps[0].choices[0].goto", "type", "'goto' must be a string, not null")


def test_goto_to_a_step_with_a_bad_type_is_not_a_second_error():
    report = check(steps("""\
        - type: choice
          name: route
          choices:
            - condition: $.done
              goto: finish
        - type: succed
          name: finish
        """))
    assert [as_tuple(d) for d in report.errors] == [
        (9, 9, "steps[1].type", "unknown-step-type",
         f"unknown step type 'succed' (did you mean 'succeed'?); step types are {STEP_TYPES}")]


def test_goto_to_a_step_without_a_name_is_still_an_error():
    assert error_list(steps("""\
        - type: choice
          name: route
          choices:
            - condition: $.done
              goto: finish
        - type: succeed
          end: true
        """)) == [
        (8, 13, "steps[0].choices[0].goto", "goto",
         "goto target 'finish' is not a step of this sequence; goto can only jump to a sibling of 'route' (route)"),
        (9, 3, "steps[1]", "missing-field", "succeed step is missing required field 'name'"),
    ]


# -- task targets ---------------------------------------------------------------------------------

def test_task_without_target():
    d = only_error(steps("""\
        - type: task
          name: t
        """))
    assert as_tuple(d) == (4, 3, "steps[0]", "target", "a task step needs exactly one of 'resourceArn' or 'action'")


def test_task_with_both_targets():
    d = only_error(steps(f"""\
        - type: task
          name: t
          resourceArn: {FC}
          action: facebody:DetectFace
        """))
    assert as_tuple(d) == (
        7, 3, "steps[0].action", "target", "a task step needs exactly one of 'resourceArn' or 'action', not both")


@pytest.mark.parametrize("arn, message", [
    ("acs:fc:::services/svc/function/fn",
     "malformed fc resourceArn 'acs:fc:::services/svc/function/fn': expected "
     "acs:fc:{region}:{account}:services/{service}[.{qualifier}]/functions/{function}"),
    ("acs:fc:cn-hangzhou:123:services/svc/functions/",
     "malformed fc resourceArn 'acs:fc:cn-hangzhou:123:services/svc/functions/': expected "
     "acs:fc:{region}:{account}:services/{service}[.{qualifier}]/functions/{function}"),
    ("acs:fnf:::flows/child",
     "malformed fnf resourceArn 'acs:fnf:::flows/child': expected acs:fnf:::flow/{flow}"),
    ("acs:mns:::/queue/jobs/messages",
     "malformed mns resourceArn 'acs:mns:::/queue/jobs/messages': expected acs:mns:::/queues/{queue}/messages "
     "or acs:mns:::/topics/{topic}/messages"),
    ("acs:mns:::/topics/news",
     "malformed mns resourceArn 'acs:mns:::/topics/news': expected acs:mns:::/queues/{queue}/messages "
     "or acs:mns:::/topics/{topic}/messages"),
    ("acs:oss:::bucket/key",
     "unsupported resourceArn 'acs:oss:::bucket/key': product 'oss' cannot be a task target (FC functions, "
     "subflows and MNS queues/topics can; cloud APIs use 'action')"),
    ("services/svc/functions/fn",
     "resourceArn 'services/svc/functions/fn' is not an ARN: expected "
     "acs:fc:{region}:{account}:services/{service}[.{qualifier}]/functions/{function}, acs:fnf:::flow/{flow} or "
     "acs:mns:::/queues/{queue}/messages or acs:mns:::/topics/{topic}/messages"),
])
def test_malformed_resource_arn(arn, message):
    d = only_error(HEAD + f"- type: task\n  name: t\n  resourceArn: {arn}\n")
    assert as_tuple(d) == (6, 16, "steps[0].resourceArn", "target", message)


def test_resource_arn_must_be_a_string():
    d = only_error(HEAD + "- type: task\n  name: t\n  resourceArn: 42\n")
    assert as_tuple(d) == (6, 16, "steps[0].resourceArn", "type", "'resourceArn' must be a string, not the number 42")


@pytest.mark.parametrize("ref", ["fn", "a/b/c", "svc/"])
def test_ref_that_is_not_service_slash_function(ref):
    d = only_error(HEAD + f"- type: task\n  name: t\n  resourceArn: !Ref {ref}\n")
    assert as_tuple(d) == (6, 16, "steps[0].resourceArn", "target",
                           f"'!Ref {ref}' cannot be resolved: expected '!Ref service/function'")


def test_ref_in_a_mapping_source():
    d = only_error(steps("""\
        - type: pass
          name: p
          inputMappings:
            - target: fn
              source: !Ref svc/fn
        """))
    assert as_tuple(d) == (8, 15, "steps[0].inputMappings[0].source", "value",
                           "'!Ref svc/fn' can only stand for a task's resourceArn")


def test_ref_in_service_params():
    d = only_error(steps("""\
        - type: task
          name: child
          resourceArn: acs:fnf:::flow/child
          serviceParams:
            Input: !Ref svc/fn
        """))
    assert as_tuple(d) == (8, 12, "steps[0].serviceParams.Input", "value",
                           "'!Ref svc/fn' can only stand for a task's resourceArn")


def test_ref_as_a_number():
    d = only_error(steps(f"""\
        - type: task
          name: t
          resourceArn: {FC}
          timeoutSeconds: !Ref svc/fn
        """))
    assert as_tuple(d) == (7, 19, "steps[0].timeoutSeconds", "type", "'timeoutSeconds' must be a number, not '!Ref svc/fn'")


def test_ref_in_action():
    d = only_error(steps("""\
        - type: task
          name: t
          action: !Ref svc/fn
        """))
    assert as_tuple(d) == (6, 11, "steps[0].action", "target",
                           "'!Ref svc/fn' stands for an FC function and can only be a resourceArn; an action is "
                           "'{product}:{Api}'")


# -- patterns -------------------------------------------------------------------------------------

@pytest.mark.parametrize("arn, kind", [
    ("acs:mns:::/queues/jobs/messages", "MNS queues"),
    ("acs:mns:::/topics/news/messages", "MNS topics"),
])
def test_sync_pattern_on_mns(arn, kind):
    d = only_error(HEAD + f"- type: task\n  name: t\n  resourceArn: {arn}\n  pattern: sync\n"
                          f"  serviceParams:\n    MessageBody: $\n")
    assert as_tuple(d) == (7, 12, "steps[0].pattern", "pattern",
                           f"pattern 'sync' is not supported for {kind}: use requestResponse or waitForCallback")


@pytest.mark.parametrize("value, hint", [
    ("synchronous", ""),
    ("waitforcallback", " (did you mean 'waitForCallback'?)"),
    ("RequestResponse", " (did you mean 'requestResponse'?)"),
])
def test_unknown_pattern(value, hint):
    d = only_error(HEAD + f"- type: task\n  name: t\n  resourceArn: {FC}\n  pattern: {value}\n")
    assert as_tuple(d) == (7, 12, "steps[0].pattern", "value",
                           f"unknown pattern '{value}'{hint}; patterns are requestResponse, sync, waitForCallback")


# -- serviceParams of each integration ------------------------------------------------------------

def test_fc_invocation_type_with_suggestion():
    d = only_error(steps(f"""\
        - type: task
          name: t
          resourceArn: {FC}
          serviceParams:
            InvocationType: async
        """))
    assert as_tuple(d) == (8, 21, "steps[0].serviceParams.InvocationType", "value",
                           "InvocationType must be 'Sync' or 'Async', not the string 'async' (did you mean 'Async'?)")


def test_fc_invocation_type_unknown():
    d = only_error(steps(f"""\
        - type: task
          name: t
          resourceArn: {FC}
          serviceParams:
            InvocationType: Event
        """))
    assert as_tuple(d) == (8, 21, "steps[0].serviceParams.InvocationType", "value",
                           "InvocationType must be 'Sync' or 'Async', not the string 'Event'")


def test_mns_queue_without_service_params():
    d = only_error(steps("""\
        - type: task
          name: send
          resourceArn: acs:mns:::/queues/jobs/messages
        """))
    assert as_tuple(d) == (4, 3, "steps[0]", "missing-field",
                           "an MNS queue task needs serviceParams.MessageBody (for example 'MessageBody: $' "
                           "sends the mapped input)")


def test_mns_topic_without_message_body():
    d = only_error(steps("""\
        - type: task
          name: publish
          resourceArn: acs:mns:::/topics/news/messages
          serviceParams:
            MessageTag: urgent
        """))
    assert as_tuple(d) == (7, 3, "steps[0].serviceParams", "missing-field",
                           "an MNS topic task needs serviceParams.MessageBody (for example 'MessageBody: $' "
                           "sends the mapped input)")


@pytest.mark.parametrize("param, value, message", [
    ("DelaySeconds", "604801", "'DelaySeconds' is 604801; it must be between 0 and 604800"),
    ("DelaySeconds", "-1", "'DelaySeconds' is -1; it must be between 0 and 604800"),
    ("Priority", "0", "'Priority' is 0; it must be between 1 and 16"),
    ("Priority", "17", "'Priority' is 17; it must be between 1 and 16"),
    ("Priority", "1.5", "'Priority' must be an integer, not the number 1.5"),
])
def test_mns_queue_parameter_ranges(param, value, message):
    d = only_error(HEAD + f"- type: task\n  name: send\n  resourceArn: acs:mns:::/queues/jobs/messages\n"
                          f"  serviceParams:\n    MessageBody: $\n    {param}: {value}\n")
    assert as_tuple(d) == (9, 7 + len(param), f"steps[0].serviceParams.{param}",
                           "type" if "integer" in message else "range", message)


def test_fnf_action_other_than_start_execution():
    d = only_error(steps("""\
        - type: task
          name: stop
          action: fnf:StopExecution
        """))
    assert as_tuple(d) == (6, 11, "steps[0].action", "action",
                           "unknown action 'fnf:StopExecution' (did you mean 'StartExecution'?); the fnf "
                           "integration offers fnf:StartExecution")


def test_fnf_start_execution_without_flow_name():
    d = only_error(steps("""\
        - type: task
          name: start
          action: fnf:StartExecution
          serviceParams:
            Input: $
        """))
    assert as_tuple(d) == (7, 3, "steps[0].serviceParams", "missing-parameter",
                           "fnf:StartExecution requires serviceParams.FlowName")


def test_malformed_action():
    d = only_error(steps("""\
        - type: task
          name: a
          action: "facebody DetectFace"
        """))
    assert as_tuple(d) == (6, 11, "steps[0].action", "target",
                           "malformed action 'facebody DetectFace': expected '{product}:{Api}', e.g. "
                           "'facebody:DetectFace'")


def test_unknown_vision_product():
    d = only_error(steps("""\
        - type: task
          name: a
          action: facebodi:DetectFace
        """))
    assert as_tuple(d) == (6, 11, "steps[0].action", "action",
                           "unknown product 'facebodi' (did you mean 'facebody'?); actions name one of facebody, "
                           "ocr, goodstech, imagerecog, imageseg, imageenhan, objectdet or fnf")


def test_unknown_vision_api():
    d = only_error(steps("""\
        - type: task
          name: a
          action: facebody:DetectFaces
          serviceParams:
            ImageURL: $.url
        """))
    assert as_tuple(d) == (6, 11, "steps[0].action", "action",
                           "unknown facebody API 'DetectFaces' (did you mean 'DetectFace'?)")


def test_vision_api_without_service_params():
    d = only_error(steps("""\
        - type: task
          name: a
          action: facebody:DetectFace
        """))
    assert as_tuple(d) == (4, 3, "steps[0]", "missing-parameter", "facebody:DetectFace requires serviceParams.ImageURL")


def test_vision_api_missing_a_required_parameter():
    d = only_error(steps("""\
        - type: task
          name: card
          action: ocr:RecognizeIdentityCard
          serviceParams:
            ImageURL: $.image
        """))
    assert as_tuple(d) == (7, 3, "steps[0].serviceParams", "missing-parameter",
                           "ocr:RecognizeIdentityCard requires serviceParams.Side")


def test_vision_api_parameter_with_the_wrong_case():
    report = check(steps("""\
        - type: task
          name: face
          action: facebody:DetectFace
          serviceParams:
            ImageUrl: $.image
        """))
    assert [(d.severity, *as_tuple(d)) for d in report.diagnostics] == [
        ("error", 7, 3, "steps[0].serviceParams", "missing-parameter",
         "facebody:DetectFace requires serviceParams.ImageURL (found 'ImageUrl': parameter names are case-sensitive)"),
        ("warning", 8, 5, "steps[0].serviceParams.ImageUrl", "unknown-parameter",
         "facebody:DetectFace does not take serviceParams.ImageUrl (did you mean 'ImageURL'?)"),
    ]
    assert report.flow is None


def test_service_params_must_be_a_mapping():
    d = only_error(steps("""\
        - type: task
          name: child
          resourceArn: acs:fnf:::flow/child
          serviceParams: $
        """))
    assert as_tuple(d) == (7, 18, "steps[0].serviceParams", "type", "'serviceParams' must be a mapping, not the string '$'")


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


# -- parallel and foreach -------------------------------------------------------------------------

def test_parallel_missing_branches():
    d = only_error(steps("""\
        - type: parallel
          name: fan
        """))
    assert as_tuple(d) == (4, 3, "steps[0]", "missing-field",
                           "parallel step is missing required field 'branches'")


def test_parallel_with_no_branches():
    d = only_error(steps("""\
        - type: parallel
          name: fan
          branches: []
        """))
    assert as_tuple(d) == (6, 13, "steps[0].branches", "value", "a parallel step needs at least one branch")


def test_parallel_with_101_branches():
    body = "".join(f"      - steps: [{{type: pass, name: b{i}}}]\n" for i in range(101))
    d = only_error(HEAD + "  - type: parallel\n    name: fan\n    branches:\n" + body)
    assert as_tuple(d) == (7, 7, "steps[0].branches", "limit", "parallel step has 101 branches; at most 100 are allowed")


def test_parallel_with_100_branches_is_valid():
    body = "".join(f"      - steps: [{{type: pass, name: b{i}}}]\n" for i in range(100))
    report = check(HEAD + "  - type: parallel\n    name: fan\n    branches:\n" + body)
    assert report.ok and report.diagnostics == ()
    assert len(report.flow.steps[0].branches) == 100


def test_branch_missing_steps():
    d = only_error(steps("""\
        - type: parallel
          name: fan
          branches:
            - {}
        """))
    assert as_tuple(d) == (7, 7, "steps[0].branches[0]", "missing-field",
                           "branch is missing required field 'steps'")


def test_unknown_field_on_branch():
    d = only_error(steps("""\
        - type: parallel
          name: fan
          branches:
            - name: left
              steps:
                - {type: pass, name: p}
        """))
    assert as_tuple(d) == (7, 7, "steps[0].branches[0].name", "unknown-field", "unknown field 'name' in a parallel branch")


def test_branch_must_be_a_mapping():
    d = only_error(steps("""\
        - type: parallel
          name: fan
          branches:
            - - {type: pass, name: p}
        """))
    assert as_tuple(d) == (7, 7, "steps[0].branches[0]", "type", "a branch must be a mapping with 'steps', not a list")


def test_foreach_missing_iteration_mapping():
    d = only_error(steps("""\
        - type: foreach
          name: each
          steps:
            - {type: pass, name: p}
        """))
    assert as_tuple(d) == (4, 3, "steps[0]", "missing-field",
                           "foreach step is missing required field 'iterationMapping'")


def test_foreach_missing_steps():
    d = only_error(steps("""\
        - type: foreach
          name: each
          iterationMapping: {collection: $.items, item: it}
        """))
    assert as_tuple(d) == (4, 3, "steps[0]", "missing-field",
                           "foreach step is missing required field 'steps'")


@pytest.mark.parametrize("present, missing", [("item: it", "collection"), ("collection: $.items", "item")])
def test_iteration_mapping_missing_field(present, missing):
    d = only_error(HEAD + f"- type: foreach\n  name: each\n  iterationMapping:\n    {present}\n"
                          f"  steps:\n    - {{type: pass, name: p}}\n")
    # the key 'iterationMapping' is where the incomplete mapping is named
    assert as_tuple(d) == (6, 3, "steps[0].iterationMapping", "missing-field",
                           f"iterationMapping is missing required field '{missing}'")


def test_unknown_field_on_iteration_mapping():
    d = only_error(steps("""\
        - type: foreach
          name: each
          iterationMapping:
            collection: $.items
            item: it
            idx: i
          steps:
            - {type: pass, name: p}
        """))
    assert as_tuple(d) == (9, 5, "steps[0].iterationMapping.idx", "unknown-field",
                           "unknown field 'idx' in iterationMapping (did you mean 'index'?)")


def test_iteration_mapping_must_be_a_mapping():
    d = only_error(steps("""\
        - type: foreach
          name: each
          iterationMapping: [$.items, it]
          steps:
            - {type: pass, name: p}
        """))
    assert as_tuple(d) == (6, 21, "steps[0].iterationMapping", "type",
                           "'iterationMapping' must be a mapping, not a list")


@pytest.mark.parametrize("value, code, message", [
    ("0", "range", "'maxConcurrency' is 0; it must be between 1 and 100"),
    ("101", "range", "'maxConcurrency' is 101; it must be between 1 and 100"),
    ("2.5", "type", "'maxConcurrency' must be an integer, not the number 2.5"),
])
def test_foreach_max_concurrency(value, code, message):
    d = only_error(HEAD + f"- type: foreach\n  name: each\n  maxConcurrency: {value}\n"
                          f"  iterationMapping: {{collection: $.items, item: it}}\n  steps:\n    - {{type: pass, name: p}}\n")
    assert as_tuple(d) == (6, 19, "steps[0].maxConcurrency", code, message)


# -- retry, catch and task timeout ----------------------------------------------------------------

def retry_error(policy_lines):
    """The one error of a task whose single retry policy is `policy_lines` (starting on line 8)."""
    return only_error(HEAD + f"- type: task\n  name: t\n  resourceArn: {FC}\n  retry:\n" + policy_lines)


@pytest.mark.parametrize("field, value, code, message", [
    ("intervalSeconds", "0", "range", "'intervalSeconds' is 0; it must be between 1 and 86400"),
    ("intervalSeconds", "86401", "range", "'intervalSeconds' is 86401; it must be between 1 and 86400"),
    ("intervalSeconds", "1.5", "type", "'intervalSeconds' must be an integer, not the number 1.5"),
    ("maxIntervalSeconds", "0", "range", "'maxIntervalSeconds' is 0; it must be between 1 and 86400"),
    ("maxIntervalSeconds", "86401", "range", "'maxIntervalSeconds' is 86401; it must be between 1 and 86400"),
    ("maxAttempts", "-1", "range", "'maxAttempts' is -1; it must be at least 0"),
    ("maxAttempts", "2.0", "type", "'maxAttempts' must be an integer, not the number 2.0"),
    ("maxAttempts", "'3'", "type", "'maxAttempts' must be an integer, not the string '3'"),
    ("multiplier", "0.5", "range", "'multiplier' is 0.5; it must be at least 1"),
    ("multiplier", "true", "type", "'multiplier' must be a number, not true"),
])
def test_retry_field_bounds(field, value, code, message):
    d = retry_error(f"    - errors: [FC.Unknown]\n      {field}: {value}\n")
    assert as_tuple(d) == (9, 9 + len(field), f"steps[0].retry[0].{field}", code, message)


def test_retry_bounds_are_inclusive():
    report = check(HEAD + f"- type: task\n  name: t\n  resourceArn: {FC}\n  retry:\n"
                          "    - errors: [A]\n      intervalSeconds: 86400\n      maxIntervalSeconds: 1\n"
                          "      maxAttempts: 0\n      multiplier: 1\n")
    assert report.ok and report.diagnostics == ()


def test_retry_policy_missing_errors():
    d = retry_error("    - intervalSeconds: 2\n")
    assert as_tuple(d) == (8, 7, "steps[0].retry[0]", "missing-field",
                           "retry policy is missing required field 'errors'")


def test_unknown_field_on_retry_policy():
    d = retry_error("    - errors: [A]\n      maxAttempt: 2\n")
    assert as_tuple(d) == (9, 7, "steps[0].retry[0].maxAttempt", "unknown-field",
                           "unknown field 'maxAttempt' in a retry policy (did you mean 'maxAttempts'?)")


def test_retry_policy_must_be_a_mapping():
    d = retry_error("    - FC.Unknown\n")
    assert as_tuple(d) == (8, 7, "steps[0].retry[0]", "type",
                           "a retry policy must be a mapping with 'errors', not the string 'FC.Unknown'")


def test_retry_errors_must_be_a_list():
    d = retry_error("    - errors: FC.Unknown\n")
    assert as_tuple(d) == (8, 15, "steps[0].retry[0].errors", "type", "'errors' must be a list, not the string 'FC.Unknown'")


def test_retry_errors_must_not_be_empty():
    d = retry_error("    - errors: []\n")
    assert as_tuple(d) == (8, 15, "steps[0].retry[0].errors", "value", "'errors' must name at least one error (or FnF.ALL)")


def test_retry_error_names_must_be_non_empty_strings():
    assert error_list(HEAD + f"- type: task\n  name: t\n  resourceArn: {FC}\n  retry:\n"
                             "    - errors: [1, '']\n") == [
        (8, 16, "steps[0].retry[0].errors[0]", "type", "each entry of 'errors' must be a non-empty string, not the number 1"),
        (8, 19, "steps[0].retry[0].errors[1]", "type", "each entry of 'errors' must be a non-empty string, not the string ''"),
    ]


def test_retry_must_be_a_list():
    d = only_error(HEAD + f"- type: task\n  name: t\n  resourceArn: {FC}\n  retry:\n    errors: [A]\n")
    assert as_tuple(d) == (8, 5, "steps[0].retry", "type", "'retry' must be a list, not a mapping")


def catch_error(entry_lines):
    return only_error(HEAD + f"- type: task\n  name: t\n  resourceArn: {FC}\n  catch:\n" + entry_lines)


def test_catch_entry_missing_goto():
    d = catch_error("    - errors: [FnF.ALL]\n")
    assert as_tuple(d) == (8, 7, "steps[0].catch[0]", "missing-field",
                           "catch entry is missing required field 'goto'")


def test_catch_entry_missing_errors():
    d = catch_error("    - goto: t\n")
    assert as_tuple(d) == (8, 7, "steps[0].catch[0]", "missing-field",
                           "catch entry is missing required field 'errors'")


def test_unknown_field_on_catch_entry():
    d = catch_error("    - errors: [FnF.ALL]\n      goto: t\n      cause: x\n")
    assert as_tuple(d) == (10, 7, "steps[0].catch[0].cause", "unknown-field", "unknown field 'cause' in a catch entry")


def test_unknown_field_on_catch_entry_with_suggestion():
    d = catch_error("    - errors: [FnF.ALL]\n      goto: t\n      error: [X]\n")
    assert as_tuple(d) == (10, 7, "steps[0].catch[0].error", "unknown-field",
                           "unknown field 'error' in a catch entry (did you mean 'errors'?)")


def test_catch_entry_must_be_a_mapping():
    d = catch_error("    - [FnF.ALL]\n")
    assert as_tuple(d) == (8, 7, "steps[0].catch[0]", "type",
                           "a catch entry must be a mapping with 'errors' and 'goto', not a list")


def test_catch_errors_must_not_be_empty():
    d = catch_error("    - errors: []\n      goto: t\n")
    assert as_tuple(d) == (8, 15, "steps[0].catch[0].errors", "value", "'errors' must name at least one error (or FnF.ALL)")


@pytest.mark.parametrize("value, message", [
    ("0", "'timeoutSeconds' is 0 s; it must be between 1 and 31536000 s"),
    ("31536001", "'timeoutSeconds' is 31536001 s; it must be between 1 and 31536000 s"),
    ("'60'", "'timeoutSeconds' must be a number, not the string '60'"),
])
def test_task_timeout_bounds(value, message):
    d = only_error(HEAD + f"- type: task\n  name: t\n  resourceArn: {FC}\n  timeoutSeconds: {value}\n")
    assert as_tuple(d) == (7, 19, "steps[0].timeoutSeconds", "type" if "string" in message else "range", message)


# -- YAML-level problems --------------------------------------------------------------------------

def test_duplicate_yaml_key():
    d = only_error(steps("""\
        - type: pass
          name: first
          name: second
        """))
    assert as_tuple(d) == (6, 3, "steps[0].name", "duplicate-key", "duplicate key 'name' (first given at line 5)")


def test_duplicate_top_level_key():
    d = only_error("version: v1\ntype: flow\nsteps:\n  - {type: pass, name: a}\nversion: v1beta1\n")
    assert as_tuple(d) == (5, 1, "version", "duplicate-key", "duplicate key 'version' (first given at line 1)")


def test_unsupported_tag_on_a_scalar():
    d = only_error(steps("""\
        - type: pass
          name: p
          outputMappings:
            - target: region
              source: !Sub '${ALIYUN::Region}'
        """))
    assert as_tuple(d) == (8, 15, "steps[0].outputMappings[0].source", "yaml-tag",
                           "unsupported YAML tag '!Sub' (only '!Ref service/function' is understood)")


def test_unsupported_tag_on_a_collection():
    d = only_error(steps("""\
        - type: pass
          name: p
          outputMappings: !Each
            - target: region
              source: here
        """))
    assert as_tuple(d) == (6, 19, "steps[0].outputMappings", "yaml-tag", "unsupported YAML tag '!Each'")


def test_unsupported_tag_in_resource_arn():
    assert error_list(steps("""\
        - type: task
          name: t
          resourceArn: !GetAtt fn.Arn
        """))[0] == (6, 16, "steps[0].resourceArn", "yaml-tag",
                     "unsupported YAML tag '!GetAtt' (only '!Ref service/function' is understood)")


def test_non_scalar_mapping_key():
    d = only_error(steps("""\
        - type: pass
          name: p
          ? [a, b]
          : c
        """))
    assert as_tuple(d) == (6, 5, "steps[0]", "yaml", "mapping keys must be plain names")


def test_yaml11_boolean_key_is_named_as_written():
    d = only_error(steps("""\
        - type: pass
          name: p
          on: start
        """))
    assert as_tuple(d) == (6, 3, "steps[0].on", "unknown-field", "unknown field 'on' in a pass step")


def test_yaml11_boolean_keys_are_distinct_names():
    assert error_list(steps("""\
        - type: pass
          name: p
          yes: 1
          on: 2
        """)) == [(6, 3, "steps[0].yes", "unknown-field", "unknown field 'yes' in a pass step"),
                  (7, 3, "steps[0].on", "unknown-field", "unknown field 'on' in a pass step")]


# -- FlowDefinitionError and collecting every problem ---------------------------------------------

MANY_PROBLEMS = """\
version: v1
type: flow
steps:
  - type: pass
    name: init
    colour: red
  - type: wait
    name: pause
    duration: 999999
  - type: choice
    name: route
    choices:
      - condition: $.a =! 1
        goto: init
      - condition: $.b
        goto: finsh
  - type: task
    name: work
    resourceArn: acs:fc:::services/svc/function/fn
    retry:
      - errors: [FC.Unknown]
        multiplier: 0
  - type: pass
    name: init
  - type: succeed
    name: finish
"""


def test_every_problem_is_reported_in_line_order():
    assert error_list(MANY_PROBLEMS) == [
        (6, 5, "steps[0].colour", "unknown-field", "unknown field 'colour' in a pass step"),
        (9, 15, "steps[1].duration", "limit", "a wait lasts at most 2 days (172800 s), not 999999 s"),
        (13, 24, "steps[2].choices[0].condition", "condition",
         "invalid condition '$.a =! 1': unexpected '='; did you mean '=='?"),
        (16, 15, "steps[2].choices[1].goto", "goto",
         "goto target 'finsh' is not a step of this sequence (did you mean 'finish'?); goto can only jump to a "
         "sibling of 'route' (init, pause, route, work, init, finish)"),
        (19, 18, "steps[3].resourceArn", "target",
         "malformed fc resourceArn 'acs:fc:::services/svc/function/fn': expected "
         "acs:fc:{region}:{account}:services/{service}[.{qualifier}]/functions/{function}"),
        (22, 21, "steps[3].retry[0].multiplier", "range", "'multiplier' is 0; it must be at least 1"),
        (24, 11, "steps[4].name", "duplicate-step",
         "duplicate step name 'init' in this sequence (first used by steps[0] at line 4)"),
    ]


def test_parse_flow_raises_with_every_diagnostic():
    with pytest.raises(FlowDefinitionError) as info:
        parse_flow(MANY_PROBLEMS, "many.yaml")
    exc = info.value
    assert len(exc.diagnostics) == 7 and exc.errors == exc.diagnostics
    assert [d.line for d in exc.diagnostics] == [6, 9, 13, 16, 19, 22, 24]
    assert str(exc).splitlines()[0] == "many.yaml:6:5: error: steps[0].colour: unknown field 'colour' in a pass step"
    assert str(exc).splitlines() == [d.format() for d in exc.diagnostics]


def test_format_of_a_document_level_error_has_no_path():
    d = only_error("- a\n")
    assert d.format() == ("flow.yaml:1:1: error: a flow definition must be a mapping with 'version', 'type' "
                          "and 'steps', not a list")
    assert d.to_dict() == {"file": "flow.yaml", "line": 1, "column": 1, "severity": "error", "code": "type",
                           "path": "", "message": d.message}


# -- positions of entries that lack a required field ----------------------------------------------
# An entry that lacks a field is reported where the entry starts (its first key), as for every other
# problem with a whole step; the entries below are not the first of their list, so the list's own
# position would be a different line.

MISSING_AT_ENTRY = [
    ("step name", steps("""\
        - type: pass
          name: a
        - type: pass
          end: true
        """), (6, 3, "steps[1]")),
    ("choices", steps("""\
        - type: pass
          name: a
        - type: choice
          name: c
        """), (6, 3, "steps[1]")),
    ("option condition", steps("""\
        - type: choice
          name: c
          choices:
            - condition: $.a
              goto: c
            - goto: c
        """), (9, 7, "steps[0].choices[1]")),
    ("branch steps", steps("""\
        - type: parallel
          name: fan
          branches:
            - steps: [{type: pass, name: p}]
            - {}
        """), (8, 7, "steps[0].branches[1]")),
    ("mapping target", steps("""\
        - type: pass
          name: p
          outputMappings:
            - target: a
              source: b
            - source: c
        """), (9, 7, "steps[0].outputMappings[1]")),
    ("retry errors", steps(f"""\
        - type: task
          name: t
          resourceArn: {FC}
          retry:
            - errors: [A]
            - maxAttempts: 1
        """), (9, 7, "steps[0].retry[1]")),
    ("catch goto", steps(f"""\
        - type: task
          name: t
          resourceArn: {FC}
          catch:
            - errors: [A]
              goto: t
            - errors: [B]
        """), (10, 7, "steps[0].catch[1]")),
    ("wait both", steps("""\
        - type: pass
          name: a
        - type: wait
          name: w
          duration: 1
          timestamp: 2030-01-01T00:00:00Z
        """), (6, 3, "steps[1]")),
]


@pytest.mark.parametrize("text, where", [(t, w) for _, t, w in MISSING_AT_ENTRY],
                         ids=[name for name, _, _ in MISSING_AT_ENTRY])
def test_missing_field_is_reported_at_the_entry(text, where):
    d = only_error(text)
    assert (d.line, d.column, d.path) == where
