"""FnF (2019-03-15) over RPC: each action goes to the world's FnF API service; DescribeExecution's
WaitTimeSeconds waits through the app's long-poll helper, so a server keeps serving other clients meanwhile
(in process, virtual time skips to the execution's end or the deadline)."""
from __future__ import annotations

VERSION = "2019-03-15"
MAX_WAIT_SECONDS = 60


def service(cloud):
    """The world's FnF service (a reset replaces it: read it on every request)."""
    return cloud.fnf


def serve(protocol, action: str, params: dict) -> dict:
    """The response dict of `action`, or raise FnfError."""
    if action == "DescribeExecution":
        _wait_for_end(protocol, params)
    return service(protocol.cloud).call(action, params)


def _wait_for_end(protocol, params: dict) -> None:
    """Wait (up to WaitTimeSeconds) for the execution to end, then let the service answer without waiting; an
    invalid wait, flow or execution is left to the service to refuse."""
    text = str(params.get("WaitTimeSeconds", "") or "").strip()
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MAX_WAIT_SECONDS:
        return
    engine = protocol.cloud.engine
    key = (params.get("FlowName"), params.get("ExecutionName"))

    def ended() -> bool:
        execution = protocol.cloud.engine.executions.get(key)
        return execution is None or execution.is_terminal or protocol.cloud.engine is not engine

    protocol.app.wait_until(ended, int(text))
    params["WaitTimeSeconds"] = "0"
