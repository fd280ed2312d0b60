"""Signature checks on RPC requests (RPC v1 and ACS3) when asked for, against the server and in-process: what the
official clients sign is accepted, a wrong secret or an unknown key gets each product's own code."""
import base64
import hashlib
import hmac
from urllib.parse import quote

import pytest
import requests
from alibabacloud_goodstech20191230 import models as goodstech_models
from alibabacloud_goodstech20191230.client import Client as Goodstech
from alibabacloud_tea_openapi.exceptions import ClientException
from rpc_wire_support import AK, DRIVERS, PASS_FLOW, SECRET, Failure, intercepted, served

from fakecloud.cloud import FakeCloud

KEYS = {AK: SECRET, "second": "second-secret"}
FNF_CLIENTS = [("tea", "server"), ("tea", "inprocess"), ("legacy", "server"), ("legacy", "inprocess"),
               ("async", "server")]


@pytest.fixture(params=["server", "inprocess"])
def checked(request):
    make = served if request.param == "server" else intercepted
    with make(FakeCloud(seed=0), verify_signatures=True, credentials=KEYS) as w:
        yield w


@pytest.mark.parametrize("client,kind", FNF_CLIENTS)
def test_fnf_clients_are_checked(client, kind):
    make = served if kind == "server" else intercepted
    with make(FakeCloud(seed=0), verify_signatures=True, credentials=KEYS) as where:
        extra = (lambda k, s: {"access_key_id": k, "access_key_secret": s}) if client != "legacy" else \
            (lambda k, s: {"ak": k, "secret": s})
        good = DRIVERS[client](where, **extra("second", "second-secret"))
        good.call("CreateFlow", Name="f", Definition=PASS_FLOW, Description="d", Type="FDL")
        assert good.call("DescribeFlow", Name="f")["Name"] == "f"
        with pytest.raises(Failure) as info:
            DRIVERS[client](where, **extra(AK, "wrong")).call("DescribeFlow", Name="f")
        assert (info.value.code, info.value.status) == ("SignatureNotMatch", 403)
        assert info.value.message.startswith("Specified signature is not matched with our calculation. server "
                                             "string to sign is:GET&%2F&AccessKeyId%3Dfakecloud%26Action%3D")
        with pytest.raises(Failure) as info:
            DRIVERS[client](where, **extra("stranger", SECRET)).call("ListFlows")
        assert (info.value.code, info.value.status, info.value.message) == (
            "InvalidAccessKeyID", 403, "The AccessKeyId stranger does not exist.")


@pytest.mark.parametrize("signature", ["acs3", "v2"])
def test_vision_clients_are_checked(checked, signature):
    extra = {"signature_algorithm": "v2"} if signature == "v2" else {}
    request = goodstech_models.ClassifyCommodityRequest(image_url="http://a/b c+d~e*f.jpg?x=ü")
    ok = Goodstech(checked.config("goodstech", **extra)).classify_commodity(request)
    assert ok.body.data.categories[0].category_id == "1001"
    sts = Goodstech(checked.config("goodstech", security_token="sts-token", **extra)).classify_commodity(request)
    assert sts.status_code == 200
    with pytest.raises(ClientException) as info:
        Goodstech(checked.config("goodstech", access_key_secret="wrong", **extra)).classify_commodity(request)
    assert (info.value.code, info.value.status_code) == ("SignatureDoesNotMatch", 400)
    assert "server string to sign is:" in info.value.message
    with pytest.raises(ClientException) as info:
        Goodstech(checked.config("goodstech", access_key_id="stranger", **extra)).classify_commodity(request)
    assert (info.value.code, info.value.status_code) == ("InvalidAccessKeyId.NotFound", 404)
    assert info.value.message.startswith("code: 404, Specified access key is not found. request id: ")


def test_legacy_core_sdk_sees_a_wrong_secret_as_such(checked):
    """The gateway's message carries the string to sign; a core-SDK request class (as the legacy product SDKs
    define them) compares it with its own and reports a wrong secret."""
    from aliyunsdkcore.acs_exception.exceptions import ServerException
    from aliyunsdkcore.request import RpcRequest

    def classify(secret):
        request = RpcRequest("goodstech", "2019-12-30", "ClassifyCommodity")
        request.set_method("POST")
        request.add_body_params("ImageURL", "http://a/b c.jpg")
        request.set_endpoint(checked.acs_endpoint or "goodstech.cn-shanghai.aliyuncs.com")
        return checked.acs(secret=secret).do_action_with_exception(request)

    assert b'"CategoryId":"1001"' in classify(SECRET)
    with pytest.raises(ServerException) as info:
        classify("wrong")
    assert (info.value.get_error_code(), info.value.get_http_status()) == ("InvalidAccessKeySecret", 400)


def v1_signed(params: dict, secret: str = SECRET, method: str = "GET") -> dict:
    """RPC v1 signing, as the SDKs do it."""
    def enc(text):
        return quote(text, safe="~")
    canonical = "&".join(f"{enc(k)}={enc(v)}" for k, v in sorted(params.items()))
    text = f"{method}&%2F&{enc(canonical)}"
    signature = base64.b64encode(hmac.new(f"{secret}&".encode(), text.encode(), hashlib.sha1).digest()).decode()
    return {**params, "Signature": signature}


def test_raw_requests_with_and_without_signatures():
    with served(FakeCloud(seed=0), verify_signatures=True, credentials=KEYS) as where:
        url = where.server.url + "/"
        common = {"Format": "JSON", "SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0",
                  "SignatureNonce": "n1", "Timestamp": "2024-01-01T00:00:00Z", "AccessKeyId": AK}
        fnf = {"Action": "ListFlows", "Version": "2019-03-15", "Limit": "10", **common}
        assert requests.get(url, params=v1_signed(fnf), timeout=5).json()["Flows"] == []
        goods = {"Action": "ClassifyCommodity", "Version": "2019-12-30", "ImageURL": "http://x/ a*b~c+ü", **common}
        assert requests.get(url, params=v1_signed(goods), timeout=5).status_code == 200
        tampered = {**v1_signed(goods), "ImageURL": "http://x/other"}
        cases = [
            (fnf, {}, 400, "MissingRequiredParams", "The required parameter Signature is missing."),
            (v1_signed(fnf, "wrong"), {}, 403, "SignatureNotMatch", None),
            (goods, {}, 400, "MissingParameter",
             'The input parameter "Signature" that is mandatory for processing this request is not supplied.'),
            (tampered, {}, 400, "SignatureDoesNotMatch", None),
            ({**v1_signed(goods), "SignatureMethod": "MD5"}, {}, 400, "IncompleteSignature", None),
            ({}, {"x-acs-action": "ClassifyCommodity", "x-acs-version": "2019-12-30",
                  "Authorization": "ACS3-HMAC-SHA256 Credential=fakecloud"}, 400, "IncompleteSignature", None),
            ({}, {"x-acs-action": "ClassifyCommodity", "x-acs-version": "2019-12-30",
                  "Authorization": "ACS3-HMAC-SM3 Credential=fakecloud,SignedHeaders=host,Signature=00"},
             400, "IncompleteSignature", None),
            ({}, {"x-acs-action": "ListFlows", "x-acs-version": "2019-03-15",
                  "Authorization": "ACS3-HMAC-SHA256 Credential=nobody,SignedHeaders=host,Signature=00"},
             403, "InvalidAccessKeyID", "The AccessKeyId nobody does not exist."),
        ]
        for query, headers, status, code, message in cases:
            reply = requests.get(url, params=query, headers=headers, timeout=5)
            body = reply.json()
            assert (reply.status_code, body["Code"]) == (status, code), (query, headers, body)
            if message is not None:
                assert body["Message"] == message
            assert set(body) == {"Code", "Message", "RequestId", "HostId"}
            assert reply.headers["x-acs-request-id"] == body["RequestId"]


def test_rpc_v1_signing_parameters_in_a_form_body_without_query():
    """Node's pop-core POSTs every parameter, Signature and AccessKeyId included, as a form body."""
    with served(FakeCloud(seed=0), verify_signatures=True, credentials=KEYS) as where:
        url = where.server.url + "/"
        common = {"Format": "JSON", "SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0",
                  "SignatureNonce": "n2", "Timestamp": "2024-01-01T00:00:00Z", "AccessKeyId": AK}
        create = {"Action": "CreateFlow", "Version": "2019-03-15", "Name": "f", "Definition": PASS_FLOW,
                  "Description": "a b*c~d", "Type": "FDL", **common}
        reply = requests.post(url, data=v1_signed(create, method="POST"), timeout=5)
        assert (reply.status_code, reply.json()["Name"]) == (200, "f")
        wrong = requests.post(url, data=v1_signed({**create, "Name": "g"}, "wrong", method="POST"), timeout=5)
        assert (wrong.status_code, wrong.json()["Code"]) == (403, "SignatureNotMatch")
        assert wrong.json()["Message"].startswith("Specified signature is not matched with our calculation. "
                                                  "server string to sign is:POST&%2F&AccessKeyId%3Dfakecloud%26")
        unsigned = requests.post(url, data=create, timeout=5)
        assert (unsigned.status_code, unsigned.json()["Message"]) == (
            400, "The required parameter Signature is missing.")
        split = v1_signed(create, method="POST")          # the signature in the query, the rest in the body
        signature = split.pop("Signature")
        reply = requests.post(url, params={"Signature": signature}, data={**split, "Name": "h"}, timeout=5)
        assert reply.json()["Code"] == "SignatureNotMatch"                # Name was changed after signing
        reply = requests.post(url, params={"Signature": signature}, data=split, timeout=5)
        assert reply.json()["Code"] == "FlowAlreadyExists"                # signed right, f exists already


def test_signatures_are_not_checked_by_default(where):
    anyone = Goodstech(where.config("goodstech", access_key_id="anyone", access_key_secret="anything"))
    reply = anyone.classify_commodity(
        goodstech_models.ClassifyCommodityRequest(image_url="http://a/b.jpg"))
    assert reply.status_code == 200
    if where.server is not None:
        unsigned = requests.get(where.server.url + "/", params={"Action": "ListFlows", "Version": "2019-03-15"},
                                timeout=5)
        assert (unsigned.status_code, unsigned.json()["Flows"]) == (200, [])
