"""The front end checks definitions against the world's Limits, not against fixed numbers."""
from fakecloud.cloud import FakeCloud
from fakecloud.fdl import Limits, check_text


def parallel(branches: int) -> str:
    lines = ["version: v1", "type: flow", "steps:", "  - type: parallel", "    name: fan", "    branches:"]
    for i in range(branches):
        lines += [f"      - steps:", f"          - type: pass", f"            name: p{i}"]
    return "\n".join(lines) + "\n"


def test_default_limits_refuse_150_branches():
    report = check_text(parallel(150), "fan.yaml")
    assert [d.message for d in report.errors] == ["parallel step has 150 branches; at most 100 are allowed"]


def test_raised_branch_limit_accepts_150_branches_at_parse_time():
    report = check_text(parallel(150), "fan.yaml", limits=Limits(max_branches=200))
    assert report.ok and report.errors == ()


def test_world_limits_reach_add_flow_and_the_run():
    cloud = FakeCloud(limits=Limits(max_branches=200))
    cloud.add_flow("fan", parallel(150))
    execution = cloud.run("fan")
    assert execution.status == "Succeeded"
    assert execution.output == {}


def test_wait_limit_message_follows_the_limit():
    text = "version: v1\ntype: flow\nsteps:\n  - type: wait\n    name: w\n    duration: 7200\n"
    assert check_text(text, "w.yaml").ok
    report = check_text(text, "w.yaml", limits=Limits(max_wait_seconds=3600))
    assert [d.message for d in report.errors] == [
        "a wait lasts at most 3600 s, not 7200 s"]
