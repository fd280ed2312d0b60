"""State-machine expressions compiled once and evaluated against variables: the documented examples of the
built-in functions, paths, literals and conditions, every function's arity and argument kinds, syntax errors at
the offending character, and evaluation errors."""
import random

import pytest

from fakecloud.fdl.statemachine import (EvaluationError, ExpressionSyntaxError, compile_condition,
                                        compile_expression)
from fakecloud.fdl.statemachine import variables as v


def value(text, variables=None, place=v.ANYWHERE, seed=0):
    return compile_expression(text, place).evaluate(variables or {}, random.Random(seed))


# -- the documented examples of the built-in functions ------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ('arrayContains(["Tom",10],10)', True),
    ('arrayContains(["Tom",10],"Jack")', False),
    ("arrayUnique([1, 2, 3, 1])", [1, 2, 3]),
    ('format("hello {}","world")', "hello world"),
    ('fromBase64("Rm5G")', "FnF"),
    ("""stringToJson('{"name": "Tom", "age": 10}')""", {"name": "Tom", "age": 10}),
    ('hash("abc","MD5")', "900150983cd24fb0d6963f7d28e17f72"),
    ('jsonMerge({"name": "Tom", "age": 10},{"name": "Tom", "address": "beijing"})',
     {"name": "Tom", "age": 10, "address": "beijing"}),
    ("length([1, 2, 3])", 3),
    ('length({"name": "Tom", "age": 10})', 2),
    ('length("name")', 4),
])
def test_documented_function_examples(text, expected):
    assert value(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("""fromJSON('[1, {"a": null}]')""", [1, {"a": None}]),
    ('toBase64("FnF")', "Rm5G"),
    ('jsonToString({"a": [1, "x"], "b": true})', '{"a":[1,"x"],"b":true}'),
    ('toJSON("x")', '"x"'),
    ('hash("abc", "SHA-1")', "a9993e364706816aba3e25717850c26c9cd0d89d"),
    ('hash("abc", "SHA-256")', "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ('length(hash("abc", "SHA-512"))', 128),
    ('mapKeys({"b": 1, "a": 2})', ["b", "a"]),
    ('mapValues({"b": 1, "a": [2]})', [1, [2]]),
    ('regexMatchString("order-17", "[0-9]+$")', True),
    ('regexMatchString("order", "^[0-9]+$")', False),
    ('split("a,b,,c", ",")', ["a", "b", "", "c"]),
    ('split("abc", "")', ["a", "b", "c"]),
    ('toArray(1, "two", [3])', [1, "two", [3]]),
    ("toArray()", []),
    ('get(["a", "b"], 1)', "b"),
    ('get(["a", "b"], 2)', None),
    ('get({"k": "v"}, "k")', "v"),
    ('get({"k": "v"}, "x")', None),
    ("intAdd(40, 2)", 42),
    ("intAdd(-5, 2.0)", -3),
    ("arrayUnique([1, 1.0, true, [1], [1], {\"a\": 1}, {\"a\": 1.0}])", [1, True, [1], {"a": 1}]),
    ('format("{} and {}", [1, 2], {"a": null})', '[1,2] and {"a":null}'),
    ('format("no placeholders")', "no placeholders"),
    ("length(\"图像\")", 2),
])
def test_function_results(text, expected):
    assert value(text) == expected


def test_uuid_and_random_int_come_from_the_random_source():
    first = value("uuid()", seed=3)
    assert first == value("uuid()", seed=3) != value("uuid()", seed=4)
    assert len(first) == 36 and first[14] == "4"
    rolls = {value("randomInt(1, 4)", seed=s) for s in range(40)}
    assert rolls == {1, 2, 3}


def test_uuid_without_a_random_source_is_an_evaluation_error():
    with pytest.raises(EvaluationError) as info:
        compile_expression("uuid()").evaluate({})
    assert info.value.message == "uuid(): no source of random numbers was given"


# -- paths and literals ---------------------------------------------------------------------------------

DATA = {"Input": {"status": "ready", "FieldA": 123, "Branch0": {"sourceVideoContent": "s"},
                  "items": [{"name": "a b"}, {"name": "c"}], "odd key": 1, "语言": "中文", "half": 0.5,
                  "template": "{} {}"},
        "Output": {"Body": {"outputUrl": "o"}, "output": {"choices": [{"message": {"content": "hi"}}]}},
        "Context": {"Execution": {"Name": "e-1", "Input": {"videoUrl": "u"}, "RoleArn": "r"},
                    "Current": {"Name": "s", "Input": {}, "RetryCount": 2, "TaskToken": "tok",
                                "Error": {"Code": "C", "Detail": "D"}}},
        "Global": {"variable_a": 1}, "Item": "x.csv"}


@pytest.mark.parametrize("text, expected", [
    ("$Input.status", "ready"),
    ("$Input.FieldA", 123),
    ("$Input.Branch0.sourceVideoContent", "s"),
    ("$Context.Execution.Input.videoUrl", "u"),
    ("$Output.Body.outputUrl", "o"),
    ("$Output.output.choices[0].message.content", "hi"),
    ("$Input.items[1].name", "c"),
    ("$Input['odd key']", 1),
    ('$Input["items"][0]["name"]', "a b"),
    ("$Input.语言", "中文"),
    ("$Context.Current.TaskToken", "tok"),
    ("$Context.Current.RetryCount", 2),
    ("$Context.Current.Error.Code", "C"),
    ("$Global.variable_a", 1),
    ("$Item", "x.csv"),
    ("$Context.Execution", {"Name": "e-1", "Input": {"videoUrl": "u"}, "RoleArn": "r"}),
    ("'single'", "single"),
    ('"dou\\"ble"', 'dou"ble'),
    ("`back tick`", "back tick"),
    ("-12.5e1", -125.0),
    ("[1, [true, null], {\"a\": $Input.FieldA}]", [1, [True, None], {"a": 123}]),
    ('stringToJson(\'{"Data": {"v": [7, 8]}}\').Data.v[1]', 8),
    ("($Input.items)[0].name", "a b"),
])
def test_paths_and_literals(text, expected):
    assert value(text, DATA) == expected


def test_a_literal_structure_is_fresh_on_every_evaluation():
    expr = compile_expression("[1, {\"a\": [2]}]")
    first = expr.evaluate({})
    first[1]["a"].append(3)
    assert expr.evaluate({}) == [1, {"a": [2]}]


@pytest.mark.parametrize("text, message", [
    ("$Input.missing", "$Input.missing: key 'missing' not found in $Input"),
    ("$Input.status.x", "$Input.status.x: $Input.status is a string, not an object, so it has no key 'x'"),
    ("$Input.items[5]", "$Input.items[5]: index 5 is out of range for $Input.items (length 2)"),
    ('stringToJson("{}").a', 'stringToJson("{}").a: key \'a\' not found in stringToJson("{}")'),
    ("length($Input.FieldA)", "length(): argument 1 must be a string, an array or an object, not an integer"),
    ("intAdd($Input.FieldA, $Input.half)", "intAdd(): argument 2 must be an integer, not a number"),
    ("stringToJson($Input.status)", "stringToJson(): the string is not JSON (Expecting value: line 1 column 1 "
                                    "(char 0))"),
    ("fromBase64($Input.status)", "fromBase64(): 'ready' is not Base64-encoded UTF-8 text"),
    ('hash("a", $Input.status)', "hash(): the algorithm must be one of MD5, SHA-1, SHA-256, SHA-512, not 'ready'"),
    ("format($Input.template, $Input.status)", "format(): the template '{} {}' has 2 placeholders ('{}') for 1 "
                                               "value"),
    ("randomInt($Input.FieldA, 5)", "randomInt(): the range needs min < max, not 123 and 5"),
    ('get({"a": 1}, 0)', "get(): an object is read by a string key, not an integer"),
    ('get([1], "0")', "get(): an array is read by an integer index, not a string"),
    ("regexMatchString($Input.status, $Input.items[0].name)", None),
])
def test_evaluation_errors(text, message):
    if message is None:    # a pattern that compiles: no error
        assert value(text, DATA) is False
        return
    with pytest.raises(EvaluationError) as info:
        value(text, DATA)
    assert info.value.message == message


def test_a_variable_the_caller_does_not_give_is_an_error_in_a_constructor_and_null_in_a_condition():
    with pytest.raises(EvaluationError) as info:
        compile_expression("$Global.x").evaluate({"Input": {}})
    assert info.value.message == "$Global.x: $Global has no value here"
    assert compile_condition("$Global.x == null").evaluate({"Input": {}}) is True


# -- conditions -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, data, expected", [
    ('$Input.data == "ready"', {"data": "ready"}, True),                      # the documented Choice example
    ('$Input.data == "ready"', {"data": "waiting"}, False),
    ('$Input.status == "true"', {"status": "true"}, True),                    # the documented Fail example
    ("$Context.Current.Input.Size>=1024", None, True),
    ("$Input.n > 1 && $Input.n < 10", {"n": 5}, True),
    ("$Input.n > 1 && $Input.n < 10", {"n": 10}, False),
    ("$Input.a == `x` || $Input.b == 'y'", {"b": "y"}, True),
    ("!($Input.n == 1)", {"n": 2}, True),
    ("!$Input.n == 1", {"n": 1}, False),
    ("$Input.missing == null", {}, True),
    ("$Input.missing != \"\"", {}, True),
    ("$Input.flag", {"flag": 0}, False),
    ("$Input.list", {"list": []}, True),
    ("$Input.n == 1.0", {"n": 1}, True),
    ("$Input.t == 1", {"t": True}, False),
    ("$Input.s < 2", {"s": "1"}, False),
    ('$Input.s < "b"', {"s": "a"}, True),
    ("length($Input.xs) >= 2 && arrayContains($Input.xs, 3)", {"xs": [1, 3]}, True),
    ("$Input.a == $Input.b", {"a": {"k": [1]}, "b": {"k": [1.0]}}, True),
    ("true", {}, True),
    ("null", {}, False),
])
def test_conditions(text, data, expected):
    variables = {"Input": data if data is not None else {}, "Context": {"Current": {"Input": {"Size": 2048}}}}
    assert compile_condition(text).evaluate(variables) is expected


def test_a_condition_reads_only_what_it_needs():
    cond = compile_condition("$Input.a == 1 || length($Input.b) > 0")
    assert cond.evaluate({"Input": {"a": 1}}) is True     # the right side (an error on this input) is never read
    with pytest.raises(EvaluationError):
        cond.evaluate({"Input": {"a": 2}})


# -- compile-time errors ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, offset, message", [
    ("", 0, "empty expression"),
    ("   ", 0, "empty expression"),
    ("$.x", 0, "a path starts with $Input, $Output, $Context, $Global or $Item, not '$' (did you mean '$Input.x'?)"),
    ("$", 0, "a path starts with $Input, $Output, $Context, $Global or $Item, not '$' (did you mean '$Input'?)"),
    ("$input.a", 0, "unknown variable '$input': $input belongs to the old FDL dialect; here it is '$Input' "
                    "(did you mean '$Input.a'?)"),
    ("$local", 0, "unknown variable '$local': $local belongs to the old FDL dialect; here it is '$Input' "
                  "(did you mean '$Input'?)"),
    ("$Inptu.a", 0, "unknown variable '$Inptu' (did you mean '$Input.a'?); variables are $Input, $Output, "
                    "$Context, $Global and $Item"),
    ("$Foo", 0, "unknown variable '$Foo'; variables are $Input, $Output, $Context, $Global and $Item"),
    ("$Context.Flow.Name", 9, "$Context has no field 'Flow'; it has Execution, Current"),
    ("$Context.Current.Eror.Code", 17, "$Context.Current has no field 'Eror' (did you mean 'Error'?); it has "
                                       "Name, Input, Output, Error, RetryCount, TaskToken"),
    ("$Context.Execution.Name.x", 24, "$Context.Execution.Name is a value, it has no field 'x'"),
    ("$Context[0]", 9, "$Context is an object, not an array"),
    ("$Input.a..b", 8, "recursive descent '..' is not supported"),
    ("$Input.", 7, "expected a field name after '.'"),
    ("$Input.a[*]", 9, "wildcards are not supported in paths"),
    ("$Input.a[-1]", 9, "negative indexes are not supported in paths"),
    ("$Input.a[?(@.x)]", 9, "filter expressions are not supported in paths"),
    ("$Input.a[x]", 9, "expected a number or a quoted name after '['"),
    ("$Input.a[0:2]", 10, "slices are not supported"),
    ("$Input.a[0", 10, "expected ']'"),
    ("$Input.a ==", 11, "expected a value after '$Input.a =='"),
    ("$Input.a = 1", 9, "unexpected '='; did you mean '=='?"),
    ("$Input.a === 1", 9, "unexpected '==='; did you mean '=='?"),
    ("$Input.a <> 1", 9, "unexpected '<>'; did you mean '!='?"),
    ("$Input.a & $Input.b", 9, "unexpected '&'; did you mean '&&'?"),
    ("$Input.a | $Input.b", 9, "unexpected '|'; did you mean '||'?"),
    ("$Input.a + 1", 9, "unexpected '+'; arithmetic is not part of the expression language (intAdd(a, b) adds "
                        "integers)"),
    ("1 < 2 < 3", 6, "comparisons cannot be chained; combine them with '&&'"),
    ("$Input.a == ready", 12, "unexpected 'ready'; quote it for a string (\"ready\") or write a path "
                              "($Input.ready)"),
    ("$Input.a == True", 12, "unexpected 'True'; did you mean 'true'?"),
    ("($Input.a", 9, "expected ')' to close the '(' at offset 0"),
    ("$Input.a)", 8, "unmatched ')'"),
    ("$Input.a $Input.b", 9, "unexpected '$' after the end of the expression"),
    ('"open', 0, "unterminated string"),
    ('"bad \\q"', 5, "invalid escape '\\q' in string"),
    ("[1, 2,, 3]", 6, "expected a value, found ','"),
    ("[1 2]", 3, "expected ',' or ']'"),
    ('{"a": 1, "a": 2}', 9, "duplicate key 'a' in an object"),
    ("{a: 1}", 1, "expected a quoted key"),
    ('{"a" 1}', 5, "expected ':' after the key"),
    ("foo(1)", 0, "unknown function 'foo'"),
    ("lenght($Input.a)", 0, "unknown function 'lenght' (did you mean 'length'?)"),
    ('States.Format("{}", 1)', 0, "unknown function 'States.Format': built-in functions have no 'States.' prefix "
                                  "here (did you mean 'format'?)"),
    ("uuid(1)", 0, "uuid() takes no arguments, not 1"),
    ("hash(\"a\")", 0, "hash() takes 2 arguments, not 1"),
    ("format()", 0, "format() takes at least 1 argument, not 0"),
    ("length(1)", 7, "length() takes a string, an array or an object as argument 1, not an integer"),
    ("intAdd(1, \"2\")", 10, "intAdd() takes an integer as argument 2, not a string"),
    ("intAdd(1, 2.5)", 10, "intAdd() takes an integer as argument 2, not a number"),
    ("jsonMerge([1], {})", 10, "jsonMerge() takes an object as argument 1, not an array"),
    ("arrayUnique(length(\"a\"))", 12, "arrayUnique() takes an array as argument 1, not an integer"),
    ('hash("a", "SHA1")', 10, "hash(): the algorithm must be one of MD5, SHA-1, SHA-256, SHA-512, not 'SHA1' "
                              "(did you mean 'SHA-1'?)"),
    ('format("{} {}", 1)', 7, "format(): the template '{} {}' has 2 placeholders ('{}') for 1 value"),
    ('regexMatchString("a", "(")', 22, "regexMatchString(): invalid regular expression '(': missing ), unterminated "
                                       "subpattern at position 0"),
    ("stringToJson('{x')", 13, "stringToJson(): the string is not JSON (Expecting property name enclosed in "
                               "double quotes: line 1 column 2 (char 1))"),
    ("randomInt(3, 3)", 10, "randomInt(): the range needs min < max, not 3 and 3"),
    ("format('{}', " + "toArray(" * 10 + "1" + ")" * 11, 85, "built-in functions nest at most 10 levels deep"),
    ("!" * 70 + "true", 64, "expression nested more than 64 levels deep"),
    ("[" * 70 + "]" * 70, 64, "expression nested more than 64 levels deep"),
])
def test_syntax_errors(text, offset, message):
    with pytest.raises(ExpressionSyntaxError) as info:
        compile_expression(text)
    assert (info.value.offset, info.value.message) == (offset, message)


def test_nine_nested_calls_inside_one_are_allowed():
    text = "format('{}', " + "toArray(" * 9 + "1" + ")" * 10
    assert value(text) == "[" * 9 + "1" + "]" * 9


@pytest.mark.parametrize("place, text, offset, message", [
    (v.INPUT_CONSTRUCTOR, "$Output.a", 0, "$Output is not available in InputConstructor: it is a task's result, "
                                          "readable only in OutputConstructor and GlobalConstructor"),
    (v.PARAMETERS, "$Output", 0, "$Output is not available in Parameters: it is a task's result, readable only in "
                                 "OutputConstructor and GlobalConstructor"),
    (v.CONDITION, "$Output.x == 1", 0, "$Output is not available in a Choice Condition: it is a task's result, "
                                       "readable only in OutputConstructor and GlobalConstructor"),
    (v.CATCH_OUTPUT, "$Output.x", 0, "$Output is not available in a Catch rule's OutputConstructor: it is a task's "
                                     "result, readable only in OutputConstructor and GlobalConstructor"),
    (v.ITEMS_PATH, "format('{}', $Item)", 13, "$Item is not available in ItemsPath: it is the current item, "
                                              "readable only in a Map's ItemConstructor"),
    (v.INPUT_CONSTRUCTOR, "$Context.Current.Output.x", 0, "$Context.Current.Output is $Output: $Output is not "
                                                          "available in InputConstructor: it is a task's result, "
                                                          "readable only in OutputConstructor and GlobalConstructor"),
])
def test_variables_not_available_at_a_place(place, text, offset, message):
    with pytest.raises(ExpressionSyntaxError) as info:
        compile_expression(text, place)
    assert (info.value.offset, info.value.message) == (offset, message)


@pytest.mark.parametrize("place, text", [
    (v.OUTPUT_CONSTRUCTOR, "$Output.Body"), (v.GLOBAL_CONSTRUCTOR, "$Output"), (v.ITEM_CONSTRUCTOR, "$Item"),
    (v.OUTPUT_CONSTRUCTOR, "$Context.Current.Output.Body"), (v.CATCH_OUTPUT, "$Context.Current.Error.Detail"),
])
def test_variables_available_at_a_place(place, text):
    assert compile_expression(text, place).variables == {text[1:].split(".")[0]}


def test_compiled_expressions_compare_by_text_and_know_their_kind():
    assert compile_expression("$Input.a") == compile_expression("$Input.a")
    assert compile_expression("$Input.a") != compile_condition("$Input.a")
    assert [compile_expression(t).kind for t in ("length('a')", "$Input.a", "1 == 1", "[1]", "{}", "'s'")] == [
        "integer", "any", "boolean", "array", "object", "string"]
