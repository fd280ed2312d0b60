"""Tests for fakecloud.fdl.conditions: grammar, semantics and error messages of choice conditions."""
import copy
import pickle

import pytest

from fakecloud.fdl.conditions import (
    Condition, ConditionSyntaxError, compile_condition, is_truthy, json_equal,
)
from fakecloud.fdl.paths import Path

INPUT = {
    "status": "ready",
    "n": 5,
    "f": 2.5,
    "zero": 0,
    "fzero": 0.0,
    "empty": "",
    "yes": True,
    "no": False,
    "nil": None,
    "list": [1, 2],
    "emptylist": [],
    "obj": {"a": 1, "b": [True, None]},
    "emptyobj": {},
    "one_float": 1.0,
    "one": 1,
    "s1": "abc",
    "s2": "abd",
}


def ev(text, data=INPUT):
    return compile_condition(text).evaluate(data)


# -- real-world conditions --------------------------------------------------------------------

def test_real_world_has_more_group():
    c = compile_condition("$.has_more && ($.event_id >= 4000 || $.total_group_count >= $.total_group_threshold)")
    base = {"has_more": True, "event_id": 3000, "total_group_count": 4, "total_group_threshold": 5}
    assert c.evaluate(base) is False
    assert c.evaluate({**base, "event_id": 4000}) is True
    assert c.evaluate({**base, "total_group_count": 5}) is True
    assert c.evaluate({**base, "has_more": False, "event_id": 5000}) is False
    assert c.evaluate({"event_id": 5000}) is False
    assert [p.text for p in c.paths] == ["$.has_more", "$.event_id", "$.total_group_count",
                                         "$.total_group_threshold"]


def test_real_world_path_vs_path_without_spaces():
    c = compile_condition("$.key1==$.key2")
    assert c.evaluate({"key1": "v", "key2": "v"}) is True
    assert c.evaluate({"key1": "v", "key2": "w"}) is False
    assert c.evaluate({"key1": 1, "key2": 1.0}) is True
    assert c.evaluate({}) is True          # null == null
    assert [p.text for p in c.paths] == ["$.key1", "$.key2"]


def test_real_world_offset_bytes():
    c = compile_condition("$.offset_bytes != -1")
    assert c.evaluate({"offset_bytes": -1}) is False
    assert c.evaluate({"offset_bytes": -1.0}) is False
    assert c.evaluate({"offset_bytes": 1024}) is True
    assert c.evaluate({}) is True


def test_real_world_marker():
    c = compile_condition('$.marker != ""')
    assert c.evaluate({"marker": ""}) is False
    assert c.evaluate({"marker": "m1"}) is True
    assert c.evaluate({}) is True


def test_real_world_bare_path():
    c = compile_condition("$.hasMore")
    assert c.evaluate({"hasMore": True}) is True
    assert c.evaluate({"hasMore": False}) is False
    assert c.evaluate({}) is False
    assert c.evaluate({"hasMore": "false"}) is True     # a non-empty string is true


def test_real_world_nested_path():
    c = compile_condition("$.detectFaceData.FaceCount == 0")
    assert c.evaluate({"detectFaceData": {"FaceCount": 0}}) is True
    assert c.evaluate({"detectFaceData": {"FaceCount": 2}}) is False
    assert c.evaluate({"detectFaceData": {}}) is False
    assert c.evaluate({"detectFaceData": "x"}) is False
    assert c.evaluate({}) is False


# -- operators and literals -------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ('$.status == "ready"', True),
    ('$.status != "ready"', False),
    ("$.status == 'ready'", True),
    ('"ready" == $.status', True),
    ("$.n == 5", True),
    ("$.n == 5.0", True),
    ("$.n != 5", False),
    ("$.n > 4", True),
    ("$.n > 5", False),
    ("$.n >= 5", True),
    ("$.n < 5", False),
    ("$.n <= 5", True),
    ("$.f < 3", True),
    ("$.f > 2.49", True),
    ("$.n > 1e0", True),
    ("$.n < 5E+1", True),
    ("$.n > -10", True),
    ("$.n > -1.5e-3", True),
    ("4 < $.n", True),
    ("$.s1 < $.s2", True),
    ("$.s1 >= $.s2", False),
    ('$.s1 >= "abc"', True),
    ('"B" < "a"', True),
    ("$.yes == true", True),
    ("$.yes == false", False),
    ("$.no == false", True),
    ("$.nil == null", True),
    ("$.missing == null", True),
    ("$.missing != null", False),
    ("$.zero == null", False),
    ("$.empty == null", False),
    ("$.no == null", False),
    ("$.list == $.list", True),
    ('$.obj == $.obj', True),
    ("true", True),
    ("false", False),
    ("null", False),
    ("0", False),
    ("1", True),
    ('""', False),
    ('"x"', True),
    ("true == true", True),
    ("null == null", True),
])
def test_operators_and_literals(text, expected):
    assert ev(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("$.yes == 1", False),
    ("$.no == 0", False),
    ("1 == true", False),
    ("$.one == true", False),
    ("$.yes != 1", True),
    ("$.one == $.yes", False),
    ("$.one == $.one_float", True),
    ('$.one == "1"', False),
    ('$.n > "4"', False),
    ('$.n < "9"', False),
    ('$.n <= "9"', False),
    ('"9" >= $.n', False),
    ("$.yes > 0", False),
    ("$.yes >= $.no", False),
    ("$.list > 0", False),
    ("$.nil < 1", False),
    ("$.missing < 1", False),
    ("$.missing >= 0", False),
    ("$.missing > $.missing", False),
    ("$.obj == $.emptyobj", False),
    ("$.list != $.emptylist", True),
])
def test_mixed_types(text, expected):
    assert ev(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("$.zero", False),
    ("$.fzero", False),
    ("$.empty", False),
    ("$.no", False),
    ("$.nil", False),
    ("$.missing", False),
    ("$.n", True),
    ("$.f", True),
    ("$.status", True),
    ("$.yes", True),
    ("$.list", True),
    ("$.emptylist", True),
    ("$.obj", True),
    ("$.emptyobj", True),
    ("!$.zero", True),
    ("!$.emptylist", False),
    ("!!$.n", True),
    ("!true", False),
    ("! $.missing", True),
])
def test_truthiness(text, expected):
    assert ev(text) is expected


def test_is_truthy_helper():
    assert [is_truthy(v) for v in (False, None, 0, 0.0, "", [], {}, "0", -1, True)] == \
           [False, False, False, False, False, True, True, True, True, True]


def test_json_equal_helper():
    assert json_equal({"a": [1, {"b": 2.0}]}, {"a": [1, {"b": 2}]}) is True
    assert json_equal({"a": [True]}, {"a": [1]}) is False
    assert json_equal([1, 2], (1, 2)) is True
    assert json_equal({"a": 1}, {"b": 1}) is False
    assert json_equal({"a": None}, {}) is False
    assert json_equal([1], [1, 2]) is False
    assert json_equal(None, 0) is False


def test_structural_equality_of_paths():
    data = {"a": {"x": [1, {"y": True}]}, "b": {"x": [1.0, {"y": True}]}, "c": {"x": [1, {"y": 1}]}}
    assert ev("$.a == $.b", data) is True
    assert ev("$.a == $.c", data) is False
    assert ev("$.a != $.c", data) is True


def test_wildcard_paths_in_conditions():
    data = {"items": [{"ok": True}, {"ok": False}]}
    assert ev("$.items[*].ok", data) is True
    assert ev("$.items[1].ok", data) is False
    assert ev("$.items[5].ok == null", data) is True
    assert ev("$['items'][0]['ok'] == true", data) is True


@pytest.mark.parametrize("text, expected", [
    (r'"a\"b" == $.q', True),
    (r'"a\\b" == $.bs', True),
    (r'"line\nnext" == $.nl', True),
    (r'"tab\there" == $.tab', True),
    (r'"\u00e9t\u00E9" == $.ete', True),
    (r"'it\'s' == $.its", True),
    ("'say \"hi\"' == $.hi", True),
])
def test_string_escapes(text, expected):
    data = {"q": 'a"b', "bs": "a\\b", "nl": "line\nnext", "tab": "tab\there", "ete": "été",
            "its": "it's", "hi": 'say "hi"'}
    assert ev(text, data) is expected


# -- precedence, grouping, negation -----------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("true || false && false", True),             # && binds tighter than ||
    ("(true || false) && false", False),
    ("false && true || true", True),
    ("false && (true || true)", False),
    ("!false && false", False),                   # ! applies to its operand only across &&
    ("!(false && false)", True),
    ("$.n == 5 && $.status == \"ready\"", True),
    ("$.n == 4 || $.status == \"ready\"", True),
    ("$.n == 4 || $.status == \"x\" || $.yes", True),
    ("$.n == 5 && $.yes && $.no", False),
    ("!$.n == 4", True),                          # ! covers the comparison: !($.n == 4)
    ("!$.n == 5", False),
    ("(!$.n) == false", True),
    ("($.n > 1) == true", True),
    ("((($.n)))", True),
    ("  $.n  ==  5  ", True),
    ("$.n==5&&$.yes||$.no", True),
    ("!($.n<3)", True),
])
def test_precedence(text, expected):
    assert ev(text) is expected


def test_short_circuit_and_bool_result():
    c = compile_condition("$.a || $.b")
    assert c.evaluate({"a": "x"}) is True
    assert c.evaluate({"b": [1]}) is True
    assert c.evaluate({}) is False


def test_non_dict_input_is_all_missing():
    assert ev("$.a == null", []) is True
    assert ev("$.a", "text") is False


def test_condition_object():
    c = compile_condition('$.status == "ready"')
    assert c.text == '$.status == "ready"'
    assert [p.text for p in c.paths] == ["$.status"]
    assert all(isinstance(p, Path) and p.root == "$" for p in c.paths)
    assert repr(c) == "Condition('$.status == \"ready\"')"
    assert c == compile_condition('$.status == "ready"') and hash(c) == hash(compile_condition(c.text))
    assert isinstance(c, Condition)
    with pytest.raises(AttributeError):
        c.text = "x"
    assert copy.deepcopy(c) is c
    assert pickle.loads(pickle.dumps(c)).evaluate({"status": "ready"}) is True
    assert compile_condition("1 == 1").paths == ()


def test_non_string_condition_is_a_type_error():
    with pytest.raises(TypeError):
        compile_condition(True)


# -- syntax errors ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, offset, message", [
    ("$.a = 1", 4, "unexpected '='; did you mean '=='?"),
    ("$.a=1", 3, "unexpected '='; did you mean '=='?"),
    ("$.a & $.b", 4, "unexpected '&'; did you mean '&&'?"),
    ("$.a | $.b", 4, "unexpected '|'; did you mean '||'?"),
    ("$.a and $.b", 4, "unexpected 'and'; did you mean '&&'?"),
    ("$.a AND $.b", 4, "unexpected 'AND'; did you mean '&&'?"),
    ("$.a or $.b", 4, "unexpected 'or'; did you mean '||'?"),
    ("not $.a", 0, "unexpected 'not'; did you mean '!'?"),
    ("$.a == True", 7, "unexpected 'True'; did you mean 'true'?"),
    ("$.a == False", 7, "unexpected 'False'; did you mean 'false'?"),
    ("$.a == NULL", 7, "unexpected 'NULL'; did you mean 'null'?"),
    ("$.a == None", 7, "unexpected 'None'; did you mean 'null'?"),
    ("$.a === 1", 4, "unexpected '==='; did you mean '=='?"),
    ("$.a !== 1", 4, "unexpected '!=='; did you mean '!='?"),
    ("$.a <> 1", 4, "unexpected '<>'; did you mean '!='?"),
    ('$.a == "ready', 7, "unterminated string"),
    ("$.a == 'ready", 7, "unterminated string"),
    ('$.a == "x\\"', 7, "unterminated string"),
    ('$.a == "x\\', 7, "unterminated string"),
    (r'$.a == "\q"', 8, "invalid escape '\\q' in string"),
    (r'$.a == "\u12"', 8, "invalid \\u escape: expected 4 hex digits"),
    (r'$.a == "\u12G4"', 8, "invalid \\u escape: expected 4 hex digits"),
    ("($.a == 1", 9, "missing ')' to close the '(' at offset 0"),
    ("$.b && (($.a == 1)", 18, "missing ')' to close the '(' at offset 7"),
    ('($.a == 1 "x"', 10, "expected ')' to close the '(' at offset 0, found '\"x\"'"),
    ("$.a == 1 x", 9, "unexpected 'x' after the end of the expression"),
    ('$.a == 1 "x"', 9, "unexpected '\"x\"' after the end of the expression"),
    ("$.a $.b", 4, "unexpected '$.b' after the end of the expression"),
    ("$.a == 1)", 8, "unmatched ')'"),
    ("", 0, "empty condition"),
    ("   ", 0, "empty condition"),
    ("$.a < $.b < $.c", 10, "comparisons cannot be chained; did you mean '$.a < $.b && $.b < $.c'?"),
    ("1 <= $.a <= 9", 9, "comparisons cannot be chained; did you mean '1 <= $.a && $.a <= 9'?"),
    ("$.a == $.b == (true)", 11, "comparisons cannot be chained; combine them with '&&'"),
    ("$.a ==", 6, "expected a value after '=='"),
    ("$.a &&", 6, "expected a value after '&&'"),
    ("!", 1, "expected a value after '!'"),
    ("()", 1, "expected a value after '(', found ')'"),
    ("&& $.a", 0, "expected a value, found '&&'"),
    ("$.a == && $.b", 7, "expected a value after '==', found '&&'"),
    ("$.a == ready", 7, "unexpected 'ready'; quote it for a string (\"ready\") or write a path ($.ready)"),
    ("status == 1", 0, "unexpected 'status'; quote it for a string (\"status\") or write a path ($.status)"),
    ("$.a - 1", 4, "unexpected '-'; arithmetic is not supported in conditions"),
    ("$.a + 1 > 2", 4, "unexpected '+'; arithmetic is not supported in conditions"),
    ("$.a == 1.", 9, "expected digits after the decimal point"),
    ("$.a == 1e", 9, "expected digits in the exponent"),
    ("$.a == #", 7, "unexpected '#'"),
    ("$.a == .5", 7, "unexpected '.'"),
    # path errors, with offsets into the condition text
    ("$input.a == 1", 0,
     "paths here are relative to the step input and start with '$' (did you mean '$.a'?)"),
    ("$.ok && $local.a", 8,
     "paths here are relative to the step input and start with '$' (did you mean '$.a'?)"),
    ("$.ok && $status", 8,
     "unknown root '$status'; paths here are relative to the step input and start with '$' "
     "(did you mean '$.status'?)"),
    ("$.a[0 == 1", 5, "expected ']'"),
    ("$.a. == 1", 4, "expected a field name after '.'"),
    ("$.x || $.a[-1] == 1", 11, "negative indexes are not supported"),
])
def test_syntax_errors(text, offset, message):
    with pytest.raises(ConditionSyntaxError) as info:
        compile_condition(text)
    assert info.value.message == message
    assert info.value.offset == offset
    assert info.value.text == text
    assert str(info.value) == f"{message} (at offset {offset})"


def test_quoted_path_names_may_contain_operators_and_spaces():
    data = {"a b": 1, "x==y": "z", "it's": True}
    assert ev("$['a b'] == 1", data) is True
    assert ev("$['x==y']=='z'", data) is True
    assert ev("$[\"it's\"]", data) is True
