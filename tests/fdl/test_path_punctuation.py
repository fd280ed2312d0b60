"""A non-ASCII punctuation mark inside a path's field name (a trailing full-width '。' typed with a Chinese input
method) is read as part of the name: a warning in both dialects, at the mark itself."""
import pytest
from parser_errors_support import HEAD, as_tuple, check

from fakecloud.fdl import WARNING, check_text

MESSAGE = ("path '{path}' {where} the non-ASCII punctuation '{char}' (U+{code} {name}), which is read as part of "
           "the field name; remove it if it is not part of the name")


def only_warning(report):
    assert report.ok and len(report.diagnostics) == 1, [d.format() for d in report.diagnostics]
    assert report.diagnostics[0].severity == WARNING
    return as_tuple(report.diagnostics[0])


def test_a_mapping_source():
    text = HEAD + "- type: pass\n  name: a\n  inputMappings:\n    - target: id\n      source: $input.orderId。\n"
    assert only_warning(check(text)) == (8, 29, "steps[0].inputMappings[0].source", "path-punctuation", MESSAGE.format(
        path="$input.orderId。", where="ends with", char="。", code="3002", name="ideographic full stop"))


def test_a_condition():
    text = HEAD + "- type: choice\n  name: c\n  choices:\n    - condition: $.status，x == \"ok\"\n      steps: []\n" \
                  "  default:\n    steps: []\n"
    assert only_warning(check(text)) == (7, 26, "steps[0].choices[0].condition", "path-punctuation", MESSAGE.format(
        path="$.status，x", where="holds", char="，", code="FF0C", name="fullwidth comma"))


def test_service_params():
    text = HEAD + "- type: task\n  name: t\n  action: facebody:DetectFace\n  serviceParams:\n    ImageURL: $.url、\n"
    assert only_warning(check(text)) == (8, 20, "steps[0].serviceParams.ImageURL", "path-punctuation",
                                         MESSAGE.format(path="$.url、", where="ends with", char="、", code="3001",
                                                        name="ideographic comma"))


@pytest.mark.parametrize("source", ["$input.名字", "$input['orderId。']", "$input.order-id", "$input.a_b"])
def test_names_without_stray_punctuation(source):
    text = HEAD + f"- type: pass\n  name: a\n  inputMappings:\n    - target: id\n      source: \"{source}\"\n"
    assert check(text).diagnostics == ()


MACHINE = "Type: StateMachine\nName: m\nSpecVersion: v1\nStartAt: A\nStates:\n"


def test_a_state_machine_constructor_and_condition():
    text = MACHINE + ("  - Type: Choice\n    Name: A\n    Branches:\n      - Condition: $Input.status。 == 1\n"
                      "        Next: B\n    Default: B\n  - Type: Pass\n    Name: B\n    InputConstructor:\n"
                      "      a.$: format('{}', $Input.名字。)\n      b.$: $Input['名字。']\n    End: true\n")
    report = check_text(text, "m.yaml")
    assert [as_tuple(d) for d in report.diagnostics] == [
        (9, 33, "States[0].Branches[0].Condition", "path-punctuation", MESSAGE.format(
            path="$Input.status。", where="ends with", char="。", code="3002", name="ideographic full stop")),
        (15, 34, "States[1].InputConstructor.a.$", "path-punctuation", MESSAGE.format(
            path="$Input.名字。", where="ends with", char="。", code="3002", name="ideographic full stop")),
    ]
