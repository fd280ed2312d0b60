"""Vision API calls: default answers of the right shape, the gateway's checks and errors, retired APIs."""
from __future__ import annotations

import pytest

from fakecloud.fdl.viapi import load_catalog
from fakecloud.services.viapi import VisionError

IMAGE = "https://example.oss-cn-shanghai.aliyuncs.com/in.png"
SAMPLE_VALUES = {"string": "sample", "integer": 1, "number": 0.5, "boolean": True, "array": [{"Color": "FFFFFF"}],
                 "object": {}}
NOT_FOUND = "Specified api is not found, please check your url and method."


def required_params(spec):
    return {name: SAMPLE_VALUES[spec.types.get(name, "string")] for name in spec.required}


def raises(fn, *args, **kwargs) -> VisionError:
    with pytest.raises(VisionError) as info:
        fn(*args, **kwargs)
    return info.value


# --- default answers -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("product, api, params, data", [
    ("facebody", "DetectBodyCount", {"ImageURL": IMAGE}, {"PersonNumber": 1}),
    ("facebody", "RecognizeExpression", {"ImageURL": IMAGE}, {"Elements": [{
        "Expression": "sample", "FaceProbability": 0.98,
        "FaceRectangle": {"Height": 256, "Left": 8, "Top": 8, "Width": 256}}]}),
    ("ocr", "RecognizeBankCard", {"ImageURL": IMAGE},
     {"BankName": "sample", "CardNumber": "1001", "CardType": "sample", "ValidDate": "20210101"}),
    ("ocr", "RecognizeVINCode", {"ImageURL": IMAGE}, {"VinCode": "sample"}),
    ("goodstech", "ClassifyCommodity", {"ImageURL": IMAGE},
     {"Categories": [{"CategoryId": "1001", "CategoryName": "sample", "Score": 0.98}]}),
    ("imagerecog", "TaggingImage", {"ImageURL": IMAGE}, {"Tags": [{"Confidence": 0.98, "Value": "sample"}]}),
    ("imagerecog", "RecognizeImageStyle", {"Url": IMAGE}, {"Styles": ["sample"]}),
    ("imageseg", "SegmentCommonImage", {"ImageURL": IMAGE, "ReturnForm": "mask"},
     {"ImageURL": "https://fakecloud-viapi.oss-cn-shanghai.aliyuncs.com/result/segmentcommonimage.png"}),
    ("imageenhan", "ChangeImageSize", {"Url": IMAGE, "Width": 512, "Height": "512"},
     {"RetainLocation": {"Height": 256, "Width": 256, "X": 8, "Y": 8},
      "Url": "https://fakecloud-viapi.oss-cn-shanghai.aliyuncs.com/result/changeimagesize.png"}),
    ("objectdet", "DetectObject", {"ImageURL": IMAGE},
     {"Elements": [{"Boxes": [8, 8, 256, 256], "Score": 0.98, "Type": "sample"}], "Height": 256, "Width": 256}),
    ("objectdet", "DetectMainBody", {"ImageURL": IMAGE}, {"Location": {"Height": 256, "Width": 256, "X": 8, "Y": 8}}),
])
def test_default_answers_have_the_exact_shape(vision, product, api, params, data):
    assert vision.call(product, api, params) == {"Data": data, "RequestId": "request-1"}


def test_writes_without_data_answer_only_a_request_id(vision):
    assert vision.call("facebody", "CreateFaceDb", {"Name": "staff"}) == {"RequestId": "request-1"}
    assert vision.call("facebody", "DeleteFace", {"DbName": "staff", "FaceId": "1001"}) == {"RequestId": "request-2"}


def test_every_call_gets_a_fresh_request_id_and_a_private_copy(vision):
    first = vision.call("goodstech", "ClassifyCommodity", {"ImageURL": IMAGE})
    first["Data"]["Categories"].clear()
    second = vision.call("goodstech", "ClassifyCommodity", {"ImageURL": IMAGE})
    assert first["RequestId"] == "request-1" and second["RequestId"] == "request-2"
    assert len(second["Data"]["Categories"]) == 1
    assert load_catalog().api("goodstech", "ClassifyCommodity").response["RequestId"] != "request-2"


@pytest.mark.parametrize("spec", list(load_catalog()), ids=lambda s: s.action)
def test_every_catalog_api_answers_with_a_request_id(vision_2021, spec):
    params = required_params(spec)
    if spec.name == "GetAsyncJobResult":
        params["JobId"] = vision_2021.call("ocr", "TrimDocument", required_params(load_catalog().api(
            "ocr", "TrimDocument")))["RequestId"]
    response = vision_2021.call(spec.product, spec.name, params)
    assert isinstance(response, dict)
    assert isinstance(response["RequestId"], str) and response["RequestId"]


# --- unknown and retired APIs --------------------------------------------------------------------------------

@pytest.mark.parametrize("product, api", [
    ("goodstech", "ClassifyCommodities"), ("goodstech", "classifycommodity"), ("facebody", "GetAsyncJobResult"),
    ("nosuch", "ClassifyCommodity"), ("fnf", "StartExecution"),
])
def test_unknown_product_or_api_is_the_gateways_not_found(vision, product, api):
    err = raises(vision.call, product, api, {"ImageURL": IMAGE})
    assert (err.code, err.status, err.message) == ("InvalidAction.NotFound", 404, NOT_FOUND)
    assert err.flow_error == f"{product}.InvalidAction.NotFound"
    assert err.hint == f"{product}:{api} is not a vision API"
    assert err.request_id == "request-1"


def test_names_that_are_not_strings_are_not_found(vision):
    err = raises(vision.call, None, 3, {})
    assert err.flow_error == "None.InvalidAction.NotFound"
    assert (vision.calls[0].product, vision.calls[0].api) == ("None", "3")


def test_retired_apis_are_not_found_today(vision):
    err = raises(vision.call, "facebody", "DetectMask", {"ImageURL": IMAGE})
    assert (err.flow_error, err.status, err.message) == ("facebody.InvalidAction.NotFound", 404, NOT_FOUND)
    assert "facebody:DetectMask is retired" in err.hint


def test_retired_apis_can_be_served_as_they_were(vision_2021):
    assert vision_2021.call("facebody", "DetectMask", {"ImageURL": IMAGE}) == {
        "Data": {"FaceProbability": 0.98, "Mask": 1}, "RequestId": "request-1"}


def test_retired_mode_is_checked(clock, ids):
    from fakecloud.services.viapi import VisionBackend
    with pytest.raises(ValueError, match="retired must be one of"):
        VisionBackend(clock, ids, retired="maybe")


# --- required parameters -------------------------------------------------------------------------------------

@pytest.mark.parametrize("params", [{}, {"ImageURL": None}, {"ImageURL": ""}, {"Other": IMAGE}])
def test_a_missing_required_parameter(vision, params):
    err = raises(vision.call, "goodstech", "ClassifyCommodity", params)
    assert (err.code, err.status, err.message) == ("MissingImageURL", 400, "ImageURL is mandatory for this action.")
    assert err.flow_error == "goodstech.MissingImageURL"
    assert err.cause == "ImageURL is mandatory for this action."


def test_the_first_missing_parameter_in_catalog_order_is_reported(vision):
    err = raises(vision.call, "facebody", "AddFace", {"EntityId": "e1"})
    assert (err.code, err.message) == ("MissingDbName", "DbName is mandatory for this action.")
    err = raises(vision.call, "facebody", "AddFace", {"DbName": "d", "EntityId": "e1", "ImageURL": IMAGE})
    assert (err.code, err.message) == ("MissingImageUrl", "ImageUrl is mandatory for this action.")


def test_empty_lists_and_objects_count_as_missing(vision):
    params = {"Url": [], "Width": 1, "Height": 1}
    assert raises(vision.call, "imageenhan", "ChangeImageSize", params).code == "MissingUrl"
    assert raises(vision.call, "facebody", "CreateFaceDb", {"Name": {}}).code == "MissingName"


def test_optional_parameters_may_be_absent_or_empty(vision):
    assert vision.call("facebody", "CompareFace", {})["RequestId"] == "request-1"
    assert vision.call("facebody", "DetectFace", {"ImageURL": IMAGE, "MaxFaceNumber": None, "Landmark": ""})


# --- parameter types -----------------------------------------------------------------------------------------

DETECT_FACE_TYPES = {"MaxFaceNumber": "integer", "Landmark": "boolean", "ImageURL": "string"}


@pytest.mark.parametrize("name, value", [
    ("MaxFaceNumber", "abc"), ("MaxFaceNumber", 1.5), ("MaxFaceNumber", True), ("MaxFaceNumber", [1]),
    ("Landmark", "yes"), ("Landmark", 1), ("ImageURL", ["a"]), ("ImageURL", {"u": 1}), ("ImageURL", False),
])
def test_a_value_of_the_wrong_type(vision, name, value):
    params = {"ImageURL": IMAGE, name: value}
    err = raises(vision.call, "facebody", "DetectFace", params)
    assert (err.code, err.status) == ("InvalidParameter", 400)
    assert err.message == f'The specified parameter "{name}" is not valid.'
    assert err.flow_error == "facebody.InvalidParameter"
    assert err.hint == f"expected {DETECT_FACE_TYPES[name]}, got {value!r}"


@pytest.mark.parametrize("name, value", [
    ("MaxFaceNumber", 5), ("MaxFaceNumber", "5"), ("MaxFaceNumber", 5.0), ("MaxFaceNumber", " -2 "),
    ("Landmark", True), ("Landmark", "False"), ("Landmark", "true"), ("ImageURL", 12),
])
def test_values_the_gateway_reads_from_wire_text(vision, name, value):
    assert vision.call("facebody", "DetectFace", {"ImageURL": IMAGE, name: value})["RequestId"]


@pytest.mark.parametrize("value, ok", [(0.5, True), ("0.5", True), (1, True), ("nan", False), ("x", False),
                                       (True, False), (float("inf"), False)])
def test_number_parameters(vision, value, ok):
    params = {"ImageURL": IMAGE, "Sharp": value, "Smooth": 0.5, "White": 0.5}
    if ok:
        assert vision.call("facebody", "FaceBeauty", params)
    else:
        assert raises(vision.call, "facebody", "FaceBeauty", params).message == \
            'The specified parameter "Sharp" is not valid.'


def test_array_parameters(vision):
    ok = {"Url": IMAGE, "Mode": "TEMPLATE", "ColorTemplate": [{"Color": "FF0000"}]}
    assert vision.call("imageenhan", "RecolorImage", ok)
    err = raises(vision.call, "imageenhan", "RecolorImage", {**ok, "ColorTemplate": "FF0000"})
    assert err.message == 'The specified parameter "ColorTemplate" is not valid.'


def test_unknown_parameters_are_ignored(vision):
    assert vision.call("goodstech", "ClassifyCommodity", {"ImageURL": IMAGE, "Extra": [1, 2]})["RequestId"]


@pytest.mark.parametrize("params", [None, "ImageURL=x", [("ImageURL", IMAGE)], {1: IMAGE}])
def test_parameters_that_are_not_an_object(vision, params):
    err = raises(vision.call, "goodstech", "ClassifyCommodity", params)
    assert (err.flow_error, err.status, err.message) == (
        "goodstech.InvalidParameter", 400, "The request parameters are not valid.")
