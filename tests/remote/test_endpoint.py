"""Endpoint settings for recording from a live endpoint: one URL for every service, or the real cloud's hosts."""
import pytest

from fakecloud.remote import Endpoint, EndpointError

KEYS = {"ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAIexample", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "s3cr3t"}


def test_one_url_serves_every_service_with_the_local_key():
    endpoint = Endpoint.parse("http://127.0.0.1:9000/", {})
    assert (endpoint.fc, endpoint.mns, endpoint.url("vision", "ocr")) == ("http://127.0.0.1:9000",) * 3
    assert (endpoint.access_key_id, endpoint.access_key_secret, endpoint.region) == (
        "fakecloud", "fakecloud-secret", "cn-hangzhou")
    assert endpoint.describe() == "http://127.0.0.1:9000"


def test_a_url_takes_keys_region_and_account_from_the_environment():
    endpoint = Endpoint.parse("https://stand-in.example:8443", {
        **KEYS, "ALIBABA_CLOUD_SECURITY_TOKEN": "tok", "ALIBABA_CLOUD_REGION_ID": "cn-beijing",
        "ALIBABA_CLOUD_ACCOUNT_ID": "1234"})
    assert (endpoint.fc, endpoint.access_key_id, endpoint.access_key_secret, endpoint.security_token,
            endpoint.region, endpoint.account_id) == (
        "https://stand-in.example:8443", "LTAIexample", "s3cr3t", "tok", "cn-beijing", "1234")


def test_the_real_cloud_has_a_host_per_product_in_the_region():
    endpoint = Endpoint.parse("aliyun:cn-shanghai", {**KEYS, "ALIBABA_CLOUD_ACCOUNT_ID": "1234"})
    assert endpoint.url("fc") == "https://1234.cn-shanghai.fc.aliyuncs.com"
    assert endpoint.url("mns") == "https://1234.mns.cn-shanghai.aliyuncs.com"
    assert endpoint.url("vision", "goodstech") == "https://goodstech.cn-shanghai.aliyuncs.com"
    assert endpoint.describe() == ("fc https://1234.cn-shanghai.fc.aliyuncs.com, mns https://1234.mns.cn-shanghai."
                                   "aliyuncs.com, vision https://{product}.cn-shanghai.aliyuncs.com")


def test_the_region_defaults_to_the_environment_then_hangzhou():
    assert Endpoint.parse("aliyun", {**KEYS, "ALIBABA_CLOUD_REGION_ID": "cn-beijing"}).region == "cn-beijing"
    assert Endpoint.parse("aliyun", KEYS).region == "cn-hangzhou"


def test_the_real_cloud_without_an_account_serves_vision_but_names_the_variable_for_fc_and_mns():
    endpoint = Endpoint.parse("aliyun:cn-shanghai", KEYS)
    assert endpoint.url("vision", "ocr") == "https://ocr.cn-shanghai.aliyuncs.com"
    with pytest.raises(EndpointError, match="^FC endpoints of Alibaba Cloud name the account: set "
                                            "ALIBABA_CLOUD_ACCOUNT_ID$"):
        endpoint.url("fc")
    with pytest.raises(EndpointError, match="^MNS endpoints"):
        endpoint.url("mns")


def test_the_real_cloud_needs_a_key_pair():
    with pytest.raises(EndpointError, match="^recording from Alibaba Cloud needs an AccessKey pair: set "
                                            "ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET$"):
        Endpoint.parse("aliyun:cn-shanghai", {"ALIBABA_CLOUD_ACCESS_KEY_ID": "only-the-id"})


NOT_A_FORM = "the record endpoint must be a URL (http://127.0.0.1:9000) or aliyun[:region], got {!r}"
NOT_A_URL = "the endpoint must be an http:// or https:// URL, got {!r}"


@pytest.mark.parametrize("text,message", [("127.0.0.1:9000", NOT_A_FORM), ("ftp://host", NOT_A_FORM),
                                          ("http://", NOT_A_URL), ("cloud", NOT_A_FORM)])
def test_anything_else_is_refused_with_the_two_forms(text, message):
    with pytest.raises(EndpointError) as info:
        Endpoint.parse(text, {})
    assert str(info.value) == message.format(text)


def test_allows_only_the_hosts_requests_go_to():
    endpoint = Endpoint.parse("aliyun:cn-shanghai", {**KEYS, "ALIBABA_CLOUD_ACCOUNT_ID": "1234"})
    assert endpoint.allows("1234.cn-shanghai.fc.aliyuncs.com")
    assert endpoint.allows("1234.mns.cn-shanghai.aliyuncs.com.")
    assert endpoint.allows("OCR.cn-shanghai.aliyuncs.com")
    assert not endpoint.allows("5678.cn-shanghai.fc.aliyuncs.com")
    assert not endpoint.allows("ocr.cn-beijing.aliyuncs.com")
    local = Endpoint.local("http://127.0.0.1:9000")
    assert local.allows("127.0.0.1") and not local.allows("ocr.cn-hangzhou.aliyuncs.com")


def test_the_secret_stays_out_of_the_repr():
    text = repr(Endpoint.parse("aliyun", {**KEYS, "ALIBABA_CLOUD_SECURITY_TOKEN": "tok"}))
    assert "s3cr3t" not in text and "tok" not in text and "LTAIexample" in text
