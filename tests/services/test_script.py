"""Scripted answers: selectors, predicates, limits, first match, reasons on a miss, strict reporting, plain data."""
from __future__ import annotations

import pytest

from fakecloud.services.script import Attempts, Return, Script, Throw

BUSY = Throw("InternalError.Busy", "backend busy")


# --- attempt selectors ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("selector, inside, outside, text", [
    ("0", [0], [1, 2], "0"),
    (2, [2], [0, 1, 3], "2"),
    ("1-2", [1, 2], [0, 3], "1-2"),
    ("3-", [3, 4, 100], [0, 2], "3-"),
    (None, [0, 1, 50], [], "any"),
    (" 4 ", [4], [3, 5], "4"),
    ("2-2", [2], [1, 3], "2-2"),
])
def test_attempt_selectors(selector, inside, outside, text):
    attempts = Attempts.parse(selector)
    assert attempts.text == text
    assert all(a in attempts for a in inside)
    assert not any(a in attempts for a in outside)


@pytest.mark.parametrize("selector", ["", "-1", "x", "1-2-3", "2-1", "1 - 2", -1, True, 1.5, [0]])
def test_bad_attempt_selectors(selector):
    with pytest.raises(ValueError):
        Attempts.parse(selector)


def test_selectors_pick_per_attempt():
    script = (Script().throws("A", "first", attempt="0").throws("B", "then", attempt="1-2")
              .returns({"ok": True}, attempt="3-"))
    assert [script.answer({}, a) for a in range(5)] == [
        Throw("A", "first"), Throw("B", "then"), Throw("B", "then"), Return({"ok": True}), Return({"ok": True})]


def test_rule_without_selector_takes_the_rest():
    script = Script().throws("A", attempt="0").returns("rest")
    assert script.answer(None, 0) == Throw("A")
    assert script.answer(None, 1) == Return("rest")
    assert script.answer(None, 7) == Return("rest")


# --- predicates ----------------------------------------------------------------------------------------------

def test_dict_predicate_is_a_subset_of_the_input():
    script = Script().returns("A", when={"sku": "A", "order": {"region": "cn"}})
    assert script.answer({"sku": "A", "qty": 2, "order": {"region": "cn", "id": 1}}, 0) == Return("A")
    assert script.answer({"sku": "B", "order": {"region": "cn"}}, 0) is None
    assert script.answer({"sku": "A", "order": {"region": "us"}}, 0) is None


def test_dict_predicate_uses_json_equality():
    script = Script().returns("x", when={"flag": True})
    assert script.answer({"flag": 1}, 0) is None
    assert script.answer({"flag": True}, 0) == Return("x")
    assert Script().returns("y", when={"n": 1}).answer({"n": 1.0}, 0) == Return("y")


def test_callable_predicate():
    def big(order):
        return order["size"] > 10
    script = Script().returns("big", when=big).returns("small")
    assert script.answer({"size": 11}, 0) == Return("big")
    assert script.answer({"size": 3}, 0) == Return("small")
    lookup = script.find({}, 0)        # the predicate raises: it does not match, and says why
    assert lookup.outcome == Return("small")
    assert lookup.reasons == ("rule 0: predicate big raised KeyError: 'size'",)


def test_predicate_and_attempt_both_apply():
    script = Script().throws("A", attempt="0", when={"k": 1})
    assert script.answer({"k": 1}, 0) == Throw("A")
    assert script.answer({"k": 1}, 1) is None
    assert script.answer({"k": 2}, 0) is None


# --- times and first match -----------------------------------------------------------------------------------

def test_times_limits_a_rule_then_later_rules_answer():
    script = Script().throws("A", times=2).returns("done")
    assert [script.answer({}, a) for a in range(4)] == [Throw("A"), Throw("A"), Return("done"), Return("done")]
    assert script.find({}, 9).reasons == ("rule 0: used up (times=2)",)


def test_first_matching_rule_wins():
    script = Script().returns("first", when={"a": 1}).returns("second").returns("never")
    assert script.answer({"a": 1}, 0) == Return("first")
    assert script.answer({"a": 2}, 0) == Return("second")
    assert script.rules[2].uses == 0


def test_find_without_consuming():
    script = Script().returns("once", times=1)
    assert script.find({}, 0, consume=False).outcome == Return("once")
    assert script.rules[0].uses == 0
    assert script.answer({}, 0) == Return("once")
    assert script.answer({}, 0) is None


# --- reasons on a miss ---------------------------------------------------------------------------------------

def test_a_miss_says_why_every_rule_did_not_match():
    script = Script("fc:order").throws("X", "y", attempt="1-2").returns("ok", when={"sku": "A"})
    lookup = script.find({"qty": 1}, 3)
    assert not lookup
    assert lookup.outcome is None and lookup.rule is None
    assert lookup.reasons == ("rule 0: attempt 3 not in 1-2", "rule 1: input lacks key 'sku'")
    assert lookup.explain() == "rule 0: attempt 3 not in 1-2; rule 1: input lacks key 'sku'"


def test_reasons_name_nested_values_and_predicates():
    def vip(order):
        return order.get("vip")
    script = Script().returns(1, when={"order": {"sku": "A"}}).returns(2, when=vip).returns(3, when={"a": 1})
    lookup = script.find({"order": {"sku": "B"}}, 0)
    assert lookup.reasons == ("rule 0: input['order']['sku'] is 'B', not 'A'", "rule 1: predicate vip is false",
                              "rule 2: input lacks key 'a'")
    assert Script().returns(1, when={"a": 1}).find([1], 0).reasons == ("rule 0: input is a list, not an object",)


def test_a_hit_keeps_the_reasons_of_earlier_rules():
    script = Script().throws("A", attempt="0").returns("ok")
    lookup = script.find({}, 1)
    assert lookup.outcome == Return("ok") and lookup.rule is script.rules[1]
    assert lookup.reasons == ("rule 0: attempt 1 not in 0",)


def test_empty_script_explains_itself():
    assert Script().find({}, 0).explain() == "no rules"


# --- unused and unconsumed -----------------------------------------------------------------------------------

def test_unused_lists_rules_never_used_ranges_not_consumed_and_times_left():
    script = Script("goodstech:ClassifyCommodity")
    script.throws("InternalError.Busy", "busy", attempt="0-2")
    script.returns({"Data": {}}, when={"sku": "A"})
    script.returns("twice", times=3, attempt="5-")
    script.answer({}, 0)
    script.answer({}, 1)
    script.answer({}, 5)
    assert script.unused() == [
        "goodstech:ClassifyCommodity: rule 0 (attempt 0-2): throw InternalError.Busy ('busy') never answered attempt 2",
        "goodstech:ClassifyCommodity: rule 1 (when {'sku': 'A'}): return {'Data': {}} was never used",
        "goodstech:ClassifyCommodity: rule 2 (attempt 5-, times=3): return 'twice' was used 1 of 3 times",
    ]
    with pytest.raises(AssertionError, match="never answered attempt 2"):
        script.assert_all_used()


def test_everything_used_is_clean():
    script = Script().throws("A", attempt="0-1").returns("x", times=1).returns("rest")
    for attempt in range(4):
        script.answer({}, attempt)
    assert script.unused() == []
    script.assert_all_used()


def test_open_rules_count_as_used_after_one_answer():
    script = Script().returns("x", attempt="2-").returns("y")
    script.answer({}, 0)
    script.answer({}, 3)
    assert script.unused() == []


def test_clear_and_len():
    script = Script().returns(1).returns(2)
    assert len(script) == 2
    script.clear()
    assert len(script) == 0 and script.answer({}, 0) is None


def test_bad_rules_from_python():
    with pytest.raises(TypeError, match="Return"):
        Script().add("value")
    with pytest.raises(TypeError, match="'when'"):
        Script().returns(1, when=[1])
    with pytest.raises(ValueError, match="'times'"):
        Script().returns(1, times=0)
    with pytest.raises(ValueError, match="attempt selector"):
        Script().returns(1, attempt="first")


def test_outcomes_describe_themselves_and_carry_durations():
    assert Return({"a": 1}, duration=2.5).duration == 2.5
    assert Throw("E").describe() == "throw E"
    assert Throw("E", "why").describe() == "throw E ('why')"
    assert Return("x" * 100).describe().endswith("...")


# --- plain data ----------------------------------------------------------------------------------------------

def test_from_data_list_of_rules():
    script = Script.from_data([
        {"attempt": "0", "throw": {"error": "X", "cause": "y"}},
        {"attempt": 1, "when": {"sku": "A"}, "times": 1, "duration": 3, "return": {"ok": 1}},
        {"throw": "Z"},
        {"return": None},
    ], name="s")
    assert script.name == "s"
    assert [r.attempts.text for r in script.rules] == ["0", "1", "any", "any"]
    assert script.answer({}, 0) == Throw("X", "y")
    assert script.answer({"sku": "A"}, 1) == Return({"ok": 1}, duration=3)
    assert script.answer({"sku": "A"}, 1) == Throw("Z")
    assert script.rules[3].outcome == Return(None)


def test_from_data_attempt_mapping_in_the_mock_config_shape():
    script = Script.from_data({
        "0": {"Throw": {"Error": "Lambda.ResourceNotReadyException", "Cause": "not ready"}},
        "1-2": {"Throw": {"Error": "Lambda.TimeoutException", "Cause": "slow"}},
        "3": {"Return": {"StatusCode": 200}},
    })
    assert [script.answer({}, a) for a in range(4)] == [
        Throw("Lambda.ResourceNotReadyException", "not ready"), Throw("Lambda.TimeoutException", "slow"),
        Throw("Lambda.TimeoutException", "slow"), Return({"StatusCode": 200})]


def test_from_data_single_rule_and_extend():
    script = Script.from_data({"return": 1, "times": 1})
    script.extend([{"return": 2}])
    assert [script.answer({}, 0), script.answer({}, 0)] == [Return(1), Return(2)]


@pytest.mark.parametrize("data, message", [
    ([{"attempt": "0", "thorw": {"error": "X"}}],
     "rule 0: unknown field 'thorw' (did you mean 'throw'? known: attempt, when, times, duration, return, throw)"),
    ([{"return": 1}, {"attempt": "0"}], "rule 1: exactly one of 'return' or 'throw' is required"),
    ([{"return": 1, "throw": "X"}], "rule 0: exactly one of 'return' or 'throw' is required"),
    ([{"attempt": "x", "return": 1}],
     "rule 0: 'attempt': attempt selector must be like \"0\", \"1-2\" or \"3-\", got 'x'"),
    ([{"when": [1], "return": 1}],
     "rule 0: 'when' must be a mapping (keys and values the input must contain), got a list"),
    ([{"times": 0, "return": 1}], "rule 0: 'times' must be a positive integer, got 0"),
    ([{"times": "2", "return": 1}], "rule 0: 'times' must be a positive integer, got '2'"),
    ([{"duration": -1, "return": 1}], "rule 0: 'duration' must be a number of seconds >= 0, got -1"),
    ([{"throw": {"cause": "y"}}], "rule 0: 'throw.error' must be a non-empty string, got None"),
    ([{"throw": {"error": "X", "cause": 5}}], "rule 0: 'throw.cause' must be a string, got int"),
    ([{"throw": {"error": "X", "reason": "y"}}], "rule 0: 'throw': unknown field 'reason' (known: error, cause)"),
    ([{"throw": 3}], "rule 0: 'throw': expected a mapping, got int"),
    (["return"], "rule 0: expected a mapping, got a string"),
    ("return", "a script is a list of rules or a mapping of attempts, got a string"),
    ({"0": "x"}, "attempt '0': expected a mapping, got a string"),
    ({"zero": {"return": 1}}, "rule 0: 'attempt': attempt selector must be like"),
])
def test_from_data_errors_name_the_field(data, message):
    with pytest.raises(ValueError) as info:
        Script.from_data(data)
    assert str(info.value).startswith(message)


def test_from_data_errors_name_the_script_and_add_nothing():
    script = Script("mns:orders")
    with pytest.raises(ValueError, match=r"^mns:orders: rule 1: exactly one"):
        script.extend([{"return": 1}, {}])
    assert len(script) == 0


@pytest.mark.parametrize("attempt", [-1, None, "0", True])
def test_a_lookup_needs_an_attempt_index(attempt):
    with pytest.raises(ValueError, match="an attempt index is an integer >= 0"):
        Script().returns(1).find({}, attempt)
