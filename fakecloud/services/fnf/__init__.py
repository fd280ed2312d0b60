"""The Serverless Workflow (FnF, 2019-03-15) API as a plain Python service over the engine — flows, executions,
history and task callbacks with the service's names, shapes and errors — and the `action: fnf:StartExecution`
task integration built on it."""
from .errors import STATUS, FnfError
from .integration import SubflowTasks
from .records import EXPRESS, STANDARD, FlowRecord
from .service import OPERATIONS, FnfService

__all__ = ("EXPRESS", "FlowRecord", "FnfError", "FnfService", "OPERATIONS", "SubflowTasks", "STANDARD",
           "STATUS")
