"""The OSS fake: buckets and objects in process, answering `OSS:<Operation>` tasks."""
from .errors import OssError
from .operations import OPERATIONS
from .store import NULL_VERSION, Bucket, ObjectVersion, OssStore

__all__ = ("NULL_VERSION", "OPERATIONS", "Bucket", "ObjectVersion", "OssError", "OssStore")
