"""Flows whose rendered histories are pinned byte for byte (test_history_golden): every construct the engine's
hot paths touch (mappings, merges, foreach, parallel, retries, catches, waits, callbacks, subflows, limits), run
in a fresh world, and rendered the ways a user reads them: the history's events (GetExecutionHistory's shape),
DescribeExecution, the history pages of the FnF API, the `fakecloud run` timeline and JSON output.

    python tests/engine/conformance/golden_cases.py      # prints every case's digest, for the expected file
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

import scenarios as sc  # noqa: E402
from conformance_support import flow  # noqa: E402

from fakecloud.cloud import FakeCloud  # noqa: E402
from fakecloud.engine import Limits  # noqa: E402
from fakecloud.engine.timeline import render  # noqa: E402

PASS_CHAIN = flow("".join(f"""
- type: pass
  name: p{i}
  outputMappings:
    - target: s{i % 3}
      source: $input.x
    - target: c{i % 3}
      source: {i}
""" for i in range(30)))

FOREACH = flow("""
- type: pass
  name: seed
  outputMappings:
    - target: prefix
      source: "é-"
- type: foreach
  name: each
  iterationMapping:
    collection: $.items
    item: item
    index: position
  maxConcurrency: 3
  steps:
    - type: pass
      name: work
      inputMappings:
        - target: item
          source: $input.item
        - target: position
          source: $input.position
        - target: step
          source: $context.step.iterationIndex
      outputMappings:
        - target: v
          source: $input.item
        - target: at
          source: $input.position
    - type: choice
      name: odd
      choices:
        - condition: $.at > 2
          steps:
            - type: pass
              name: big
              outputMappings:
                - target: big
                  source: true
      default:
        goto: tail
    - type: pass
      name: tail
  outputMappings:
    - target: all
      source: $local
""")

PARALLEL = flow("""
- type: parallel
  name: fan
  branches:
    - steps:
        - type: wait
          name: pause
          duration: 90
        - type: pass
          name: left
          outputMappings:
            - target: side
              source: left
    - steps:
        - type: task
          name: flaky
          resourceArn: acs:fc:::services/s/functions/flaky
          retry:
            - errors: [FC.ResourceThrottled]
              intervalSeconds: 10
              multiplier: 2
              maxAttempts: 4
    - steps:
        - type: foreach
          name: inner
          iterationMapping:
            collection: $.words
            item: word
          steps:
            - type: pass
              name: echo
              outputMappings:
                - target: w
                  source: $input.word
  outputMappings:
    - target: branches
      source: $local
""")

CATCH = flow("""
- type: task
  name: charge
  resourceArn: acs:fc:::services/s/functions/broken
  retry:
    - errors: [Boom]
      intervalSeconds: 5
      maxAttempts: 2
  catch:
    - errors: [Boom]
      goto: recover
  errorMappings:
    - target: failure
      source: $local.error
    - target: why
      source: $local.cause
- type: fail
  name: never
  error: Never
- type: pass
  name: recover
  outputMappings:
    - target: recovered
      source: $input.failure
""")

FAILING_BRANCH = flow("""
- type: parallel
  name: race
  branches:
    - steps:
        - type: wait
          name: slow
          duration: 600
    - steps:
        - type: fail
          name: bad
          error: Broken
          cause: the second branch gives up
""")

CALLBACK = flow("""
- type: task
  name: approve
  resourceArn: acs:fc:::services/s/functions/notify
  pattern: waitForCallback
  inputMappings:
    - target: token
      source: $context.task.token
    - target: order
      source: $input.order
  timeoutSeconds: 3600
- type: succeed
  name: done
""")

PARENT = flow("""
- type: task
  name: child
  resourceArn: acs:fnf:::flow/child
  pattern: sync
  serviceParams:
    Input: $
- type: pass
  name: after
""")

CHILD = flow("""
- type: pass
  name: inside
  outputMappings:
    - target: got
      source: $input.n
""")

BIG_ITEMS = flow("""
- type: foreach
  name: each
  iterationMapping:
    collection: $.items
    item: item
  steps:
    - type: pass
      name: keep
      outputMappings:
        - target: copy
          source: $input.item
""")

LENIENT = flow("""
- type: pass
  name: read
  outputMappings:
    - target: missing
      source: $input.not.there
    - target: here
      source: $input.a
""")


def _cloud(**kwargs) -> FakeCloud:
    return FakeCloud(seed=0, **kwargs)


def pass_chain():
    cloud = _cloud()
    cloud.add_flow("chain", PASS_CHAIN)
    return cloud, [cloud.run("chain", {"x": 1, "text": "grüße"})]


def foreach_items():
    cloud = _cloud()
    cloud.add_flow("each", FOREACH)
    return cloud, [cloud.run("each", {"items": ["a", "ü", {"k": [1, 2]}, None, 4.5, "z"], "keep": {"n": 1}})]


def parallel_branches():
    cloud = _cloud()
    cloud.add_flow("fan", PARALLEL)
    calls = []

    def flaky(event):
        calls.append(1)
        if len(calls) <= 3:
            from fakecloud.engine import TaskFailure
            raise TaskFailure("FC.ResourceThrottled", f"throttled {len(calls)}")
        return {"ok": len(calls)}
    cloud.fc.register("s/flaky", flaky, decode=True)
    return cloud, [cloud.run("fan", {"words": ["x", "y", "z"], "n": 1})]


def catch_after_retries():
    cloud = _cloud()
    cloud.add_flow("catch", CATCH)
    cloud.fc.script("s/broken").throws("Boom", "it broke")
    return cloud, [cloud.run("catch", {"amount": 12})]


def failing_branch_cancels():
    cloud = _cloud()
    cloud.add_flow("race", FAILING_BRANCH)
    return cloud, [cloud.run("race", {})]


def callback_reported():
    cloud = _cloud()
    cloud.add_flow("cb", CALLBACK)
    tokens = []
    cloud.fc.register("s/notify", lambda event: tokens.append(event["token"]) or {}, decode=True)
    execution = cloud.start("cb", {"order": {"id": 7, "lines": ["a", "b"]}})
    cloud.run_until_idle()
    cloud.advance(120)
    cloud.report_task_succeeded(tokens[0], {"approved": "yes"})
    return cloud, [execution]


def callback_times_out():
    cloud = _cloud()
    cloud.add_flow("cb", CALLBACK)
    cloud.fc.register("s/notify", lambda event: {}, decode=True)
    execution = cloud.start("cb", {"order": {"id": 8}})
    cloud.run_until_idle()
    cloud.advance(3601)
    return cloud, [execution]


def subflow():
    cloud = _cloud()
    cloud.add_flow("child", CHILD)
    cloud.add_flow("parent", PARENT)
    parent = cloud.run("parent", {"n": 3})
    return cloud, [parent, *cloud.engine.list_executions("child")]


def step_data_exceeded():
    cloud = _cloud()
    cloud.add_flow("big", BIG_ITEMS)
    items = ["ø" * 2000, "x" * 11000, "y"]
    return cloud, [cloud.run("big", {"items": items})]


def step_data_near_the_limit():
    cloud = _cloud()
    cloud.add_flow("chain", PASS_CHAIN)
    return cloud, [cloud.run("chain", {"x": "q" * 3000, "pad": "p" * 3000})]


def events_limit():
    cloud = _cloud(limits=Limits(max_events=60))
    cloud.add_flow("chain", PASS_CHAIN)
    return cloud, [cloud.run("chain", {"x": 1})]


def lenient_paths():
    cloud = _cloud(limits=Limits(missing_path="null"))
    cloud.add_flow("read", LENIENT)
    return cloud, [cloud.run("read", {"a": [1, {"b": None}]})]


def strict_paths():
    cloud = _cloud()
    cloud.add_flow("read", LENIENT)
    return cloud, [cloud.run("read", {"a": 1})]


def conformance(scenario):
    def case():
        cloud, execution = scenario()
        others = [e for e in cloud.engine.executions.values() if e is not execution]
        return cloud, [execution, *others]
    case.__name__ = scenario.__name__
    return case


CASES = [pass_chain, foreach_items, parallel_branches, catch_after_retries, failing_branch_cancels,
         callback_reported, callback_times_out, subflow, step_data_exceeded, step_data_near_the_limit, events_limit,
         lenient_paths, strict_paths] + [conformance(s) for s in sc.SCENARIOS]


def rendering(cloud, executions) -> bytes:
    """Every way the executions' histories are read, as one byte string."""
    out = io.StringIO()
    for execution in executions:
        out.write(json.dumps(execution.describe(), ensure_ascii=False, sort_keys=True))
        out.write(json.dumps(execution.history.to_list(), ensure_ascii=False, separators=(",", ":")))
        token = None
        while True:
            page = cloud.fnf.get_execution_history(FlowName=execution.flow_name, ExecutionName=execution.name,
                                                   Limit=7, **({"NextToken": token} if token else {}))
            page.pop("RequestId", None)
            out.write(json.dumps(page, ensure_ascii=False))
            token = page.get("NextToken")
            if not token:
                break
        out.write(render(execution))
    return out.getvalue().encode("utf-8")


def cli_json(steps: int) -> bytes:
    """`fakecloud run --format json` of a foreach over `steps` items, as printed."""
    from fakecloud import cli
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "fan.yaml")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(FOREACH)
        data = json.dumps({"items": [f"item-{i}-ä" for i in range(steps)], "keep": {"n": steps}})
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            code = cli.main(["run", path, "--input", data, "--format", "json"])
    return f"exit {code}\n{printed.getvalue()}".encode("utf-8")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def digests() -> dict[str, str]:
    found = {case.__name__: digest(rendering(*case())) for case in CASES}
    found["cli_json_40"] = digest(cli_json(40))
    return found


if __name__ == "__main__":
    print(json.dumps(digests(), indent=2))
