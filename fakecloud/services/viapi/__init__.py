"""In-process fake of the vision AI (viapi) services that flows call as ``action: <product>:<Api>`` task steps."""
from .backend import GET_ASYNC_JOB_RESULT, VisionBackend, VisionCall
from .errors import VisionError, status_of
from .jobs import PROCESS_FAILED, PROCESS_SUCCESS, PROCESSING, QUEUING, SUBMITTED_MESSAGE, AsyncJob, JobRegistry

__all__ = (
    "VisionBackend", "VisionCall", "VisionError", "status_of", "AsyncJob", "JobRegistry", "GET_ASYNC_JOB_RESULT",
    "QUEUING", "PROCESSING", "PROCESS_SUCCESS", "PROCESS_FAILED", "SUBMITTED_MESSAGE",
)
