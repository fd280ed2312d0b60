"""The packaged viapi catalog: exact contents that flows and the definition check rely on."""
from __future__ import annotations

import dataclasses

import pytest

from fakecloud.fdl.viapi import ApiSpec, Catalog, ProductSpec, load_catalog

PRODUCTS = ("facebody", "ocr", "goodstech", "imagerecog", "imageseg", "imageenhan", "objectdet")
API_COUNTS = {"facebody": 25, "ocr": 19, "goodstech": 3, "imagerecog": 7, "imageseg": 10, "imageenhan": 9,
              "objectdet": 9}

RETIRED = {
    "facebody:DetectMask", "facebody:HandPosture", "facebody:FaceMakeup", "facebody:FaceTidyup",
    "facebody:FaceFilter",
    "ocr:RecognizeBusinessCard", "ocr:RecognizeAccountPage", "ocr:RecognizeStamp", "ocr:TrimDocument",
    "ocr:RecognizeChinapassport", "ocr:RecognizeTakeoutOrder", "ocr:RecognizePassportMRZ",
    "goodstech:RecognizeFurnitureAttribute", "goodstech:RecognizeFurnitureSpu",
    "imagerecog:RecognizeVehicleType",
    "imageseg:SegmentFace", "imageseg:SegmentVehicle", "imageseg:SegmentFurniture",
    "objectdet:ClassifyVehicleInsurance", "objectdet:RecognizeVehicleParts", "objectdet:DetectVehicle",
    "objectdet:RecognizeVehicleDashboard", "objectdet:RecognizeVehicleDamage", "objectdet:DetectTransparentImage",
}

REQUIRED = {
    # facebody
    ("facebody", "DetectFace"): ("ImageURL",),
    ("facebody", "CompareFace"): (),
    ("facebody", "AddFace"): ("DbName", "EntityId", "ImageUrl"),
    ("facebody", "SearchFace"): ("ImageUrl", "Limit"),
    ("facebody", "ListFaceDbs"): (),
    ("facebody", "FaceBeauty"): ("ImageURL", "Sharp", "Smooth", "White"),
    ("facebody", "FaceMakeup"): ("ImageURL", "MakeupType", "ResourceType", "Strength"),
    # ocr
    ("ocr", "RecognizeIdentityCard"): ("ImageURL", "Side"),
    ("ocr", "RecognizeDrivingLicense"): ("ImageURL", "Side"),
    ("ocr", "RecognizeDriverLicense"): ("ImageURL", "Side"),
    ("ocr", "RecognizeVATInvoice"): ("FileType", "FileURL"),
    ("ocr", "RecognizeCharacter"): ("ImageURL", "MinHeight", "OutputProbability"),
    ("ocr", "GetAsyncJobResult"): ("JobId",),
    ("ocr", "TrimDocument"): ("FileType", "FileURL", "OutputType"),
    # goodstech
    ("goodstech", "ClassifyCommodity"): ("ImageURL",),
    ("goodstech", "RecognizeFurnitureSpu"): ("ImageURL", "XLength", "YLength", "ZLength"),
    # imagerecog
    ("imagerecog", "RecognizeImageColor"): ("Url",),
    ("imagerecog", "TaggingImage"): ("ImageURL",),
    ("imagerecog", "DetectImageElements"): ("Url",),
    # imageseg
    ("imageseg", "SegmentBody"): ("ImageURL",),
    ("imageseg", "RefineMask"): ("ImageURL", "MaskImageURL"),
    # imageenhan
    ("imageenhan", "ChangeImageSize"): ("Height", "Url", "Width"),
    ("imageenhan", "ExtendImageStyle"): ("MajorUrl", "StyleUrl"),
    ("imageenhan", "ImageBlindCharacterWatermark"): ("FunctionType",),
    ("imageenhan", "ImageBlindPicWatermark"): ("FunctionType",),
    # objectdet
    ("objectdet", "DetectObject"): ("ImageURL",),
    ("objectdet", "DetectVehicle"): ("ImageURL",),
}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_products_in_order(catalog):
    assert catalog.products == PRODUCTS


def test_api_counts(catalog):
    assert {p: len(catalog.apis(p)) for p in PRODUCTS} == API_COUNTS
    assert len(catalog) == 82
    assert len(list(catalog)) == 82


def test_product_versions(catalog):
    versions = {p: catalog.product(p).version for p in PRODUCTS}
    assert versions == {"facebody": "2019-12-30", "ocr": "2019-12-30", "goodstech": "2019-12-30",
                        "imagerecog": "2019-09-30", "imageseg": "2019-12-30", "imageenhan": "2019-09-30",
                        "objectdet": "2019-12-30"}
    assert catalog.api("imageenhan", "RecolorImage").version == "2019-09-30"


@pytest.mark.parametrize(("product", "api"), sorted(REQUIRED))
def test_required(catalog, product, api):
    assert catalog.api(product, api).required == REQUIRED[(product, api)]


def test_optional_and_types():
    spec = load_catalog().api("facebody", "DetectFace")
    assert spec.optional == ("Landmark", "MaxFaceNumber", "Pose", "Quality")
    assert dict(spec.types) == {"ImageURL": "string", "Landmark": "boolean", "MaxFaceNumber": "integer",
                                "Pose": "boolean", "Quality": "boolean"}
    assert spec.params == ("ImageURL", "Landmark", "MaxFaceNumber", "Pose", "Quality")
    assert load_catalog().api("facebody", "CompareFace").optional == (
        "ImageDataA", "ImageDataB", "ImageURLA", "ImageURLB", "QualityScoreThreshold")
    assert load_catalog().api("imageenhan", "RecolorImage").types["ColorTemplate"] == "array"


def test_side_requiredness_follows_end_2021_and_says_so(catalog):
    for api in ("RecognizeIdentityCard", "RecognizeDrivingLicense", "RecognizeDriverLicense"):
        spec = catalog.api("ocr", api)
        assert "Side" in spec.required
        assert "2021" in spec.notes


def test_retired_set(catalog):
    assert {spec.action for spec in catalog if spec.retired} == RETIRED


def test_async_set(catalog):
    assert {spec.action for spec in catalog if spec.is_async} == {"ocr:TrimDocument"}


def test_every_api_is_consistent(catalog):
    allowed = {"string", "integer", "number", "boolean", "array", "object"}
    for spec in catalog:
        assert not set(spec.required) & set(spec.optional), spec.action
        assert set(spec.types) == set(spec.required) | set(spec.optional), spec.action
        assert set(spec.types.values()) <= allowed, spec.action
        assert isinstance(spec.response.get("RequestId"), str), spec.action
        assert spec.name in catalog.apis(spec.product)


def test_response_examples(catalog):
    face = catalog.api("facebody", "DetectFace").response
    assert sorted(face) == ["Data", "RequestId"]
    assert {"FaceCount", "FaceRectangles", "Landmarks"} <= set(face["Data"])
    assert sorted(catalog.api("facebody", "CreateFaceDb").response) == ["RequestId"]
    assert sorted(catalog.api("ocr", "TrimDocument").response) == ["Data", "Message", "RequestId"]
    card = catalog.api("ocr", "RecognizeIdentityCard").response["Data"]
    assert sorted(card) == ["BackResult", "FrontResult"]
    tags = catalog.api("imagerecog", "TaggingImage").response["Data"]["Tags"]
    assert isinstance(tags, list) and sorted(tags[0]) == ["Confidence", "Value"]
    only_request_id = {s.name for s in catalog if sorted(s.response) == ["RequestId"]}
    assert only_request_id == {"CreateFaceDb", "AddFaceEntity", "UpdateFaceEntity", "DeleteFace",
                               "DeleteFaceEntity", "DeleteFaceDb"}


def test_example_response_is_a_private_copy(catalog):
    spec = catalog.api("goodstech", "ClassifyCommodity")
    copy = spec.example_response()
    copy["Data"]["Categories"].clear()
    assert spec.response["Data"]["Categories"]


def test_errors(catalog):
    assert "InternalError.Busy" in catalog.errors("goodstech")
    assert "InvalidDB.Status" in catalog.errors("facebody")
    assert "InternalError.Model" in catalog.errors("imageseg")
    assert "Data.Exist" in catalog.errors("objectdet")
    for product in PRODUCTS:
        errors = catalog.errors(product)
        assert len(errors) == len(set(errors))
        assert {"InternalError", "InvalidAction.NotFound", "InvalidParameter"} <= set(errors)
        assert not any(code.startswith(product + ".") for code in errors)


def test_unknown_names(catalog):
    assert catalog.product("nope") is None
    assert catalog.product("fnf") is None
    assert catalog.api("nope", "DetectFace") is None
    assert catalog.api("facebody", "Nope") is None
    assert catalog.api("facebody", "detectface") is None
    assert catalog.api("fnf", "StartExecution") is None
    assert catalog.apis("nope") == ()
    assert catalog.errors("nope") == ()


def test_specs_are_frozen_and_hashable(catalog):
    spec = catalog.api("facebody", "DetectFace")
    assert isinstance(spec, ApiSpec) and isinstance(catalog.product("ocr"), ProductSpec)
    with pytest.raises(dataclasses.FrozenInstanceError):
        spec.required = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        spec.types["ImageURL"] = "integer"  # type: ignore[index]
    assert {spec, spec} == {spec}


def test_the_shared_catalog_cannot_be_changed_through_what_it_hands_out(catalog):
    spec = catalog.api("goodstech", "ClassifyCommodity")
    spec.response["Data"]["Categories"].clear()               # a private copy at every read
    assert spec.response["Data"]["Categories"] and spec.response == spec.example_response()
    with pytest.raises(TypeError):
        spec.example["Data"] = None  # type: ignore[index]
    assert isinstance(spec.example["Data"]["Categories"], tuple)
    with pytest.raises(dataclasses.FrozenInstanceError):
        catalog.products = ()  # type: ignore[misc]


def test_loaded_once():
    assert load_catalog() is load_catalog()
