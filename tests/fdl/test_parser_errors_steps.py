"""Parser errors of steps: unknown or missing fields and types, names, mappings, parallel and foreach."""
import pytest
from parser_errors_support import FC, HEAD, STEP_TYPES, as_tuple, check, only_error, steps


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
