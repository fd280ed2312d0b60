"""Every warning of the FDL front end: exact code, message and place, and that warnings never block a flow."""
import pytest
from parser_errors_support import FC, FILE, HEAD, as_tuple, check, steps

from fakecloud.cli import main
from fakecloud.fdl import WARNING, check_text, parse_flow
from fakecloud.fdl.viapi import load_catalog

UNREACHABLE = "step '{}' is never reached: no step before it falls through to it and no goto names it"


def warnings_of(text):
    """(line, column, path, code, message) of every diagnostic of a definition that must be valid."""
    report = check(text)
    assert report.ok and report.flow is not None, [d.format() for d in report.diagnostics]
    assert report.errors == ()
    assert all(d.severity == WARNING and d.file == FILE for d in report.diagnostics)
    assert report.flow.warnings == report.diagnostics
    return [as_tuple(d) for d in report.diagnostics]


# -- unreachable steps ----------------------------------------------------------------------------

def test_step_after_end_true():
    assert warnings_of(steps("""\
        - type: pass
          name: first
          end: true
        - type: pass
          name: second
        """)) == [(7, 3, "steps[1]", "unreachable", UNREACHABLE.format("second"))]


@pytest.mark.parametrize("kind", ["succeed", "fail"])
def test_step_after_succeed_or_fail(kind):
    assert warnings_of(steps(f"""\
        - type: {kind}
          name: stop
        - type: pass
          name: after
        """)) == [(6, 3, "steps[1]", "unreachable", UNREACHABLE.format("after"))]


def test_step_after_a_choice_whose_options_and_default_all_jump():
    assert warnings_of(steps("""\
        - type: choice
          name: route
          choices:
            - condition: $.big
              goto: large
          default:
            goto: small
        - type: pass
          name: skipped
        - type: pass
          name: large
          end: true
        - type: pass
          name: small
        """)) == [(11, 3, "steps[1]", "unreachable", UNREACHABLE.format("skipped"))]


def test_choice_default_without_goto_falls_through():
    assert warnings_of(steps("""\
        - type: choice
          name: route
          choices:
            - condition: $.big
              goto: large
          default:
            steps:
              - {type: pass, name: note}
        - type: pass
          name: next
        - type: pass
          name: large
        """)) == []


def test_choice_without_default_falls_through_even_when_every_option_jumps():
    assert warnings_of(steps("""\
        - type: choice
          name: route
          choices:
            - condition: $.big
              goto: large
        - type: pass
          name: next
        - type: pass
          name: large
        """)) == []


def test_catch_goto_makes_a_step_after_end_reachable():
    assert warnings_of(steps(f"""\
        - type: task
          name: work
          resourceArn: {FC}
          catch:
            - errors: [FnF.ALL]
              goto: recover
          end: true
        - type: fail
          name: recover
          error: WorkFailed
          cause: the work step failed
        """)) == []


def test_choice_goto_makes_a_step_after_succeed_reachable():
    assert warnings_of(steps("""\
        - type: choice
          name: route
          choices:
            - condition: $.retry
              goto: again
        - type: succeed
          name: done
        - type: pass
          name: again
        """)) == []


def test_backward_goto_does_not_revive_a_step_after_the_loop():
    # 'poll' loops back to 'check' or ends at 'done'; 'orphan' after the succeed is never reached.
    assert warnings_of(steps("""\
        - type: wait
          name: check
          duration: 5
        - type: choice
          name: poll
          choices:
            - condition: $.pending
              goto: check
          default:
            goto: done
        - type: succeed
          name: done
        - type: pass
          name: orphan
        """)) == [(16, 3, "steps[3]", "unreachable", UNREACHABLE.format("orphan"))]


def test_unreachable_steps_in_a_nested_sequence():
    assert warnings_of(steps("""\
        - type: parallel
          name: fan
          branches:
            - steps:
                - type: fail
                  name: stop
                  error: Stopped
                - type: pass
                  name: never
        """)) == [(11, 11, "steps[0].branches[0].steps[1]", "unreachable", UNREACHABLE.format("never"))]


def test_each_step_of_an_unreachable_run_is_reported():
    assert warnings_of(steps("""\
        - type: succeed
          name: stop
        - type: pass
          name: a
        - type: pass
          name: b
        """)) == [(6, 3, "steps[1]", "unreachable", UNREACHABLE.format("a")),
                  (8, 3, "steps[2]", "unreachable", UNREACHABLE.format("b"))]


# -- mapping sources that look like paths but are literals ----------------------------------------

@pytest.mark.parametrize("source, message", [
    ("$.orderId", "source '$.orderId' is the literal string '$.orderId': mapping paths start with $input, "
                  "$local or $context (did you mean '$input.orderId'?)"),
    ("$", "source '$' is the literal string '$': mapping paths start with $input, $local or $context "
          "(did you mean '$input'?)"),
    ("$[0]", "source '$[0]' is the literal string '$[0]': mapping paths start with $input, $local or $context "
             "(did you mean '$input[0]'?)"),
    ("$inptu.x", "source '$inptu.x' is a literal string, not a path: paths start with $input, $local or "
                 "$context (did you mean '$input.x'?)"),
    ("$lcoal", "source '$lcoal' is a literal string, not a path: paths start with $input, $local or $context "
               "(did you mean '$local'?)"),
    ("$contxt.task.token", "source '$contxt.task.token' is a literal string, not a path: paths start with "
                           "$input, $local or $context (did you mean '$context.task.token'?)"),
    ("$Input.a", "source '$Input.a' is a literal string, not a path: paths start with $input, $local or "
                 "$context (did you mean '$input.a'?)"),
])
def test_literal_dollar_source(source, message):
    assert warnings_of(HEAD + f"- type: pass\n  name: p\n  inputMappings:\n    - target: x\n"
                              f"      source: {source}\n") == [
        (8, 15, "steps[0].inputMappings[0].source", "literal-dollar-source", message)]


@pytest.mark.parametrize("source", ["$$", "$100", "cost in $", "'$input'"])
def test_other_dollar_literals_are_not_warned_about(source):
    assert warnings_of(HEAD + f"- type: pass\n  name: p\n  inputMappings:\n    - target: x\n"
                              f"      source: {source}\n") == []


def test_literal_dollar_source_in_flow_and_error_mappings():
    assert warnings_of(f"""\
        version: v1
        type: flow
        outputMappings:
          - target: all
            source: $
        steps:
          - type: task
            name: t
            resourceArn: {FC}
            errorMappings:
              - target: why
                source: $.cause
            catch:
              - errors: [FnF.ALL]
                goto: t
        """) == [
        (5, 13, "outputMappings[0].source", "literal-dollar-source",
         "source '$' is the literal string '$': mapping paths start with $input, $local or $context "
         "(did you mean '$input'?)"),
        (12, 17, "steps[0].errorMappings[0].source", "literal-dollar-source",
         "source '$.cause' is the literal string '$.cause': mapping paths start with $input, $local or $context "
         "(did you mean '$input.cause'?)"),
    ]


def test_literal_dollar_source_is_kept_as_a_literal():
    flow = parse_flow(steps("""\
        - type: pass
          name: p
          outputMappings:
            - target: x
              source: $.orderId
        """))
    mapping = flow.steps[0].output_mappings[0]
    assert (mapping.target, mapping.path, mapping.literal) == ("x", None, "$.orderId")
    assert [w.code for w in flow.warnings] == ["literal-dollar-source"]


# -- retry and catch rules that can never match ---------------------------------------------------

def test_catch_entry_after_fnf_all():
    assert warnings_of(steps(f"""\
        - type: task
          name: t
          resourceArn: {FC}
          catch:
            - errors: [FnF.ALL]
              goto: t
            - errors: [Timeout]
              goto: t
        """)) == [(10, 7, "steps[0].catch[1]", "shadowed",
                   "this catch entry is never used: catch[0] before it matches FnF.ALL, and the first match wins")]


def test_retry_policy_after_fnf_all():
    assert warnings_of(steps(f"""\
        - type: task
          name: t
          resourceArn: {FC}
          retry:
            - errors: [FC.Unknown]
            - errors: [Busy, FnF.ALL]
              maxAttempts: 1
            - errors: [FC.ResourceThrottled]
              maxAttempts: 9
            - errors: [Other]
        """)) == [
        (11, 7, "steps[0].retry[2]", "shadowed",
         "this retry policy is never used: retry[1] before it matches FnF.ALL, and the first match wins"),
        (13, 7, "steps[0].retry[3]", "shadowed",
         "this retry policy is never used: retry[1] before it matches FnF.ALL, and the first match wins"),
    ]


def test_catch_entry_whose_errors_were_all_named_earlier():
    assert warnings_of(steps(f"""\
        - type: task
          name: t
          resourceArn: {FC}
          catch:
            - errors: [NotFound]
              goto: t
            - errors: [Denied, Busy]
              goto: t
            - errors: [Busy, NotFound]
              goto: t
            - errors: [Busy, Fresh]
              goto: t
        """)) == [(12, 7, "steps[0].catch[2]", "shadowed",
                   "this catch entry is never used: earlier entries already match Busy, NotFound, and the first "
                   "match wins")]


def test_retry_policy_whose_errors_were_named_earlier():
    assert warnings_of(steps(f"""\
        - type: task
          name: t
          resourceArn: {FC}
          retry:
            - errors: [FC.Unknown, FnF.TaskTimeout]
            - errors: [FnF.TaskTimeout]
              maxAttempts: 10
        """)) == [(9, 7, "steps[0].retry[1]", "shadowed",
                   "this retry policy is never used: earlier entries already match FnF.TaskTimeout, and the first "
                   "match wins")]


def test_retry_and_catch_naming_the_same_error_do_not_shadow_each_other():
    assert warnings_of(steps(f"""\
        - type: task
          name: t
          resourceArn: {FC}
          retry:
            - errors: [FnF.ALL]
          catch:
            - errors: [FnF.ALL]
              goto: t
        """)) == []


# -- vision APIs ----------------------------------------------------------------------------------

def test_retired_vision_api():
    assert load_catalog().api("facebody", "DetectMask").retired
    assert warnings_of(steps("""\
        - type: task
          name: mask
          action: facebody:DetectMask
          serviceParams:
            ImageURL: $.url
        """)) == [(6, 11, "steps[0].action", "retired-api",
                   "facebody:DetectMask is retired: the service no longer offers it")]


RETIRED = [spec for spec in load_catalog() if spec.retired]


def test_the_catalog_has_retired_apis():
    assert len(RETIRED) >= 5
    assert {spec.product for spec in RETIRED} >= {"facebody", "ocr"}


@pytest.mark.parametrize("spec", RETIRED, ids=[spec.action for spec in RETIRED])
def test_every_retired_api_is_warned_about(spec):
    params = "".join(f"    {name}: $.{name.lower()}\n" for name in spec.required)
    text = HEAD + f"- type: task\n  name: call\n  action: {spec.action}\n" + (
        f"  serviceParams:\n{params}" if params else "")
    assert warnings_of(text) == [(6, 11, "steps[0].action", "retired-api",
                                  f"{spec.action} is retired: the service no longer offers it")]


def test_current_vision_api_has_no_warning():
    assert not load_catalog().api("facebody", "DetectFace").retired
    assert warnings_of(steps("""\
        - type: task
          name: face
          action: facebody:DetectFace
          serviceParams:
            ImageURL: $.url
            MaxFaceNumber: 3
        """)) == []


def test_pattern_on_a_vision_action():
    assert warnings_of(steps("""\
        - type: task
          name: face
          action: facebody:DetectFace
          pattern: waitForCallback
          serviceParams:
            ImageURL: $.url
        """)) == [(7, 12, "steps[0].pattern", "action-pattern",
                   "pattern 'waitForCallback' is not documented for cloud API actions; they are called "
                   "requestResponse")]


# -- choice without default or goto ---------------------------------------------------------------

def test_choice_without_default_and_without_goto():
    assert warnings_of(steps("""\
        - type: choice
          name: maybe
          choices:
            - condition: $.vip
              steps:
                - {type: pass, name: upgrade}
        - type: pass
          name: next
        """)) == [(4, 3, "steps[0]", "choice-no-default",
                   "choice 'maybe' has no default and no goto: when no condition holds it does nothing and the "
                   "next step runs")]


@pytest.mark.parametrize("extra", [
    "  default:\n    steps:\n      - {type: pass, name: plain}\n",
    "      goto: next\n",
])
def test_choice_with_default_or_goto_has_no_warning(extra):
    text = HEAD + ("- type: choice\n  name: maybe\n  choices:\n    - condition: $.vip\n"
                   "      steps:\n        - {type: pass, name: upgrade}\n") + extra + "- type: pass\n  name: next\n"
    assert warnings_of(text) == []


# -- FC patterns ----------------------------------------------------------------------------------

@pytest.mark.parametrize("pattern", ["sync", "waitForCallback"])
def test_fc_pattern_without_async_invocation(pattern):
    assert warnings_of(HEAD + f"- type: task\n  name: t\n  resourceArn: {FC}\n  pattern: {pattern}\n") == [
        (7, 12, "steps[0].pattern", "fc-pattern",
         f"pattern '{pattern}' on an FC function without serviceParams.InvocationType: Async; the integration "
         f"documents only requestResponse for synchronous invocation")]


def test_fc_pattern_with_sync_invocation_type():
    assert [w[3] for w in warnings_of(HEAD + f"- type: task\n  name: t\n  resourceArn: {FC}\n"
                                              "  pattern: sync\n  serviceParams:\n    InvocationType: Sync\n")] == [
        "fc-pattern"]


@pytest.mark.parametrize("pattern", ["sync", "waitForCallback", "requestResponse"])
def test_fc_pattern_with_async_invocation_has_no_warning(pattern):
    assert warnings_of(HEAD + f"- type: task\n  name: t\n  resourceArn: {FC}\n  pattern: {pattern}\n"
                              "  serviceParams:\n    InvocationType: Async\n    StatefulAsyncInvocationID: $.id\n") == []


def test_fc_request_response_has_no_warning():
    assert warnings_of(HEAD + f"- type: task\n  name: t\n  resourceArn: {FC}\n  pattern: requestResponse\n") == []


# -- unknown serviceParams names ------------------------------------------------------------------

@pytest.mark.parametrize("arn_or_action, params, name, message", [
    (f"resourceArn: {FC}", "Qualifier: LATEST", "Qualifier",
     "an FC function task does not take serviceParams.Qualifier"),
    (f"resourceArn: {FC}", "InvocationTyp: Async", "InvocationTyp",
     "an FC function task does not take serviceParams.InvocationTyp (did you mean 'InvocationType'?)"),
    ("resourceArn: acs:mns:::/queues/jobs/messages", "MessageBody: $\n    Priority: 8\n    MessageTag: t", "MessageTag",
     "an MNS queue task does not take serviceParams.MessageTag (did you mean 'MessageBody'?)"),
    ("resourceArn: acs:mns:::/topics/news/messages", "MessageBody: $\n    Priority: 2", "Priority",
     "an MNS topic task does not take serviceParams.Priority"),
    ("resourceArn: acs:mns:::/topics/news/messages", "MessageBody: $\n    MessageAttribute: {}", "MessageAttribute",
     "an MNS topic task does not take serviceParams.MessageAttribute (did you mean 'MessageAttributes'?)"),
    ("resourceArn: acs:fnf:::flow/child", "Input: $\n    FlowName: other", "FlowName",
     "a subflow task does not take serviceParams.FlowName"),
    ("resourceArn: acs:fnf:::flow/child", "Input: $\n    ExecutionNme: $.id", "ExecutionNme",
     "a subflow task does not take serviceParams.ExecutionNme (did you mean 'ExecutionName'?)"),
    ("action: facebody:DetectFace", "ImageURL: $.url\n    Colour: red", "Colour",
     "facebody:DetectFace does not take serviceParams.Colour"),
    ("action: ocr:RecognizeIdentityCard", "ImageURL: $.url\n    Side: face\n    side: back", "side",
     "ocr:RecognizeIdentityCard does not take serviceParams.side (did you mean 'Side'?)"),
    ("action: fnf:StartExecution", "FlowName: child\n    InputJson: $", "InputJson",
     "fnf:StartExecution does not take serviceParams.InputJson (did you mean 'Input'?)"),
])
def test_unknown_service_param(arn_or_action, params, name, message):
    text = HEAD + f"- type: task\n  name: t\n  {arn_or_action}\n  serviceParams:\n    {params}\n"
    found = warnings_of(text)
    assert found == [(found[0][0], 5, f"steps[0].serviceParams.{name}", "unknown-parameter", message)]
    assert text.splitlines()[found[0][0] - 1].strip().startswith(f"{name}:")


# -- end on succeed / fail ------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["succeed", "fail"])
def test_end_on_succeed_or_fail(kind):
    assert warnings_of(HEAD + f"- type: {kind}\n  name: stop\n  end: true\n") == [
        (4, 3, "steps[0]", "useless-end", f"'end' has no effect on a {kind} step: it always ends the sequence")]


# -- the same name in different sequences ---------------------------------------------------------

def test_name_reused_in_a_nested_sequence():
    assert warnings_of(steps("""\
        - type: pass
          name: prepare
        - type: foreach
          name: each
          iterationMapping: {collection: $.items, item: it}
          steps:
            - type: pass
              name: prepare
        """)) == [(10, 7, "steps[1].steps[0]", "reused-name",
                   "step name 'prepare' is also used at steps[0] (line 4); names that repeat make history hard "
                   "to read")]


def test_name_reused_in_sibling_branches():
    assert warnings_of(steps("""\
        - type: parallel
          name: fan
          branches:
            - steps:
                - {type: pass, name: work}
            - steps:
                - {type: pass, name: work}
            - steps:
                - {type: pass, name: work}
        """)) == [
        (10, 11, "steps[0].branches[1].steps[0]", "reused-name",
         "step name 'work' is also used at steps[0].branches[0].steps[0] (line 8); names that repeat make history "
         "hard to read"),
        (12, 11, "steps[0].branches[2].steps[0]", "reused-name",
         "step name 'work' is also used at steps[0].branches[0].steps[0] (line 8); names that repeat make history "
         "hard to read"),
    ]


def test_container_step_and_its_child_with_the_same_name():
    assert warnings_of(steps("""\
        - type: foreach
          name: each
          iterationMapping: {collection: $.items, item: it}
          steps:
            - {type: pass, name: each}
        """)) == [(8, 7, "steps[0].steps[0]", "reused-name",
                   "step name 'each' is also used at steps[0] (line 4); names that repeat make history hard to read")]


# -- warnings never block, and come in line order -------------------------------------------------

SEVERAL = f"""\
version: v1
type: flow
steps:
  - type: task
    name: call
    resourceArn: {FC}
    pattern: sync
    inputMappings:
      - target: id
        source: $.id
    catch:
      - errors: [FnF.ALL]
        goto: done
      - errors: [Late]
        goto: done
  - type: succeed
    name: done
    end: true
  - type: pass
    name: tail
"""


def test_several_warnings_in_line_order_and_the_flow_is_valid():
    report = check_text(SEVERAL, "several.yaml")
    assert report.ok and report.errors == ()
    assert [(d.line, d.code) for d in report.warnings] == [
        (7, "fc-pattern"), (10, "literal-dollar-source"), (14, "shadowed"), (16, "useless-end"), (19, "unreachable")]
    assert report.diagnostics == report.warnings == report.flow.warnings
    assert [s.name for s in report.flow.steps] == ["call", "done", "tail"]
    flow = parse_flow(SEVERAL, "several.yaml")
    assert len(flow.warnings) == 5


def test_strict_turns_warnings_into_errors(tmp_path, capsys):
    path = tmp_path / "several.yaml"
    path.write_text(SEVERAL)
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{path}:7:14: warning: steps[0].pattern: pattern 'sync' on an FC function without " \
                     f"serviceParams.InvocationType: Async; the integration documents only requestResponse for " \
                     f"synchronous invocation"
    assert out[-1] == f"{path}: valid: 3 steps (1 pass, 1 succeed, 1 task), 5 warnings"

    assert main(["validate", "--strict", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 5
    assert all(": error: " in line for line in out)
    assert out[4] == f"{path}:19:5: error: steps[2]: {UNREACHABLE.format('tail')}"


def test_strict_has_no_effect_without_warnings(tmp_path, capsys):
    path = tmp_path / "clean.yaml"
    path.write_text(HEAD + "- type: pass\n  name: only\n")
    assert main(["validate", "--strict", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}: valid: 1 step (1 pass)\n"
