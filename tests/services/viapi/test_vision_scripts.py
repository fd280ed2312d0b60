"""Scripted vision answers per API and attempt, the error names flows see, and the record of every call."""
from __future__ import annotations

import pytest

from fakecloud.services.script import Return, Script, Throw
from fakecloud.services.viapi import VisionError, status_of

IMAGE = "https://example.oss-cn-shanghai.aliyuncs.com/in.png"
CATEGORIES = {"Data": {"Categories": [{"CategoryId": "7", "CategoryName": "shoes", "Score": 0.9}]}}


def classify(vision, attempt=None, **params):
    return vision.call("goodstech", "ClassifyCommodity", {"ImageURL": IMAGE, **params}, attempt=attempt)


def raises(fn, *args, **kwargs) -> VisionError:
    with pytest.raises(VisionError) as info:
        fn(*args, **kwargs)
    return info.value


# --- error naming --------------------------------------------------------------------------------------------

def test_a_scripted_busy_error_reaches_the_flow_as_product_dot_code(vision):
    vision.script("goodstech", "ClassifyCommodity").throws("InternalError.Busy", "The backend is busy.")
    err = raises(classify, vision)
    assert err.flow_error == "goodstech.InternalError.Busy"
    assert err.cause == "The backend is busy."
    assert (err.product, err.code, err.status) == ("goodstech", "InternalError.Busy", 500)
    assert err.request_id == "request-1"
    assert err.body() == {
        "RequestId": "request-1", "HostId": "goodstech.cn-shanghai.aliyuncs.com", "Code": "InternalError.Busy",
        "Message": "The backend is busy.",
        "Recommend": "https://api.aliyun.com/troubleshoot?q=InternalError.Busy&product=goodstech"}
    assert str(err) == "goodstech.InternalError.Busy (HTTP 500): The backend is busy. [scripted]"


def test_a_scripted_error_may_carry_the_product_prefix(vision):
    vision.script("goodstech", "ClassifyCommodity").throws("goodstech.IllegalUrlParameter", "bad url")
    err = raises(classify, vision)
    assert (err.code, err.flow_error, err.status) == ("IllegalUrlParameter", "goodstech.IllegalUrlParameter", 400)


@pytest.mark.parametrize("code, status", [
    ("InternalError", 500), ("InternalError.Timeout", 500), ("InternalError.Device", 500), ("AuthFailed", 403),
    ("InvalidApi.NotPurchase", 403), ("Throttling", 400), ("InvalidImage.NotFoundFace", 404), ("Data.Exist", 409),
    ("InvalidAccessKeyId.NotFound", 404), ("CommonError", 400), ("MissingImageURL", 400),
])
def test_http_status_of_service_codes(code, status):
    assert status_of(code) == status


# --- scripted answers ----------------------------------------------------------------------------------------

def test_scripted_per_attempt_like_a_retry_sees_it(vision):
    (vision.script("goodstech", "ClassifyCommodity")
     .throws("InternalError.Busy", "busy", attempt="0-1")
     .returns(CATEGORIES, attempt="2"))
    assert raises(classify, vision, attempt=0).code == "InternalError.Busy"
    assert raises(classify, vision, attempt=1).code == "InternalError.Busy"
    assert classify(vision, attempt=2) == {**CATEGORIES, "RequestId": "request-3"}
    vision.assert_scripts_used()


def test_without_an_attempt_the_calls_of_an_api_are_counted(vision):
    vision.script("goodstech", "ClassifyCommodity").throws("InternalError.Busy", "busy", attempt="0")
    vision.call("facebody", "DetectBodyCount", {"ImageURL": IMAGE})       # other APIs count apart
    assert raises(classify, vision).code == "InternalError.Busy"
    assert classify(vision)["Data"]["Categories"][0]["CategoryName"] == "sample"
    assert [c.attempt for c in vision.calls] == [0, 0, 1]


def test_a_scripted_answer_gets_a_request_id_unless_it_has_one(vision):
    script = vision.script("goodstech", "ClassifyCommodity")
    script.returns({"RequestId": "fixed", "Data": {}}, times=1).returns({"Data": {"Categories": []}})
    assert classify(vision) == {"RequestId": "fixed", "Data": {}}
    assert classify(vision) == {"Data": {"Categories": []}, "RequestId": "request-1"}


def test_scripted_answers_are_private_copies(vision):
    value = {"Data": {"Categories": []}}
    vision.script("goodstech", "ClassifyCommodity").returns(value)
    classify(vision)["Data"]["Categories"].append("changed")
    assert value == {"Data": {"Categories": []}}
    assert classify(vision)["Data"]["Categories"] == []


def test_scripted_answers_select_on_the_parameters(vision):
    script = vision.script("goodstech", "ClassifyCommodity")
    script.returns(CATEGORIES, when={"ImageURL": "https://shop/shoe.png"})
    script.throws("InvalidFile.Content", "not a product", when=lambda p: p["ImageURL"].endswith(".gif"))
    assert classify(vision, ImageURL="https://shop/shoe.png")["Data"] == CATEGORIES["Data"]
    assert raises(classify, vision, ImageURL="https://shop/cat.gif").flow_error == "goodstech.InvalidFile.Content"
    assert classify(vision)["Data"]["Categories"][0]["CategoryName"] == "sample"    # no match: the default


def test_a_miss_falls_back_to_the_default_and_records_why(vision):
    vision.script("goodstech", "ClassifyCommodity").throws("InternalError.Busy", attempt="1-2").returns(
        CATEGORIES, when={"sku": "A"})
    response = classify(vision, attempt=3)
    assert response["Data"]["Categories"][0]["CategoryName"] == "sample"
    assert vision.calls[-1].script_misses == ("rule 0: attempt 3 not in 1-2", "rule 1: input lacks key 'sku'")


def test_the_gateway_checks_parameters_before_the_script(vision):
    vision.script("goodstech", "ClassifyCommodity").returns(CATEGORIES)
    err = raises(vision.call, "goodstech", "ClassifyCommodity", {})
    assert err.flow_error == "goodstech.MissingImageURL"
    assert vision.script("goodstech", "ClassifyCommodity").rules[0].uses == 0


def test_scripts_accept_plain_data(vision):
    vision.script("goodstech", "ClassifyCommodity").extend([
        {"attempt": "0", "throw": {"error": "InternalError.Busy", "cause": "busy"}},
        {"return": CATEGORIES},
    ])
    assert raises(classify, vision).flow_error == "goodstech.InternalError.Busy"
    assert classify(vision)["Data"] == CATEGORIES["Data"]


def test_a_scripted_answer_must_be_an_object(vision):
    vision.script("goodstech", "ClassifyCommodity").returns(["not", "an", "object"])
    with pytest.raises(TypeError, match="goodstech:ClassifyCommodity must be a JSON object"):
        classify(vision)


def test_only_catalog_apis_can_be_scripted(vision):
    with pytest.raises(ValueError, match="goodstech:Classify is not in the vision API catalog"):
        vision.script("goodstech", "Classify")
    assert isinstance(vision.script("goodstech", "ClassifyCommodity"), Script)
    assert vision.script("goodstech", "ClassifyCommodity") is vision.script("goodstech", "ClassifyCommodity")


def test_unused_scripts_are_listed_for_a_strict_check(vision):
    vision.script("goodstech", "ClassifyCommodity").throws("InternalError.Busy", "busy", attempt="0-1")
    vision.script("ocr", "RecognizeBankCard").returns({"Data": {}})
    with pytest.raises(VisionError):
        classify(vision, attempt=0)
    assert vision.unused_scripts() == [
        "goodstech:ClassifyCommodity: rule 0 (attempt 0-1): throw InternalError.Busy ('busy') never answered attempt 1",
        "ocr:RecognizeBankCard: rule 0: return {'Data': {}} was never used",
    ]
    with pytest.raises(AssertionError, match="scripted vision answers not used"):
        vision.assert_scripts_used()


# --- the record ----------------------------------------------------------------------------------------------

def test_every_call_is_recorded(vision, clock):
    vision.script("goodstech", "ClassifyCommodity").throws("InternalError.Busy", "busy", attempt="0")
    params = {"ImageURL": IMAGE}
    clock.now = 5.0
    with pytest.raises(VisionError):
        vision.call("goodstech", "ClassifyCommodity", params)
    clock.now = 15.0
    response = vision.call("goodstech", "ClassifyCommodity", params)
    params["ImageURL"] = "changed"
    response["Data"] = None
    with pytest.raises(VisionError):
        vision.call("nosuch", "Api", {})
    first, second, third = vision.calls
    assert (first.product, first.api, first.params, first.time, first.attempt) == (
        "goodstech", "ClassifyCommodity", {"ImageURL": IMAGE}, 5.0, 0)
    assert first.error.flow_error == "goodstech.InternalError.Busy" and first.response is None and not first.ok
    assert second.ok and second.error is None and second.time == 15.0 and second.attempt == 1
    assert second.params == {"ImageURL": IMAGE}
    assert second.response["Data"]["Categories"][0]["CategoryName"] == "sample"
    assert third.error.code == "InvalidAction.NotFound"
    assert vision.calls_to("goodstech", "ClassifyCommodity") == [first, second]


def test_reset_forgets_scripts_calls_jobs_and_attempts(vision_2021):
    vision = vision_2021
    vision.script("goodstech", "ClassifyCommodity").throws("InternalError.Busy", attempt="0")
    vision.call("ocr", "TrimDocument", {"FileURL": IMAGE, "FileType": "pdf", "OutputType": "json"})
    with pytest.raises(VisionError):
        classify(vision)
    vision.reset()
    assert vision.calls == [] and len(vision.jobs) == 0 and vision.unused_scripts() == []
    assert classify(vision)["Data"]["Categories"][0]["CategoryName"] == "sample"
    assert vision.calls[0].attempt == 0


def test_outcome_values_round_trip_through_the_script(vision):
    script = vision.script("facebody", "DetectBodyCount")
    script.add(Return({"Data": {"PersonNumber": 3}}), times=1)
    script.add(Throw("InvalidImage.NotFoundFace", "no face"))
    assert vision.call("facebody", "DetectBodyCount", {"ImageURL": IMAGE})["Data"] == {"PersonNumber": 3}
    err = raises(vision.call, "facebody", "DetectBodyCount", {"ImageURL": IMAGE})
    assert (err.flow_error, err.cause, err.status) == ("facebody.InvalidImage.NotFoundFace", "no face", 404)


def test_scripted_durations_are_recorded_for_the_engine(vision):
    script = vision.script("goodstech", "ClassifyCommodity")
    script.throws("InternalError.Timeout", "slow", attempt="0", duration=30).returns(CATEGORIES, duration=2.5)
    with pytest.raises(VisionError) as info:
        classify(vision)
    assert info.value.duration == 30
    classify(vision)
    vision.call("facebody", "DetectBodyCount", {"ImageURL": IMAGE})
    assert [c.duration for c in vision.calls] == [30, 2.5, None]


def test_errors_survive_copy_and_pickle(vision):
    import copy
    import pickle
    vision.script("goodstech", "ClassifyCommodity").throws("InternalError.Busy", "busy", duration=4)
    with pytest.raises(VisionError) as info:
        classify(vision)
    for clone in (copy.deepcopy(info.value), pickle.loads(pickle.dumps(info.value))):
        assert (clone.flow_error, clone.cause, clone.status, clone.request_id, clone.hint, clone.duration) == (
            "goodstech.InternalError.Busy", "busy", 500, "request-1", "scripted", 4)
    assert copy.deepcopy(vision.calls)[0].error.flow_error == "goodstech.InternalError.Busy"


def test_has_script_says_which_apis_a_test_scripted_until_reset(vision):
    assert not vision.has_script("goodstech", "ClassifyCommodity")
    vision.script("goodstech", "ClassifyCommodity").returns(CATEGORIES)
    assert vision.has_script("goodstech", "ClassifyCommodity")
    assert not vision.has_script("ocr", "RecognizeBankCard")
    vision.reset()
    assert not vision.has_script("goodstech", "ClassifyCommodity")
