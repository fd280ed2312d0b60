"""The 32 KiB maximum event data size on the execution's own ExecutionStarted event: an input over it fails the
execution before any step runs, even when the flow's inputMappings would keep every step small."""
from engine_support import flow_text, types

from fakecloud.engine import FAILED, SUCCEEDED, Engine, Limits

SMALL_STEPS = "- {type: pass, name: p, outputMappings: [{target: k, source: $input.key}]}"
HEAD = "inputMappings: [{target: key, source: $input.key}]\n"


def run(engine: Engine, blob: str):
    engine.add_flow("f", flow_text(SMALL_STEPS, HEAD), replace=True)
    return engine.run("f", {"key": 1, "blob": blob})


def test_a_40_kb_input_fails_the_execution_at_its_start():
    ex = run(Engine(), "x" * 40000)
    assert (ex.status, ex.error) == (FAILED, "FnF.DataSizeExceeded")
    assert ex.cause == ("the execution input takes 40029 bytes in its ExecutionStarted event; an event's data is "
                        "limited to 32768 bytes")
    assert types(ex) == ["ExecutionStarted", "ExecutionFailed"]
    assert ex.history[0].to_dict()["EventDetail"].startswith('{"input":{"key":1,"blob":"xxx')


def test_an_input_whose_event_is_exactly_32_kib_runs():
    blob = "x" * (32768 - len('{"input":{"key":1,"blob":""}}'))
    ex = run(Engine(), blob)
    assert (ex.status, ex.output) == (SUCCEEDED, {"k": 1})
    assert run(Engine(), blob + "x").error == "FnF.DataSizeExceeded"


def test_the_event_limit_counts_utf8_bytes_and_is_configurable():
    assert run(Engine(), "é" * 16400).error == "FnF.DataSizeExceeded"          # 32,800 bytes, 16,400 characters
    ex = run(Engine(limits=Limits(max_event_data_bytes=64 * 1024)), "x" * 40000)
    assert (ex.status, ex.output) == (SUCCEEDED, {"k": 1})
