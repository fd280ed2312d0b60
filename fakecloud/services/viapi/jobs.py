"""Asynchronous vision jobs on the virtual clock: QUEUING, then PROCESSING, then PROCESS_SUCCESS or PROCESS_FAILED,
read through GetAsyncJobResult; a job is forgotten an hour after it was submitted, as the service keeps results."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Iterator

from ..script import Outcome, Return
from .errors import service_code

QUEUING = "QUEUING"
PROCESSING = "PROCESSING"
PROCESS_SUCCESS = "PROCESS_SUCCESS"
PROCESS_FAILED = "PROCESS_FAILED"

# The service's answer to an async submission; the RequestId in the same answer is the JobId.
SUBMITTED_MESSAGE = ("该调用为异步调用，任务已提交成功，请以requestId的值作为jobId参数调用同类目下"
                     "GetAsyncJobResult接口查询任务执行状态和结果。")


@dataclass(frozen=True)
class AsyncJob:
    """One submitted job: when it was submitted, how long it queues and runs, and how it ends."""
    job_id: str
    product: str
    api: str
    params: dict[str, Any]
    submitted_at: float
    queue_seconds: float
    process_seconds: float
    outcome: Outcome          # Return: the API's response (its Data becomes Result); Throw: the job's error

    @property
    def started_at(self) -> float:
        return self.submitted_at + self.queue_seconds

    @property
    def finished_at(self) -> float:
        return self.started_at + self.process_seconds

    def status(self, now: float) -> str:
        if now < self.started_at:
            return QUEUING
        if now < self.finished_at:
            return PROCESSING
        return PROCESS_SUCCESS if isinstance(self.outcome, Return) else PROCESS_FAILED

    def data(self, now: float) -> dict[str, Any]:
        """The ``Data`` of a GetAsyncJobResult answer at virtual time ``now``."""
        status = self.status(now)
        data = {"JobId": self.job_id, "Status": status, "Result": "", "ErrorCode": "", "ErrorMessage": ""}
        if status == PROCESS_SUCCESS:
            data["Result"] = result_text(self.outcome.value)
        elif status == PROCESS_FAILED:
            data["ErrorCode"] = service_code(self.product, self.outcome.error)
            data["ErrorMessage"] = self.outcome.cause
        return data


def result_text(response: Any) -> str:
    """``Result`` is the JSON text of what the API would have answered as ``Data``."""
    value = response.get("Data", response) if isinstance(response, dict) else response
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class JobRegistry:
    """Every job of one backend by JobId (ids are unique across products)."""

    def __init__(self, retention_seconds: float = 3600.0):
        self.retention_seconds = retention_seconds
        self._jobs: dict[str, AsyncJob] = {}

    def add(self, job: AsyncJob) -> None:
        self._jobs[job.job_id] = job

    def find(self, product: str, job_id: str, now: float) -> AsyncJob | None:
        """The job if it belongs to ``product`` and is still kept at ``now``, else None."""
        job = self._jobs.get(job_id)
        if job is None or job.product != product or now >= job.submitted_at + self.retention_seconds:
            return None
        return job

    def get(self, job_id: str) -> AsyncJob | None:
        """The job with this id, whatever its product and age."""
        return self._jobs.get(job_id)

    def clear(self) -> None:
        self._jobs.clear()

    def __iter__(self) -> Iterator[AsyncJob]:
        return iter(self._jobs.values())

    def __len__(self) -> int:
        return len(self._jobs)
