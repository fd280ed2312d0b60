"""Open questions Q1-Q5 (fdl-semantics §13): succeed scope, choice default, `$.x`, missing paths, empty fail."""
# Each rule is as decided in docs/semantics.md ("Execution engine"); cases already pinned elsewhere are
# listed in test_checklist.py.
from conformance_run_support import FN, run
from conformance_support import assert_trace, detail, flow, times

from fakecloud.cloud import FakeCloud
from fakecloud.engine import Limits


# -- Q1: succeed ends the innermost branch, iteration or the flow; choice options are transparent -----------

def test_q1_succeed_in_a_choice_option_ends_the_iteration_not_the_foreach():
    ex = run("""
        - type: foreach
          name: each
          iterationMapping: {collection: $.xs, item: x, index: i}
          steps:
            - type: choice
              name: skip
              choices:
                - condition: $.x < 0
                  steps:
                    - {type: pass, name: mark, outputMappings: [{target: skipped, source: $input.i}]}
                    - {type: succeed, name: done}
                    - {type: pass, name: neverInOption}
                  goto: neverAfter
            - {type: pass, name: work, outputMappings: [{target: doubled, source: $input.x}]}
            - {type: pass, name: neverAfter, outputMappings: [{target: last, source: true}], end: true}
          outputMappings:
            - {target: results, source: $local}
        - {type: pass, name: after, outputMappings: [{target: after, source: true}]}
    """, {"xs": [-1, 2]})
    assert (ex.status, ex.output) == ("Succeeded", {"results": [{"skipped": 0}, {"doubled": 2, "last": True}],
                                                    "after": True})
    assert_trace(ex, """
        : ExecutionStarted
        each: StepEntered StepStarted IterationEntered
        skip: StepEntered StepStarted
        mark: StepEntered StepStarted StepSucceeded StepExited
        done: StepEntered StepStarted StepSucceeded StepExited
        skip: StepSucceeded StepExited
        each: IterationExited IterationEntered
        skip: StepEntered StepStarted StepSucceeded StepExited
        work: StepEntered StepStarted StepSucceeded StepExited
        neverAfter: StepEntered StepStarted StepSucceeded StepExited
        each: IterationExited StepSucceeded StepExited
        after: StepEntered StepStarted StepSucceeded StepExited
        : ExecutionSucceeded
    """)
    assert detail(ex, "StepSucceeded", "skip") == [{"output": {"skipped": 0}}, {"output": {}}]


def test_q1_succeed_in_nested_choices_ends_only_its_parallel_branch():
    ex = run("""
        - type: parallel
          name: par
          branches:
            - steps:
                - type: choice
                  name: outer
                  choices:
                    - condition: $.stop
                      steps:
                        - type: choice
                          name: inner
                          choices:
                            - condition: $.stop == false
                              goto: notReached
                          default:
                            steps:
                              - {type: succeed, name: leave, outputMappings: [{target: left, source: true}]}
                        - {type: pass, name: notReached}
                - {type: pass, name: alsoNotReached}
            - steps:
                - {type: wait, name: slow, duration: 5}
                - {type: pass, name: other, outputMappings: [{target: other, source: true}]}
          outputMappings:
            - {target: locals, source: $local}
        - {type: pass, name: next}
    """, {"stop": True})
    assert (ex.status, ex.output) == ("Succeeded", {"locals": [{"left": True}, {"other": True}]})
    assert_trace(ex, """
        : ExecutionStarted
        par: StepEntered StepStarted BranchEntered
        outer: StepEntered StepStarted
        inner: StepEntered StepStarted
        leave: StepEntered StepStarted StepSucceeded StepExited
        inner: StepSucceeded StepExited
        outer: StepSucceeded StepExited
        par: BranchExited BranchEntered
        slow: StepEntered StepStarted StepSucceeded StepExited
        other: StepEntered StepStarted StepSucceeded StepExited
        par: BranchExited StepSucceeded StepExited
        next: StepEntered StepStarted StepSucceeded StepExited
        : ExecutionSucceeded
    """)
    assert times(ex, "BranchExited") == ["2024-01-01T00:00:00.000Z", "2024-01-01T00:00:05.000Z"]


# -- Q2: a choice without default and no true condition just completes ----------------------------------------

def test_q2_choice_without_default_completes_and_falls_through():
    ex = run("""
        - type: choice
          name: c
          choices:
            - condition: $.kind == "a"
              steps: [{type: pass, name: a, outputMappings: [{target: r, source: a}]}]
            - condition: $.kind == "b"
              goto: b
        - {type: pass, name: fallthrough, outputMappings: [{target: r, source: none}], end: true}
        - {type: pass, name: b, outputMappings: [{target: r, source: b}]}
    """, {"kind": "z"})
    assert (ex.status, ex.output) == ("Succeeded", {"r": "none"})
    assert_trace(ex, """
        : ExecutionStarted
        c: StepEntered StepStarted StepSucceeded StepExited
        fallthrough: StepEntered StepStarted StepSucceeded StepExited
        : ExecutionSucceeded
    """)
    assert detail(ex, "StepSucceeded", "c") == [{"output": {}}]


# -- Q3: `$.x` and `$` in a mapping source are literal strings ---------------------------------------------------

def test_q3_dollar_dot_in_a_mapping_is_a_constant():
    ex = run("""
        - type: pass
          name: p
          inputMappings:
            - {target: dotted, source: $.x}
            - {target: dollar, source: $}
            - {target: real, source: $input.x}
          outputMappings:
            - {target: seen, source: $input}
    """, {"x": 1})
    assert ex.output == {"seen": {"dotted": "$.x", "dollar": "$", "real": 1}}
    assert detail(ex, "StepStarted", "p") == [{"input": {"dotted": "$.x", "dollar": "$", "real": 1}}]


# -- Q4: a missing mapping path fails the step (FnF.InvalidMapping), catchable but never retried ----------------

def test_q4_missing_input_path_on_a_task_goes_to_catch_without_retry_or_invocation():
    cloud = FakeCloud()
    cloud.fc.register("s/f", lambda e: {"r": 1}, decode=True)
    ex = run(f"""
        - type: task
          name: t
          resourceArn: {FN}
          inputMappings: [{{target: m, source: $input.marker}}]
          retry: [{{errors: [FnF.ALL], intervalSeconds: 1}}]
          errorMappings: [{{target: e, source: $local.error}}, {{target: in, source: $input}}]
          catch: [{{errors: [FnF.InvalidMapping], goto: handled}}]
        - {{type: pass, name: skipped}}
        - {{type: pass, name: handled}}
    """, cloud=cloud)
    assert (ex.status, ex.output) == ("Succeeded", {"e": "FnF.InvalidMapping", "in": {}})
    assert_trace(ex, """
        : ExecutionStarted
        t: StepEntered StepFailed StepExited
        handled: StepEntered StepStarted StepSucceeded StepExited
        : ExecutionSucceeded
    """)
    assert detail(ex, "StepFailed", "t") == [{"error": "FnF.InvalidMapping",
                                              "cause": "inputMappings 'm': source $input.marker: key 'marker' "
                                                       "not found in $input"}]
    assert cloud.fc.invocations == []


def test_q4_missing_output_path_after_a_successful_invocation_is_caught_too():
    cloud = FakeCloud()
    cloud.fc.register("s/f", lambda e: {"r": 1}, decode=True)
    ex = run(f"""
        - type: task
          name: t
          resourceArn: {FN}
          outputMappings: [{{target: x, source: $local.missing}}]
          retry: [{{errors: [FnF.ALL], intervalSeconds: 1}}]
          errorMappings: [{{target: e, source: $local.error}}]
          catch: [{{errors: [FnF.ALL], goto: handled}}]
        - {{type: pass, name: handled}}
    """, cloud=cloud)
    assert ex.output == {"e": "FnF.InvalidMapping"}
    assert_trace(ex, """
        : ExecutionStarted
        t: StepEntered StepStarted TaskScheduled TaskStarted TaskSucceeded StepFailed StepExited
        handled: StepEntered StepStarted StepSucceeded StepExited
        : ExecutionSucceeded
    """)


def test_q4_missing_service_params_path_fails_the_step_and_the_flow():
    cloud = FakeCloud()
    cloud.mns.create_queue("q")
    ex = run("""
        - type: task
          name: send
          resourceArn: acs:mns:::/queues/q/messages
          serviceParams: {MessageBody: $.body}
    """, cloud=cloud)
    assert (ex.status, ex.error) == ("Failed", "FnF.InvalidMapping")
    assert ex.cause == "serviceParams: $.body: key 'body' not found in $ (serviceParams paths read the mapped step input)"
    assert_trace(ex, """
        : ExecutionStarted
        send: StepEntered StepStarted StepFailed
        : ExecutionFailed
    """)
    assert cloud.mns.messages("q") == []


def test_q4_flow_level_mappings_fail_the_execution():
    ex = run("- {type: pass, name: p}", head="inputMappings:\n  - {target: r, source: $input.nope}\n")
    assert (ex.status, ex.error) == ("Failed", "FnF.InvalidMapping")
    assert_trace(ex, ": ExecutionStarted ExecutionFailed")
    ex = run("- {type: pass, name: p}", head="outputMappings:\n  - {target: r, source: $local.nope}\n")
    assert (ex.status, ex.error, ex.output) == ("Failed", "FnF.InvalidMapping", None)
    assert_trace(ex, """
        : ExecutionStarted
        p: StepEntered StepStarted StepSucceeded StepExited
        : ExecutionFailed
    """)


def test_q4_lenient_switch_reads_missing_paths_as_null():
    ex = run("""
        - type: pass
          name: p
          inputMappings: [{target: m, source: $input.marker}, {target: n, source: "$input.a[3]"}]
          outputMappings: [{target: seen, source: $input}]
    """, {"a": [1]}, cloud=FakeCloud(limits=Limits(missing_path="null")))
    assert (ex.status, ex.output) == ("Succeeded", {"seen": {"m": None, "n": None}})


# -- Q5: a fail step without error: error and cause "", only FnF.ALL matches it across a sync boundary -------

def test_q5_child_fail_without_error_is_caught_only_by_fnf_all():
    cloud = FakeCloud()
    cloud.add_flow("child", flow("- {type: fail, name: quit}"))
    ex = run("""
        - type: task
          name: runChild
          resourceArn: acs:fnf:::flow/child
          pattern: sync
          errorMappings: [{target: e, source: $local.error}, {target: c, source: $local.cause}]
          catch:
            - errors: [ChildFailed]
              goto: wrong
            - errors: [FnF.ALL]
              goto: anyError
        - {type: pass, name: wrong, end: true}
        - {type: pass, name: anyError}
    """, cloud=cloud)
    assert (ex.status, ex.output) == ("Succeeded", {"e": "", "c": ""})
    assert_trace(ex, """
        : ExecutionStarted
        runChild: StepEntered StepStarted TaskScheduled TaskSubmitted TaskFailed StepFailed StepExited
        anyError: StepEntered StepStarted StepSucceeded StepExited
        : ExecutionSucceeded
    """)
    assert detail(ex, "TaskFailed") == [{"error": "", "cause": ""}]
