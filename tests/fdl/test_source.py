"""Reading definition text and files: every way a file can be unusable, and the YAML details that matter."""

import pytest
import yaml

from fakecloud.fdl import FlowDefinitionError, check_file, check_text, load_flow, parse_flow

VALID = "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: only\n"
EMPTY_FILE = "empty file: a flow definition needs 'version', 'type' and 'steps'"
EMPTY_DOC = "empty document: a flow definition needs 'version', 'type' and 'steps'"


def only(report):
    assert report.flow is None and not report.ok
    assert len(report.diagnostics) == 1, [d.format() for d in report.diagnostics]
    d = report.diagnostics[0]
    assert d.severity == "error"
    return (d.line, d.column, d.path, d.code, d.message)


# -- empty, binary, encodings ---------------------------------------------------------------------

@pytest.mark.parametrize("data", [b"", "", b"   \n\n\t\n", "\n", b"\xef\xbb\xbf"])
def test_empty_or_blank_text(data):
    assert only(check_text(data, "f.yaml")) == (1, 1, "", "empty", EMPTY_FILE)


@pytest.mark.parametrize("data", ["# only a comment\n", "# one\n\n# two\n"])
def test_document_without_content(data):
    assert only(check_text(data, "f.yaml")) == (1, 1, "", "empty", EMPTY_DOC)


def test_document_marker_without_content_is_a_null_document():
    assert only(check_text("---\n", "f.yaml")) == (
        2, 1, "", "type", "a flow definition must be a mapping with 'version', 'type' and 'steps', not null")


@pytest.mark.parametrize("data", ["~\n", "null\n"])
def test_null_document(data):
    assert only(check_text(data, "f.yaml")) == (
        1, 1, "", "type", "a flow definition must be a mapping with 'version', 'type' and 'steps', not null")


def test_binary_data():
    assert only(check_text(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "logo.png")) == (
        1, 1, "", "binary", "binary file, not a YAML flow definition")


def test_nul_byte_in_an_otherwise_textual_file():
    assert only(check_text(VALID.encode() + b"\x00", "f.yaml")) == (
        1, 1, "", "binary", "binary file, not a YAML flow definition")


def test_invalid_utf8():
    data = b"version: v1\ntype: \xff\xfeflow\n"
    assert only(check_text(data, "f.yaml")) == (1, 1, "", "encoding", "not UTF-8 text (invalid byte at offset 18)")


def test_latin1_text_is_not_utf8():
    data = "version: v1\ntype: flow\nsteps:\n  - {type: pass, name: café}\n".encode("latin-1")
    assert only(check_text(data, "f.yaml")) == (1, 1, "", "encoding", "not UTF-8 text (invalid byte at offset 56)")


def test_utf8_with_bom_and_non_ascii_names():
    report = check_text(("\ufeff" + VALID.replace("only", "café-步骤")).encode(), "f.yaml")
    assert report.ok and report.diagnostics == ()
    assert report.flow.steps[0].name == "café-步骤"


def test_bytes_and_text_give_the_same_flow():
    assert parse_flow(VALID.encode(), "f.yaml") == parse_flow(VALID, "f.yaml")


def test_crlf_line_endings_keep_positions():
    text = VALID.replace("\n", "\r\n") + "    colour: red\r\n"
    assert only(check_text(text.encode(), "f.yaml")) == (
        6, 5, "steps[0].colour", "unknown-field", "unknown field 'colour' in a pass step")


@pytest.mark.parametrize("data, where, code_point", [
    (b"version: v1\ntype: flow\x07\n", (2, 11), "0007"),
    ("version: v1\r\ntype: \x1b[0mflow\r\n", (2, 7), "001B"),
    ("version: v1\ntype: flow\nsteps: \ufffe\n", (3, 8), "FFFE"),
])
def test_control_character_is_reported_on_one_line_at_its_place(data, where, code_point):
    assert only(check_text(data, "f.yaml")) == (
        *where, "", "yaml", f"invalid YAML: special character U+{code_point} is not allowed")


# -- size -----------------------------------------------------------------------------------------

def padded(size):
    """A valid definition padded with a comment to exactly `size` bytes."""
    head = VALID + "# "
    return (head + "x" * (size - len(head) - 1) + "\n").encode()


def test_definition_of_exactly_one_mebibyte_is_read():
    data = padded(1024 * 1024)
    assert len(data) == 1048576
    report = check_text(data, "big.yaml")
    assert report.ok and report.diagnostics == ()


def test_definition_over_one_mebibyte_is_rejected_unread():
    data = padded(1024 * 1024 + 1)
    assert only(check_text(data, "big.yaml")) == (
        1, 1, "", "too-large", "definition is 1048577 bytes; it must fit in one API request (1024 KiB)")


def test_file_over_one_mebibyte(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(padded(2 * 1024 * 1024))
    report = check_file(str(path))
    assert only(report) == (1, 1, "", "too-large",
                            "file is 2.0 MiB; a flow definition must fit in one API request (1024 KiB)")
    assert report.diagnostics[0].file == str(path)


def test_text_over_one_mebibyte_is_rejected_too():
    text = padded(1024 * 1024 + 1).decode()
    assert only(check_text(text, "big.yaml")) == (
        1, 1, "", "too-large", "definition is 1048577 bytes; it must fit in one API request (1024 KiB)")


def test_text_size_is_measured_in_utf8_bytes():
    text = VALID + "# " + "\N{GRINNING FACE}" * 262144 + "\n"
    assert len(text) < 1024 * 1024 < len(text.encode())
    assert only(check_text(text, "big.yaml")) == (
        1, 1, "", "too-large",
        f"definition is {len(text.encode())} bytes; it must fit in one API request (1024 KiB)")


# -- YAML syntax ----------------------------------------------------------------------------------

def test_multiple_documents():
    text = VALID + "---\nversion: v1\n"
    assert only(check_text(text, "f.yaml")) == (
        6, 1, "", "yaml", "invalid YAML: more than one YAML document ('---'); a flow definition is a single document")


def test_document_start_marker_alone_is_fine():
    assert check_text("---\n" + VALID, "f.yaml").ok


# libyaml (bundled with PyYAML wheels) and the pure-Python loader word some problems differently.
LIBYAML = bool(getattr(yaml, "__with_libyaml__", False))


@pytest.mark.parametrize("text, where, libyaml_problem, python_problem", [
    (VALID + "  - {type: pass, name: b\n", (7, 1),
     "did not find expected ',' or '}'", "expected ',' or '}', but got '<stream end>'"),
    ("version: v1\ntype: flow\nsteps:\n  - type: pass\n   name: a\n", (5, 4),
     "did not find expected '-' indicator", "expected <block end>, but found '<block mapping start>'"),
    ("version: v1\ntype: flow\nsteps:\n  - type: pass\n\tname: a\n", (5, 1),
     "found a tab character that violates indentation", "found character '\\t' that cannot start any token"),
    ("version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: 'a\n", (6, 1),
     "found unexpected end of stream", "found unexpected end of stream"),
    ("version: v1\ntype: flow: x\n", (2, 11),
     "mapping values are not allowed in this context", "mapping values are not allowed here"),
    ("version: v1\ntype: flow\nsteps:\n  - *missing\n", (4, 5),
     "found undefined alias", "found undefined alias 'missing'"),
])
def test_syntax_error_position(text, where, libyaml_problem, python_problem):
    problem = libyaml_problem if LIBYAML else python_problem
    assert only(check_text(text, "f.yaml")) == (*where, "", "yaml", f"invalid YAML: {problem}")


def test_recursive_alias():
    report = check_text(VALID + "  - &loop [*loop]\n", "f.yaml")
    assert [(d.line, d.column, d.path, d.code, d.message) for d in report.errors] == [
        (6, 5, "steps[1][0]", "yaml", "recursive YAML alias"),
        (6, 5, "steps[1]", "type", "a step must be a mapping with 'type' and 'name', not a list"),
    ]


def test_python_tags_are_not_executed():
    text = VALID + "    outputMappings:\n      - {target: x, source: !!python/object/apply:os.getcwd []}\n"
    report = check_text(text, "f.yaml")
    assert [(d.line, d.column, d.path, d.code, d.message) for d in report.errors] == [
        (7, 29, "steps[0].outputMappings[0].source", "yaml-tag",
         "unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.getcwd'")]


def test_binary_tag():
    text = VALID + "    outputMappings:\n      - {target: x, source: !!binary aGVsbG8=}\n"
    assert only(check_text(text, "f.yaml")) == (
        7, 29, "steps[0].outputMappings[0].source", "yaml-tag",
        "unsupported YAML tag 'tag:yaml.org,2002:binary' (only '!Ref service/function' is understood)")


def test_explicit_core_tags_are_understood():
    text = VALID + "    outputMappings:\n      - {target: a, source: !!str 42}\n      - {target: b, source: !!int '7'}\n"
    flow = parse_flow(text, "f.yaml")
    assert [(e.target, e.literal) for e in flow.steps[0].output_mappings] == [("a", "42"), ("b", 7)]


@pytest.mark.parametrize("value", ["!!int abc", "!!float x", "!!bool maybe"])
def test_explicit_core_tag_on_an_unreadable_value(value):
    text = VALID + f"    outputMappings:\n      - target: x\n        source: {value}\n"
    report = check_text(text, "f.yaml")
    assert [(d.line, d.column, d.path, d.code) for d in report.errors] == [
        (8, 17, "steps[0].outputMappings[0].source", "yaml-tag")]


def test_non_string_keys_are_read_as_their_text():
    assert only(check_text(VALID + "    1: x\n", "f.yaml")) == (
        6, 5, "steps[0].1", "unknown-field", "unknown field '1' in a pass step")


# -- files ----------------------------------------------------------------------------------------

def test_directory(tmp_path):
    report = check_file(str(tmp_path))
    assert only(report) == (1, 1, "", "not-a-file", "is a directory, not a flow definition file")
    assert report.file == str(tmp_path) and report.diagnostics[0].file == str(tmp_path)
    assert report.diagnostics[0].format() == f"{tmp_path}:1:1: error: is a directory, not a flow definition file"


def test_missing_file(tmp_path):
    path = str(tmp_path / "absent.yaml")
    assert only(check_file(path)) == (1, 1, "", "unreadable", "cannot read file: No such file or directory")
    with pytest.raises(FlowDefinitionError) as info:
        load_flow(path)
    assert [d.code for d in info.value.diagnostics] == ["unreadable"]


def test_file_report_names_the_file(tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text(VALID)
    report = check_file(str(path))
    assert report.ok and report.file == str(path) and report.flow.file == str(path)
    assert load_flow(str(path)) == report.flow


# -- YAML values: timestamps, booleans, numbers, quoting ------------------------------------------

def literals(*sources):
    """The literal values a pass step's outputMappings produce for the given YAML source texts."""
    body = "".join(f"      - target: t{i}\n        source: {s}\n" for i, s in enumerate(sources))
    flow = parse_flow(VALID + "    outputMappings:\n" + body, "f.yaml")
    return [e.literal for e in flow.steps[0].output_mappings]


def test_timestamps_are_kept_as_text():
    values = literals("2021-03-04", "2021-03-04T05:06:07Z", "2021-03-04 05:06:07.5 +08:00", "'2021-03-04'")
    assert values == ["2021-03-04", "2021-03-04T05:06:07Z", "2021-03-04 05:06:07.5 +08:00", "2021-03-04"]
    assert all(type(v) is str for v in values)


def test_timestamp_shaped_step_name_is_a_string():
    flow = parse_flow(VALID.replace("name: only", "name: 2024-05-01"), "f.yaml")
    assert flow.steps[0].name == "2024-05-01"


def test_yaml11_booleans_and_their_quoted_forms():
    assert literals("yes", "No", "on", "OFF", "true", '"yes"', "'on'", "'true'") == [
        True, False, True, False, True, "yes", "on", "true"]


def test_null_and_quoted_null():
    assert literals("~", "null", "", "'null'", '"~"') == [None, None, None, "null", "~"]


def test_numbers_and_quoted_numbers():
    values = literals("12", '"12"', "-7", "0.5", "1.5e+3", "0x1F", "1_000", ".inf", "'0x1F'")
    assert values == [12, "12", -7, 0.5, 1500.0, 31, 1000, float("inf"), "0x1F"]
    assert [type(v) for v in values] == [int, str, int, float, float, int, int, float, str]


def test_quoted_scalar_is_never_a_boolean_where_a_string_is_needed():
    flow = parse_flow(VALID.replace("name: only", "name: 'yes'"), "f.yaml")
    assert flow.steps[0].name == "yes"
    report = check_text(VALID.replace("name: only", "name: yes"), "f.yaml")
    assert [(d.line, d.column, d.path, d.message) for d in report.errors] == [
        (5, 11, "steps[0].name", "'name' must be a string, not true")]


def test_block_scalars():
    text = VALID + ("    outputMappings:\n      - target: folded\n        source: >\n          two\n          lines\n"
                    "      - target: literal\n        source: |\n          two\n          lines\n")
    flow = parse_flow(text, "f.yaml")
    assert [e.literal for e in flow.steps[0].output_mappings] == ["two lines\n", "two\nlines\n"]


# -- anchors, aliases and merge keys --------------------------------------------------------------

ANCHORS = """\
version: v1
type: flow
steps:
  - type: task
    name: first
    resourceArn: &fn acs:fc:::services/svc/functions/work
    retry:
      - errors: &transient [FC.ResourceThrottled, FC.Unknown]
        intervalSeconds: 2
  - type: task
    name: second
    resourceArn: *fn
    retry:
      - errors: *transient
        maxAttempts: 7
"""


def test_anchors_and_aliases():
    flow = parse_flow(ANCHORS, "f.yaml")
    first, second = flow.steps
    assert first.target == second.target
    assert first.target.function == "work"
    assert [(r.errors, r.interval_seconds, r.max_attempts) for r in first.retry + second.retry] == [
        (("FC.ResourceThrottled", "FC.Unknown"), 2, 3),
        (("FC.ResourceThrottled", "FC.Unknown"), 1, 7),
    ]


def test_problem_in_an_aliased_value_is_reported_at_the_anchor():
    text = ANCHORS.replace("FC.Unknown]", "'']")
    report = check_text(text, "f.yaml")
    assert [(d.line, d.column, d.path) for d in report.errors] == [
        (8, 51, "steps[0].retry[0].errors[1]"),
        (8, 51, "steps[1].retry[0].errors[1]"),
    ]


MERGE = """\
version: v1
type: flow
steps:
  - type: task
    name: work
    resourceArn: acs:fc:::services/svc/functions/work
    retry:
      - &policy
        errors: [FC.Unknown]
        intervalSeconds: 2
        multiplier: 3
      - <<: *policy
        errors: [Busy]
"""


def test_merge_key_without_overrides():
    flow = parse_flow(MERGE.replace("        errors: [Busy]\n", ""), "f.yaml")
    assert [(r.errors, r.interval_seconds, r.multiplier) for r in flow.steps[0].retry] == [
        (("FC.Unknown",), 2, 3), (("FC.Unknown",), 2, 3)]


def test_merge_key_adds_fields():
    text = MERGE.replace("      - <<: *policy\n        errors: [Busy]\n",
                         "    catch:\n      - <<: {goto: work}\n        errors: [Busy]\n")
    flow = parse_flow(text, "f.yaml")
    assert [(c.errors, c.goto) for c in flow.steps[0].catch] == [(("Busy",), "work")]


def test_merge_key_with_local_override():
    flow = parse_flow(MERGE, "f.yaml")
    assert [(r.errors, r.interval_seconds, r.multiplier) for r in flow.steps[0].retry] == [
        (("FC.Unknown",), 2, 3), (("Busy",), 2, 3)]


def test_merge_of_several_mappings_takes_the_first_one_listed():
    text = MERGE.replace("      - <<: *policy\n", "      - <<: [{intervalSeconds: 60, maxAttempts: 1}, *policy]\n")
    flow = parse_flow(text, "f.yaml")
    assert [(r.errors, r.interval_seconds, r.max_attempts, r.multiplier) for r in flow.steps[0].retry] == [
        (("FC.Unknown",), 2, 3, 3), (("Busy",), 60, 1, 3)]


@pytest.mark.parametrize("merge, where", [("<<: 5", (3, 5)), ("<<: [5]", (3, 6))])
def test_merge_of_a_scalar(merge, where):
    report = check_text(f"version: v1\ntype: flow\n{merge}\nsteps:\n  - {{type: pass, name: a}}\n", "f.yaml")
    assert [(d.line, d.column, d.code) for d in report.errors] == [(*where, "yaml")]


def test_a_key_given_twice_next_to_a_merge_key_is_still_a_duplicate():
    text = MERGE.replace("        errors: [Busy]\n", "        errors: [Busy]\n        errors: [Late]\n")
    assert only(check_text(text, "f.yaml")) == (
        14, 9, "steps[0].retry[1].errors", "duplicate-key", "duplicate key 'errors' (first given at line 13)")
