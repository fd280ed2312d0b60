"""State machines run against the new fakes end to end: HTTP:Request, OSS:GetObject, SMS:SendSms and a scripted
OpenAPI action, each through the engine, with the task result in its wrapper and the state's output built from it."""
from fakecloud.cloud import FakeCloud


def machine(task: str, output: str) -> str:
    return ("Type: StateMachine\nName: m\nSpecVersion: v1\nStartAt: Call\nStates:\n  - Type: Task\n    Name: Call\n"
            + task + "    OutputConstructor:\n" + output + "    End: true\n")


def run(cloud, task, output, data=None):
    cloud.add_flow("m", machine(task, output))
    return cloud.run("m", data or {})


def test_an_http_request_reaches_the_http_world():
    cloud = FakeCloud()
    cloud.http.get("https://model.example.com/score", json={"score": 0.9})
    ex = run(cloud, "    Action: HTTP:Request\n    Parameters:\n      method: GET\n"
                    "      url: https://model.example.com/score\n",
             "      score.$: stringToJson($Output.Body).score\n      code.$: $Output.Code\n")
    assert (ex.status, ex.output) == ("Succeeded", {"score": 0.9, "code": 200})
    assert [(c.method, c.url) for c in cloud.http.calls] == [("GET", "https://model.example.com/score")]


def test_an_oss_object_is_read():
    cloud = FakeCloud()
    cloud.oss.create_bucket("media")
    cloud.oss.put_object("media", "a.txt", "hello")
    ex = run(cloud, "    Action: OSS:GetObject\n    Parameters:\n      bucket: media\n      key: a.txt\n",
             "      text.$: $Output.body\n      size.$: $Output.contentLength\n")
    assert (ex.status, ex.output) == ("Succeeded", {"text": "hello", "size": 5})


def test_a_missing_oss_object_fails_the_state_with_the_service_code():
    cloud = FakeCloud()
    cloud.oss.create_bucket("media")
    ex = run(cloud, "    Action: OSS:GetObject\n    Parameters:\n      bucket: media\n      key: gone.txt\n",
             "      x: 1\n")
    assert (ex.status, ex.error) == ("Failed", "OSS.NoSuchKey")


def test_an_sms_lands_in_the_outbox():
    cloud = FakeCloud()
    ex = run(cloud, "    Action: SMS:SendSms\n    Parameters:\n      phoneNumbers: '13800000000,13900000000'\n"
                    "      signName: Shop\n      templateCode: SMS_1\n      templateParam: {code: '42'}\n",
             "      ok.$: $Output.EntryList.Code\n")
    assert (ex.status, ex.output) == ("Succeeded", {"ok": "OK"})
    (message,) = cloud.sms.messages()
    assert message.as_dict() | {"bizId": None} == {"phoneNumbers": ["13800000000", "13900000000"],
                                                  "signName": "Shop", "templateCode": "SMS_1",
                                                  "templateParam": {"code": "42"}, "bizId": None}


def test_any_other_openapi_action_is_answered_by_its_script_or_is_unmocked():
    cloud = FakeCloud()
    task = "    Action: ECS:DescribeInstances\n    Parameters:\n      RegionId: cn-hangzhou\n"
    ex = run(cloud, task, "      n.$: $Output.TotalCount\n")
    assert (ex.status, ex.error) == ("Failed", "FakeCloud.Unmocked")
    cloud.reset()
    cloud.openapi.script("ECS", "DescribeInstances").returns({"TotalCount": 3})
    ex = run(cloud, task, "      n.$: $Output.TotalCount\n")
    assert (ex.status, ex.output) == ("Succeeded", {"n": 3})
    assert [c.params for c in cloud.openapi.calls] == [{"RegionId": "cn-hangzhou"}]
