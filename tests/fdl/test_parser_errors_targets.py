"""Parser errors of task targets (resourceArn, !Ref, action), patterns and each integration's serviceParams."""
import pytest
from parser_errors_support import FC, HEAD, as_tuple, check, only_error, steps


# -- task targets ---------------------------------------------------------------------------------

def test_task_without_target():
    d = only_error(steps("""\
        - type: task
          name: t
        """))
    assert as_tuple(d) == (4, 3, "steps[0]", "target", "a task step needs exactly one of 'resourceArn' or 'action'")


def test_task_with_both_targets():
    d = only_error(steps(f"""\
        - type: task
          name: t
          resourceArn: {FC}
          action: facebody:DetectFace
        """))
    assert as_tuple(d) == (
        7, 3, "steps[0].action", "target", "a task step needs exactly one of 'resourceArn' or 'action', not both")


@pytest.mark.parametrize("arn, message", [
    ("acs:fc:::services/svc/function/fn",
     "malformed fc resourceArn 'acs:fc:::services/svc/function/fn': expected "
     "acs:fc:{region}:{account}:services/{service}[.{qualifier}]/functions/{function}"),
    ("acs:fc:cn-hangzhou:123:services/svc/functions/",
     "malformed fc resourceArn 'acs:fc:cn-hangzhou:123:services/svc/functions/': expected "
     "acs:fc:{region}:{account}:services/{service}[.{qualifier}]/functions/{function}"),
    ("acs:fnf:::flows/child",
     "malformed fnf resourceArn 'acs:fnf:::flows/child': expected acs:fnf:::flow/{flow}"),
    ("acs:mns:::/queue/jobs/messages",
     "malformed mns resourceArn 'acs:mns:::/queue/jobs/messages': expected acs:mns:::/queues/{queue}/messages "
     "or acs:mns:::/topics/{topic}/messages"),
    ("acs:mns:::/topics/news",
     "malformed mns resourceArn 'acs:mns:::/topics/news': expected acs:mns:::/queues/{queue}/messages "
     "or acs:mns:::/topics/{topic}/messages"),
    ("acs:oss:::bucket/key",
     "unsupported resourceArn 'acs:oss:::bucket/key': product 'oss' cannot be a task target (FC functions, "
     "subflows and MNS queues/topics can; cloud APIs use 'action')"),
    ("services/svc/functions/fn",
     "resourceArn 'services/svc/functions/fn' is not an ARN: expected "
     "acs:fc:{region}:{account}:services/{service}[.{qualifier}]/functions/{function}, acs:fnf:::flow/{flow} or "
     "acs:mns:::/queues/{queue}/messages or acs:mns:::/topics/{topic}/messages"),
])
def test_malformed_resource_arn(arn, message):
    d = only_error(HEAD + f"- type: task\n  name: t\n  resourceArn: {arn}\n")
    assert as_tuple(d) == (6, 16, "steps[0].resourceArn", "target", message)


def test_resource_arn_must_be_a_string():
    d = only_error(HEAD + "- type: task\n  name: t\n  resourceArn: 42\n")
    assert as_tuple(d) == (6, 16, "steps[0].resourceArn", "type", "'resourceArn' must be a string, not the number 42")


@pytest.mark.parametrize("ref", ["fn", "a/b/c", "svc/"])
def test_ref_that_is_not_service_slash_function(ref):
    d = only_error(HEAD + f"- type: task\n  name: t\n  resourceArn: !Ref {ref}\n")
    assert as_tuple(d) == (6, 16, "steps[0].resourceArn", "target",
                           f"'!Ref {ref}' cannot be resolved: expected '!Ref service/function'")


def test_ref_in_a_mapping_source():
    d = only_error(steps("""\
        - type: pass
          name: p
          inputMappings:
            - target: fn
              source: !Ref svc/fn
        """))
    assert as_tuple(d) == (8, 15, "steps[0].inputMappings[0].source", "value",
                           "'!Ref svc/fn' can only stand for a task's resourceArn")


def test_ref_in_service_params():
    d = only_error(steps("""\
        - type: task
          name: child
          resourceArn: acs:fnf:::flow/child
          serviceParams:
            Input: !Ref svc/fn
        """))
    assert as_tuple(d) == (8, 12, "steps[0].serviceParams.Input", "value",
                           "'!Ref svc/fn' can only stand for a task's resourceArn")


def test_ref_as_a_number():
    d = only_error(steps(f"""\
        - type: task
          name: t
          resourceArn: {FC}
          timeoutSeconds: !Ref svc/fn
        """))
    assert as_tuple(d) == (7, 19, "steps[0].timeoutSeconds", "type", "'timeoutSeconds' must be a number, not '!Ref svc/fn'")


def test_ref_in_action():
    d = only_error(steps("""\
        - type: task
          name: t
          action: !Ref svc/fn
        """))
    assert as_tuple(d) == (6, 11, "steps[0].action", "target",
                           "'!Ref svc/fn' stands for an FC function and can only be a resourceArn; an action is "
                           "'{product}:{Api}'")


# -- patterns -------------------------------------------------------------------------------------

@pytest.mark.parametrize("arn, kind", [
    ("acs:mns:::/queues/jobs/messages", "MNS queues"),
    ("acs:mns:::/topics/news/messages", "MNS topics"),
])
def test_sync_pattern_on_mns(arn, kind):
    d = only_error(HEAD + f"- type: task\n  name: t\n  resourceArn: {arn}\n  pattern: sync\n"
                          f"  serviceParams:\n    MessageBody: $\n")
    assert as_tuple(d) == (7, 12, "steps[0].pattern", "pattern",
                           f"pattern 'sync' is not supported for {kind}: use requestResponse or waitForCallback")


@pytest.mark.parametrize("value, hint", [
    ("synchronous", ""),
    ("waitforcallback", " (did you mean 'waitForCallback'?)"),
    ("RequestResponse", " (did you mean 'requestResponse'?)"),
])
def test_unknown_pattern(value, hint):
    d = only_error(HEAD + f"- type: task\n  name: t\n  resourceArn: {FC}\n  pattern: {value}\n")
    assert as_tuple(d) == (7, 12, "steps[0].pattern", "value",
                           f"unknown pattern '{value}'{hint}; patterns are requestResponse, sync, waitForCallback")


# -- serviceParams of each integration ------------------------------------------------------------

@pytest.mark.parametrize("value, hint", [("async", " (did you mean 'Async'?)"), ("Event", "")],
                         ids=["with-suggestion", "unknown"])
def test_fc_invocation_type(value, hint):
    d = only_error(steps(f"""\
        - type: task
          name: t
          resourceArn: {FC}
          serviceParams:
            InvocationType: {value}
        """))
    assert as_tuple(d) == (8, 21, "steps[0].serviceParams.InvocationType", "value",
                           f"InvocationType must be 'Sync' or 'Async', not the string '{value}'{hint}")


def test_mns_queue_without_service_params():
    d = only_error(steps("""\
        - type: task
          name: send
          resourceArn: acs:mns:::/queues/jobs/messages
        """))
    assert as_tuple(d) == (4, 3, "steps[0]", "missing-field",
                           "an MNS queue task needs serviceParams.MessageBody (for example 'MessageBody: $' "
                           "sends the mapped input)")


def test_mns_topic_without_message_body():
    d = only_error(steps("""\
        - type: task
          name: publish
          resourceArn: acs:mns:::/topics/news/messages
          serviceParams:
            MessageTag: urgent
        """))
    assert as_tuple(d) == (7, 3, "steps[0].serviceParams", "missing-field",
                           "an MNS topic task needs serviceParams.MessageBody (for example 'MessageBody: $' "
                           "sends the mapped input)")


@pytest.mark.parametrize("param, value, message", [
    ("DelaySeconds", "604801", "'DelaySeconds' is 604801; it must be between 0 and 604800"),
    ("DelaySeconds", "-1", "'DelaySeconds' is -1; it must be between 0 and 604800"),
    ("Priority", "0", "'Priority' is 0; it must be between 1 and 16"),
    ("Priority", "17", "'Priority' is 17; it must be between 1 and 16"),
    ("Priority", "1.5", "'Priority' must be an integer, not the number 1.5"),
])
def test_mns_queue_parameter_ranges(param, value, message):
    d = only_error(HEAD + f"- type: task\n  name: send\n  resourceArn: acs:mns:::/queues/jobs/messages\n"
                          f"  serviceParams:\n    MessageBody: $\n    {param}: {value}\n")
    assert as_tuple(d) == (9, 7 + len(param), f"steps[0].serviceParams.{param}",
                           "type" if "integer" in message else "range", message)


def test_fnf_action_other_than_start_execution():
    d = only_error(steps("""\
        - type: task
          name: stop
          action: fnf:StopExecution
        """))
    assert as_tuple(d) == (6, 11, "steps[0].action", "action",
                           "unknown action 'fnf:StopExecution' (did you mean 'StartExecution'?); the fnf "
                           "integration offers fnf:StartExecution")


def test_fnf_start_execution_without_flow_name():
    d = only_error(steps("""\
        - type: task
          name: start
          action: fnf:StartExecution
          serviceParams:
            Input: $
        """))
    assert as_tuple(d) == (7, 3, "steps[0].serviceParams", "missing-parameter",
                           "fnf:StartExecution requires serviceParams.FlowName")


def test_malformed_action():
    d = only_error(steps("""\
        - type: task
          name: a
          action: "facebody DetectFace"
        """))
    assert as_tuple(d) == (6, 11, "steps[0].action", "target",
                           "malformed action 'facebody DetectFace': expected '{product}:{Api}', e.g. "
                           "'facebody:DetectFace'")


def test_unknown_vision_product():
    d = only_error(steps("""\
        - type: task
          name: a
          action: facebodi:DetectFace
        """))
    assert as_tuple(d) == (6, 11, "steps[0].action", "action",
                           "unknown product 'facebodi' (did you mean 'facebody'?); actions name one of facebody, "
                           "ocr, goodstech, imagerecog, imageseg, imageenhan, objectdet or fnf")


def test_unknown_vision_api():
    d = only_error(steps("""\
        - type: task
          name: a
          action: facebody:DetectFaces
          serviceParams:
            ImageURL: $.url
        """))
    assert as_tuple(d) == (6, 11, "steps[0].action", "action",
                           "unknown facebody API 'DetectFaces' (did you mean 'DetectFace'?)")


def test_vision_api_without_service_params():
    d = only_error(steps("""\
        - type: task
          name: a
          action: facebody:DetectFace
        """))
    assert as_tuple(d) == (4, 3, "steps[0]", "missing-parameter", "facebody:DetectFace requires serviceParams.ImageURL")


def test_vision_api_missing_a_required_parameter():
    d = only_error(steps("""\
        - type: task
          name: card
          action: ocr:RecognizeIdentityCard
          serviceParams:
            ImageURL: $.image
        """))
    assert as_tuple(d) == (7, 3, "steps[0].serviceParams", "missing-parameter",
                           "ocr:RecognizeIdentityCard requires serviceParams.Side")


def test_vision_api_parameter_with_the_wrong_case():
    report = check(steps("""\
        - type: task
          name: face
          action: facebody:DetectFace
          serviceParams:
            ImageUrl: $.image
        """))
    assert [(d.severity, *as_tuple(d)) for d in report.diagnostics] == [
        ("error", 7, 3, "steps[0].serviceParams", "missing-parameter",
         "facebody:DetectFace requires serviceParams.ImageURL (found 'ImageUrl': parameter names are case-sensitive)"),
        ("warning", 8, 5, "steps[0].serviceParams.ImageUrl", "unknown-parameter",
         "facebody:DetectFace does not take serviceParams.ImageUrl (did you mean 'ImageURL'?)"),
    ]
    assert report.flow is None


def test_service_params_must_be_a_mapping():
    d = only_error(steps("""\
        - type: task
          name: child
          resourceArn: acs:fnf:::flow/child
          serviceParams: $
        """))
    assert as_tuple(d) == (7, 18, "steps[0].serviceParams", "type", "'serviceParams' must be a mapping, not the string '$'")
