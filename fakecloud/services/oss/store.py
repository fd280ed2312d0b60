"""`OssStore` (`cloud.oss`): buckets (each in a region, optionally versioned) holding objects, with the checks and
error codes of OSS. Objects are bytes with a content type, an ETag (the quoted upper-case MD5, as OSS gives simple
uploads) and a last-modified time on the world's clock. A versioned bucket keeps every version; deleting without a
version id there adds a delete marker."""
from __future__ import annotations

import hashlib
import mimetypes
import re
from dataclasses import dataclass, field
from typing import Callable

from .errors import OssError

_BUCKET = re.compile(r"[a-z0-9][a-z0-9-]{1,61}[a-z0-9]")
NULL_VERSION = "null"           # the version id of an object in a bucket that is not versioned


@dataclass(frozen=True)
class ObjectVersion:
    key: str
    data: bytes
    content_type: str
    etag: str
    last_modified: float            # virtual seconds since the epoch
    version_id: str = NULL_VERSION
    delete_marker: bool = False

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass
class Bucket:
    name: str
    region: str
    created: float
    versioning: bool = False
    objects: dict[str, list[ObjectVersion]] = field(default_factory=dict)      # key -> versions, latest last

    def latest(self, key: str) -> ObjectVersion | None:
        versions = self.objects.get(key)
        if not versions or versions[-1].delete_marker:
            return None
        return versions[-1]

    def keys(self) -> list[str]:
        return sorted(k for k in self.objects if self.latest(k) is not None)


class OssStore:
    def __init__(self, now: Callable[[], float], new_id: Callable[[str], str], region: str):
        self._now = now
        self._new_id = new_id
        self.region = region
        self._buckets: dict[str, Bucket] = {}

    def reset(self) -> None:
        self._buckets.clear()

    # -- buckets -----------------------------------------------------------------------------------------------
    def create_bucket(self, name: str, *, region: str | None = None, versioning: bool = False) -> Bucket:
        """PutBucket. The account's own bucket of the same name and region is kept as it is (PutBucket by its
        owner succeeds); in another region the name is taken."""
        check_bucket_name(name)
        region = region or self.region
        existing = self._buckets.get(name)
        if existing is not None:
            if existing.region != region:
                raise OssError.of("BucketAlreadyExists", f"{name} is in {existing.region}")
            existing.versioning = existing.versioning or versioning
            return existing
        bucket = self._buckets[name] = Bucket(name, region, self._now(), versioning)
        return bucket

    def bucket(self, name: str, region: str | None = None) -> Bucket:
        """The bucket `name`; NoSuchBucket, or AccessDenied when it is addressed in another region."""
        check_bucket_name(name)
        bucket = self._buckets.get(name)
        if bucket is None:
            raise OssError.of("NoSuchBucket", name)
        if region is not None and region != bucket.region:
            raise OssError.of("AccessDenied", f"bucket {name} is in {bucket.region}, not {region}")
        return bucket

    def delete_bucket(self, name: str, region: str | None = None) -> None:
        bucket = self.bucket(name, region)
        if any(bucket.objects.values()):
            raise OssError.of("BucketNotEmpty", name)
        del self._buckets[name]

    def buckets(self, prefix: str = "") -> list[Bucket]:
        return [self._buckets[n] for n in sorted(self._buckets) if n.startswith(prefix)]

    def has_bucket(self, name: str) -> bool:
        return name in self._buckets

    # -- objects -----------------------------------------------------------------------------------------------
    def put_object(self, bucket: str, key: str, data: bytes | str, *, content_type: str | None = None,
                   region: str | None = None) -> ObjectVersion:
        """PutObject: text is stored as UTF-8; the content type defaults from the key's extension."""
        where = self.bucket(bucket, region)
        check_key(key)
        body = data.encode("utf-8") if isinstance(data, str) else bytes(data)
        kind = content_type or mimetypes.guess_type(key)[0] or "application/octet-stream"
        etag = f'"{hashlib.md5(body).hexdigest().upper()}"'
        return self._add(where, ObjectVersion(key, body, kind, etag, self._now(), self._version_id(where)))

    def get_object(self, bucket: str, key: str, *, version_id: str | None = None,
                   region: str | None = None) -> ObjectVersion:
        """The object's latest version, or the version `version_id`."""
        where = self.bucket(bucket, region)
        check_key(key)
        if version_id is None:
            found = where.latest(key)
            if found is None:
                raise OssError.of("NoSuchKey", key)
            return found
        found = next((v for v in where.objects.get(key, []) if v.version_id == version_id), None)
        if found is None:
            raise OssError.of("NoSuchVersion", f"{key} version {version_id}")
        if found.delete_marker:
            raise OssError.of("MethodNotAllowed", f"version {version_id} of {key} is a delete marker")
        return found

    def delete_object(self, bucket: str, key: str, *, version_id: str | None = None,
                      region: str | None = None) -> ObjectVersion | None:
        """DeleteObject (deleting what is not there succeeds, as in OSS). Returns the delete marker a versioned
        bucket adds, else None."""
        where = self.bucket(bucket, region)
        check_key(key)
        versions = where.objects.get(key, [])
        if version_id is not None:
            kept = [v for v in versions if v.version_id != version_id]
            if kept:
                where.objects[key] = kept
            else:
                where.objects.pop(key, None)
            return None
        if not where.versioning:
            where.objects.pop(key, None)
            return None
        if where.latest(key) is None:
            return None
        marker = ObjectVersion(key, b"", "", "", self._now(), self._version_id(where), delete_marker=True)
        versions.append(marker)
        return marker

    def copy_object(self, source_bucket: str, source_key: str, bucket: str, key: str, *,
                    source_version_id: str | None = None, region: str | None = None) -> ObjectVersion:
        source = self.get_object(source_bucket, source_key, version_id=source_version_id, region=region)
        return self.put_object(bucket, key, source.data, content_type=source.content_type, region=region)

    def list_objects(self, bucket: str, *, prefix: str = "", region: str | None = None) -> list[ObjectVersion]:
        """The latest version of every object whose key starts with `prefix`, in key order."""
        where = self.bucket(bucket, region)
        return [where.latest(k) for k in where.keys() if k.startswith(prefix)]

    # -- helpers -----------------------------------------------------------------------------------------------
    def _add(self, bucket: Bucket, version: ObjectVersion) -> ObjectVersion:
        if bucket.versioning:
            bucket.objects.setdefault(version.key, []).append(version)
        else:
            bucket.objects[version.key] = [version]
        return version

    def _version_id(self, bucket: Bucket) -> str:
        return f"CAEQ{self._new_id('oss-version').replace('-', '')}" if bucket.versioning else NULL_VERSION


def check_bucket_name(name) -> None:
    """3-63 lower-case letters, digits and '-', starting and ending with a letter or digit."""
    if not isinstance(name, str) or not _BUCKET.fullmatch(name):
        raise OssError.of("InvalidBucketName", repr(name))


def check_key(key) -> None:
    """1-1023 bytes of UTF-8, not starting with '/' or '\\'."""
    if not isinstance(key, str) or not key or len(key.encode("utf-8")) > 1023 or key[0] in "/\\":
        raise OssError.of("InvalidObjectName", repr(key))
