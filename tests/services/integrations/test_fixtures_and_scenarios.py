"""The new fakes in the pytest plugin and in scenario files: `fake_http`, `fake_oss`, `fake_sms`, `fake_events`,
`fake_openapi` are the world's objects, and a scenario's `services:` block sets each up."""
from types import SimpleNamespace

import pytest

from fakecloud.cloud import FakeCloud
from fakecloud.services.sms import SmsError
from fakecloud.testing.scenario import Scenario, ScenarioError


def test_the_fixtures_are_the_worlds_objects(fake_cloud, fake_http, fake_oss, fake_sms, fake_events, fake_openapi):
    assert (fake_http, fake_oss, fake_sms, fake_events, fake_openapi) == (
        fake_cloud.http, fake_cloud.oss, fake_cloud.sms, fake_cloud.events, fake_cloud.openapi)


def test_a_scenario_sets_up_every_new_fake():
    cloud = FakeCloud()
    scenario = Scenario({"definition": "unused", "services": {
        "http": {"routes": [{"method": "GET", "url": "https://a.example.com/", "body": "ok"}]},
        "oss": {"buckets": {"media": {"objects": {"a.txt": "hi"}}}},
        "sms": {"signNames": ["Shop"]},
        "eventbridge": {"buses": ["orders"]},
        "openapi": {"ECS:DescribeInstances": {"return": {"Instances": {}}}}}})
    scenario.setup(SimpleNamespace(cloud=cloud, mock=None))
    assert [r.describe() for r in cloud.http.routes] == ["GET https://a.example.com/ (status 200)"]
    assert cloud.oss.get_object("media", "a.txt").data == b"hi"
    assert cloud.events.buses() == ["default", "orders"]
    assert cloud.openapi.has_script("ECS", "DescribeInstances")
    with pytest.raises(SmsError, match="isv.SMS_SIGNATURE_ILLEGAL: the sign name Other is not approved"):
        cloud.sms.send("13900000000", "Other", "SMS_1")


def test_a_bad_block_names_the_scenario_and_the_field():
    scenario = Scenario({"definition": "unused", "services": {"oss": {"buckets": {"media": {"objekts": {}}}}}})
    with pytest.raises(ScenarioError, match=r"scenario: services.oss.buckets.media: unknown field 'objekts'"):
        scenario.setup(SimpleNamespace(cloud=FakeCloud(), mock=None))
