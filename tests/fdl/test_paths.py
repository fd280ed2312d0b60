"""Tests for fakecloud.fdl.paths: parsing, root rules, resolution and error messages."""
import copy
import pickle

import pytest
from jsonpath_ng import jsonpath as jp

from fakecloud.fdl.paths import Path, PathMissing, PathSyntaxError, compile_path

MAPPING = frozenset({"input", "local", "context"})
INPUT = frozenset({"$"})

DATA = {
    "a": {"b": 1, "c": None, "d": False},
    "key_info": ["k0", "k1"],
    "detect-face": {"FaceCount": 2},
    "名前": "unicode",
    "a.b": "dotted key",
    "a b": "spaced key",
    "o'k": "quoted key",
    "*": "star key",
    "items": [
        {"name": "x", "parts": [1, 2]},
        {"name": "y", "parts": [3]},
        {"parts": []},
        {"name": "z"},
        "scalar",
    ],
    "groups": {"g1": {"n": 1}, "g2": {"n": 2}, "g3": {"m": 3}},
    "nested": [[1, 2], [3]],
    "empty": [],
    "n": 7,
    "s": "text",
}


# -- roots ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, roots, root", [
    ("$", INPUT, "$"),
    ("$input", MAPPING, "input"),
    ("$local", MAPPING, "local"),
    ("$context", MAPPING, "context"),
    ("$input.a", MAPPING, "input"),
    ("$local[0]", MAPPING, "local"),
    ("$context.task.token", MAPPING, "context"),
    ("$.a", INPUT, "$"),
    ("$[0]", INPUT, "$"),
])
def test_roots(text, roots, root):
    p = compile_path(text, roots)
    assert p.root == root
    assert p.text == text
    assert p.is_multi is False


def test_root_only_paths_return_whole_object():
    assert compile_path("$", INPUT).resolve(DATA) is DATA
    assert compile_path("$input", MAPPING).resolve(DATA) is DATA
    assert compile_path("$local", MAPPING).resolve([1, 2]) == [1, 2]
    assert compile_path("$context", MAPPING).resolve(None) is None


# -- single-value paths -----------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("$.a", {"b": 1, "c": None, "d": False}),
    ("$.a.b", 1),
    ("$.a.c", None),
    ("$.a.d", False),
    ("$['a']", {"b": 1, "c": None, "d": False}),
    ('$["a"]["b"]', 1),
    ("$['a'].b", 1),
    ("$.key_info[0]", "k0"),
    ("$.key_info[1]", "k1"),
    ("$.detect-face.FaceCount", 2),
    ("$.名前", "unicode"),
    ("$['a.b']", "dotted key"),
    ("$['a b']", "spaced key"),
    ("$['o\\'k']", "quoted key"),
    ('$["o\'k"]', "quoted key"),
    ("$['*']", "star key"),
    ("$.items[0].name", "x"),
    ("$.items[1].parts[0]", 3),
    ("$.nested[0][1]", 2),
    ("$.n", 7),
])
def test_single_paths(text, expected):
    p = compile_path(text, INPUT)
    assert p.is_multi is False
    assert p.resolve(DATA) == expected
    assert p.resolve_or(DATA, "default") == expected
    assert p.getter("default")(DATA) == expected


def test_segments():
    p = compile_path("$input.a['b c'][2][*].*", MAPPING)
    assert p.segments == (("key", "a"), ("key", "b c"), ("index", 2), ("wildcard", None), ("wildcard", None))


def test_leading_zero_index_is_a_number():
    assert compile_path("$.key_info[01]", INPUT).resolve(DATA) == "k1"


@pytest.mark.parametrize("text, detail", [
    ("$.missing", "key 'missing' not found in $"),
    ("$.a.missing", "key 'missing' not found in $.a"),
    ("$['a']['x']", "key 'x' not found in $['a']"),
    ("$.key_info[2]", "index 2 is out of range for $.key_info (length 2)"),
    ("$.empty[0]", "index 0 is out of range for $.empty (length 0)"),
    ("$.key_info.x", "$.key_info is an array, not an object, so it has no key 'x'"),
    ("$.n.x", "$.n is a number, not an object, so it has no key 'x'"),
    ("$.s.x", "$.s is a string, not an object, so it has no key 'x'"),
    ("$.a.c.x", "$.a.c is null, not an object, so it has no key 'x'"),
    ("$.a.d.x", "$.a.d is a boolean, not an object, so it has no key 'x'"),
    ("$.s[0]", "$.s is a string, not an array, so it has no element [0]"),
    ("$.a[0]", "$.a is an object, not an array, so it has no element [0]"),
])
def test_missing(text, detail):
    p = compile_path(text, INPUT)
    with pytest.raises(PathMissing) as info:
        p.resolve(DATA)
    assert info.value.detail == detail
    assert str(info.value) == detail
    assert info.value.path is p
    assert p.resolve_or(DATA, "dflt") == "dflt"
    assert p.resolve_or(DATA) is None
    assert p.getter("dflt")(DATA) == "dflt"


def test_missing_detail_uses_root_text():
    p = compile_path("$input.order.id", MAPPING)
    with pytest.raises(PathMissing) as info:
        p.resolve({"order": {}})
    assert info.value.detail == "key 'id' not found in $input.order"


def test_member_access_on_non_dict_root():
    p = compile_path("$.a", INPUT)
    assert p.resolve_or(["a"], 0) == 0
    assert p.getter(0)("a") == 0
    assert p.getter(0)(None) == 0


def test_index_does_not_apply_to_dict_or_string():
    assert compile_path("$[0]", INPUT).resolve_or({0: "x", "0": "y"}, "miss") == "miss"
    assert compile_path("$[0]", INPUT).resolve_or("abc", "miss") == "miss"
    assert compile_path("$[1]", INPUT).resolve((5, 6)) == 6


# -- wildcard paths ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("$.key_info[*]", ["k0", "k1"]),
    ("$.key_info.*", ["k0", "k1"]),
    ("$.items[*].name", ["x", "y", "z"]),
    ("$.items[*].parts", [[1, 2], [3], []]),
    ("$.items[*].parts[*]", [1, 2, 3]),
    ("$.items.*.parts.*", [1, 2, 3]),
    ("$.items[*].parts[0]", [1, 3]),
    ("$.groups.*", [{"n": 1}, {"n": 2}, {"m": 3}]),
    ("$.groups[*]", [{"n": 1}, {"n": 2}, {"m": 3}]),
    ("$.groups.*.n", [1, 2]),
    ("$.nested[*][*]", [1, 2, 3]),
    ("$.nested[*][1]", [2]),
    ("$.empty[*]", []),
    ("$.n[*]", []),
    ("$.s.*", []),
    ("$.a.*", [1, None, False]),
])
def test_multi_paths(text, expected):
    p = compile_path(text, INPUT)
    assert p.is_multi is True
    assert p.resolve(DATA) == expected
    assert p.resolve_or(DATA, "default") == expected


def test_multi_with_named_root():
    local = [{"name": "a", "parts": [1]}, {"name": "b", "parts": [2, 3]}]
    assert compile_path("$local[*].name", MAPPING).resolve(local) == ["a", "b"]
    assert compile_path("$local[*].parts[*]", MAPPING).resolve(local) == [1, 2, 3]
    assert compile_path("$local.*", MAPPING).resolve({"k": 1, "j": 2}) == [1, 2]


def test_multi_path_missing_prefix():
    p = compile_path("$.nope[*].name", INPUT)
    with pytest.raises(PathMissing) as info:
        p.resolve(DATA)
    assert info.value.detail == "key 'nope' not found in $"
    assert p.resolve_or(DATA, "dflt") == "dflt"


def test_multi_path_uses_jsonpath_ng_expression():
    p = compile_path("$input.items[*].parts[0]", MAPPING)
    expr = p.to_jsonpath()
    assert isinstance(expr, jp.JSONPath)
    assert [m.value for m in expr.find(DATA)] == [1, 3]
    assert str(expr) == "$.items.*.parts.[0]"


# -- object behaviour -------------------------------------------------------------------------

def test_path_is_immutable_hashable_and_has_repr():
    p = compile_path("$input.a", MAPPING)
    q = compile_path("$input.a", frozenset({"input"}))
    assert p == q and hash(p) == hash(q)
    assert p != compile_path("$input.b", MAPPING)
    assert len({p, q}) == 1
    assert repr(p) == "Path('$input.a')"
    assert str(p) == "$input.a"
    with pytest.raises(AttributeError):
        p.text = "$input.b"
    assert copy.deepcopy(p) is p
    r = pickle.loads(pickle.dumps(p))
    assert r == p and r.resolve({"a": 5}) == 5
    assert isinstance(p, Path)


# -- syntax errors ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, roots, offset, message", [
    ("$input.a", INPUT, 0,
     "paths here are relative to the step input and start with '$' (did you mean '$.a'?)"),
    ("$local[0].x", INPUT, 0,
     "paths here are relative to the step input and start with '$' (did you mean '$[0].x'?)"),
    ("$context.task.token", INPUT, 0,
     "paths here are relative to the step input and start with '$' ($context is not available here)"),
    ("$.a", MAPPING, 0,
     "paths here start with $input, $local or $context (did you mean '$input.a'?)"),
    ("$", MAPPING, 0,
     "paths here start with $input, $local or $context (did you mean '$input'?)"),
    ("$local.a", frozenset({"input"}), 0, "paths here start with $input ($local is not available here)"),
    ("$inptu.a", MAPPING, 0, "unknown root '$inptu' (did you mean '$input'?)"),
    ("$Local", MAPPING, 0, "unknown root '$Local' (did you mean '$local'?)"),
    ("$inptu.a", INPUT, 0,
     "unknown root '$inptu'; paths here are relative to the step input and start with '$' (did you mean '$.a'?)"),
    ("$status", INPUT, 0,
     "unknown root '$status'; paths here are relative to the step input and start with '$' "
     "(did you mean '$.status'?)"),
    ("$foo.a", MAPPING, 0, "unknown root '$foo'; paths here start with $input, $local or $context"),
    ("", INPUT, 0, "empty path; paths here are relative to the step input and start with '$'"),
    ("input.a", MAPPING, 0, "paths here start with $input, $local or $context"),
    ("$.a b", INPUT, 3, "unexpected whitespace in path (quote names that contain spaces: ['a b'])"),
    ("$.a ", INPUT, 3, "unexpected whitespace in path (quote names that contain spaces: ['a b'])"),
    ("$.", INPUT, 2, "expected a field name after '.'"),
    ("$.a.[0]", INPUT, 4, "expected a field name after '.'"),
    ("$..a", INPUT, 1, "recursive descent '..' is not supported"),
    ("$[", INPUT, 2, "expected a number, '*' or a quoted name after '['"),
    ("$[]", INPUT, 2, "expected a number, '*' or a quoted name after '['"),
    ("$[a]", INPUT, 2, "expected a number, '*' or a quoted name after '['"),
    ("$[-1]", INPUT, 2, "negative indexes are not supported"),
    ("$[?(@.a)]", INPUT, 2, "filter expressions are not supported"),
    ("$[0", INPUT, 3, "expected ']'"),
    ("$['a'", INPUT, 5, "expected ']'"),
    ("$[*x]", INPUT, 3, "expected ']'"),
    ("$[1:2]", INPUT, 3, "slices are not supported"),
    ("$[0,1]", INPUT, 3, "unions are not supported"),
    ("$.a['b", INPUT, 4, "unterminated quoted name"),
    ("$]", INPUT, 1, "unexpected ']' without a matching '['"),
    ("$.a[0]x", INPUT, 6, "unexpected 'x' after ']'; expected '.' or '['"),
])
def test_syntax_errors(text, roots, offset, message):
    with pytest.raises(PathSyntaxError) as info:
        compile_path(text, roots)
    assert info.value.message == message
    assert info.value.offset == offset
    assert str(info.value) == f"{message} (at offset {offset})"


def test_non_string_path_is_a_type_error():
    with pytest.raises(TypeError):
        compile_path(5, INPUT)
