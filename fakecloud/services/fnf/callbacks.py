"""ReportTaskSucceeded and ReportTaskFailed: complete the task waiting on a task token, from anywhere (a test,
an FC handler, a queue consumer). A token this world did not sign is InvalidArgument; a token no task waits on
any more is TaskAlreadyCompleted."""
from __future__ import annotations

from ...engine import EngineError, TaskAlreadyCompleted
from . import errors
from .params import Params


class CallbackOperations:
    def __init__(self, engine):
        self.engine = engine

    def succeeded(self, p: Params) -> int:
        token = p.string("TaskToken", required=True)
        if not p.has("Output"):
            raise errors.missing_params("Output")
        _, output = p.json_object("Output")
        return self._report(token, lambda: self.engine.report_task_succeeded(token, output))

    def failed(self, p: Params) -> int:
        token = p.string("TaskToken", required=True)
        error = p.string("Error", required=True, min_len=1, max_len=128)
        cause = p.string("Cause", min_len=1, max_len=4096)
        return self._report(token, lambda: self.engine.report_task_failed(token, error, cause or ""))

    @staticmethod
    def _report(token: str, report) -> int:
        try:
            event_id = report()
        except TaskAlreadyCompleted:
            raise errors.task_already_completed(token) from None
        except EngineError as exc:
            raise errors.invalid_argument(_sentence(exc.message)) from None
        # None: the report ended the execution (a history limit) before the task's event could be recorded.
        return 0 if event_id is None else event_id


def _sentence(message: str) -> str:
    return message if message.endswith(".") else message + "."
