"""Scripted functions (per attempt, by predicate, durations, FC system errors), error injection with fail_next,
and throttling against the account's concurrency quota on the virtual clock."""
from __future__ import annotations

import pytest

from fakecloud.services.fc import FcBackend, FcError, UNHANDLED
from fakecloud.services.fc.concurrency import InFlight

from fc_support import Ids


def test_scripted_answers_per_attempt(fc):
    fc.script("s/f").throws("Busy", "try later", attempt="0-1").returns({"ok": True}, attempt="2-")
    answers = [fc.invoke("s", "f", b"{}") for _ in range(3)]
    assert [a.error_type for a in answers] == [UNHANDLED, UNHANDLED, None]
    assert answers[0].json() == {"errorMessage": "try later", "errorType": "Busy"}
    assert answers[2].json() == {"ok": True}
    assert fc.unused() == []


def test_scripted_answers_by_predicate_on_the_decoded_event(fc):
    script = fc.script("s/f")
    script.returns("vip", when={"tier": "gold"}).returns("basic", when=lambda e: e["tier"] == "bronze")
    assert fc.invoke("s", "f", b'{"tier": "gold", "id": 1}').body == b"vip"
    assert fc.invoke("s", "f", b'{"tier": "bronze"}').body == b"basic"
    result = fc.invoke("s", "f", b'{"tier": "silver"}')
    assert result.json() == {"errorType": "UnscriptedInvocation", "errorMessage":
                             "no scripted answer for attempt 2 of s/f: rule 0: input['tier'] is 'silver', not 'gold'; "
                             "rule 1: predicate <lambda> is false"}
    assert fc.invocations[-1].script_misses == ("rule 0: input['tier'] is 'silver', not 'gold'",
                                                "rule 1: predicate <lambda> is false")


def test_a_script_answers_before_the_handler_and_the_handler_takes_the_rest(fc):
    fc.register("s/f", lambda e: "handler")
    fc.script("s/f").returns("scripted", attempt=0)
    assert [fc.invoke("s", "f").body for _ in range(2)] == [b"scripted", b"handler"]
    # registering again keeps the script
    fc.script("s/g").returns("scripted", attempt=1)
    fc.register("s/g", lambda e: "handler")
    assert [fc.invoke("s", "g").body for _ in range(2)] == [b"handler", b"scripted"]


def test_scripted_durations(fc):
    fc.script("s/f", duration=4).returns("slow").returns("never", attempt=99)
    fc.script("s/g").returns("quick", duration=0.25)
    assert fc.invoke("s", "f").duration == 4.0
    assert fc.invoke("s", "g").duration == 0.25
    assert fc.unused() == ["s/f: rule 1 (attempt 99): return 'never' was never used"]


def test_scripted_fc_errors_are_system_errors(fc):
    fc.script("s/f").throws("FC.InternalServerError", attempt=0).throws("FC.ResourceExhausted", "no capacity",
                                                                         attempt=1)
    with pytest.raises(FcError) as info:
        fc.invoke("s", "f")
    assert info.value == FcError("InternalServerError", "An internal error occurred", 500)
    with pytest.raises(FcError) as info:
        fc.invoke("s", "f")
    assert info.value == FcError("ResourceExhausted", "no capacity", 429)
    assert [i.status for i in fc.invocations] == [500, 429]


def test_a_scripted_value_that_is_not_json_is_a_type_error(fc):
    fc.script("s/f").returns({1, 2})
    assert fc.invoke("s", "f").json()["errorType"] == "TypeError"


def test_a_script_miss_without_handler_and_a_function_without_either(fc):
    fc.script("s/f")
    assert fc.invoke("s", "f").json() == {"errorType": "UnscriptedInvocation",
                                          "errorMessage": "s/f has neither a handler nor scripted answers"}


def test_scripts_from_data(fc):
    fc.script("s/f").extend({"0": {"throw": {"error": "FC.Unknown", "cause": "socket closed"}}, "1-": {"return": "ok"}})
    with pytest.raises(FcError) as info:
        fc.invoke("s", "f")
    assert (info.value.code, info.value.message) == ("Unknown", "socket closed")
    assert fc.invoke("s", "f").body == b"ok"


# -- fail_next -------------------------------------------------------------------------------------------------

def test_fail_next_answers_the_next_requests_with_the_error(fc):
    fc.register("s/f", lambda e: "ok")
    fc.fail_next("s/f", "ResourceThrottled", times=2)
    codes = []
    for _ in range(3):
        try:
            codes.append(fc.invoke("s", "f").body)
        except FcError as err:
            codes.append((err.code, err.status, err.message))
    assert codes == [("ResourceThrottled", 429, "Reached the limit of concurrent instances; the function was not "
                                                "executed")] * 2 + [b"ok"]
    assert len(fc.invocations) == 3


@pytest.mark.parametrize("code, status", [("FC.ResourceExhausted", 429), ("InternalServerError", 500),
                                          ("Unknown", 500), ("ServiceUnavailable", 503), ("MadeUp", 500)])
def test_fail_next_codes_and_statuses(fc, code, status):
    fc.register("s/f", lambda e: "ok")
    fc.fail_next("s/f", code, message="injected")
    with pytest.raises(FcError) as info:
        fc.invoke("s", "f")
    assert (info.value.code, info.value.status, info.value.message) == (code.removeprefix("FC."), status, "injected")


def test_fail_next_by_qualifier_and_the_unused_report(fc):
    fc.register("s/f", lambda e: "ok")
    fc.fail_next("s.prod/f", "InternalServerError")
    fc.fail_next("s/f", "Unknown", times=3)
    with pytest.raises(FcError) as info:
        fc.invoke("s", "f", qualifier="prod")
    assert info.value.code == "InternalServerError"
    with pytest.raises(FcError) as info:
        fc.invoke("s", "f")
    assert info.value.code == "Unknown"
    with pytest.raises(FcError) as info:
        fc.invoke("s", "f", qualifier="staging")
    assert info.value.code == "Unknown"
    assert fc.unused() == ["s/f: injected Unknown x1 never delivered"]


def test_fail_next_does_not_hide_a_missing_function(fc):
    fc.create_service("s")
    fc.fail_next("s/f", "InternalServerError")
    with pytest.raises(FcError) as info:
        fc.invoke("s", "f")
    assert info.value.code == "FunctionNotFound"


@pytest.mark.parametrize("args, message", [
    (("s/f", ""), "an error code is a non-empty string, got ''"),
    (("s/f", "FC."), "an error code is a non-empty string, got 'FC.'"),
    (("s/f", "X", 0), "times must be a positive integer, got 0"),
    (("s/f", "X", 1, 5), "message must be a string, got int"),
])
def test_fail_next_bad_input(fc, args, message):
    with pytest.raises(FcError) as info:
        fc.fail_next(*args)
    assert info.value == FcError("InvalidArgument", message, 400)


# -- throttling ------------------------------------------------------------------------------------------------

def test_throttled_at_exactly_quota_plus_one_concurrent_invocations(clock):
    fc = FcBackend(clock, Ids(), concurrency_quota=3)
    fc.register("s/slow", lambda e: "ok", duration=10)
    fc.register("s/other", lambda e: "ok", duration=1)
    assert [fc.invoke("s", "slow").status for _ in range(2)] + [fc.invoke("s", "other").status] == [200] * 3
    assert fc.in_flight.busy() == 3
    with pytest.raises(FcError) as info:
        fc.invoke("s", "slow")
    assert info.value == FcError("ResourceThrottled", "Reached the limit of concurrent instances of the account in "
                                                      "the region (3); the function was not executed", 429)
    clock.advance(1)                       # "other" ends: one instance frees up
    assert fc.in_flight.busy() == 2
    assert fc.invoke("s", "slow").status == 200
    with pytest.raises(FcError):
        fc.invoke("s", "other")
    clock.advance(9)                       # the first two end at t=10
    assert fc.in_flight.busy() == 1
    assert fc.invoke("s", "other").status == 200


def test_the_default_quota_is_300_and_instant_runs_hold_no_instance(fc):
    fc.register("s/f", lambda e: "ok", duration=1)
    fc.register("s/instant", lambda e: "ok")
    for _ in range(300):
        fc.invoke("s", "f")
    with pytest.raises(FcError) as info:
        fc.invoke("s", "f")
    assert info.value.code == "ResourceThrottled"
    with pytest.raises(FcError):
        fc.invoke("s", "instant")           # the quota is full for every function
    fc.concurrency_quota = 301
    assert fc.invoke("s", "instant").status == 200
    assert fc.invoke("s", "f").status == 200


def test_quota_must_be_positive(clock):
    with pytest.raises(FcError) as info:
        FcBackend(clock, Ids(), concurrency_quota=0)
    assert info.value == FcError("InvalidArgument", "the concurrency quota must be a positive integer, got 0", 400)
    fc = FcBackend(clock, Ids())
    with pytest.raises(FcError):
        fc.concurrency_quota = "many"


def test_next_free_instance_skips_released_and_ended_ones():
    now = [0]
    flight = InFlight(lambda: now[0], 2)
    first = flight.occupy(1000)
    flight.occupy(3000)
    assert (flight.full(), flight.next_free_ms()) == (True, 1000)
    flight.release(first)                  # stopped early: the next end is the other instance's
    assert (flight.busy(), flight.next_free_ms()) == (1, 3000)
    assert flight.occupy(0) is None and flight.busy() == 1
    now[0] = 3000
    assert (flight.busy(), flight.next_free_ms()) == (0, 3000)


def test_assert_all_used(fc):
    fc.script("s/f").returns("a", times=2)
    fc.invoke("s", "f")
    with pytest.raises(AssertionError) as info:
        fc.assert_all_used()
    assert str(info.value) == "FC answers not used:\n  s/f: rule 0 (times=2): return 'a' was used 1 of 2 times"
    fc.invoke("s", "f")
    fc.assert_all_used()


def test_function_lookup(fc):
    fc.register("s.prod/f", print, timeout=9)
    assert (fc.function("s.prod/f").timeout, fc.function("s.prod/f").name) == (9, "s.prod/f")
    with pytest.raises(FcError) as info:
        fc.function("s/f")
    assert info.value.code == "FunctionNotFound"
