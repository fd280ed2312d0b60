"""FC 3.0 function ARNs (no services: `acs:fc:{region}:{account}:functions/{name}[/{qualifier}]`) in an FDL task
step's resourceArn, typed so the FC integration can tell them from FC 2.0 service/function ARNs."""
import pytest
from parser_errors_support import HEAD, as_tuple, check, only_error

from fakecloud.fdl.targets import Fc3Function, FcFunction


def task(arn: str) -> str:
    return HEAD + f"- type: task\n  name: t\n  resourceArn: {arn}\n  serviceParams:\n    InvocationType: Async\n" \
                  f"  pattern: sync\n"


@pytest.mark.parametrize("arn, region, account, function, qualifier", [
    ("acs:fc:cn-hangzhou:123456:functions/resize/LATEST", "cn-hangzhou", "123456", "resize", "LATEST"),
    ("acs:fc:::functions/resize", "", "", "resize", None),
    ("acs:fc:${ALIYUN::Region}:${ALIYUN::AccountId}:functions/${Name}-resize/prod", "${ALIYUN::Region}",
     "${ALIYUN::AccountId}", "${Name}-resize", "prod"),
])
def test_fc3_function_arns_are_accepted(arn, region, account, function, qualifier):
    report = check(task(arn))
    assert report.ok and report.diagnostics == ()
    target = report.flow.steps[0].target
    assert target == Fc3Function(region, account, function, qualifier, arn)
    assert (target.kind, target.generation, target.service) == ("fc", 3, "fc3")


def test_fc2_function_arns_are_still_fc2():
    target = check(task("acs:fc:::services/img.LATEST/functions/resize")).flow.steps[0].target
    assert type(target) is FcFunction and target.generation == 2


@pytest.mark.parametrize("arn", ["acs:fc:::functions/", "acs:fc:::function/resize", "acs:fc:::functions/a/b/c"])
def test_malformed_fc3_arns_name_both_forms(arn):
    d = only_error(task(arn))
    assert as_tuple(d) == (6, 16, "steps[0].resourceArn", "target",
                           f"malformed fc resourceArn '{arn}': expected acs:fc:{{region}}:{{account}}:services/"
                           f"{{service}}[.{{qualifier}}]/functions/{{function}} (FC 2.0) or acs:fc:{{region}}:"
                           f"{{account}}:functions/{{function}}[/{{qualifier}}] (FC 3.0)")
