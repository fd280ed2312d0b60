"""The flow runner as a library: mocks by name, path, attempt and predicate; the step tree; callbacks, resume and
advance; subflow paths; what `unmocked` does; strict checks."""
import pytest

from fakecloud.cloud import FakeCloud
from fakecloud.testing import FlowLoader, FlowRunner, Return, Script, StrictCheckFailed, TaskFailure, Throw
from plugin_support import FLOWS, HAPPY

ORDER = {"orderId": "o-1", "items": ["cup", "pot", "pan"]}


@pytest.fixture
def runner():
    return FlowRunner(FakeCloud(), base_dirs=[FLOWS.parent])


def test_happy_path_with_mocks_by_name(runner):
    run = runner.run("flows/shop.yaml", ORDER, mocks=HAPPY)
    assert run.status == "Succeeded"
    assert run.output == {"paid": True, "approved": True, "slot": "mon"}
    assert run.path == ["charge", "items", "fanout", "approve", "deliver"]
    assert run.step("items").iteration(2).step("reserve").output == {"reserved": "pan"}
    assert run.step("fanout").branch(1).names == ["look"]
    assert run.step("child:deliver/book").local == {"slot": "mon"}
    assert run.step("approve").attempts[0].ended_ms - run.step("approve").attempts[0].scheduled_ms == 60_000
    assert runner.problems() == []


def test_a_path_mock_answers_before_a_name_mock(runner):
    mocks = dict(HAPPY, **{"items[1]/reserve": Throw("OutOfStock", "no pot")})
    run = runner.run("flows/shop.yaml", ORDER, mocks=mocks)
    assert (run.status, run.error, run.cause) == ("Failed", "OutOfStock", "no pot")
    assert run.step("items[1]/reserve").errors == [("OutOfStock", "no pot")]


def test_attempt_selectors_and_retry_delays(runner):
    charge = Script().throws("FC.ResourceThrottled", attempt="0-1").returns({"paid": True}, attempt="2")
    run = runner.run("flows/shop.yaml", ORDER, mocks=dict(HAPPY, charge=charge))
    step = run.step("charge")
    assert [a.outcome for a in step.attempts] == ["failed", "failed", "succeeded"]
    assert step.retries == 2 and step.delays == [2.0, 4.0]
    assert runner.problems() == []


def test_a_list_is_a_sequence_consumed_in_order(runner):
    sequence = [Throw("FC.ResourceThrottled"), Return({"paid": True})]
    run = runner.run("flows/shop.yaml", ORDER, mocks=dict(HAPPY, charge=sequence))
    assert run.step("charge").retries == 1 and run.status == "Succeeded"


def test_predicates_on_the_input_and_callables(runner):
    runner.mock("reserve").returns({"special": True}, when={"item": "pot"}).returns({"plain": True})

    def charge(event):
        raise TaskFailure("CardDeclined", "insufficient funds")
    run = runner.run("flows/shop.yaml", ORDER, mocks={"charge": charge})
    assert run.step("charge").caught and run.step("charge").goto == "refuse"
    assert run.error == "Refused"
    # reserve never ran: its mock is reported
    assert runner.problems() == ["mocks not used as scripted:", "  reserve: rule 0 (when {'item': 'pot'}): return "
                                 "{'special': True} was never used", "  reserve: rule 1: return {'plain': True} was "
                                 "never used"]


def test_waiting_resume_report_and_advance(runner):
    mocks = {k: v for k, v in HAPPY.items() if k != "approve"}
    runner.cloud.mns.create_queue("approvals")
    run = runner.run("flows/shop.yaml", ORDER, mocks=mocks)
    assert run.status == "Running"
    [task] = run.waiting
    assert task.step == "approve" and task.token
    run.advance(30)
    assert run.status == "Running"
    run.report_succeeded("approve", {"approved": True})
    assert run.status == "Succeeded"
    assert run.step("approve").attempts[0].ended_ms - run.step("approve").attempts[0].scheduled_ms == 30_000


def test_unmocked_error_fails_the_task_and_the_strict_check(runner):
    run = runner.run("flows/shop.yaml", ORDER, mocks={"charge": Return({})})
    assert run.error == "FakeCloud.Unmocked"
    with pytest.raises(StrictCheckFailed) as err:
        runner.check()
    assert str(err.value).splitlines()[:3] == [
        "fakecloud strict check failed",
        'tasks no mock answered (unmocked="error"):',
        "  items[0]/reserve (attempt 0): acs:fc:::services/shop/functions/reserve"]


def test_unmocked_default_answers_with_the_fakes_defaults(runner):
    runner.cloud.fc.register("shop/book", lambda event: {"booked": True})
    run = runner.run("flows/shop.yaml", ORDER, unmocked="default", callbacks=[{"step": "approve", "after": 5}])
    assert run.status == "Succeeded", run.explain()
    assert run.output == {"booked": True}
    assert run.step("look").output["RequestId"]          # the vision fake's catalog answer
    assert runner.cloud.mns.published("orders")[0].body == "o-1"


def test_the_world_answers_targets_the_test_set_up(runner):
    cloud = runner.cloud
    cloud.fc.register("shop/reserve", lambda event: {"by": "handler"}, decode=True)
    run = runner.run("flows/shop.yaml", ORDER, mocks={k: v for k, v in HAPPY.items() if k != "reserve"})
    assert run.step("items[0]/reserve").output == {"by": "handler"}
    assert [c.answered_by for c in run.calls if c.path.endswith("reserve")] == ["world"] * 3


def test_inline_definitions_and_ambiguous_steps(runner):
    run = runner.run({"version": "v1", "type": "flow", "steps": [
        {"type": "pass", "name": "a"}, {"type": "wait", "name": "w", "duration": 3600}]}, {})
    assert run.status == "Succeeded" and run.path == ["a", "w"]
    assert run.step("w").ended_ms - run.step("w").entered_ms == 3_600_000
    with pytest.raises(LookupError, match="no step 'b' ran; steps that ran: a, w"):
        run.step("b")
    run = runner.run("flows/shop.yaml", ORDER, mocks=HAPPY)
    with pytest.raises(LookupError, match=r"'reserve' names 3 step runs: items\[0\]/reserve"):
        run.step("reserve")


def test_a_loader_parses_the_same_inline_definition_once():
    loader = FlowLoader()
    text = "version: v1\ntype: flow\nsteps:\n  - {type: pass, name: a}\n"
    first, again = loader.load(text, []), loader.load(text, [])
    assert first.flow is again.flow and first.name == "flow"
    data = {"version": "v1", "type": "flow", "steps": [{"type": "pass", "name": "a"}]}
    assert loader.load(data, []).flow is loader.load(dict(data), []).flow
    assert loader.load(text.replace("name: a", "name: b"), []).flow.steps[0].name == "b"


def test_worlds_served_by_one_loader_share_the_compiled_flow_and_run_it_alike():
    loader = FlowLoader()
    text = ("version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n"
            "    outputMappings: [{target: v, source: $input.x}]\n")
    clouds = [FakeCloud(seed=1), FakeCloud(seed=1)]
    runs = [FlowRunner(cloud, loader=loader).run(text, {"x": 3}) for cloud in clouds]
    first, second = (cloud.engine.flows["flow"] for cloud in clouds)
    assert first.program is second.program and first.flow is second.flow
    assert [r.output for r in runs] == [{"v": 3}, {"v": 3}]
    assert [e.to_dict() for e in runs[0].execution.history] == [e.to_dict() for e in runs[1].execution.history]
    other = loader.load(text.replace("name: a", "name: b"), [])
    assert loader.program(other.flow) is not first.program and loader.program(other.flow).definition is other.flow


def test_an_engine_refuses_a_program_compiled_from_another_definition_or_mode():
    from fakecloud.engine import Engine, compile_program
    from fakecloud.fdl import parse_flow
    flow = parse_flow("version: v1\ntype: flow\nsteps:\n  - {type: pass, name: a}\n")
    machine = parse_flow("Type: StateMachine\nName: m\nSpecVersion: v1\nStartAt: A\n"
                         "States:\n  - {Type: Pass, Name: A, End: true}\n")
    other = parse_flow("version: v1\ntype: flow\nsteps:\n  - {type: pass, name: b}\n")
    engine = Engine()
    with pytest.raises(ValueError, match="compiled from another definition or mode"):
        engine.add_flow("f", flow, program=compile_program(other))
    with pytest.raises(ValueError, match="compiled from another definition or mode"):
        engine.add_flow("m", machine, program=compile_program(machine, "Express"))
    assert engine.add_flow("m", machine, program=compile_program(machine)).program.express is False
    assert engine.add_flow("x", machine, execution_mode="Express",
                           program=compile_program(machine, "Express")).program.express is True


def test_two_runners_on_one_world_each_answer_with_their_own_mocks():
    cloud = FakeCloud()
    logged = []

    class Log:                          # an interceptor of the test's own, outside the runners' routers
        def intercept_task(self, request, call_next):
            logged.append(request.step_name)
            return call_next(request)

    cloud.engine.interceptors.add(Log())
    first, second = (FlowRunner(cloud, base_dirs=[FLOWS.parent]) for _ in range(2))
    assert first.run("flows/shop.yaml", ORDER, mocks=HAPPY).output["slot"] == "mon"
    later = dict(HAPPY, book=Return({"slot": "tue"}))
    assert second.run("flows/shop.yaml", ORDER, mocks=later).output["slot"] == "tue"
    assert first.run("flows/shop.yaml", ORDER).output["slot"] == "mon"     # its own mocks again
    assert [type(i).__name__ for i in cloud.engine.interceptors] == ["Log", "MockRouter"]
    assert logged.count("book") == 3 and first.problems() == [] and second.problems() == []
