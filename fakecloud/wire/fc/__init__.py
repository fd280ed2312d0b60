"""Function Compute on the wire: the FC 2.0 (2016-08-15, 2021-04-06) and FC 3.0 (2023-03-30) REST APIs in front
of the world's FcBackend: invocation, the management calls that register functions, stateful async invocations."""
from .protocol import FcProtocol

__all__ = ("FcProtocol",)
