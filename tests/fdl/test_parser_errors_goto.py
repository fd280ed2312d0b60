"""Parser errors of goto targets, retry policies, catch entries and task timeouts."""
import pytest
from parser_errors_support import FC, HEAD, STEP_TYPES, as_tuple, check, error_list, only_error, steps


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


@pytest.mark.parametrize("policy_lines, expected", [
    pytest.param("    - intervalSeconds: 2\n",
                 (8, 7, "steps[0].retry[0]", "missing-field", "retry policy is missing required field 'errors'"),
                 id="missing-errors"),
    pytest.param("    - errors: [A]\n      maxAttempt: 2\n",
                 (9, 7, "steps[0].retry[0].maxAttempt", "unknown-field",
                  "unknown field 'maxAttempt' in a retry policy (did you mean 'maxAttempts'?)"),
                 id="unknown-field"),
    pytest.param("    - FC.Unknown\n",
                 (8, 7, "steps[0].retry[0]", "type",
                  "a retry policy must be a mapping with 'errors', not the string 'FC.Unknown'"),
                 id="not-a-mapping"),
    pytest.param("    - errors: FC.Unknown\n",
                 (8, 15, "steps[0].retry[0].errors", "type", "'errors' must be a list, not the string 'FC.Unknown'"),
                 id="errors-not-a-list"),
    pytest.param("    - errors: []\n",
                 (8, 15, "steps[0].retry[0].errors", "value", "'errors' must name at least one error (or FnF.ALL)"),
                 id="errors-empty"),
])
def test_retry_policy_error(policy_lines, expected):
    assert as_tuple(retry_error(policy_lines)) == expected


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


@pytest.mark.parametrize("entry_lines, expected", [
    pytest.param("    - errors: [FnF.ALL]\n",
                 (8, 7, "steps[0].catch[0]", "missing-field", "catch entry is missing required field 'goto'"),
                 id="missing-goto"),
    pytest.param("    - goto: t\n",
                 (8, 7, "steps[0].catch[0]", "missing-field", "catch entry is missing required field 'errors'"),
                 id="missing-errors"),
    pytest.param("    - errors: [FnF.ALL]\n      goto: t\n      cause: x\n",
                 (10, 7, "steps[0].catch[0].cause", "unknown-field", "unknown field 'cause' in a catch entry"),
                 id="unknown-field"),
    pytest.param("    - errors: [FnF.ALL]\n      goto: t\n      error: [X]\n",
                 (10, 7, "steps[0].catch[0].error", "unknown-field",
                  "unknown field 'error' in a catch entry (did you mean 'errors'?)"),
                 id="unknown-field-with-suggestion"),
    pytest.param("    - [FnF.ALL]\n",
                 (8, 7, "steps[0].catch[0]", "type",
                  "a catch entry must be a mapping with 'errors' and 'goto', not a list"),
                 id="not-a-mapping"),
    pytest.param("    - errors: []\n      goto: t\n",
                 (8, 15, "steps[0].catch[0].errors", "value", "'errors' must name at least one error (or FnF.ALL)"),
                 id="errors-empty"),
])
def test_catch_entry_error(entry_lines, expected):
    assert as_tuple(catch_error(entry_lines)) == expected


@pytest.mark.parametrize("value, message", [
    ("0", "'timeoutSeconds' is 0 s; it must be between 1 and 31536000 s"),
    ("31536001", "'timeoutSeconds' is 31536001 s; it must be between 1 and 31536000 s"),
    ("'60'", "'timeoutSeconds' must be a number, not the string '60'"),
])
def test_task_timeout_bounds(value, message):
    d = only_error(HEAD + f"- type: task\n  name: t\n  resourceArn: {FC}\n  timeoutSeconds: {value}\n")
    assert as_tuple(d) == (7, 19, "steps[0].timeoutSeconds", "type" if "string" in message else "range", message)
