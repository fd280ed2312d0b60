"""Parser errors of the document as a whole: shape, version, flow-level fields, YAML, and collecting every problem."""
import pytest
from parser_errors_support import as_tuple, check, error_list, only_error, steps

from fakecloud.fdl import FlowDefinitionError, parse_flow


# -- the document ---------------------------------------------------------------------------------

def test_top_level_list():
    d = only_error("- type: pass\n- name: a\n")
    assert as_tuple(d) == (1, 1, "", "type", "a flow definition must be a mapping with 'version', 'type' "
                                             "and 'steps', not a list")


def test_top_level_scalar():
    d = only_error("hello\n")
    assert as_tuple(d) == (1, 1, "", "type", "a flow definition must be a mapping with 'version', 'type' "
                                             "and 'steps', not the string 'hello'")


def test_cloudflow_state_machine_document_is_read_as_a_state_machine():
    report = check(STATE_MACHINE)
    assert (report.ok, report.dialect, report.diagnostics) == (True, "StateMachine", ())
    assert [s.name for s in report.flow.states] == ["Hello"]


STATE_MACHINE = """\
    Type: StateMachine
    Name: orders
    SpecVersion: v1
    StartAt: Hello
    States:
      - Type: Pass
        Name: Hello
        End: true
    """


@pytest.mark.parametrize("missing, text", [
    ("version", "type: flow\nsteps:\n  - {type: pass, name: a}\n"),
    ("type", "version: v1\nsteps:\n  - {type: pass, name: a}\n"),
    ("steps", "version: v1\ntype: flow\n"),
])
def test_flow_missing_required_field(missing, text):
    d = only_error(text)
    assert as_tuple(d) == (1, 1, "", "missing-field", f"the flow is missing required field '{missing}'")


ONE_STEP = "steps:\n  - {type: pass, name: a}\n"


@pytest.mark.parametrize("text, expected", [
    pytest.param("version: v1\ntype: Flow\n" + ONE_STEP,
                 (2, 7, "type", "value", "flow 'type' must be 'flow', not 'Flow'"), id="type-not-flow"),
    pytest.param("version: v1\ntype: [flow]\n" + ONE_STEP,
                 (2, 7, "type", "type", "'type' must be a string, not a list"), id="type-not-a-string"),
    pytest.param("version: v2\ntype: flow\n" + ONE_STEP,
                 (1, 10, "version", "value", "unsupported version 'v2': use 'v1' (or the older 'v1beta1')"),
                 id="unsupported-version"),
    pytest.param("version: V1\ntype: flow\n" + ONE_STEP,   # no "did you mean": the message already names v1
                 (1, 10, "version", "value", "unsupported version 'V1': use 'v1' (or the older 'v1beta1')"),
                 id="version-close-to-a-known-one"),
    pytest.param("version: 1\ntype: flow\n" + ONE_STEP,
                 (1, 10, "version", "value", "unsupported version 1: use 'v1' (or the older 'v1beta1')"),
                 id="numeric-version"),
    pytest.param("version: v1\ntype: flow\nsteps: []\n",
                 (3, 8, "steps", "value", "a flow needs at least one step"), id="empty-steps"),
    pytest.param("version: v1\ntype: flow\nsteps:\n  type: pass\n  name: a\n",
                 (4, 3, "steps", "type", "'steps' must be a list, not a mapping"), id="steps-not-a-list"),
    pytest.param("version: v1\ntype: flow\nsteps:\n",
                 (3, 7, "steps", "type", "'steps' must be a list, not null"), id="steps-null"),
    pytest.param("version: v1\ntype: flow\ntimeoutSecond: 60\n" + ONE_STEP,
                 (3, 1, "timeoutSecond", "unknown-field",
                  "unknown field 'timeoutSecond' in the flow (did you mean 'timeoutSeconds'?)"),
                 id="unknown-field-with-suggestion"),
    pytest.param("version: v1\ntype: flow\nretry: []\n" + ONE_STEP,
                 (3, 1, "retry", "unknown-field", "unknown field 'retry' in the flow"),
                 id="unknown-field-without-suggestion"),
    pytest.param("version: v1\ntype: flow\ntimeoutSeconds: 0\n" + ONE_STEP,
                 (3, 17, "timeoutSeconds", "range", "'timeoutSeconds' is 0 s; it must be between 1 and 31536000 s"),
                 id="timeout-below-range"),
    pytest.param("version: v1\ntype: flow\ntimeoutSeconds: 31536001\n" + ONE_STEP,
                 (3, 17, "timeoutSeconds", "range",
                  "'timeoutSeconds' is 31536001 s; it must be between 1 and 31536000 s"),
                 id="timeout-above-range"),
    pytest.param("version: v1\ntype: flow\nname: ''\n" + ONE_STEP,
                 (3, 7, "name", "type", "'name' must not be empty"), id="empty-name"),
])
def test_flow_level_field_error(text, expected):
    assert as_tuple(only_error(text)) == expected


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
