"""Builds the typed flow model from a YAML source, checking every rule a definition must satisfy.

All problems are collected (not just the first); a definition with any error is rejected as a whole.
Task-specific checks (targets, patterns, serviceParams) live in `tasks.py`.
"""
from __future__ import annotations

import re
from datetime import datetime
from difflib import get_close_matches
from types import MappingProxyType

from . import model as m
from .bounds import MAX_STEP_DEPTH
from .conditions import ConditionSyntaxError, compile_condition
from .diagnostics import did_you_mean, format_path
from .foreign import MACHINE_FIELDS, machine_hint
from .limits import DEFAULTS, Limits
from .paths import INPUT_ROOT, MAPPING_ROOTS, ROOT_NAMES, PathSyntaxError, compile_path, punctuation_message
from .reader import Reader, describe
from .source import Ref

VERSIONS = ("v1", "v1beta1")

_MAPPING_PATH = re.compile(r"^\$(input|local|context)")
_LOOKS_LIKE_ROOT = re.compile(r"^\$([A-Za-z_]+)")
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")

COMMON = ("type", "name", "inputMappings", "outputMappings")
STEP_FIELDS = MappingProxyType({
    "task": COMMON + ("end", "resourceArn", "action", "pattern", "serviceParams", "timeoutSeconds",
                      "retry", "catch", "errorMappings"),
    "pass": COMMON + ("end",),
    "wait": COMMON + ("end", "duration", "timestamp"),
    "choice": COMMON + ("end", "choices", "default"),
    "succeed": COMMON + ("end",),
    "fail": COMMON + ("end", "error", "cause"),
    "parallel": COMMON + ("end", "branches"),
    "foreach": COMMON + ("end", "iterationMapping", "steps", "maxConcurrency"),
})
FLOW_FIELDS = ("version", "type", "steps", "inputMappings", "outputMappings", "timeoutSeconds", "name")


def _homes() -> dict[str, str]:
    """Where a field that is wrong here does belong, to explain an unknown-field error."""
    homes: dict[str, list[str]] = {}
    for kind, fields in STEP_FIELDS.items():
        for name in fields:
            homes.setdefault(name, []).append(kind)
    notes = {name: f"'{name}' belongs to {', '.join(kinds)} steps" for name, kinds in homes.items()}
    notes["goto"] = "'goto' belongs to choice options and catch entries"
    notes["next"] = "FDL has no 'next': steps run in order; use a choice 'goto' to jump"
    notes["errorMessage"] = "a fail step's message is 'cause', its error name 'error'"
    return notes


_ELSEWHERE = MappingProxyType(_homes())
# A step type that is not one, and what does its job.
_NOT_A_TYPE = MappingProxyType({"flow": "a subflow is a task step with 'resourceArn: acs:fnf:::flow/NAME'"})


class Parser:
    def __init__(self, source, tasks, limits: Limits | None = None, actions: tuple = ()):
        self.limits = limits if limits is not None else DEFAULTS
        self.actions = tuple(actions)     # ActionSpecs of the world's services, beyond the vision catalog
        self.r = Reader(source)
        self.tasks = tasks(self.r, self)   # task-step checks, given the reader and this parser
        self.depth = 0                     # step sequences open around the one being read

    # -- flow --------------------------------------------------------------------------------
    def flow(self) -> m.Flow | None:
        r, raw = self.r, self.r.source.value
        if not isinstance(raw, dict):
            r.error("type", (), f"a flow definition must be a mapping with 'version', 'type' and 'steps', "
                                f"not {describe(raw)}")
            return None
        r.check_fields(raw, (), FLOW_FIELDS, "the flow")
        self._machine_fields(raw, ())
        version = self._version(raw)
        if r.require(raw, (), "type", "the flow"):
            kind = r.string(raw, (), "type")
            if kind is not None and kind != "flow":
                r.error("value", ("type",), f"flow 'type' must be 'flow', not {kind!r}")
        steps = ()
        if r.require(raw, (), "steps", "the flow"):
            steps = self.sequence(raw, (), "steps")
            if isinstance(raw.get("steps"), list) and not raw["steps"]:
                r.error("value", ("steps",), "a flow needs at least one step")
        timeout = None
        if "timeoutSeconds" in raw:
            timeout = r.number(raw, (), "timeoutSeconds", 1, self.limits.max_execution_seconds, unit=" s")
        name = r.string(raw, (), "name") if "name" in raw else None
        return m.Flow(
            version=version or "v1", steps=steps,
            input_mappings=self.mappings(raw, (), "inputMappings"),
            output_mappings=self.mappings(raw, (), "outputMappings"),
            timeout_seconds=timeout, name=name, file=r.source.file)

    def _version(self, raw: dict) -> str | None:
        if not self.r.require(raw, (), "version", "the flow"):
            return None
        version = raw["version"]
        if version not in VERSIONS:
            self.r.error("value", ("version",), f"unsupported version {_quote(version)}: "
                                                f"use 'v1' (or the older 'v1beta1')")
            return None
        return version

    # -- sequences and steps -----------------------------------------------------------------
    def sequence(self, obj: dict, path: tuple, key: str) -> tuple:
        items = self.r.listof(obj, path, key)
        if items is None:
            return ()
        if self.depth >= MAX_STEP_DEPTH:
            self.r.error("too-deep", path + (key,), f"steps nest more than {MAX_STEP_DEPTH} sequences deep here "
                                                    f"(choice options, parallel branches and foreach steps)", key=True)
            return ()
        self.depth += 1
        try:
            return self._steps(items, path + (key,))
        finally:
            self.depth -= 1

    def _steps(self, items: list, path: tuple) -> tuple:
        steps, first_at, broken = [], {}, set()
        for i, raw in enumerate(items):
            step = self.step(raw, path + (i,))
            if step is None:
                if isinstance(raw, dict) and isinstance(raw.get("name"), str):
                    broken.add(raw["name"])   # already reported; gotos naming it are not a second error
                continue
            if step.name in first_at:
                first = path + (first_at[step.name],)
                self.r.error("duplicate-step", path + (i, "name"),
                             f"duplicate step name '{step.name}' in this sequence (first used by "
                             f"{format_path(first)} at line {self.r.source.where(first)[0]})")
            else:
                first_at[step.name] = i
            steps.append((i, step))
        self._check_gotos(steps, path, broken)
        return tuple(step for _, step in steps)

    def step(self, raw, path: tuple) -> m.Step | None:
        r = self.r
        if not isinstance(raw, dict):
            r.error("type", path, f"a step must be a mapping with 'type' and 'name', not {describe(raw)}")
            return None
        kind = raw.get("type")
        if kind is None and "type" not in raw:
            r.error("missing-field", path, f"step is missing required field 'type' (one of {', '.join(STEP_FIELDS)})")
            return None
        if not isinstance(kind, str):
            r.error("unknown-step-type", path + ("type",),
                    f"'type' must name a step type ({', '.join(STEP_FIELDS)}), not {describe(kind)}")
            return None
        if kind not in STEP_FIELDS:
            hint = f": {_NOT_A_TYPE[kind]}" if kind in _NOT_A_TYPE else did_you_mean(kind, STEP_FIELDS)
            r.error("unknown-step-type", path + ("type",),
                    f"unknown step type '{kind}'{hint}; step types are {', '.join(STEP_FIELDS)}")
            return None
        r.check_fields(raw, path, STEP_FIELDS[kind], f"a {kind} step", _ELSEWHERE)
        self._machine_fields(raw, path)
        name = r.string(raw, path, "name") if r.require(raw, path, "name", f"{kind} step") else None
        common = dict(
            name=name or "", loc=r.loc(path),
            end=bool(r.boolean(raw, path, "end")) if "end" in raw else False,
            input_mappings=self.mappings(raw, path, "inputMappings"),
            output_mappings=self.mappings(raw, path, "outputMappings"))
        step = getattr(self, "_" + kind)(raw, path, common)
        return step if name else None

    def _machine_fields(self, raw: dict, path: tuple) -> None:
        """A warning that says what a CloudFlow state-machine field is written as in an FDL flow."""
        for key in raw:
            if key in MACHINE_FIELDS:
                self.r.warn("state-machine-field", path + (key,), machine_hint(key), key=True)

    def _pass(self, raw, path, common):
        return m.PassStep(**common)

    def _succeed(self, raw, path, common):
        return m.SucceedStep(**common)

    def _fail(self, raw, path, common):
        error = self.r.string(raw, path, "error", nonempty=False) if "error" in raw else None
        cause = self.r.string(raw, path, "cause", nonempty=False) if "cause" in raw else None
        return m.FailStep(error=error, cause=cause, **common)

    def _task(self, raw, path, common):
        return self.tasks.task(raw, path, common)

    def _wait(self, raw, path, common):
        r = self.r
        given = [k for k in ("duration", "timestamp") if k in raw]
        if len(given) != 1:
            r.error("wait", path, "a wait step needs exactly one of 'duration' or 'timestamp'"
                    + (", not both" if given else ""), key=bool(given))
            return m.WaitStep(**common)
        key = given[0]
        value = raw[key]
        if isinstance(value, str) and value.startswith("$"):
            target = self.path(value, path + (key,), INPUT_ROOT)
        elif key == "duration":
            target = r.number(raw, path, key, 0, float("inf"), unit=" s")
            limit = self.limits.max_wait_seconds
            if target is not None and target > limit:
                r.error("limit", path + (key,), f"a wait lasts at most {_span(limit)}, "
                                                f"not {target} s")
                target = None
            if target is None:
                return m.WaitStep(**common)
        else:
            target = self._timestamp(value, path + (key,))
        return m.WaitStep(**{key: target}, **common)

    def _timestamp(self, value, path: tuple) -> str | None:
        if isinstance(value, str) and _RFC3339.match(value):
            try:
                datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
                return value
            except ValueError:
                pass
        self.r.error("value", path, f"'timestamp' must be an RFC 3339 time such as '2019-05-02T15:04:05Z' "
                                    f"or a '$.x' path, not {describe(value)}")
        return None

    def _choice(self, raw, path, common):
        r = self.r
        options = []
        if r.require(raw, path, "choices", "choice step"):
            items = r.listof(raw, path, "choices")
            if items is not None and not items:
                r.error("value", path + ("choices",), "a choice step needs at least one option in 'choices'")
            for i, item in enumerate(items or ()):
                option = self._option(item, path + ("choices", i), needs_condition=True)
                if option is not None:
                    options.append(option)
        default = None
        if "default" in raw:
            if raw["default"] is None:
                r.error("type", path + ("default",), "'default' must be a mapping with 'steps' and/or 'goto'")
            else:
                default = self._option(raw["default"], path + ("default",), needs_condition=False)
        return m.ChoiceStep(choices=tuple(options), default=default, **common)

    def _option(self, raw, path, needs_condition: bool) -> m.ChoiceOption | None:
        r = self.r
        what = "a choice option" if needs_condition else "a choice default"
        if not isinstance(raw, dict):
            r.error("type", path, f"{what} must be a mapping, not {describe(raw)}")
            return None
        allowed = ("condition", "steps", "goto") if needs_condition else ("steps", "goto")
        r.check_fields(raw, path, allowed, what,
                       {"condition": "'default' has no condition: it runs when no option matches"})
        condition = None
        if needs_condition and r.require(raw, path, "condition", "choice option"):
            condition = self.condition(raw, path)
        steps = self.sequence(raw, path, "steps") if "steps" in raw else ()
        goto = r.string(raw, path, "goto") if "goto" in raw else None
        return m.ChoiceOption(condition, steps, goto, r.loc(path))

    def _parallel(self, raw, path, common):
        r = self.r
        branches = []
        if r.require(raw, path, "branches", "parallel step"):
            items = r.listof(raw, path, "branches") or []
            if isinstance(raw["branches"], list) and not items:
                r.error("value", path + ("branches",), "a parallel step needs at least one branch")
            if len(items) > self.limits.max_branches:
                r.error("limit", path + ("branches",),
                        f"parallel step has {len(items)} branches; at most {self.limits.max_branches} are allowed")
            for i, item in enumerate(items):
                bpath = path + ("branches", i)
                if not isinstance(item, dict):
                    r.error("type", bpath, f"a branch must be a mapping with 'steps', not {describe(item)}")
                    continue
                r.check_fields(item, bpath, ("steps",), "a parallel branch")
                steps = self.sequence(item, bpath, "steps") if r.require(item, bpath, "steps", "branch") else ()
                branches.append(m.Branch(steps, r.loc(bpath)))
        return m.ParallelStep(branches=tuple(branches), **common)

    def _foreach(self, raw, path, common):
        r = self.r
        collection = item = index = None
        if r.require(raw, path, "iterationMapping", "foreach step"):
            im = r.mapping(raw, path, "iterationMapping")
            ipath = path + ("iterationMapping",)
            if im is not None:
                r.check_fields(im, ipath, ("collection", "item", "index"), "iterationMapping")
                if r.require(im, ipath, "collection", "iterationMapping"):
                    value = r.string(im, ipath, "collection")
                    if value is not None:
                        collection = self.path(value, ipath + ("collection",), INPUT_ROOT)
                if r.require(im, ipath, "item", "iterationMapping"):
                    item = r.string(im, ipath, "item")
                index = r.string(im, ipath, "index") if "index" in im else None
        steps = self.sequence(raw, path, "steps") if r.require(raw, path, "steps", "foreach step") else ()
        concurrency = None
        if "maxConcurrency" in raw:
            concurrency = r.number(raw, path, "maxConcurrency", 1, self.limits.max_concurrency, integer=True)
        return m.ForeachStep(collection=collection, item=item or "", index=index, steps=steps,
                             max_concurrency=concurrency, **common)

    # -- gotos -------------------------------------------------------------------------------
    def _check_gotos(self, steps: list, path: tuple, broken: set) -> None:
        names = [s.name for _, s in steps]
        for i, step in steps:
            for gpath, target in self._gotos(step, path + (i,)):
                if target is not None and target not in names and target not in broken:
                    self.r.error("goto", gpath, f"goto target '{target}' is not a step of this sequence"
                                                f"{did_you_mean(target, names)}; goto can only jump to a "
                                                f"sibling of '{step.name}' ({', '.join(names)})")

    @staticmethod
    def _gotos(step, path):
        if isinstance(step, m.ChoiceStep):
            for i, option in enumerate(step.choices):
                yield path + ("choices", i, "goto"), option.goto
            if step.default is not None:
                yield path + ("default", "goto"), step.default.goto
        elif isinstance(step, m.TaskStep):
            for i, rule in enumerate(step.catch):
                yield path + ("catch", i, "goto"), rule.goto

    # -- mappings, paths, conditions ---------------------------------------------------------
    def mappings(self, obj: dict, path: tuple, key: str) -> tuple:
        if key not in obj:
            return ()
        items = self.r.listof(obj, path, key)
        out = []
        for i, item in enumerate(items or ()):
            mpath = path + (key, i)
            if not isinstance(item, dict):
                self.r.error("type", mpath, f"a mapping entry must be {{target, source}}, not {describe(item)}")
                continue
            self.r.check_fields(item, mpath, ("target", "source"), f"an {key} entry")
            target = self.r.string(item, mpath, "target") if self.r.require(item, mpath, "target", "mapping") else None
            if not self.r.require(item, mpath, "source", "mapping"):
                continue
            entry = self._source(item["source"], mpath + ("source",))
            if target is not None and entry is not None:
                out.append(m.Mapping(target, entry[0], entry[1], self.r.loc(mpath)))
        return tuple(out)

    def _source(self, value, path: tuple):
        if isinstance(value, Ref):
            self.r.error("value", path, f"'!Ref {value.value}' can only stand for a task's resourceArn")
            return None
        if isinstance(value, str) and _MAPPING_PATH.match(value):
            compiled = self.path(value, path, MAPPING_ROOTS)
            return (compiled, None) if compiled is not None else None
        if isinstance(value, str) and value.startswith("$"):
            self._literal_dollar(value, path)
        return (None, value)

    def _literal_dollar(self, value: str, path: tuple) -> None:
        rest = value[1:]
        if value == "$" or rest.startswith((".", "[")):
            self.r.warn("literal-dollar-source", path,
                        f"source {value!r} is the literal string {value!r}: mapping paths start with "
                        f"$input, $local or $context (did you mean '$input{rest}'?)")
            return
        word = _LOOKS_LIKE_ROOT.match(value)
        close = get_close_matches(word[1], ROOT_NAMES, 1, 0.6) if word else []
        if close:
            self.r.warn("literal-dollar-source", path,
                        f"source {value!r} is a literal string, not a path: paths start with $input, "
                        f"$local or $context (did you mean '${close[0]}{value[1 + len(word[1]):]}'?)")

    def path(self, text: str, path: tuple, roots: frozenset):
        try:
            compiled = compile_path(text, roots)
        except PathSyntaxError as exc:
            self.r.error("path", path, f"invalid path {text!r}: {exc.message}", at=self._at(path, exc.offset))
            return None
        self._punctuation(compiled, path, 0)
        return compiled

    def _punctuation(self, compiled, path: tuple, start: int) -> None:
        """Warn about a punctuation mark inside a name of `compiled`, which starts at offset `start` of the value."""
        hit = compiled.stray_punctuation()
        if hit is not None:
            self.r.warn("path-punctuation", path, punctuation_message(compiled.text, *hit),
                        at=self._at(path, start + hit[0]))

    def condition(self, raw: dict, path: tuple):
        value = raw.get("condition")
        cpath = path + ("condition",)
        if isinstance(value, bool):
            self.r.error("condition", cpath, f"condition must be an expression such as '$.ok == true', "
                                             f"not the constant {describe(value)}")
            return None
        text = self.r.string(raw, path, "condition")
        if text is None:
            return None
        try:
            condition = compile_condition(text)
        except ConditionSyntaxError as exc:
            self.r.error("condition", cpath, f"invalid condition {text!r}: {exc.message}",
                         at=self._at(cpath, exc.offset))
            return None
        for compiled in condition.paths:
            self._punctuation(compiled, cpath, text.find(compiled.text))
        return condition

    def _at(self, path: tuple, offset: int) -> tuple[int, int]:
        line, col = self.r.source.where(path)
        return line, col + offset + (1 if self.r.is_quoted(path) else 0)


def _span(seconds: int) -> str:
    """A limit in words: "2 days (172800 s)", "1 day (86400 s)", "90 s"."""
    days, rest = divmod(seconds, 86400)
    if days and not rest:
        return f"{days} day{'s' if days != 1 else ''} ({seconds} s)"
    return f"{seconds} s"


def _quote(value) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return describe(value)
