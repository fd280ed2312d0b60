"""The vision products through their official clients (goodstech, facebody, ocr), with both signature styles
(ACS3 by default, RPC v1 with signature_algorithm="v2"), against the server and intercepted in-process."""
import json

import pytest
import requests
from alibabacloud_facebody20191230 import models as facebody_models
from alibabacloud_facebody20191230.client import Client as Facebody
from alibabacloud_goodstech20191230 import models as goodstech_models
from alibabacloud_goodstech20191230.client import Client as Goodstech
from alibabacloud_ocr20191230 import models as ocr_models
from alibabacloud_ocr20191230.client import Client as Ocr
from alibabacloud_tea_openapi.exceptions import ClientException, ServerException
from rpc_wire_support import REQUEST_ID, served

from fakecloud.cloud import FakeCloud
from fakecloud.services.script import Return
from fakecloud.services.viapi import AsyncJob

SIGNATURES = pytest.mark.parametrize("signature", ["acs3", "v2"])


def config(where, product, signature, **extra):
    return where.config(product, **({"signature_algorithm": "v2"} if signature == "v2" else {}), **extra)


@SIGNATURES
def test_default_answers_have_the_catalog_shape(where, signature):
    reply = Goodstech(config(where, "goodstech", signature)).classify_commodity(
        goodstech_models.ClassifyCommodityRequest(image_url="http://img.example/cup.jpg?a=1&b=x+y"))
    assert reply.status_code == 200
    assert [(c.category_id, c.category_name, c.score) for c in reply.body.data.categories] == [
        ("1001", "sample", 0.98)]
    assert REQUEST_ID.match(reply.body.request_id) and reply.headers["x-acs-request-id"] == reply.body.request_id
    face = Facebody(config(where, "facebody", signature)).detect_face(
        facebody_models.DetectFaceRequest(image_url="http://img.example/me.jpg", landmark=True, max_face_number=3))
    assert (face.body.data.face_count, face.body.data.face_rectangles) == (1, [8, 8, 256, 256])
    text = Ocr(config(where, "ocr", signature)).recognize_character(
        ocr_models.RecognizeCharacterRequest(image_url="http://img.example/t.png", min_height=10,
                                             output_probability=False))
    assert text.body.data.results[0].text_rectangles.width == 256
    with where.world() as cloud:
        calls = [(c.product, c.api, c.params) for c in cloud.viapi.calls]
    assert calls == [
        ("goodstech", "ClassifyCommodity", {"ImageURL": "http://img.example/cup.jpg?a=1&b=x+y"}),
        ("facebody", "DetectFace", {"ImageURL": "http://img.example/me.jpg", "Landmark": "True",
                                    "MaxFaceNumber": "3"}),
        ("ocr", "RecognizeCharacter", {"ImageURL": "http://img.example/t.png", "MinHeight": "10",
                                       "OutputProbability": "False"})]


@SIGNATURES
def test_scripted_answers_and_errors_reach_the_client(where, signature):
    with where.world() as cloud:
        cloud.viapi.script("facebody", "DetectFace").throws("InternalError.Busy", "the service is busy")
        cloud.viapi.script("goodstech", "ClassifyCommodity").throws("InvalidImage.Download", "cannot download")
        cloud.viapi.script("ocr", "RecognizeCharacter").returns(
            {"Data": {"Results": [{"Text": "hello", "Probability": 0.5}]}})
    with pytest.raises(ServerException) as info:     # 5xx: the Tea clients raise ServerException
        Facebody(config(where, "facebody", signature)).detect_face(
            facebody_models.DetectFaceRequest(image_url="http://a/b.jpg"))
    assert (info.value.code, info.value.status_code) == ("InternalError.Busy", 500)
    assert info.value.message == f"code: 500, the service is busy request id: {info.value.request_id}"
    assert REQUEST_ID.match(info.value.request_id)
    assert info.value.data["HostId"] and info.value.data["RequestId"] == info.value.request_id
    with pytest.raises(ClientException) as info:
        Goodstech(config(where, "goodstech", signature)).classify_commodity(
            goodstech_models.ClassifyCommodityRequest(image_url="http://a/b.jpg"))
    assert (info.value.code, info.value.status_code) == ("InvalidImage.Download", 400)
    reply = Ocr(config(where, "ocr", signature)).recognize_character(
        ocr_models.RecognizeCharacterRequest(image_url="http://a/b.png", min_height=1, output_probability=True))
    assert [(r.text, r.probability) for r in reply.body.data.results] == [("hello", 0.5)]
    assert REQUEST_ID.match(reply.body.request_id)


@SIGNATURES
def test_missing_and_invalid_parameters(where, signature):
    with pytest.raises(ClientException) as info:
        Ocr(config(where, "ocr", signature)).recognize_identity_card(
            ocr_models.RecognizeIdentityCardRequest(side="face"))
    assert (info.value.code, info.value.status_code) == ("MissingImageURL", 400)
    assert info.value.message.startswith("code: 400, ImageURL is mandatory for this action. request id: ")
    with pytest.raises(ClientException) as info:
        Ocr(config(where, "ocr", signature)).recognize_character(
            ocr_models.RecognizeCharacterRequest(image_url="http://a/b.png", min_height=1, output_probability="maybe"))
    assert (info.value.code, info.value.status_code) == ("InvalidParameter", 400)
    assert 'The specified parameter "OutputProbability" is not valid.' in info.value.message


@SIGNATURES
def test_get_async_job_result_goes_through_the_one_job_registry(where, signature):
    with where.world() as cloud:
        cloud.viapi.retired = "answer"
        job_id = cloud.viapi.call("ocr", "TrimDocument", {"FileType": "pdf", "FileURL": "http://a/b.pdf",
                                                          "OutputType": "pdf"})["RequestId"]
        submitted = cloud.clock.now()
        # a job of another product of the same version is found through the same registry
        cloud.viapi.jobs.add(AsyncJob("IMAGESEG-JOB", "imageseg", "SegmentBody", {}, submitted, 1.0, 2.0,
                                      Return({"Data": {"ImageURL": "http://out/x.png"}})))
    ocr = Ocr(config(where, "ocr", signature))
    queued = ocr.get_async_job_result(ocr_models.GetAsyncJobResultRequest(job_id=job_id))
    assert (queued.body.data.job_id, queued.body.data.status, queued.body.data.result) == (job_id, "QUEUING", "")
    with where.world() as cloud:
        cloud.advance(10)
    done = ocr.get_async_job_result(ocr_models.GetAsyncJobResultRequest(job_id=job_id))
    assert (done.body.data.status, json.loads(done.body.data.result)) == ("PROCESS_SUCCESS", {"Content": "sample"})
    other = ocr.get_async_job_result(ocr_models.GetAsyncJobResultRequest(job_id="IMAGESEG-JOB"))
    assert (other.body.data.status, json.loads(other.body.data.result)) == (
        "PROCESS_SUCCESS", {"ImageURL": "http://out/x.png"})
    with where.world() as cloud:
        assert [c.product for c in cloud.viapi.calls if c.api == "GetAsyncJobResult"] == ["ocr", "ocr", "imageseg"]
    with pytest.raises(ClientException) as info:
        ocr.get_async_job_result(ocr_models.GetAsyncJobResultRequest(job_id="nope"))
    assert (info.value.code, info.value.status_code) == ("InvalidParameter", 400)
    with pytest.raises(ClientException) as info:
        ocr.get_async_job_result(ocr_models.GetAsyncJobResultRequest())
    assert (info.value.code, info.value.status_code) == ("MissingJobId", 400)


def test_list_parameters_arrive_flattened_or_as_json():
    """imageenhan RecolorImage takes ColorTemplate, a list of objects: ``ColorTemplate.1.Color=...`` on the wire (as
    the Tea clients flatten it) or JSON text."""
    with served(FakeCloud(seed=0)) as where:
        url = where.server.url + "/"
        query = {"Action": "RecolorImage", "Version": "2019-09-30", "Url": "http://a/b.png", "Mode": "TEMPLATE"}
        flat = {"ColorTemplate.2.Color": "00FF00", "ColorTemplate.1.Color": "FF0000"}
        assert requests.post(url, params=query, data=flat, timeout=5).status_code == 200
        as_json = {"ColorTemplate": '[{"Color": "0000FF"}]'}
        assert requests.post(url, params=query, data=as_json, timeout=5).status_code == 200
        bad = requests.post(url, params=query, data={"ColorTemplate": "red"}, timeout=5)
        assert (bad.status_code, bad.json()["Code"]) == (400, "InvalidParameter")
        with where.world() as cloud:
            templates = [c.params.get("ColorTemplate") for c in cloud.viapi.calls_to("imageenhan", "RecolorImage")]
    assert templates == [[{"Color": "FF0000"}, {"Color": "00FF00"}], [{"Color": "0000FF"}], "red"]
