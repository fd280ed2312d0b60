"""Failure messages, exact text: assertions with the executed path as a tree, the diverging step marked, retries
with their virtual times; strict checks at teardown for unmocked tasks and unused mocks."""
import inspect
import textwrap

import plugin_support

TEST_HEAD = inspect.getsource(plugin_support) + '''
from fakecloud.testing import *
import pytest

ORDER = {"orderId": "o-1", "items": ["cup", "pot"]}
'''


def run_failing(pytester, body: str, *args):
    pytester.makepyfile(test_x=TEST_HEAD + textwrap.dedent(body))
    return pytester.runpytest("-q", "--tb=short", *args)


def failure_lines(result) -> list[str]:
    """The lines pytest printed for the failed assertion, without their 'E   ' marks."""
    return [line[4:] for line in result.outlines if line.startswith("E   ")]


def teardown_lines(result) -> list[str]:
    """The message of a strict check failing at teardown (printed without a traceback)."""
    lines = result.outlines
    start = lines.index("fakecloud strict check failed")
    end = next(i for i in range(start, len(lines)) if lines[i].startswith(("=", "_")))
    return lines[start:end]


def test_step_output_diff_marks_the_step_and_shows_retries(shop):
    result = run_failing(shop, """
        def test_it(flow_runner):
            charge = [Throw("FC.ResourceThrottled", "busy"), Return({"paid": True})]
            run = flow_runner.run("flows/shop.yaml", ORDER, mocks=dict(HAPPY, charge=charge))
            assert_step_output(run, "items[1]/reserve", equals={"reserved": "cup", "n": 1})
    """)
    result.assert_outcomes(failed=1)
    assert failure_lines(result) == [
        "fakecloud.testing.FlowAssertionError: output of step items[1]/reserve differs:",
        '  $.reserved: expected "cup", got "pot"',
        "  $.n: missing, expected 1",
        "executed path of shop (virtual time since the start):",
        "     +0s  charge: ok after 2 attempts (until +2s)",
        "            attempt 0 at +0s: FC.ResourceThrottled",
        "            attempt 1 at +2s: ok",
        "     +2s  items: ok",
        "     +2s    [0] reserve: ok",
        ">    +2s    [1] reserve: ok",
        "     +2s  fanout: ok",
        "     +2s    branch[0] notify: ok",
        "     +2s    branch[1] look: ok",
        "     +2s  approve: ok (until +1m02s)",
        "  +1m02s  deliver: ok",
        "  +1m02s    subflow delivery: Succeeded",
        "  +1m02s      book: ok",
        "  +1m02s  execution Succeeded",
    ]


def test_a_failed_execution_shows_every_attempt_with_its_virtual_time(shop):
    result = run_failing(shop, """
        def test_it(flow_runner):
            charge = Script().throws("FC.ResourceThrottled", "busy", attempt="0-3")
            run = flow_runner.run("flows/shop.yaml", ORDER, mocks={"charge": charge})
            assert_succeeded(run)
    """)
    result.assert_outcomes(failed=1)
    assert failure_lines(result) == [
        "fakecloud.testing.FlowAssertionError: expected shop to succeed, it ended Failed with "
        "FC.ResourceThrottled: busy",
        "executed path of shop (virtual time since the start):",
        ">  +0s  charge: FAILED FC.ResourceThrottled: busy (until +14s)",
        "          attempt 0 at +0s: FC.ResourceThrottled",
        "          attempt 1 at +2s: FC.ResourceThrottled",
        "          attempt 2 at +6s: FC.ResourceThrottled",
        "          attempt 3 at +14s: FC.ResourceThrottled",
        "  +14s  execution Failed FC.ResourceThrottled",
    ]


def test_retry_back_off_differences(shop):
    result = run_failing(shop, """
        def test_it(flow_runner):
            charge = [Throw("FC.ResourceThrottled"), Throw("FC.ResourceThrottled"), Return({})]
            run = flow_runner.run("flows/shop.yaml", ORDER, mocks=dict(HAPPY, charge=charge))
            assert_retried(run, "charge", times=2, delays=[2, 2])
    """)
    assert failure_lines(result)[:7] == [
        "fakecloud.testing.FlowAssertionError: step charge was retried 2 times as expected, but the back-off "
        "differs:",
        "  expected delays: [2s, 2s]",
        "  actual delays:   [2s, 4s]",
        "executed path of shop (virtual time since the start):",
        ">    +0s  charge: ok after 3 attempts (until +6s)",
        "            attempt 0 at +0s: FC.ResourceThrottled",
        "            attempt 1 at +2s: FC.ResourceThrottled",
    ]


def test_catch_and_path(shop):
    result = run_failing(shop, """
        def test_it(flow_runner):
            run = flow_runner.run("flows/shop.yaml", ORDER, mocks={"charge": Throw("CardDeclined", "no money")})
            assert_caught(run, "charge", "CardDeclined", goto="refuse")
            assert_failed(run, "Refused", "the card was declined")
            assert_path(run, ["charge", "items"])
    """)
    assert failure_lines(result) == [
        "fakecloud.testing.FlowAssertionError: path of shop differs at step 2: expected items, got refuse",
        "  expected: charge, items",
        "  actual:   charge, refuse",
        "executed path of shop (virtual time since the start):",
        "  +0s  charge: caught CardDeclined: no money -> refuse",
        "         attempt 0 at +0s: CardDeclined",
        "> +0s  refuse: FAILED Refused: the card was declined",
        "  +0s  execution Failed Refused",
    ]


def test_a_blocked_run_names_the_waiting_task_and_unused_mocks(shop):
    result = run_failing(shop, """
        def test_it(flow_runner, fake_mns):
            fake_mns.create_queue("approvals")
            run = flow_runner.run("flows/shop.yaml", ORDER, mocks={k: v for k, v in HAPPY.items() if k != "approve"})
            assert_failed(run, "Refused")
    """)
    assert failure_lines(result)[0] == ("fakecloud.testing.FlowAssertionError: expected shop to fail with Refused, "
                                        "it is still Running (waiting for a callback: approve)")
    assert failure_lines(result)[-4:] == [
        "  +0s  approve: waiting for a callback",
        "  +0s  execution Running (blocked: nothing left to run without a callback)",
        "mocks not used as scripted:",
        "  book: rule 0: return {'slot': 'mon'} was never used",
    ]


def test_strict_check_at_teardown_unmocked_tasks_and_unused_mocks(shop):
    result = run_failing(shop, """
        def test_it(flow_runner):
            mocks = {"charge": Return({}), "items[5]/reserve": Return({}), "look": Return({})}
            run = flow_runner.run("flows/shop.yaml", ORDER, mocks=mocks)
            assert run.error == "FakeCloud.Unmocked"
    """)
    result.assert_outcomes(passed=1, errors=1)
    assert teardown_lines(result) == [
        "fakecloud strict check failed",
        'tasks no mock answered (unmocked="error"):',
        "  items[0]/reserve (attempt 0): acs:fc:::services/shop/functions/reserve",
        "    mock 'items[5]/reserve' is for another path",
        "  items[1]/reserve (attempt 0): acs:fc:::services/shop/functions/reserve",
        "    mock 'items[5]/reserve' is for another path",
        '  mock them (flow_runner.mock(...) or mocks={...}), set their target up in the world, or use '
        'unmocked="default"',
        "mocks not used as scripted:",
        "  items[5]/reserve: rule 0: return {} was never used",
        "  look: rule 0: return {} was never used",
    ]


def test_strict_check_unconsumed_sequence_and_service_scripts(shop):
    result = run_failing(shop, """
        def test_it(flow_runner, fake_fc):
            fake_fc.script("shop/other").returns({}, attempt="0")
            flow_runner.run("flows/shop.yaml", ORDER, mocks=dict(HAPPY, charge=[Return({}), Return({"again": 1})]))
    """)
    result.assert_outcomes(passed=1, errors=1)
    assert teardown_lines(result) == [
        "fakecloud strict check failed",
        "mocks not used as scripted:",
        "  charge: rule 1 (times=1): return {'again': 1} was never used",
        "service scripts not used as scripted:",
        "  shop/other: rule 0 (attempt 0): return {} was never used",
    ]


def test_strict_checks_can_be_turned_off_and_skip_failed_tests(shop):
    result = run_failing(shop, """
        @pytest.mark.fakecloud(strict=False)
        def test_lenient(flow_runner):
            flow_runner.mock("never").returns({})

        def test_already_failing(flow_runner):
            flow_runner.mock("never").returns({})
            assert False
    """)
    result.assert_outcomes(passed=1, failed=1)
    assert "strict check" not in result.stdout.str()


def test_unmocked_default_from_the_command_line(shop):
    result = run_failing(shop, """
        def test_it(flow_runner, fake_fc):
            run = flow_runner.run("flows/shop.yaml", ORDER, callbacks=[{"step": "approve", "after": 5}])
            assert_succeeded(run)
            assert_published(run, "orders", body="o-1")
            assert_message_sent(run, "approvals", contains={"orderId": "o-1"})
    """, "--fakecloud-unmocked=default")
    result.assert_outcomes(passed=1)
