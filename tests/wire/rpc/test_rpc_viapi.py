"""The vision products through their official clients (goodstech, facebody, ocr), both signature styles,
against the server and intercepted in-process; signature checks; malformed raw requests."""
import pytest
import requests
from alibabacloud_facebody20191230 import models as facebody_models
from alibabacloud_facebody20191230.client import Client as Facebody
from alibabacloud_goodstech20191230 import models as goodstech_models
from alibabacloud_goodstech20191230.client import Client as Goodstech
from alibabacloud_ocr20191230 import models as ocr_models
from alibabacloud_ocr20191230.client import Client as Ocr
from alibabacloud_tea_openapi.exceptions import ClientException, ServerException

from conftest import AK, SECRET, served
from fakecloud.cloud import FakeCloud


@pytest.mark.parametrize("signature", [None, "v2"])
def test_default_answer_has_the_catalog_shape(where, signature):
    extra = {"signature_algorithm": signature} if signature else {}
    reply = Goodstech(where.config("goodstech", **extra)).classify_commodity(
        goodstech_models.ClassifyCommodityRequest(image_url="http://img.example/cup.jpg"))
    categories = reply.body.data.categories
    assert [(c.category_id, c.category_name) for c in categories] == [
        (categories[0].category_id, categories[0].category_name)]
    assert reply.body.request_id
    with where.world() as cloud:
        call = cloud.viapi.calls[-1]
        assert (call.product, call.api, call.params) == (
            "goodstech", "ClassifyCommodity", {"ImageURL": "http://img.example/cup.jpg"})


def test_scripted_error_reaches_the_client(where):
    with where.world() as cloud:
        cloud.viapi.script("facebody", "DetectFace").throws("InternalError.Busy", "the service is busy")
    with pytest.raises(ServerException) as info:     # 5xx: the Tea clients raise ServerException
        Facebody(where.config("facebody")).detect_face(facebody_models.DetectFaceRequest(image_url="http://a/b.jpg"))
    assert (info.value.code, info.value.status_code) == ("InternalError.Busy", 500)
    assert info.value.message.startswith("code: 500, the service is busy request id: ")


def test_missing_required_parameter(where):
    with pytest.raises(ClientException) as info:
        Ocr(where.config("ocr")).recognize_identity_card(ocr_models.RecognizeIdentityCardRequest(side="face"))
    assert (info.value.code, info.value.status_code) == ("MissingImageURL", 400)
    assert "ImageURL is mandatory for this action." in info.value.message


def test_signatures_are_checked_when_asked():
    with served(FakeCloud(seed=0), verify_signatures=True, credentials={AK: SECRET}) as where:
        for signature in (None, "v2"):
            extra = {"signature_algorithm": signature} if signature else {}
            ok = Goodstech(where.config("goodstech", **extra)).classify_commodity(
                goodstech_models.ClassifyCommodityRequest(image_url="http://a/b.jpg"))
            assert ok.body.request_id
            bad = Goodstech(where.config("goodstech", access_key_secret="wrong", **extra))
            with pytest.raises(ClientException) as info:
                bad.classify_commodity(goodstech_models.ClassifyCommodityRequest(image_url="http://a/b.jpg"))
            assert (info.value.code, info.value.status_code) == ("SignatureDoesNotMatch", 400)
        stranger = Goodstech(where.config("goodstech", access_key_id="stranger"))
        with pytest.raises(ClientException) as info:
            stranger.classify_commodity(goodstech_models.ClassifyCommodityRequest(image_url="http://a/b.jpg"))
        assert (info.value.code, info.value.status_code) == ("InvalidAccessKeyId.NotFound", 404)


def test_malformed_requests_get_json_errors_and_the_server_keeps_serving():
    with served(FakeCloud(seed=0)) as where:
        url = where.server.url + "/"
        cases = [
            ({"Action": "DescribeFlow"}, 400, "MissingParameter"),
            ({"Action": "DescribeFlow", "Version": "2000-01-01"}, 400, "InvalidVersion"),
            ({"Action": "Nope", "Version": "2019-12-30"}, 404, "InvalidAction.NotFound"),
            ({"Action": "Nope", "Version": "2019-03-15"}, 400, "ActionNotSupported"),
            ({"Action": "DescribeFlow", "Version": "2019-03-15"}, 400, "MissingRequiredParams"),
        ]
        for query, status, code in cases:
            reply = requests.get(url, params=query, timeout=5)
            assert (reply.status_code, reply.json()["Code"]) == (status, code), query
            assert set(reply.json()) == {"Code", "Message", "RequestId", "HostId"}
        reply = requests.post(url, params={"Action": "StartExecution", "Version": "2019-03-15"},
                              data=b"\xff\xfe" * 10, headers={"Content-Type": "application/x-www-form-urlencoded"},
                              timeout=5)
        assert reply.status_code == 400 and reply.json()["Code"] in ("MissingRequiredParams", "InvalidArgument")
        ok = requests.get(url, params={"Action": "ListFlows", "Version": "2019-03-15"}, timeout=5)
        assert (ok.status_code, ok.json()["Flows"]) == (200, [])
