"""Step semantics: the sequence runner (default input/output rules, merges into the parent's local, end, goto,
succeed, catch) and the handlers of pass, wait, succeed, fail, choice, parallel and foreach.

Handlers are `handler(scope, plan, input, entered_event_id, input_size)` returning `(local, control, goto)`
(`input_size`: at most the bytes of the input's JSON): generators that yield only to suspend their fiber (waits,
joins of branches and iterations, pending tasks), except the handlers of steps that never suspend (pass, succeed,
fail: `plan.sync`), which are plain calls."""
from __future__ import annotations

from ..fdl.paths import Path, PathMissing
from .history import (BRANCH_ENTERED, BRANCH_EXITED, ITERATION_ENTERED, ITERATION_EXITED, STEP_ENTERED, STEP_EXITED,
                      STEP_FAILED, STEP_STARTED, STEP_SUCCEEDED)
from .clock import parse_time, to_ms
from .dataflow import apply_mappings, json_size, value_bound
from .errors import (BRANCHES_LIMIT_EXCEEDED, CANCELLED, RUNTIME_ERROR, WAIT_LIMIT_EXCEEDED, Cancelled, StepError)

NEXT, SUCCEED, GOTO = 0, 1, 2


class Scope:
    """One chain of events inside one fiber: a flow, a parallel branch or a foreach iteration.
    `last` is the EventId the next event names as its ScheduleEventId; `prefix` is the step path of the scope
    ("" for the flow, "fanout.branch[1]/" for a branch, "items[3]/" for an iteration), made when asked for from
    `stem` ("fanout.branch[", "items[") and the child's `index` (None: `stem` is the whole prefix). `data` is what
    a state machine's scope shares with the scopes inside it (its `$Global`); the old dialect leaves it None."""
    __slots__ = ("execution", "fiber", "last", "iteration", "stem", "index", "data")

    def __init__(self, execution, fiber, last: int, iteration: int | None, stem: str = "", index: int | None = None,
                 data=None):
        self.execution, self.fiber, self.last, self.iteration = execution, fiber, last, iteration
        self.stem, self.index, self.data = stem, index, data

    @property
    def prefix(self) -> str:
        index = self.index
        return self.stem if index is None else f"{self.stem}{index}]/"


def run_sequence(scope, seq, seq_input, input_size: int, edge: tuple | None = None):
    """Run a sequence of steps on `seq_input` (its JSON takes at most `input_size` bytes); returns (local, control)
    with control NEXT or SUCCEED (a `succeed` ended it). `edge`: (name, entered type, exited type) when the
    sequence is a branch or an iteration of step `name`: its entered event (with `seq_input`) is recorded with the
    first step's first events, its exited event (with the local) with the last step's last ones, as separate emits
    would record them, and it returns the local alone (a `succeed` ends the branch or iteration, nothing more).

    The 32 KiB step data limit is checked on sizes carried alongside the data: a merge takes at most the sum of
    its parts, a mapping's output its keys and literals plus its values, a value taken from a path at most its
    root. Only a step whose bound crosses the limit is measured exactly (and its bounds made exact again)."""
    execution = scope.execution
    lenient = execution.lenient
    plans = seq.steps
    count = len(plans)
    seq_local, local_bound = {}, 2
    lead = edge         # the entered event of the branch or iteration, not recorded yet
    i = 0
    while i < count:    # every step either goes on (next or goto) or returns
        plan = plans[i]
        name = plan.name
        if plan.input_map is None:     # the default input: nothing can fail before StepStarted
            if seq_local:
                inp, inp_size = {**seq_input, **seq_local}, input_size + local_bound - 1
            else:
                inp, inp_size = seq_input, input_size
            if plan.fused:              # a pass step: its output first, then its events at once if it cannot fail
                try:
                    output, output_size = ({}, 2) if plan.output_map is None else apply_mappings(
                        plan.output_map, inp, {}, None, lenient, "outputMappings", inp_size, 2)
                except StepError:
                    output = None       # recorded and failed the general way below
                if output is not None and inp_size + output_size + 2 <= execution.max_step_bytes:
                    entered = (seq_input, seq_local)
                    if output:          # merged as below
                        if seq_local:
                            seq_local, local_bound = {**seq_local, **output}, local_bound + output_size - 1
                        else:
                            seq_local, local_bound = output, output_size
                    ends = plan.last
                    execution.emit_step(scope, lead, name, entered, inp, output, seq_local, edge if ends else None)
                    if ends:
                        return (seq_local, NEXT) if edge is None else seq_local
                    lead = None
                    i += 1
                    continue
            if lead is None:
                entered = execution.emit_pair(scope, name, STEP_ENTERED, (seq_input, seq_local), STEP_STARTED, inp)
            else:
                entered = execution.emit_triple(scope, lead[0], lead[1], seq_input, name, STEP_ENTERED,
                                                (seq_input, seq_local), name, STEP_STARTED, inp)
                lead = None
        else:
            if lead is not None:
                execution.emit(scope, lead[1], lead[0], seq_input)
                lead = None
            inp, entered = None, execution.emit(scope, STEP_ENTERED, name, (seq_input, seq_local))
        ctx = execution.context(scope, plan, entered) if plan.uses_context else None
        try:
            if inp is None:
                inp, inp_size = apply_mappings(plan.input_map, seq_input, seq_local, ctx, lenient, "inputMappings",
                                               input_size, local_bound)
                execution.emit(scope, STEP_STARTED, name, inp)
            if plan.passes:
                local, control = {}, NEXT
            elif plan.sync:
                local, control, target = plan.handler(scope, plan, inp, entered, inp_size)
            else:
                local, control, target = yield from plan.handler(scope, plan, inp, entered, inp_size)
            local_size = json_size(local) if local else 2
            if plan.output_map is not None:
                output, output_size = apply_mappings(plan.output_map, inp, local, ctx, lenient, "outputMappings",
                                                     inp_size, local_size)
            elif plan.empty_default:
                output, output_size = {}, 2
            else:
                output, output_size = local, local_size
            if inp_size + output_size + local_size > execution.max_step_bytes:
                output_size = execution.measure_step(name, inp, output, local, entered)
                local_bound = json_size(seq_local)
                if plan.input_map is None:
                    input_size = json_size(seq_input)
            succeeded = True        # StepSucceeded is recorded with StepExited, after the merge
        except StepError as err:
            rule = plan.catch_rule(err.error)
            execution.emit(scope, STEP_FAILED, name, {"error": err.error, "cause": err.cause})
            if rule is None:
                raise
            local = {"error": err.error, "cause": err.cause}
            output, output_size = ({}, 2) if plan.error_map is None else apply_mappings(
                plan.error_map, {} if inp is None else inp, local, ctx, lenient, "errorMappings",
                2 if inp is None else inp_size, json_size(local))
            control, target, succeeded = GOTO, rule.goto, False
        except Cancelled as stop:
            execution.emit(scope, STEP_FAILED, name, {"error": CANCELLED, "cause": stop.cause})
            raise
        if output:      # merged into the local (with nothing there yet, the output is the local: never mutated)
            if seq_local:
                seq_local, local_bound = {**seq_local, **output}, local_bound + output_size - 1
            else:
                seq_local, local_bound = output, output_size
        if not succeeded:               # caught: on to the rule's goto
            execution.emit(scope, STEP_EXITED, name, seq_local)
            i = seq.index[target]
        elif control == NEXT and not plan.last:
            execution.emit_pair(scope, name, STEP_SUCCEEDED, output, STEP_EXITED, seq_local)
            i += 1
        elif control == GOTO:           # a choice's goto
            execution.emit_pair(scope, name, STEP_SUCCEEDED, output, STEP_EXITED, seq_local)
            i = seq.index[target]
        elif edge is None:              # the sequence ends (NEXT after its last step, or SUCCEED)
            execution.emit_pair(scope, name, STEP_SUCCEEDED, output, STEP_EXITED, seq_local)
            return seq_local, control
        else:                           # ... with the exited event of its branch or iteration
            execution.emit_triple(scope, name, STEP_SUCCEEDED, output, name, STEP_EXITED, seq_local, edge[0],
                                  edge[2], seq_local)
            return seq_local
    if edge is None:                    # no steps
        return seq_local, NEXT
    execution.emit(scope, edge[1], edge[0], seq_input)
    execution.emit(scope, edge[2], edge[0], seq_local)
    return seq_local


# -- simple steps -------------------------------------------------------------------------------------

def run_pass(scope, plan, inp, entered, size):
    return {}, NEXT, None


def run_succeed(scope, plan, inp, entered, size):
    return {}, SUCCEED, None


def run_fail(scope, plan, inp, entered, size):
    step = plan.step
    raise StepError(step.error or "", step.cause or "")


SYNC_HANDLERS = frozenset({run_pass, run_succeed, run_fail})


def run_wait(scope, plan, inp, entered, size):
    step = plan.step
    execution = scope.execution
    clock = execution.engine.clock
    limit = execution.engine.limits.max_wait_seconds
    if step.duration is not None:
        seconds = _value(step.duration, inp, "duration")
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
            raise StepError(RUNTIME_ERROR, f"wait duration must be a number of seconds >= 0, not {seconds!r}")
        if seconds > limit:
            raise StepError(WAIT_LIMIT_EXCEEDED, f"a wait lasts at most {limit} seconds, not {seconds}")
        wait_ms = to_ms(seconds)
    else:
        stamp = _value(step.timestamp, inp, "timestamp")
        try:
            when = parse_time(stamp)
        except (TypeError, ValueError, AttributeError):
            raise StepError(RUNTIME_ERROR, f"wait timestamp must be an RFC 3339 time, not {stamp!r}") from None
        wait_ms = when - clock.now_ms
        if wait_ms > limit * 1000:
            raise StepError(WAIT_LIMIT_EXCEEDED, f"a wait lasts at most {limit} seconds; {stamp} is "
                                                 f"{wait_ms / 1000:g} seconds away")
    if wait_ms > 0:
        timer = clock.call_at(clock.now_ms + wait_ms, scope.fiber.wake)
        yield timer.cancel
    return {}, NEXT, None


def _value(value, inp, what: str):
    if not isinstance(value, Path):
        return value
    try:
        return value.resolve(inp)
    except PathMissing as exc:
        raise StepError(RUNTIME_ERROR, f"wait {what} {value.text}: {exc.detail}") from None


# -- choice ---------------------------------------------------------------------------------------------

def run_choice(scope, plan, inp, entered, size):
    for condition, seq, goto in plan.options:
        if condition is None or condition.evaluate(inp):
            break
    else:
        return {}, NEXT, None
    local = {}
    if seq.steps:
        local, control = yield from run_sequence(scope, seq, inp, size)
        if control == SUCCEED and scope.execution.engine.limits.succeed_scope == "branch":
            return local, SUCCEED, None
    return (local, GOTO, goto) if goto is not None else (local, NEXT, None)


# -- parallel and foreach -------------------------------------------------------------------------------

class Join:
    """Children of a parallel or foreach step (or of a Parallel or Map state): starts them (at most `concurrency`
    at once), collects their results in order, and on the first failure cancels the others and fails the parent.
    `iterating`: the children are iterations (paths `name[3]/`), else branches (paths `name.branch[1]/`).
    `body(child_scope, index)` is a generator returning a child's result; `inline`: it never suspends (the
    children's sequences never do), so that with nothing else runnable the children can run inside the parent."""

    def __init__(self, scope, name: str, iterating: bool, count: int, concurrency: int, body, inline=False):
        self.execution = scope.execution
        self.parent = scope.fiber
        self.origin = scope.last            # the parent's StepStarted: ScheduleEventId of every child's first event
        self.iteration = scope.iteration
        self.foreach = iterating
        self.path = scope.prefix + name    # children's step paths: path[3]/ (foreach), path.branch[1]/
        self.results = [None] * count
        self.remaining = count
        self.next_index = 0
        self.concurrency = concurrency
        self.body = body                    # body(child_scope, index) -> generator returning the child's local
        self.fibers = []
        self.running = 0
        self.finished = False
        self.error = None
        self.last = scope.last
        self.data = scope.data
        self.inline = inline

    def begin(self) -> bool:
        """Start the first children. When nothing else is runnable (queued, or a sibling's first child still to be
        run this way), the queue would run exactly these next, in order, each until it first suspends: they are
        run at once instead, the same events in the same order without a trip through the queue per child.
        Children started later (as others end) are queued. True when the children are `inline` and nothing
        else is runnable: the parent is to run them all itself (`run_inline`), none has started."""
        scheduler = self.execution.engine.scheduler
        if scheduler.ready or scheduler.deferred:
            self.start()
            return False
        if self.inline:
            return True
        first = []
        while self.next_index < len(self.results) and self.running < self.concurrency:
            self.running += 1
            first.append(self._spawn(self.next_index))
            self.next_index += 1
        execution = self.execution
        scheduler.deferred = len(first)
        try:
            for fiber in first:
                scheduler.deferred -= 1
                if execution.closed:        # a child ended the execution (a limit): the rest never run
                    break
                fiber.step(None)
        finally:
            scheduler.deferred = 0
        return False

    def run_inline(self):
        """Children that never suspend, with nothing else runnable: the queue would run each to its end in turn,
        in order, starting one more as each succeeds; after a failure the children already started still run and
        no more start. They are run so here, inside the parent's fiber, on one scope: a generator that never
        yields (each child's result comes back through ``yield from``, without a StopIteration per child)."""
        results, origin, foreach, body = self.results, self.origin, self.foreach, self.body
        count = len(results)
        started = min(count, self.concurrency)
        index = 0
        child = self._scope(0)      # one scope, set up again for each child: they run one after another
        child.fiber = self.parent
        failed = None
        while index < started:
            child.last = origin
            child.index = index
            if foreach:
                child.iteration = index
            try:
                result = yield from body(child, index)
            except StepError as error:
                if failed is None:
                    self.last, failed = child.last, error
            else:
                if failed is None:
                    results[index] = result
                    if started < count:
                        started += 1
            index += 1
        if failed is None:
            self.last = child.last
        self.error, self.finished = failed, True

    def start(self) -> None:
        while self.next_index < len(self.results) and self.running < self.concurrency:
            self.running += 1
            self._spawn(self.next_index).start()
            self.next_index += 1

    def _scope(self, index: int) -> Scope:
        if self.foreach:
            return Scope(self.execution, None, self.origin, index, f"{self.path}[", index, self.data)
        return Scope(self.execution, None, self.origin, self.iteration, f"{self.path}.branch[", index, self.data)

    def _spawn(self, index: int):
        child = self._scope(index)
        fiber = self.execution.new_fiber(self.body(child, index),
                                         lambda result, error: self._exit(index, child, result, error))
        child.fiber = fiber
        self.fibers.append(fiber)
        return fiber

    def _exit(self, index: int, child: Scope, result, error) -> None:
        if self.finished:
            return
        self.last = child.last
        if error is not None:
            self.finished = True
            self.error = error
            # Children already started this instant get their turn first; then the rest are cancelled.
            self.execution.engine.scheduler.call_soon(self._fail)
            return
        self.results[index] = result
        self.remaining -= 1
        self.running -= 1
        if self.remaining == 0:
            self.finished = True
            self.parent.wake(None)
        else:
            self.start()

    def _fail(self, _=None) -> None:
        what = "iteration" if self.foreach else "branch"
        self.cancel(f"{what} failed with {self.error.error or '(no error name)'}")
        self.parent.wake(self.error)

    def cancel(self, cause: str = "cancelled") -> None:
        self.finished = True
        for fiber in self.fibers:
            fiber.cancel(cause)


def run_join(scope, name: str, iterating: bool, count: int, concurrency: int, body, inline=False):
    """Run `count` children of a parallel or foreach step (a Parallel or Map state) and wait for them; returns
    their results in order or raises the first child's error."""
    join = Join(scope, name, iterating, count, concurrency, body, inline)
    if join.begin():
        yield from join.run_inline()
        error = join.error
    else:
        error = yield join.cancel
    scope.last = join.last
    if error is not None:
        raise error
    return join.results


def run_parallel(scope, plan, inp, entered, size):
    limit = scope.execution.engine.limits.max_branches
    if len(plan.branches) > limit:
        raise StepError(BRANCHES_LIMIT_EXCEEDED, f"parallel step has {len(plan.branches)} branches; "
                                                 f"at most {limit} are allowed")

    name, branches = plan.name, plan.branches
    edge = (name, BRANCH_ENTERED, BRANCH_EXITED)

    def body(child, index):
        return run_sequence(child, branches[index], inp, size, edge)

    count = len(branches)
    return (yield from run_join(scope, name, False, count, count, body, plan.children_never_suspend)), NEXT, None


def run_foreach(scope, plan, inp, entered, size):
    step = plan.step
    try:
        items = step.collection.resolve(inp)
    except PathMissing as exc:
        raise StepError(RUNTIME_ERROR, f"iterationMapping.collection {step.collection.text}: {exc.detail}") from None
    if not isinstance(items, list):
        raise StepError(RUNTIME_ERROR, f"iterationMapping.collection {step.collection.text} must be an array, "
                                       f"not {type(items).__name__}")
    if not items:
        return [], NEXT, None
    cap = scope.execution.engine.limits.max_concurrency
    concurrency = min(step.max_concurrency or cap, cap)
    item_key, index_key = step.item, step.index
    keys = size + json_size(item_key) + (0 if index_key is None else json_size(index_key) + 24) + 2

    name, seq = plan.name, plan.body
    edge = (name, ITERATION_ENTERED, ITERATION_EXITED)

    def body(child, index):
        item = items[index]
        if index_key is None:
            it_input = {**inp, item_key: item}
        else:
            it_input = {**inp, item_key: item, index_key: index}
        return run_sequence(child, seq, it_input, keys + value_bound(item, size), edge)   # item: in inp

    inline = plan.children_never_suspend
    return (yield from run_join(scope, name, True, len(items), concurrency, body, inline)), NEXT, None
