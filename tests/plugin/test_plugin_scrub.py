"""The recording scrubber: secret-like keys in any spelling, inside JSON text too; fakecloud's own placeholders and
ordinary values kept; ids and times numbered."""
import json

import pytest

from fakecloud.testing.scrub import SCRUBBED, Scrubber, is_secret_key


@pytest.mark.parametrize("key", [
    "apiKey", "api_key", "API-KEY", "x-api-key", "client_secret", "ClientSecret", "db_password", "DB_PASSWORD",
    "passwd", "private_key", "privateKey", "PRIVATE-KEY", "token", "sessionToken", "access_token", "SecurityToken",
    "x-acs-security-token", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_ACCESS_KEY_ID", "AccessKeyId",
    "accessKey", "credential", "Credentials", "credentialId", "Signature", "authorization", "secret", "SecretKey",
])
def test_secret_keys_in_any_spelling(key):
    assert is_secret_key(key)
    assert Scrubber()({key: "v4lue"}) == {key: SCRUBBED}


@pytest.mark.parametrize("key", ["name", "orderId", "keyword", "monkey", "passage", "author", "api", "private",
                                 "RequestId", "user_credit", "nonce"])
def test_ordinary_keys_are_kept(key):
    assert not is_secret_key(key)


def test_the_values_the_issue_found_are_scrubbed():
    given = {"apiKey": "ak-1", "client_secret": "cs-2", "db_password": "pw-3", "private_key": "-----BEGIN-----",
             "token": "t-4", "sessionToken": "st-5", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "sk-6",
             "config": json.dumps({"user": "app", "password": "hunter2"})}
    assert Scrubber()(given) == {
        "apiKey": SCRUBBED, "client_secret": SCRUBBED, "db_password": SCRUBBED, "private_key": SCRUBBED,
        "token": SCRUBBED, "sessionToken": SCRUBBED, "ALIBABA_CLOUD_ACCESS_KEY_SECRET": SCRUBBED,
        "config": '{"user": "app", "password": "<scrubbed>"}'}


def test_json_text_keeps_its_layout_and_is_left_alone_without_secrets():
    scrub = Scrubber()
    assert scrub('{"a":1,"Token":"x","deep":"{\\"apiKey\\":\\"k\\"}"}') == \
        '{"a":1,"Token":"<scrubbed>","deep":"{\\"apiKey\\":\\"<scrubbed>\\"}"}'
    assert scrub('[{"db_password": "p"}, 2]') == '[{"db_password": "<scrubbed>"}, 2]'
    untouched = '{ "a" : 1,   "b": [true] }'
    assert scrub(untouched) == untouched
    assert scrub("{not json") == "{not json"
    assert scrub("[" * 100000) == "[" * 100000                            # too deep to parse: plain text


def test_placeholders_structure_and_empty_values_are_kept():
    scrub = Scrubber()
    assert scrub({"token": "<scrubbed>", "nextToken": "<TaskToken-1>", "password": None, "secret": "",
                  "credentials": {"AccessKeyId": "LTAI5tAbCdEfGhIjKlMn", "Expiration": "2024-01-01T00:00:00Z",
                                  "region": "cn-hangzhou"}, "tokens": ["a", "b"]}) == {
        "token": "<scrubbed>", "nextToken": "<TaskToken-1>", "password": None, "secret": "",
        "credentials": {"AccessKeyId": SCRUBBED, "Expiration": "<time-1>", "region": "cn-hangzhou"},
        "tokens": ["a", "b"]}


def test_task_tokens_stay_numbered_and_numbers_under_secret_keys_are_scrubbed():
    scrub = Scrubber()
    assert scrub([{"TaskToken": "dG9rZW4x"}, {"taskToken": "dG9rZW4y"}, {"TaskToken": "dG9rZW4x"}]) == [
        {"TaskToken": "<TaskToken-1>"}, {"taskToken": "<taskToken-2>"}, {"TaskToken": "<TaskToken-1>"}]
    assert scrub({"pin_password": 1234, "otpToken": 99}) == {"pin_password": SCRUBBED, "otpToken": SCRUBBED}


def test_secrets_inside_text():
    scrub = Scrubber()
    assert scrub("GET /?a=1&password=hunter2&api_key=k&Signature=abc&x-acs-security-token=t HTTP/1.1") == \
        "GET /?a=1&password=<scrubbed>&api_key=<scrubbed>&Signature=<scrubbed>&x-acs-security-token=<scrubbed> HTTP/1.1"
    assert scrub("key LTAI5tAbCdEfGhIjKlMn, header MNS ak:c2lnbmF0dXJlMTIz") == \
        "key <AccessKeyId>, header MNS ak:<scrubbed>"
