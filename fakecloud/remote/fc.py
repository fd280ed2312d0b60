"""FC task steps answered by a live endpoint over FC 2.0 (2016-08-15, the `FC ak:sig` scheme, as aliyun-fc2
sends it): a synchronous invocation is one InvokeFunction; an asynchronous one is accepted with 202, and in the
sync pattern its StatefulAsyncInvocation is polled (in real time) until it ends. Outcomes are read exactly as the
in-process FC integration reads them."""
from __future__ import annotations

import time
import uuid
from typing import Callable
from urllib.parse import quote

from .. import jsontext
from ..engine.integrations import TaskRequest, deliver
from ..engine.outcomes import Pending, Return, Throw
from ..fdl.targets import REQUEST_RESPONSE, SYNC, WAIT_FOR_CALLBACK
from ..services.fc.integration import STOPPED_ERROR, UNKNOWN, event_bytes, invocation_type, read_outcome
from .endpoint import Endpoint
from .signing import sign_fc
from .transport import Answer, Outgoing, check_refusal, send

API = "/2016-08-15"
RUNNING = ("Enqueued", "Running", "Retrying", "Stopping")
FUNCTION_ERRORS = ("UnhandledInvocationError", "HandledInvocationError")
POLL_LIMIT_SECONDS = 900.0           # a sync-pattern task without timeoutSeconds waits this long for its run


def api_failure(answer: Answer) -> Throw:
    """An FC API error answer (non-2xx JSON) as a task failure: ``FC.<ErrorCode>`` and its message."""
    try:
        body = jsontext.loads(answer.body or b"{}")
    except ValueError:
        body = {}
    body = body if isinstance(body, dict) else {}
    code = body.get("ErrorCode") or body.get("Code") or f"HTTP{answer.status}"
    message = body.get("ErrorMessage") or body.get("Message") or answer.body.decode("utf-8", "replace")
    check_refusal("Function Compute", code, message)
    return Throw(f"FC.{code}", message)


class RemoteFc:
    kind = "fc"

    def __init__(self, endpoint: Endpoint, *, transport: Callable[[Outgoing], Answer] = send,
                 sleep: Callable[[float], None] = time.sleep, now: Callable[[], float] = time.monotonic):
        self.endpoint, self.transport, self.sleep, self.now = endpoint, transport, sleep, now

    def _function_path(self, target) -> str:
        service = target.service + (f".{target.qualifier}" if target.qualifier else "")
        return f"{API}/services/{quote(service, safe='')}/functions/{quote(target.function, safe='')}"

    def _request(self, method: str, path: str, body: bytes = b"", headers: dict | None = None) -> Answer:
        all_headers = {"Content-Type": "application/json"} if body else {}
        if self.endpoint.account_id:
            all_headers["x-fc-account-id"] = self.endpoint.account_id
        all_headers.update(headers or {})
        outgoing = Outgoing(method, self.endpoint.url("fc"), path, all_headers, body)
        return self.transport(sign_fc(outgoing, self.endpoint))

    def invoke(self, request: TaskRequest) -> Return | Throw | Pending:
        kind = invocation_type(request)
        if isinstance(kind, Throw):
            return kind
        target, params = request.target, request.params or {}
        headers = {}
        stateful = params.get("StatefulAsyncInvocationID")
        if kind == "Async":
            headers["x-fc-invocation-type"] = "Async"
            if request.pattern == SYNC and not stateful:
                stateful = f"fnf-{uuid.uuid4().hex}"        # the run is followed by its id
            if stateful:
                headers["x-fc-stateful-async-invocation-id"] = str(stateful)
        path = self._function_path(target)
        answer = self._request("POST", path + "/invocations", event_bytes(request), headers)
        if answer.status >= 300:
            return api_failure(answer)
        if kind == "Sync":
            outcome = read_outcome(answer.body, answer.header("x-fc-error-type") or None)
            if request.pattern != WAIT_FOR_CALLBACK:
                return outcome
            if isinstance(outcome, Throw):      # as in process: submitted, then failed by the function error
                request.handle.fail(outcome.error, outcome.cause)
            return Pending()         # invoked; the task waits for ReportTaskSucceeded / ReportTaskFailed
        if request.pattern == REQUEST_RESPONSE:
            return Return({})
        if request.pattern == SYNC:
            outcome = self._follow(path, str(stateful), request.timeout_seconds)
            handle = request.handle
            # Delivered once the task is submitted, as the in-process run's end is.
            request.engine.clock.call_later(0, lambda: handle.done or deliver(handle, outcome))
        return Pending()

    def _follow(self, path: str, invocation_id: str, timeout: float | None) -> Return | Throw:
        """Poll GetStatefulAsyncInvocation until the run ends (or the task's timeout passes in real time)."""
        deadline = self.now() + (timeout if timeout else POLL_LIMIT_SECONDS)
        pause = 0.05
        while True:
            answer = self._request("GET", f"{path}/stateful-async-invocations/{quote(invocation_id, safe='')}")
            if answer.status >= 300:
                return api_failure(answer)
            run = jsontext.loads(answer.body or b"{}")
            status = run.get("status", "")
            if status not in RUNNING:
                return self._run_outcome(run, invocation_id)
            if self.now() >= deadline:
                return Throw("FnF.TaskTimeout", f"asynchronous invocation {invocation_id} was still {status}")
            self.sleep(pause)
            pause = min(pause * 2, 1.0)

    @staticmethod
    def _run_outcome(run: dict, invocation_id: str) -> Return | Throw:
        status = run.get("status")
        if status == "Succeeded":
            return read_outcome((run.get("returnPayload") or "").encode("utf-8"), None)
        if status == "Stopped":
            return Throw(STOPPED_ERROR, f"asynchronous invocation {invocation_id} was stopped")
        message = run.get("invocationErrorMessage") or ""
        if not message or message in FUNCTION_ERRORS:
            # GetStatefulAsyncInvocation does not return the function's error body, so its errorType is unknown.
            return Throw(UNKNOWN, f"asynchronous invocation {invocation_id} ended {status}"
                                    + (f" with {message}" if message else ""))
        return Throw(f"FC.{message}", f"asynchronous invocation {invocation_id} ended {status}")
