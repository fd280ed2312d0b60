"""Assertions that read like the domain and explain themselves: on failure the message names what differs
(a JSON-path diff of the data), then shows the executed path as a compact tree with the diverging step marked
`>`, retries with their virtual times, tasks no mock answered and mocks not used."""
from __future__ import annotations

import json
from typing import Any

from fakecloud.fdl.actions import MnsSendMessage
from fakecloud.fdl.diagnostics import closest

from .diff import differences, same, show
from .explain import cut, explain
from .step_run import FAILED, StepRun

_MISSING = object()


class FlowAssertionError(AssertionError):
    """A flow did not do what the test expected; the message explains where and how. `run` is the FlowRun and
    `mark` the step run where expectation and reality diverge (None when no step is to blame)."""
    __module__ = "fakecloud.testing"        # where users import it from

    def __init__(self, message: str, run=None, mark: StepRun | None = None):
        super().__init__(message)
        self.run, self.mark = run, mark


def fail(run, headline: str, details: list[str] = (), mark: StepRun | None = None):
    __tracebackhide__ = True
    raise FlowAssertionError("\n".join([headline, *details, explain(run, mark)]), run, mark)


def _first_failure(run) -> StepRun | None:
    return next((n for n in run.trace.every() if n.status == FAILED), None)


def _outcome(run) -> str:
    if run.status == "Succeeded":
        return "it succeeded"
    if not run.done:
        waiting = ", ".join(t.path for t in run.waiting)
        return f"it is still {run.status}" + (f" (waiting for a callback: {waiting})" if waiting else "")
    return f"it ended {run.status} with {run.error or '(no error name)'}: {cut(run.cause or '')}"


def _step(run, step: str) -> StepRun:
    __tracebackhide__ = True
    try:
        return run.step(step)
    except LookupError as exc:
        fail(run, str(exc))


def _compare(run, what: str, actual: Any, equals: Any, contains: Any, mark: StepRun | None = None) -> None:
    __tracebackhide__ = True
    if equals is not _MISSING:
        lines = differences(equals, actual)
        if lines:
            fail(run, f"{what} differs:", [f"  {line}" for line in lines], mark)
    if contains is not _MISSING:
        lines = differences(contains, actual, subset=True)
        if lines:
            fail(run, f"{what} does not contain the expected data:", [f"  {line}" for line in lines], mark)


# -- the execution --------------------------------------------------------------------------------------------
def assert_succeeded(run) -> None:
    __tracebackhide__ = True
    if run.status != "Succeeded":
        fail(run, f"expected {run.flow_name} to succeed, {_outcome(run)}", mark=_first_failure(run))


def assert_failed(run, error: str, cause: str | None = None) -> None:
    """The execution failed with exactly `error` (`goodstech.InternalError.Busy`, `FC.ResourceThrottled`, a
    function's own error type) and, when given, exactly `cause`."""
    __tracebackhide__ = True
    mark = _first_failure(run)
    if run.status != "Failed" or run.error != error:
        fail(run, f"expected {run.flow_name} to fail with {error}, {_outcome(run)}", mark=mark)
    if cause is not None and run.cause != cause:
        fail(run, f"{run.flow_name} failed with {error} as expected, but the cause differs:",
             [f"  expected: {cause}", f"  actual:   {run.cause}"], mark)


def assert_output(run, equals: Any = _MISSING, contains: Any = _MISSING) -> None:
    __tracebackhide__ = True
    if run.status != "Succeeded":
        fail(run, f"expected output from {run.flow_name}, {_outcome(run)}", mark=_first_failure(run))
    _compare(run, f"output of {run.flow_name}", run.output, equals, contains)


# -- steps ----------------------------------------------------------------------------------------------------
def assert_step_output(run, step: str, equals: Any = _MISSING, contains: Any = _MISSING) -> None:
    __tracebackhide__ = True
    node = _step(run, step)
    if node.status != "succeeded":
        fail(run, f"expected output from step {node.path}, it {node.status}", mark=node)
    _compare(run, f"output of step {node.path}", node.output, equals, contains, node)


def assert_retried(run, step: str, times: int, delays: list[float] | None = None) -> None:
    """Step `step` was retried `times` times (attempts - 1), with these back-off `delays` in seconds."""
    __tracebackhide__ = True
    node = _step(run, step)
    if node.retries != times:
        fail(run, f"expected step {node.path} to be retried {_times(times)}, it was retried {_times(node.retries)}",
             mark=node)
    if delays is not None and not same([float(d) for d in delays], node.delays):
        fail(run, f"step {node.path} was retried {_times(times)} as expected, but the back-off differs:",
             [f"  expected delays: {_seconds(delays)}", f"  actual delays:   {_seconds(node.delays)}"], node)


def _times(n: int) -> str:
    return "once" if n == 1 else f"{n} times"


def _seconds(values) -> str:
    return "[" + ", ".join(f"{float(v):g}s" for v in values) + "]"


def assert_caught(run, step: str, error: str | None = None, goto: str | None = None) -> None:
    """A catch entry of `step` took its `error` and went to `goto`."""
    __tracebackhide__ = True
    node = _step(run, step)
    want = f"{error or 'an error'}" + (f" -> {goto}" if goto else "")
    if not node.caught:
        what = f"it {node.status}" + (f" with {node.error}" if node.error else "")
        fail(run, f"expected step {node.path} to catch {want}, {what}", mark=node)
    if (error is not None and node.error != error) or (goto is not None and node.goto != goto):
        fail(run, f"expected step {node.path} to catch {want}, it caught {node.error} -> {node.goto}", mark=node)


def path_divergence(run, expected: list[str]) -> tuple[int, StepRun | None]:
    """Where the flow's own path first differs from `expected`: the index, and the step run there (None past
    the end of the path)."""
    actual = run.path
    index = next((i for i, (a, b) in enumerate(zip(expected, actual)) if a != b), min(len(expected), len(actual)))
    nodes = [n for n in run.trace.every() if n.path == n.name]
    return index, nodes[index] if index < len(nodes) else None


def assert_path(run, expected: list[str]) -> None:
    """The flow's own sequence ran exactly these steps, in this order (choice branches included)."""
    __tracebackhide__ = True
    actual = run.path
    if list(expected) == actual:
        return
    index, mark = path_divergence(run, expected)
    got = actual[index] if index < len(actual) else "(nothing: the path ended)"
    want = expected[index] if index < len(expected) else "(nothing: the path should have ended)"
    fail(run, f"path of {run.flow_name} differs at step {index + 1}: expected {want}, got {got}",
         [f"  expected: {', '.join(expected)}", f"  actual:   {', '.join(actual)}"], mark)


# -- services -------------------------------------------------------------------------------------------------
def _body(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _sent(run, kind: str) -> list[tuple[str, Any]]:
    """(queue or topic name, body) of every message the run's tasks sent to MNS queues (`kind` "mns-queue") or
    topics ("mns-topic"): an FDL task's `MessageBody`, a state machine's `MNS:SendMessage` `message`."""
    folder = "/queues/" if kind == "mns-queue" else "/topics/"
    out = []
    for call in run.calls:
        if call.answered_by == "unmocked":
            continue
        params = call.params if isinstance(call.params, dict) else {}
        if isinstance(call.request.target, MnsSendMessage):
            arn = params.get("resourceArn")
            if isinstance(arn, str) and folder in arn and arn.endswith("/messages"):
                out.append((arn.rsplit("/", 2)[-2], _body(params.get("message"))))
        elif call.kind == kind and call.target.endswith("/messages"):
            out.append((call.target.rsplit("/", 2)[-2], _body(params.get("MessageBody"))))
    return out


def _messages(run, kind: str, name: str) -> list:
    return [body for where, body in _sent(run, kind) if where == name]


def _assert_message(run, kind: str, word: str, name: str, body: Any, contains: Any) -> None:
    __tracebackhide__ = True
    bodies = _messages(run, kind, name)
    for got in bodies:
        if body is not _MISSING and not same(body, got):
            continue
        if contains is not _MISSING and differences(contains, got, subset=True):
            continue
        return
    wanted = "" if body is _MISSING else f" with body {show(body)}"
    wanted += "" if contains is _MISSING else f" containing {show(contains)}"
    lines = [f"  {show(b, 120)}" for b in bodies] or ["  (none)"]
    if not bodies:
        lines += _elsewhere(run, kind, name)
    fail(run, f"expected a message {word} {name}{wanted}; messages {word} {name}:", lines)


def _elsewhere(run, kind: str, name: str) -> list[str]:
    """The other queues (topics) the run sent to, the closest name marked: where the expected message may be."""
    counts: dict[str, int] = {}
    for other, _ in _sent(run, kind):
        counts[other] = counts.get(other, 0) + 1
    counts.pop(name, None)
    what = "queue" if kind == "mns-queue" else "topic"
    near = closest(name, counts)
    return [f"  {what} {other!r} got {n} message{'s' * (n != 1)}" + (f" (did you mean {other!r}?)" if other == near
                                                                   else "") for other, n in counts.items()]


def assert_message_sent(run, queue: str, body: Any = _MISSING, contains: Any = _MISSING) -> None:
    """A task of the run sent a message to MNS queue `queue` (a JSON body compares as data)."""
    __tracebackhide__ = True
    _assert_message(run, "mns-queue", "sent to queue", queue, body, contains)


def assert_published(run, topic: str, body: Any = _MISSING, contains: Any = _MISSING) -> None:
    __tracebackhide__ = True
    _assert_message(run, "mns-topic", "published to topic", topic, body, contains)


def assert_invoked(run, function: str, payload: Any = _MISSING, contains: Any = _MISSING,
                   times: int | None = None) -> None:
    """Function 'service/function' was invoked (in the FC fake) with `payload` / a payload containing `contains`;
    `times` counts the matching invocations."""
    __tracebackhide__ = True
    events = [i.event for i in run.cloud.fc.invocations.of(function)]
    matching = [e for e in events if (payload is _MISSING or same(payload, e))
                and (contains is _MISSING or not differences(contains, e, subset=True))]
    if matching and (times is None or len(matching) == times):
        return
    wanted = "" if payload is _MISSING else f" with payload {show(payload)}"
    wanted += "" if contains is _MISSING else f" with a payload containing {show(contains)}"
    count = "" if times is None else f" {_times(times)}"
    lines = [f"  {show(e, 120)}" for e in events] or ["  (none)"]
    fail(run, f"expected {function} to be invoked{wanted}{count}, it was invoked {_times(len(matching))} that way; "
              f"invocations of {function}:", lines)
