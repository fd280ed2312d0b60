"""Signature verification: with `verify_signatures` on, aliyun-fc2's `FC ak:sig` scheme and the Tea clients'
ACS3-HMAC-SHA256 are checked against the configured keys and failures get FC's codes; off, anything passes."""
from __future__ import annotations

import json

import fc2
import pytest
import requests
from alibabacloud_fc20230330 import models as fc3_models
from alibabacloud_fc_open20210406 import models as open_models
from alibabacloud_tea_openapi.exceptions import ClientException

from fc_wire_support import AK, CLIENTS, SECRET, invoke

SIGNATURE_MESSAGE = ("The request signature we calculated does not match the signature you provided. Check your "
                     "access key and signing method")


def _invoke_with(target, client, ak, secret):
    original = {"fc2": target.fc2, "fc_open": target.fc_open, "fc3": target.fc3}[client]
    setattr(target, client, lambda: original(ak, secret))
    try:
        return invoke(target, client, "svc", "fn", b'{"k": "v w"}', qualifier="prod")
    finally:
        setattr(target, client, original)


def _code_status(err):
    return (err.err_code, err.status_code) if isinstance(err, fc2.FcError) else (err.code, err.status_code)


@pytest.mark.parametrize("client", CLIENTS)
def test_good_signatures_pass(signed_target, client):
    signed_target.cloud.fc.register("svc.prod/fn", lambda event: "signed")
    assert _invoke_with(signed_target, client, AK, SECRET).body == b"signed"


@pytest.mark.parametrize("client", CLIENTS)
def test_wrong_secret(signed_target, client):
    signed_target.cloud.fc.register("svc.prod/fn", lambda event: "signed")
    with pytest.raises((fc2.FcError, ClientException)) as info:
        _invoke_with(signed_target, client, AK, "not-the-secret")
    assert _code_status(info.value) == ("SignatureNotMatch", 403)
    if client != "fc2":
        assert info.value.message.startswith(f"code: 403, {SIGNATURE_MESSAGE} request id: ")
    assert signed_target.cloud.fc.invocations == []


@pytest.mark.parametrize("client", CLIENTS)
def test_unknown_access_key(signed_target, client):
    with pytest.raises((fc2.FcError, ClientException)) as info:
        _invoke_with(signed_target, client, "nobody", SECRET)
    assert _code_status(info.value) == ("InvalidAccessKeyID", 403)
    if client == "fc2":
        assert json.loads(info.value.message)["ErrorMessage"] == "invalid access key ID 'nobody'"


def test_signed_management_calls_with_queries_and_encoded_names(signed_target):
    fc = signed_target.cloud.fc
    client = signed_target.fc2(), signed_target.fc_open(), signed_target.fc3()
    client[0].create_service("svc")
    client[0].create_function("svc", "fn", "python3.10", "index.handler", codeOSSBucket="b", codeOSSObject="o")
    assert client[0].list_functions("svc", limit=5, prefix="f").data["functions"][0]["functionName"] == "fn"
    listed = client[1].list_functions("svc", open_models.ListFunctionsRequest(limit=5, prefix="f n")).body
    assert listed.functions == []
    got = client[2].get_function("svc$fn", fc3_models.GetFunctionRequest(qualifier="LATEST")).body
    assert got.function_name == "svc$fn"
    fc.script("svc/fn").returns("ok")
    assert invoke(signed_target, "fc3", "svc", "fn", b"{}").body == b"ok"
    assert client[1].delete_function("svc", "fn").status_code == 204


def test_security_token_is_signed(signed_target):
    import fc2 as sdk
    signed_target.cloud.fc.register("svc/fn", lambda event: "sts")
    client = sdk.Client(endpoint=signed_target.url, accessKeyID=AK, accessKeySecret=SECRET,
                        securityToken="token-1")
    assert client.invoke_function("svc", "fn", payload=b"{}").data == b"sts"


def test_raw_requests_without_or_with_a_bad_authorization(signed_target):
    url = f"{signed_target.url}/2016-08-15/services"
    answer = requests.get(url, timeout=5)
    assert answer.status_code == 400
    assert answer.json()["ErrorCode"] == "MissingRequiredHeader"
    assert answer.json()["ErrorMessage"] == "required HTTP header Authorization was not specified"
    answer = requests.get(url, headers={"Authorization": "Bearer x"}, timeout=5)
    assert (answer.status_code, answer.json()["Code"]) == (403, "SignatureNotMatch")
    acs3 = ("ACS3-HMAC-SHA256 Credential=" + AK + ",SignedHeaders=host;x-acs-content-sha256,Signature=00")
    answer = requests.post(url, data=b"{}", headers={"Authorization": acs3, "x-acs-content-sha256": "e3b0"},
                           timeout=5)
    assert (answer.status_code, answer.json()["Code"]) == (403, "SignatureNotMatch")
    assert "x-acs-content-sha256 does not match the body" in answer.json()["Message"]
    answer = requests.get(url, headers={"Authorization": "FC " + AK + ":AAAA"}, timeout=5)
    assert (answer.status_code, answer.json()["Code"]) == (400, "MissingRequiredHeader")   # FC needs a Date


@pytest.mark.parametrize("client", CLIENTS)
def test_no_verification_by_default(target, client):
    target.cloud.fc.register("svc.prod/fn", lambda event: "unchecked")
    assert _invoke_with(target, client, "anyone", "anything").body == b"unchecked"
