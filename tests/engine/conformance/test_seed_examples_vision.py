"""The service-integration document's vision example (ClassifyCommodity, then a foreach), run end to end."""
# Where the document's text has typos that make a flow invalid (`acs:fnf::flow/...` with two colons, a
# full-width stop inside a path, a step without `type`, a retry block out of its list, the catch target
# nested inside the foreach), the flows below use the evident intent; the literal forms are checked to be
# rejected at definition time.
import pytest
from conformance_run_support import T0
from conformance_support import assert_trace, detail, flow, times

from fakecloud.cloud import FakeCloud
from fakecloud.fdl import FlowDefinitionError


# -- 6. vision APIs -------------------------------------------------------------------------------------------------

CLASSIFY = flow("""
    - type: task
      name: APIClassifyCommodity
      action: goodstech:ClassifyCommodity
      inputMappings:
        - target: image
          source: $input.imageURL
      outputMappings:
        - target: classifyCommodity_Categories
          source: $local.Data.Categories
      serviceParams:
        ImageURL: $.image
      retry:
        - errors:
          - goodstech.InternalError.Busy
          intervalSeconds: 10
          maxAttempts: 2
          multiplier: 2
      catch:
        - errors:
          - goodstech.CommonError
          - goodstech.IllegalUrlParameter
          - goodstech.InvalidParameter
          goto: ExecFailed
    - type: foreach
      name: ElemDealt
      iterationMapping:
        collection: $.classifyCommodity_Categories
        item: catagory
      steps:
        - type: pass
          name: pass1
          inputMappings:
            - target: index
              source: $context.step.iterationIndex
            - target: catagory
              source: $input.catagory
          outputMappings:
            - target: seen
              source: $input
          end: true
      outputMappings:
        - target: seen
          source: $local[*].seen
      end: true
    - type: fail
      name: ExecFailed
""")
IMAGE = "https://viapi-demo.oss-cn-shanghai.aliyuncs.com/viapi-demo/images/DetectImageElements/detect-elements-src.png"
CATEGORIES = [{"CategoryName": "shoes", "Score": 0.9}, {"CategoryName": "bags", "Score": 0.4}]


def test_vision_classify_retries_busy_then_iterates_the_categories():
    cloud = FakeCloud()
    script = cloud.viapi.script("goodstech", "ClassifyCommodity")
    script.throws("InternalError.Busy", "busy", attempt="0")
    script.returns({"Data": {"Categories": CATEGORIES}})
    cloud.add_flow("main", CLASSIFY)
    ex = cloud.run("main", {"imageURL": IMAGE})
    assert (ex.status, ex.output) == ("Succeeded", {"classifyCommodity_Categories": CATEGORIES, "seen": [
        {"index": 0, "catagory": CATEGORIES[0]}, {"index": 1, "catagory": CATEGORIES[1]}]})
    assert_trace(ex, """
        : ExecutionStarted
        APIClassifyCommodity: StepEntered StepStarted TaskScheduled TaskStarted TaskFailed
        APIClassifyCommodity: TaskScheduled TaskStarted TaskSucceeded StepSucceeded StepExited
        ElemDealt: StepEntered StepStarted IterationEntered
        pass1: StepEntered StepStarted StepSucceeded StepExited
        ElemDealt: IterationExited IterationEntered
        pass1: StepEntered StepStarted StepSucceeded StepExited
        ElemDealt: IterationExited StepSucceeded StepExited
        : ExecutionSucceeded
    """)
    assert detail(ex, "TaskFailed") == [{"error": "goodstech.InternalError.Busy", "cause": "busy"}]
    assert times(ex, "TaskScheduled") == [T0, "2024-01-01T00:00:10.000Z"]
    assert [c.params for c in cloud.viapi.calls] == [{"ImageURL": IMAGE}] * 2


def test_vision_error_caught_by_its_prefixed_code_jumps_to_the_fail_step():
    cloud = FakeCloud()
    cloud.viapi.script("goodstech", "ClassifyCommodity").throws("InvalidParameter", "bad image")
    cloud.add_flow("main", CLASSIFY)
    ex = cloud.run("main", {"imageURL": IMAGE})
    assert (ex.status, ex.error, ex.cause) == ("Failed", "", "")
    assert_trace(ex, """
        : ExecutionStarted
        APIClassifyCommodity: StepEntered StepStarted TaskScheduled TaskStarted TaskFailed StepFailed StepExited
        ExecFailed: StepEntered StepStarted StepFailed
        : ExecutionFailed
    """)
    assert detail(ex, "TaskFailed") == [{"error": "goodstech.InvalidParameter", "cause": "bad image"}]


def test_vision_example_input_as_printed_misses_the_mapped_key():
    # The document starts the flow with {"imageUrl": ...} while the mapping reads $input.imageURL.
    cloud = FakeCloud()
    cloud.add_flow("main", CLASSIFY)
    ex = cloud.run("main", {"imageUrl": IMAGE})
    assert (ex.status, ex.error) == ("Failed", "FnF.InvalidMapping")
    assert_trace(ex, """
        : ExecutionStarted
        APIClassifyCommodity: StepEntered StepFailed
        : ExecutionFailed
    """)
    assert cloud.viapi.calls == []


def test_vision_example_layout_as_printed_is_rejected():
    # As printed, ExecFailed sits inside the foreach's steps: the catch target is not a sibling of the task.
    nested = CLASSIFY.replace("    outputMappings:\n      - target: seen\n        source: $local[*].seen\n"
                              "    end: true\n  - type: fail\n    name: ExecFailed\n",
                              "      - type: fail\n        name: ExecFailed\n")
    assert nested != CLASSIFY
    with pytest.raises(FlowDefinitionError, match="ExecFailed"):
        FakeCloud().add_flow("main", nested)
