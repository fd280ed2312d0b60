"""The flows bench_engine.py times in both dialects, and their equivalents for moto's Step Functions interpreter:
a chain of pass steps / Pass states, and a foreach / inline Map whose one step passes the item on."""
from __future__ import annotations


def pass_chain(n: int) -> str:
    """Old dialect: n pass steps, each writing two keys through outputMappings."""
    steps = "".join(f"""
  - type: pass
    name: p{i}
    outputMappings:
      - target: s{i % 3}
        source: $input.x
      - target: c{i % 3}
        source: {i}""" for i in range(n))
    return "version: v1\ntype: flow\nsteps:" + steps + "\n"


def pass_machine(n: int) -> str:
    """State machine: n Pass states, each building the same keys (and carrying `x` on) in its OutputConstructor."""
    states = "".join(f"""
  - Type: Pass
    Name: P{i}
    OutputConstructor:
      x.$: $Input.x
      s{i % 3}.$: $Input.x
      c{i % 3}: {i}
""" + ("    End: true\n" if i == n - 1 else f"    Next: P{i + 1}\n") for i in range(n))
    return "Type: StateMachine\nName: f\nSpecVersion: v1\nStartAt: P0\nStates:" + states


def pass_asl(n: int) -> dict:
    """The same chain in Amazon States Language."""
    return {"StartAt": "P0", "States": {
        f"P{i}": {"Type": "Pass", "Parameters": {"x.$": "$.x", f"s{i % 3}.$": "$.x", f"c{i % 3}": i},
                  **({"End": True} if i == n - 1 else {"Next": f"P{i + 1}"})} for i in range(n)}}


FOREACH_STEP = """  - type: foreach
    name: each
    iterationMapping:
      collection: $.items
      item: item
    steps:
      - type: pass
        name: work
        outputMappings:
          - target: v
            source: $input.item
"""
FOREACH = "version: v1\ntype: flow\nsteps:\n" + FOREACH_STEP

MAP_MACHINE = """Type: StateMachine
Name: f
SpecVersion: v1
StartAt: Each
States:
  - Type: Map
    Name: Each
    ItemsPath: $Input.items
    Processor:
      StartAt: Work
      States:
        - Type: Pass
          Name: Work
          OutputConstructor:
            v.$: $Input
          End: true
    End: true
"""

MAP_ASL = {"StartAt": "Each", "States": {"Each": {
    "Type": "Map", "ItemsPath": "$.items", "End": True,
    "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Work",
                      "States": {"Work": {"Type": "Pass", "Parameters": {"v.$": "$"}, "End": True}}}}}}
