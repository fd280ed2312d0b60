"""FnF (2019-03-15) over RPC: each action goes to the FnF API service; DescribeExecution's WaitTimeSeconds
waits through the app's wait helper, so a server keeps serving other clients meanwhile."""
from __future__ import annotations

from ...services.fnf import FnfError

VERSION = "2019-03-15"
MAX_WAIT_SECONDS = 60


def serve(protocol, action: str, params: dict) -> dict:
    """The response dict of `action`, or raise FnfError."""
    if action == "DescribeExecution":
        _wait_for_end(protocol, params)
    return protocol.cloud.fnf.call(action, params)


def _wait_for_end(protocol, params: dict) -> None:
    """Wait (up to WaitTimeSeconds) for the execution to end, then let the service answer without waiting."""
    text = str(params.get("WaitTimeSeconds", "") or "")
    if not text.isdigit() or not 1 <= int(text) <= MAX_WAIT_SECONDS:
        return                        # absent, zero or invalid: the service answers (and rejects bad values)
    flow, name = params.get("FlowName"), params.get("ExecutionName")

    def ended() -> bool:
        execution = protocol.cloud.engine.executions.get((flow, name))
        return execution is None or execution.is_terminal

    protocol.app.wait_until(ended, int(text))
    params["WaitTimeSeconds"] = "0"


def error_body(exc: FnfError, host: str) -> dict:
    return {**exc.body(), "HostId": host}
