"""`SMS:SendSms` tasks against the SMS outbox (`cloud.sms`): the documented result wrapper, phone numbers split and
bounded, approved signs and templates, the service's error codes, WaitForCustomCallback, scenario set-up. See
docs/semantics.md, "SMS"."""
import pytest

from fakecloud.cloud import FakeCloud
from fakecloud.engine.outcomes import Return, Throw
from fakecloud.fdl.targets import WAIT_FOR_CALLBACK
from task_support import TOKEN, invoke

PARAMS = {"phoneNumbers": "13900000000", "signName": "Shop", "templateCode": "SMS_1",
          "templateParam": {"code": 12345678}}


def test_send_sms_records_the_message_and_answers_the_documented_wrapper():
    cloud = FakeCloud()
    cloud.advance(3)
    outcome = invoke(cloud, "SMS:SendSms", {**PARAMS, "phoneNumbers": "13900000000, +8613900000001"},
                     path="Notify")
    (message,) = cloud.sms.messages()
    assert outcome == Return({
        "EntryList": {"BizId": message.biz_id, "Code": "OK", "Message": "OK", "RequestId": message.request_id},
        "Headers": {"Content-Type": "application/json;charset=utf-8", "x-acs-request-id": message.request_id},
        "StatusCode": 200})
    assert (message.phone_numbers, message.sign_name, message.template_code, dict(message.template_param),
            message.time, message.path) == (("13900000000", "+8613900000001"), "Shop", "SMS_1", {"code": 12345678},
                                            1704067203.0, "Notify")
    assert message.biz_id.endswith("^0") and len(message.biz_id) == 20 and message.biz_id[:18].isdigit()
    assert cloud.sms.to("+8613900000001") == [message] and cloud.sms.to("1") == []


def test_ids_are_deterministic_per_seed():
    first, again = FakeCloud(seed=4), FakeCloud(seed=4)
    assert invoke(first, "SMS:SendSms", PARAMS) == invoke(again, "SMS:SendSms", PARAMS)


def test_template_param_as_json_text_and_a_list_of_numbers():
    cloud = FakeCloud()
    invoke(cloud, "SMS:SendSms", {**PARAMS, "phoneNumbers": ["13900000000", "13900000001"],
                                  "templateParam": '{"code":"1"}'})
    (message,) = cloud.sms.messages()
    assert (message.phone_numbers, dict(message.template_param)) == (("13900000000", "13900000001"), {"code": "1"})


@pytest.mark.parametrize("change, error", [
    ({"phoneNumbers": ""}, ("SMS.MissingPhoneNumbers", "PhoneNumbers is mandatory for this action.")),
    ({"phoneNumbers": "139,abc"}, ("SMS.isv.MOBILE_NUMBER_ILLEGAL", "invalid mobile phone number '139'")),
    ({"phoneNumbers": ",".join(["13900000000"] * 1001)},
     ("SMS.isv.MOBILE_COUNT_OVER_LIMIT", "at most 1000 phone numbers a call, got 1001")),
    ({"signName": None}, ("SMS.MissingSignName", "SignName is mandatory for this action.")),
    ({"templateCode": ""}, ("SMS.MissingTemplateCode", "TemplateCode is mandatory for this action.")),
    ({"templateParam": "{"}, ("SMS.isv.INVALID_JSON_PARAM", "templateParam is not valid JSON")),
    ({"templateParam": [1]}, ("SMS.isv.INVALID_JSON_PARAM", "templateParam must be an object, got list")),
])
def test_refused_messages_fail_with_the_service_codes(change, error):
    cloud = FakeCloud()
    assert invoke(cloud, "SMS:SendSms", {**PARAMS, **change}) == Throw(*error)
    assert cloud.sms.messages() == []


def test_exactly_1000_numbers_is_accepted():
    cloud = FakeCloud()
    invoke(cloud, "SMS:SendSms", {**PARAMS, "phoneNumbers": ",".join(["13900000000"] * 1000)})
    assert len(cloud.sms.messages()[0].phone_numbers) == 1000


def test_approved_signs_and_templates():
    cloud = FakeCloud()
    cloud.sms.approve_sign("Shop")
    cloud.sms.approve_template("SMS_1", ["code"])
    assert invoke(cloud, "SMS:SendSms", {**PARAMS, "signName": "Other"}) == Throw(
        "SMS.isv.SMS_SIGNATURE_ILLEGAL", "the sign name Other is not approved")
    assert invoke(cloud, "SMS:SendSms", {**PARAMS, "templateCode": "SMS_2"}) == Throw(
        "SMS.isv.SMS_TEMPLATE_ILLEGAL", "the template SMS_2 is not approved")
    assert invoke(cloud, "SMS:SendSms", {**PARAMS, "templateParam": {}}) == Throw(
        "SMS.isv.TEMPLATE_MISSING_PARAMETERS", "template SMS_1 needs the parameter code")
    assert isinstance(invoke(cloud, "SMS:SendSms", PARAMS), Return)


def test_wait_for_custom_callback_sends_and_submits():
    cloud = FakeCloud()
    outcome = invoke(cloud, "SMS:SendSms", {**PARAMS, "templateParam": {"token": TOKEN}},
                     pattern=WAIT_FOR_CALLBACK, token=TOKEN)
    assert outcome.value["EntryList"]["Code"] == "OK"
    assert dict(cloud.sms.messages()[0].template_param) == {"token": TOKEN}


def test_scenario_approvals_and_reset():
    cloud = FakeCloud()
    plug = next(plug for plug, _ in cloud.plugs() if plug.attribute == "sms")
    plug.set_up(cloud.sms, {"signNames": ["Shop"], "templates": {"SMS_1": ["code"]}}, "services.sms")
    assert invoke(cloud, "SMS:SendSms", {**PARAMS, "templateParam": {}}).error == "SMS.isv.TEMPLATE_MISSING_PARAMETERS"
    with pytest.raises(ValueError, match="services.sms: unknown field 'signs'"):
        plug.set_up(cloud.sms, {"signs": []}, "services.sms")
    with pytest.raises(ValueError, match="services.sms: template variables are a list of non-empty strings"):
        plug.set_up(cloud.sms, {"templates": {"SMS_9": "code"}}, "services.sms")
    cloud.reset()
    assert isinstance(invoke(cloud, "SMS:SendSms", {**PARAMS, "signName": "Any"}), Return)
