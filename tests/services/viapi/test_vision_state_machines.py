"""Vision APIs from state machines (`Facebody:DetectBodyCount`, the product in any case, Parameters in the API's
own names): the catalog's answer or a scripted one passed through as the task result, `{product}.{Code}` errors with
Retry and Catch, and the testing layer's unmocked modes."""
from fakecloud.cloud import FakeCloud
from fakecloud.engine.outcomes import Return, Throw
from fakecloud.testing.router import MockRouter
from state_machine_support import one_task, rows, run, then_done

IMAGE = "https://example.oss-cn-shanghai.aliyuncs.com/in.png"


def machine(action: str, parameters: str, extra: str = "") -> str:
    return one_task("Count", action, parameters, extra=extra)


COUNT = machine("Facebody:DetectBodyCount", "      ImageURL.$: $Input.url\n",
                "    OutputConstructor:\n      people.$: $Output.Data.PersonNumber\n")


def test_the_catalog_answer_is_the_task_result_and_its_history():
    cloud = FakeCloud()
    execution = run(cloud, COUNT, {"url": IMAGE})
    (call,) = cloud.viapi.calls
    answer = {"Data": {"PersonNumber": 1}, "RequestId": call.response["RequestId"]}
    assert (call.product, call.api, call.params, call.attempt) == ("facebody", "DetectBodyCount",
                                                                   {"ImageURL": IMAGE}, 0)
    assert (execution.status, execution.output) == ("Succeeded", {"people": 1})
    assert rows(execution) == [
        ("ExecutionStarted", "", {"input": {"url": IMAGE}}),
        ("StateEntered", "Count", {"input": {"url": IMAGE}}),
        ("StateStarted", "Count", {"input": {"url": IMAGE}}),
        ("TaskSucceeded", "Count", {"output": answer}),
        ("StateSucceeded", "Count", {"output": {"people": 1}}),
        ("ExecutionSucceeded", "", {"output": {"people": 1}})]


def test_a_scripted_answer_and_a_scripted_error_retried_by_its_product_name():
    cloud = FakeCloud()
    cloud.viapi.script("facebody", "DetectBodyCount").throws("facebody.Throttling", "slow down", attempt="0") \
        .returns({"Data": {"PersonNumber": 4}}, attempt="1")
    retry = ("    Retry:\n      - Errors: [facebody.Throttling]\n        Description: throttled\n"
             "        MaxAttempts: 1\n        IntervalSeconds: 3\n")
    execution = run(cloud, COUNT.replace("    End: true\n", retry + "    End: true\n"), {"url": IMAGE})
    assert (execution.status, execution.output) == ("Succeeded", {"people": 4})
    assert rows(execution)[3] == ("TaskFailed", "Count", {"error": "facebody.Throttling", "cause": "slow down"})
    assert execution.history[4].time == "2024-01-01T00:00:03.000Z"
    assert [c.attempt for c in cloud.viapi.calls] == [0, 1] and cloud.viapi.unused_scripts() == []


def test_a_missing_parameter_is_the_gateways_error_and_caught():
    cloud = FakeCloud()
    catch = ("    Catch:\n      - Errors: [FnF.ALL]\n        Description: any\n        OutputConstructor:\n"
             "          code.$: $Context.Current.Error.Code\n          detail.$: $Context.Current.Error.Detail\n"
             "        Next: Done\n")
    text = then_done(machine("facebody:DetectBodyCount", "      ImageURL.$: $Input.url\n", catch))
    execution = run(cloud, text, {"url": ""})
    assert execution.output == {"code": "facebody.MissingImageURL", "detail": "ImageURL is mandatory for this action."}


def test_unmocked_error_needs_a_script_and_default_answers_from_the_catalog():
    strict = FakeCloud()
    router = MockRouter(strict, unmocked="error").install()
    refused = run(strict, COUNT, {"url": IMAGE})
    assert (refused.error, strict.viapi.calls) == ("FakeCloud.Unmocked", [])
    strict.viapi.script("facebody", "DetectBodyCount").returns({"Data": {"PersonNumber": 2}})
    assert run(strict, COUNT, {"url": IMAGE}).output == {"people": 2}
    assert [c.answered_by for c in router.calls] == ["unmocked", "world"]
    lenient = FakeCloud()
    MockRouter(lenient, unmocked="default").install()
    assert run(lenient, COUNT, {"url": IMAGE}).output == {"people": 1}


def test_a_mock_by_state_name_answers_before_the_fake():
    cloud = FakeCloud()
    router = MockRouter(cloud).install()
    router.mocks.add("Count", [Throw("facebody.InvalidImage.NotFoundFace", "no face"),
                               Return({"Data": {"PersonNumber": 9}})])
    retry = ("    Retry:\n      - Errors: [facebody.InvalidImage.NotFoundFace]\n        Description: again\n"
             "        MaxAttempts: 1\n        IntervalSeconds: 1\n")
    execution = run(cloud, COUNT.replace("    End: true\n", retry + "    End: true\n"), {"url": IMAGE})
    assert (execution.output, cloud.viapi.calls) == ({"people": 9}, [])
