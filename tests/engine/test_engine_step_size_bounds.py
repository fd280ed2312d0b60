"""The step data limit is checked on size bounds carried with the data (steps.run_sequence): a step is measured
exactly only when its bound crosses the limit. These cases sit on the limit, so a bound taken for the exact size,
or a bound that only grows, would change their outcome."""
import json

from fakecloud.engine import Engine
from fakecloud.fdl.limits import Limits

from engine_support import flow_text


def size(value) -> int:
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def run(steps: str, data: dict, limit: int):
    engine = Engine(limits=Limits(max_step_data_bytes=limit))
    engine.add_flow("f", flow_text(steps))
    return engine.run("f", data)


THRICE = """
- type: pass
  name: copy
  inputMappings:
    - {target: a, source: $input.%s}
    - {target: b, source: $input.%s}
    - {target: c, source: $input.%s}
"""


def test_a_step_exactly_at_the_limit_passes_and_one_byte_over_fails_with_its_exact_size():
    data = {"s": "é€" * 40}
    exact = size({"a": data["s"], "b": data["s"], "c": data["s"]}) + size({}) + size({})
    assert exact > size(data) + 4       # the step, not the flow's own check, is what the limit meets
    assert run(THRICE % ("s", "s", "s"), data, exact).status == "Succeeded"
    failed = run(THRICE % ("s", "s", "s"), data, exact - 1)
    assert (failed.status, failed.error, failed.cause) == (
        "Failed", "FnF.DataSizeExceeded",
        f"step 'copy': input, output and local take {exact} bytes; the limit is {exact - 1}")


def test_bounds_that_grow_over_a_long_sequence_are_measured_again_and_do_not_fail_it():
    # Each step overwrites the same key: the local stays one key while the sum of the merged outputs grows
    # past the limit after a few steps.
    steps = "\n".join(f"- {{type: pass, name: p{i}, outputMappings: [{{target: v, source: $input.s}}]}}"
                      for i in range(200))
    data = {"s": "abcdefghijklmno"}
    last = {**data, "v": data["s"]}
    need = size(last) + size({"v": data["s"]}) + size({})
    ex = run(steps, data, need)
    assert (ex.status, ex.output) == ("Succeeded", {"v": "abcdefghijklmno"})
    assert run(steps, data, need - 1).error == "FnF.DataSizeExceeded"


def test_a_foreach_over_objects_in_a_large_input_is_measured_exactly():
    items = [{"id": i, "name": f"item-{i}", "tags": ["a", "b"]} for i in range(120)]
    data = {"items": items}
    steps = """
        - type: foreach
          name: each
          iterationMapping: {collection: $.items, item: item}
          steps:
            - {type: pass, name: take, outputMappings: [{target: got, source: $input.item}]}
        """
    assert size(data) > 2048             # over the size below which a container is bounded by its root
    exact = size(data) + size({}) + size([{"got": item} for item in items])     # the foreach step's own check
    ex = run(steps, data, exact)
    assert (ex.status, ex.output) == ("Succeeded", {})
    assert [e.step_name for e in ex.history if e.type == "StepSucceeded"].count("take") == 120
    failed = run(steps, data, exact - 1)
    assert (failed.error, failed.cause) == (
        "FnF.DataSizeExceeded", f"step 'each': input, output and local take {exact} bytes; the limit is {exact - 1}")


def test_a_small_input_bounds_a_mapped_object_by_its_root_yet_the_check_stays_exact():
    data = {"order": {"id": 7, "lines": [{"sku": "ß", "qty": 2}]}, "note": "x" * 5}
    exact = size({"a": data["order"], "b": data["order"], "c": data["order"]}) + size({}) + size({})
    assert size(data) + 4 < exact < 3 * size(data)     # the step binds; its bound (three times the root) crosses
    assert run(THRICE % ("order", "order", "order"), data, exact).status == "Succeeded"
    assert run(THRICE % ("order", "order", "order"), data, exact - 1).cause == (
        f"step 'copy': input, output and local take {exact} bytes; the limit is {exact - 1}")
