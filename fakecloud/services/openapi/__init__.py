"""Any other OpenAPI action (`ECS:DescribeInstances`): answered by the scripts a test sets up, every call
recorded; an action no script answers fails with `FakeCloud.Unmocked`."""
from .backend import OpenApiBackend, OpenApiCall

__all__ = ("OpenApiBackend", "OpenApiCall")
