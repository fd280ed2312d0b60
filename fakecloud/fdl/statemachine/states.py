"""Parsing and checking of one state of a state machine: its Type and fields, where it goes next, its
constructors, and what each Type adds (Wait seconds, Choice branches, Parallel branches, Map processor, Fail
code, Retry and Catch rules). Task states are read by `tasks.py`, nested scopes by `parser.py`."""
from __future__ import annotations

from ..diagnostics import did_you_mean
from ..reader import describe
from . import fields as f
from . import model as m
from . import variables as v
from .expressions import ExpressionSyntaxError, compile_condition
from .maps import map_state

EXPRESS = "Express"
_INF = float("inf")


class StateParser:
    def __init__(self, reader, limits, mode, constructors, scopes, tasks):
        self.r, self.limits, self.mode = reader, limits, mode
        self.cc = constructors
        self.scopes = scopes              # scopes(obj, path, what) -> Scope | None
        self.tasks = tasks(self)          # the Task reader, given this parser

    def state(self, raw, path: tuple) -> m.State | None:
        r = self.r
        if not isinstance(raw, dict):
            r.error("type", path, f"a state must be a mapping with 'Type' and 'Name', not {describe(raw)}")
            return None
        kind = self._type(raw, path)
        if kind is None:
            return None
        what = f"a {kind} state"
        f.check(r, raw, path, f.STATE_FIELDS[kind], what, state_type=kind)
        name = r.string(raw, path, "Name") if r.require(raw, path, "Name", what) else None
        cc = self.cc
        common = dict(
            name=name or "", loc=r.loc(path),
            description=r.string(raw, path, "Description", nonempty=False) if "Description" in raw else None,
            input_constructor=cc.constructor(raw, path, "InputConstructor", v.INPUT_CONSTRUCTOR),
            global_constructor=cc.constructor(raw, path, "GlobalConstructor", v.GLOBAL_CONSTRUCTOR))
        if kind != "Choice":
            common["output_constructor"] = cc.constructor(raw, path, "OutputConstructor", v.OUTPUT_CONSTRUCTOR)
        self._moves(kind, raw, path, common)
        state = getattr(self, "_" + kind.lower())(raw, path, common)
        return state if name else None

    def _type(self, raw: dict, path: tuple) -> str | None:
        r = self.r
        if "Type" not in raw:
            found = " (found 'type': field names are case-sensitive)" if "type" in raw else ""
            r.error("missing-field", path, f"a state is missing required field 'Type' (one of "
                                           f"{', '.join(f.STATE_TYPES)}){found}")
            return None
        kind = raw["Type"]
        if isinstance(kind, str) and kind in f.STATE_TYPES:
            return kind
        tpath = path + ("Type",)
        if not isinstance(kind, str):
            r.error("unknown-state-type", tpath, f"'Type' must name a state type ({', '.join(f.STATE_TYPES)}), "
                                                 f"not {describe(kind)}")
        elif kind == "foreach":
            r.error("unknown-state-type", tpath, "unknown state Type 'foreach': that is an old FDL step type; a state "
                                                 "machine iterates with a Map state")
        else:
            r.error("unknown-state-type", tpath, f"unknown state Type '{kind}'{did_you_mean(kind, f.STATE_TYPES)}; "
                                                 f"state types are {', '.join(f.STATE_TYPES)}")
        return None

    def _moves(self, kind: str, raw: dict, path: tuple, common: dict) -> None:
        """Next and End: exactly one of `Next` and `End: true` where the Type needs one."""
        r = self.r
        if kind == "Choice":
            return
        end = r.boolean(raw, path, "End") if "End" in raw else None
        if kind in ("Succeed", "Fail"):
            common["end"] = True
            return
        nxt = r.string(raw, path, "Next") if "Next" in raw else None
        if "Next" in raw and end:
            r.error("next-end", path + ("End",), "a state takes 'Next' or 'End: true', not both", key=True)
        elif "Next" not in raw and end is False:
            r.error("next-end", path + ("End",), "'End: false' does not end the scope: give 'Next' (the state to go "
                                                 "to) or 'End: true'")
        elif "Next" not in raw and "End" not in raw and not any(k.lower() in ("next", "end") for k in raw):
            r.error("next-end", path, f"a {kind} state needs 'Next' (the state to go to) or 'End: true' (to end "
                                      f"its scope)")
        common["next"], common["end"] = nxt, bool(end)

    # -- the Types -----------------------------------------------------------------------------------
    def _pass(self, raw, path, common):
        return m.PassState(**common)

    def _succeed(self, raw, path, common):
        return m.SucceedState(**common)

    def _fail(self, raw, path, common):
        r = self.r
        code = r.string(raw, path, "Code") if "Code" in raw else None
        detail = r.string(raw, path, "Detail", nonempty=False) if "Detail" in raw else None
        return m.FailState(code=code, detail=detail or "", **common)

    def _task(self, raw, path, common):
        return self.tasks.task(raw, path, common)

    def _wait(self, raw, path, common):
        seconds = self.dynamic(raw, path, "Seconds", "a Wait state", 1, self.limits.max_state_wait_seconds,
                               self.limits.max_express_wait_seconds, numeric_text=False)
        return m.WaitState(seconds=seconds if seconds is not None else 0, **common)

    def dynamic(self, raw: dict, path: tuple, key: str, what: str | None, low: int, high: int, express: int,
                numeric_text: bool):
        """`key` as a constant integer in [low, high] (at most `express` in an Express flow), or `key.$` as an
        expression; `what` names the state when the field is required."""
        r, dyn = self.r, key + f.SUFFIX
        if key in raw and dyn in raw:
            r.error("value", path + (dyn,), f"give '{key}' or '{dyn}', not both", key=True)
            return None
        if dyn in raw:
            return self.cc.expression(raw[dyn], path + (dyn,), v.dynamic(key), dyn)
        if key not in raw:
            if what is not None:
                r.error("missing-field", path, f"{what} is missing required field '{key}' (or '{dyn}')")
            return None
        value = raw[key]
        if numeric_text and isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if isinstance(value, str) and value.strip().startswith("$"):
            r.error("type", path + (key,), f"'{key}' must be an integer, not the string {value!r}: an expression "
                                           f"goes under '{dyn}'")
            return None
        number = r.number({key: value}, path, key, low, high, integer=True, unit=" s")
        if number is not None and self.mode == EXPRESS and number > express:
            r.error("express", path + (key,), f"'{key}' is {number} s; in an Express flow it is at most {express} s")
            return None
        return number

    def _choice(self, raw, path, common):
        r = self.r
        branches = []
        if r.require(raw, path, "Branches", "a Choice state"):
            items = r.listof(raw, path, "Branches")
            if items is not None and not items:
                r.error("value", path + ("Branches",), "a Choice state needs at least one branch in 'Branches'")
            for i, item in enumerate(items or ()):
                branch = self._choice_branch(item, path + ("Branches", i))
                if branch is not None:
                    branches.append(branch)
        default = None
        if r.require(raw, path, "Default", "a Choice state"):
            default = r.string(raw, path, "Default")
        return m.ChoiceState(branches=tuple(branches), default=default or "", **common)

    def _choice_branch(self, raw, path: tuple) -> m.ChoiceBranch | None:
        r = self.r
        if not isinstance(raw, dict):
            r.error("type", path, f"a Choice branch must be a mapping with 'Condition' and 'Next', not {describe(raw)}")
            return None
        f.check(r, raw, path, f.CHOICE_BRANCH_FIELDS, "a Choice branch", choice_branch=True)
        condition = self._condition(raw, path) if r.require(raw, path, "Condition", "a Choice branch") else None
        nxt = r.string(raw, path, "Next") if r.require(raw, path, "Next", "a Choice branch") else None
        if condition is None or nxt is None:
            return None
        return m.ChoiceBranch(condition, nxt, r.loc(path))

    def _condition(self, raw: dict, path: tuple):
        r, cpath, text = self.r, path + ("Condition",), raw["Condition"]
        if not isinstance(text, str):
            r.error("condition", cpath, f"'Condition' takes an expression such as '$Input.ok == true', "
                                        f"not {describe(text)}")
            return None
        try:
            condition = compile_condition(text, v.CONDITION, max_nesting=self.limits.max_function_nesting)
        except ExpressionSyntaxError as exc:
            shown = f" {text!r}" if "\n" not in text and len(text) <= 60 else ""
            r.error("condition", cpath, f"invalid condition{shown}: {exc.message}",
                    at=r.source.inside(cpath, text, exc.offset))
            return None
        self.cc.punctuation(condition, cpath)
        return condition

    def _parallel(self, raw, path, common):
        r = self.r
        branches = []
        if r.require(raw, path, "Branches", "a Parallel state"):
            items = r.listof(raw, path, "Branches") or []
            limit = self.limits.max_state_branches
            if isinstance(raw["Branches"], list) and not items:
                r.error("value", path + ("Branches",), "a Parallel state needs at least one branch")
            if len(items) > limit:
                r.error("limit", path + ("Branches",), f"a Parallel state has {len(items)} branches; at most {limit} "
                                                       f"are allowed")
            for i, item in enumerate(items):
                scope = self.scopes(item, path + ("Branches", i), "a Parallel branch")
                if scope is not None:
                    branches.append(scope)
        return m.ParallelState(branches=tuple(branches), retry=self.retry(raw, path), catch=self.catch(raw, path),
                               **common)

    def _map(self, raw, path, common):
        return map_state(self, raw, path, common)

    # -- Retry and Catch -----------------------------------------------------------------------------
    def retry(self, raw: dict, path: tuple) -> tuple:
        r, out, limit = self.r, [], self.limits.max_retry_seconds
        for ipath, item, errors, description in self._rules(raw, path, "Retry", f.RETRY_FIELDS):
            attempts = interval = None
            if r.require(item, ipath, "MaxAttempts", "a Retry rule"):
                attempts = r.number(item, ipath, "MaxAttempts", 0, _INF, integer=True)
            if r.require(item, ipath, "IntervalSeconds", "a Retry rule"):
                interval = r.number(item, ipath, "IntervalSeconds", 1, limit, integer=True, unit=" s")
            rate = r.number(item, ipath, "BackoffRate", 1, _INF) if "BackoffRate" in item else 1.0
            cap = (r.number(item, ipath, "MaxBackoffSeconds", 1, limit, integer=True, unit=" s")
                   if "MaxBackoffSeconds" in item else None)
            if None not in (errors, description, attempts, interval, rate):
                out.append(m.RetryRule(errors, description, attempts, interval, rate, cap, r.loc(ipath)))
        return tuple(out)

    def catch(self, raw: dict, path: tuple) -> tuple:
        r, out = self.r, []
        for ipath, item, errors, description in self._rules(raw, path, "Catch", f.CATCH_FIELDS):
            nxt = r.string(item, ipath, "Next") if r.require(item, ipath, "Next", "a Catch rule") else None
            output = self.cc.constructor(item, ipath, "OutputConstructor", v.CATCH_OUTPUT)
            if None not in (errors, description, nxt):
                out.append(m.CatchRule(errors, description, nxt, output, r.loc(ipath)))
        return tuple(out)

    def _rules(self, raw: dict, path: tuple, key: str, allowed: tuple) -> list:
        """(path, rule, its Errors, its Description) for each rule of `key` that is a mapping."""
        if key not in raw:
            return []
        out, r, what = [], self.r, f"a {key} rule"
        for i, item in enumerate(r.listof(raw, path, key) or ()):
            ipath = path + (key, i)
            if not isinstance(item, dict):
                r.error("type", ipath, f"{what} must be a mapping with 'Errors', not {describe(item)}")
                continue
            f.check(r, item, ipath, allowed, what)
            errors = self.errors(item, ipath, what)
            description = r.string(item, ipath, "Description", nonempty=False) if r.require(
                item, ipath, "Description", what) else None
            out.append((ipath, item, errors, description))
        return out

    def errors(self, item: dict, path: tuple, what: str) -> tuple | None:
        r = self.r
        if not r.require(item, path, "Errors", what):
            return None
        names = r.strings(item, path, "Errors")
        if names is not None and not names and isinstance(item.get("Errors"), list):
            r.error("value", path + ("Errors",), f"'Errors' must name at least one error (or {m.ALL_ERRORS})")
            return None
        for i, name in enumerate(names or ()):
            if name == "States.ALL":
                r.warn("aws-error", path + ("Errors", i), "'States.ALL' is AWS Step Functions' wildcard; "
                                                          f"CloudFlow's is '{m.ALL_ERRORS}'")
            elif name.startswith("States."):
                r.warn("aws-error", path + ("Errors", i), f"'{name}' is an AWS Step Functions error name; it never "
                                                          f"occurs in CloudFlow (errors are FnF.*, FC.*, ...)")
        return names
