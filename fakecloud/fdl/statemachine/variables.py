"""The system variables of state-machine expressions ($Input, $Output, $Context, $Global, $Item): where each may be
read, and the documented fields of $Context."""
from __future__ import annotations

from types import MappingProxyType

from dataclasses import dataclass

from ..diagnostics import closest

INPUT, OUTPUT, CONTEXT, GLOBAL, ITEM = "Input", "Output", "Context", "Global", "Item"
VARIABLES = (INPUT, OUTPUT, CONTEXT, GLOBAL, ITEM)

# The old dialect's roots, for a hint when one turns up in a state machine.
_OLD_ROOTS = MappingProxyType({"input": "$Input", "local": "$Input", "context": "$Context"})


@dataclass(frozen=True, slots=True)
class Place:
    """Where an expression is written, and so which variables it may read."""
    name: str
    variables: frozenset[str]


_BASE = frozenset({INPUT, CONTEXT, GLOBAL})
INPUT_CONSTRUCTOR = Place("InputConstructor", _BASE)
PARAMETERS = Place("Parameters", _BASE)
OUTPUT_CONSTRUCTOR = Place("OutputConstructor", _BASE | {OUTPUT})
GLOBAL_CONSTRUCTOR = Place("GlobalConstructor", _BASE | {OUTPUT})
CATCH_OUTPUT = Place("a Catch rule's OutputConstructor", _BASE)
ITEM_CONSTRUCTOR = Place("ItemConstructor", _BASE | {ITEM})
CONDITION = Place("a Choice Condition", _BASE)
ITEMS_PATH = Place("ItemsPath", _BASE)
ANYWHERE = Place("an expression", frozenset(VARIABLES))


def dynamic(field: str) -> Place:
    """The place of a `Field.$` state field (Timeout.$, Seconds.$)."""
    return Place(f"{field}.$", _BASE)


_WHERE = MappingProxyType({OUTPUT: "a task's result, readable only in OutputConstructor and GlobalConstructor",
          ITEM: "the current item, readable only in a Map's ItemConstructor",
          INPUT: "the state's input", CONTEXT: "the execution context", GLOBAL: "the global variables"})

# $Context: the documented structure. None marks a field whose contents are the flow's own data.
CONTEXT_FIELDS: dict = MappingProxyType({
    "Execution": MappingProxyType({"Name": MappingProxyType({}), "Input": None, "RoleArn": MappingProxyType({})}),
    "Current": MappingProxyType({"Name": MappingProxyType({}), "Input": None, "Output": None, "Error": MappingProxyType({"Code": MappingProxyType({}), "Detail": MappingProxyType({})}),
                "RetryCount": MappingProxyType({}), "TaskToken": MappingProxyType({})}),
})


def unknown_variable(name: str, rest: str) -> str:
    """The message for `$name` that is not a variable (rest: the text after the name, for the hint)."""
    if name in _OLD_ROOTS:
        return (f"unknown variable '${name}': ${name} belongs to the old FDL dialect; here it is "
                f"'{_OLD_ROOTS[name]}' (did you mean '{_OLD_ROOTS[name]}{rest}'?)")
    if not name:
        hint = f" (did you mean '$Input{rest}'?)" if rest.startswith((".", "[")) or not rest else ""
        return f"a path starts with $Input, $Output, $Context, $Global or $Item, not '$'{hint}"
    near = closest(name, VARIABLES)
    hint = f" (did you mean '${near}{rest}'?)" if near else ""
    return f"unknown variable '${name}'{hint}; variables are $Input, $Output, $Context, $Global and $Item"


def not_available(name: str, place: Place) -> str:
    return f"${name} is not available in {place.name}: it is {_WHERE[name]}"


def context_problem(segments: tuple) -> tuple[int, str] | None:
    """(index of the segment, message) when a $Context path names a field the context does not have."""
    fields = CONTEXT_FIELDS
    trail = "$Context"
    for i, (kind, value) in enumerate(segments):
        if fields is None:
            return None
        if kind != "key":
            return i, f"{trail} is an object, not an array"
        if value not in fields:
            if not fields:
                return i, f"{trail} is a value, it has no field '{value}'"
            near = closest(value, fields)
            hint = f" (did you mean '{near}'?)" if near else ""
            return i, f"{trail} has no field '{value}'{hint}; it has {', '.join(fields)}"
        fields = fields[value]
        trail = f"{trail}.{value}"
    return None


def reads_output(segments: tuple) -> bool:
    """Whether a $Context path reads $Context.Current.Output (which is $Output)."""
    return len(segments) >= 2 and segments[0] == ("key", "Current") and segments[1] == ("key", "Output")
