"""What checking a large definition costs: the cyclic garbage collector stays out of it (its repeated passes over
the growing node tree made validation cost grow faster than the definition), and the caller's setting survives."""
import gc

from fakecloud.fdl import check_text


def flat_flow(steps: int) -> str:
    return "version: v1\ntype: flow\nsteps:\n" + "".join(f"  - {{type: pass, name: p{i}}}\n" for i in range(steps))


def collections_during(fn) -> list:
    seen = []

    def watch(phase, info):
        if phase == "start":
            seen.append(info["generation"])
    gc.callbacks.append(watch)
    try:
        result = fn()
    finally:
        gc.callbacks.remove(watch)
    return result, seen


def test_checking_5000_steps_runs_at_most_the_one_collection_owed_afterwards():
    text = flat_flow(5000)
    gc.collect()
    report, seen = collections_during(lambda: check_text(text))
    assert report.ok and len(report.flow.steps) == 5000
    assert len(seen) <= 1, seen


def test_a_collector_the_caller_disabled_stays_disabled():
    gc.disable()
    try:
        assert check_text(flat_flow(3)).ok
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert check_text(flat_flow(3)).ok and gc.isenabled()
