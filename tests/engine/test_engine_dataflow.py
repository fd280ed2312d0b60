"""Data-flow rules: default input and output, merges into the parent's local, mapping sources of every kind."""
from engine_support import details, rows, types

from fakecloud.engine import FAILED, SUCCEEDED, Engine, Limits

T0 = "2024-01-01T00:00:00.000Z"


def test_two_pass_steps_history_is_exactly_the_services_shape(h):
    ex = h.run("""
        - type: pass
          name: pass1
        - type: pass
          name: pass2
    """)
    assert ex.status == SUCCEEDED
    assert rows(ex) == [
        (1, 0, "", "ExecutionStarted", T0, '{"input":{}}'),
        (2, 1, "pass1", "StepEntered", T0, '{"input":{},"local":{}}'),
        (3, 2, "pass1", "StepStarted", T0, '{"input":{}}'),
        (4, 3, "pass1", "StepSucceeded", T0, '{"output":{}}'),
        (5, 4, "pass1", "StepExited", T0, '{"local":{}}'),
        (6, 5, "pass2", "StepEntered", T0, '{"input":{},"local":{}}'),
        (7, 6, "pass2", "StepStarted", T0, '{"input":{}}'),
        (8, 7, "pass2", "StepSucceeded", T0, '{"output":{}}'),
        (9, 8, "pass2", "StepExited", T0, '{"local":{}}'),
        (10, 9, "", "ExecutionSucceeded", T0, '{"output":{}}'),
    ]
    assert ex.history.to_list()[0] == {"EventId": 1, "ScheduleEventId": 0, "StepName": "", "Type": "ExecutionStarted",
                                       "Time": T0, "EventDetail": '{"input":{}}'}


def test_default_input_merges_parent_input_and_local_local_wins(h):
    ex = h.run("""
        - type: pass
          name: a
          outputMappings:
            - {target: k, source: from-a}
            - {target: only, source: 1}
        - type: pass
          name: b
          outputMappings:
            - {target: seen, source: $input}
    """, {"k": "from-input", "x": 1})
    assert details(ex, "StepStarted", "b") == [{"input": {"k": "from-a", "x": 1, "only": 1}}]
    assert ex.output == {"k": "from-a", "only": 1, "seen": {"k": "from-a", "x": 1, "only": 1}}


def test_outputs_merge_shallowly_and_later_steps_overwrite(h):
    ex = h.run("""
        - type: pass
          name: a
          outputMappings:
            - {target: obj, source: {x: 1, y: 2}}
            - {target: keep, source: true}
        - type: pass
          name: b
          outputMappings:
            - {target: obj, source: {z: 3}}
    """)
    assert ex.output == {"obj": {"z": 3}, "keep": True}
    assert details(ex, "StepExited", "b") == [{"local": {"obj": {"z": 3}, "keep": True}}]


def test_literal_sources_of_every_yaml_kind(h):
    ex = h.run("""
        - type: pass
          name: lits
          outputMappings:
            - {target: s, source: .avi}
            - {target: empty, source: ""}
            - {target: n, source: -1}
            - {target: f, source: 2.5}
            - {target: b, source: false}
            - {target: z, source: null}
            - {target: o, source: {"a": "b", "c": 1}}
            - {target: l, source: ["A", "B"]}
            - {target: e, source: []}
            - target: block
              source:
                k: v
            - {target: dollar, source: $.x}
            - {target: a.b, source: dotted}
    """)
    assert ex.output == {"s": ".avi", "empty": "", "n": -1, "f": 2.5, "b": False, "z": None,
                         "o": {"a": "b", "c": 1}, "l": ["A", "B"], "e": [], "block": {"k": "v"},
                         "dollar": "$.x", "a.b": "dotted"}


def test_input_mappings_read_parent_input_and_local(h):
    ex = h.run("""
        - type: pass
          name: a
          outputMappings:
            - {target: fromA, source: 7}
        - type: pass
          name: b
          inputMappings:
            - {target: i, source: $input.order.id}
            - {target: l, source: $local.fromA}
            - {target: whole, source: $local}
            - target: first
              source: $input.order.items[0]
            - target: names
              source: $input.order.items[*].n
          outputMappings:
            - {target: got, source: $input}
    """, {"order": {"id": 5, "items": [{"n": "x"}, {"n": "y"}]}})
    assert ex.output["got"] == {"i": 5, "l": 7, "whole": {"fromA": 7}, "first": {"n": "x"}, "names": ["x", "y"]}


def test_output_mappings_read_step_input_and_local(h):
    h.functions.register("s/f", lambda event: {"Data": {"n": 3}})
    ex = h.run("""
        - type: task
          name: t
          resourceArn: acs:fc:::services/s/functions/f
          outputMappings:
            - {target: n, source: $local.Data.n}
            - {target: in, source: $input.q}
    """, {"q": "query"})
    assert ex.output == {"n": 3, "in": "query"}


def test_default_output_is_local_except_parallel_and_foreach(h):
    h.functions.register("s/f", lambda event: {"r": 1})
    ex = h.run("""
        - type: task
          name: t
          resourceArn: acs:fc:::services/s/functions/f
        - type: parallel
          name: par
          branches:
            - steps:
                - {type: pass, name: a, outputMappings: [{target: v, source: 1}]}
        - type: foreach
          name: fe
          iterationMapping: {collection: $.xs, item: x}
          steps:
            - {type: pass, name: b, outputMappings: [{target: v, source: 2}]}
    """, {"xs": [1]})
    assert details(ex, "StepSucceeded", "t") == [{"output": {"r": 1}}]
    assert details(ex, "StepSucceeded", "par") == [{"output": {}}]
    assert details(ex, "StepSucceeded", "fe") == [{"output": {}}]
    assert ex.output == {"r": 1}


def test_missing_mapping_path_fails_the_step_with_invalid_mapping(h):
    ex = h.run("""
        - type: pass
          name: p
          inputMappings:
            - {target: m, source: $input.marker}
    """, {})
    assert ex.status == FAILED
    assert ex.error == "FnF.InvalidMapping"
    assert "marker" in ex.cause
    assert types(ex)[-3:] == ["StepEntered", "StepFailed", "ExecutionFailed"]


def test_missing_mapping_path_is_null_in_lenient_mode():
    engine = Engine(limits=Limits(missing_path="null"))
    engine.add_flow("f", "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: p\n    outputMappings:\n"
                         "      - {target: m, source: $input.marker}\n")
    assert engine.run("f", {}).output == {"m": None}


def test_flow_input_and_output_mappings(h):
    ex = h.run("""
        - type: pass
          name: init
          outputMappings:
            - {target: status, source: created}
    """, {"order": {"id": 9}}, head="""
        inputMappings:
          - {target: orderId, source: $input.order.id}
        outputMappings:
          - {target: result, source: $local.status}
          - {target: id, source: $input.orderId}
    """)
    assert details(ex, "StepEntered", "init") == [{"input": {"orderId": 9}, "local": {}}]
    assert ex.output == {"result": "created", "id": 9}
    assert ex.input == {"order": {"id": 9}}


def test_q19_local_overrides_input_on_key_collision(h):
    ex = h.run("""
        - {type: pass, name: a, outputMappings: [{target: status, source: new}]}
        - {type: pass, name: b, outputMappings: [{target: seen, source: $input.status}]}
    """, {"status": "old"})
    assert ex.output["seen"] == "new"


def test_context_object_fields(h):
    ex = h.run("""
        - type: pass
          name: p
          inputMappings:
            - {target: ctx, source: $context}
          outputMappings:
            - {target: ctx, source: $input.ctx}
        - type: foreach
          name: fe
          iterationMapping: {collection: $.xs, item: x}
          steps:
            - type: pass
              name: inner
              inputMappings:
                - {target: i, source: $context.step.iterationIndex}
                - {target: step, source: $context.step.name}
              outputMappings:
                - {target: i, source: $input.i}
          outputMappings:
            - target: indexes
              source: $local[*].i
    """, {"xs": ["a", "b"]})
    ctx = ex.output["ctx"]
    assert ctx == {"flow": {"id": h.engine.flows["f"].id, "name": "f"}, "execution": {"name": ex.name},
                   "step": {"name": "p", "eventId": 2}}
    assert ex.output["indexes"] == [0, 1]


def test_task_token_exists_only_on_wait_for_callback_tasks(h):
    ex = h.run("""
        - type: pass
          name: p
          inputMappings:
            - {target: t, source: $context.task.token}
    """)
    assert ex.status == FAILED and ex.error == "FnF.InvalidMapping"


def test_data_objects_are_not_shared_with_the_caller(h):
    data = {"a": {"b": 1}}
    ex = h.run("- {type: pass, name: p}", data)
    data["a"]["b"] = 2
    assert ex.input == {"a": {"b": 1}}
