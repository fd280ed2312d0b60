"""The OSS operations a flow's `OSS:<Operation>` task can call: each reads its lower-camelCase Parameters, calls the
store and gives the task result (lower-camelCase keys, starting with `bucket` and `key` as the documented GetObject
output does). `OPERATIONS` maps each Action name to its function."""
from __future__ import annotations

import base64
from email.utils import formatdate
from types import MappingProxyType
from typing import Any, Mapping

from ..jsonbody import compact_json
from .errors import OssError
from .reads import byte_range, check_conditions
from .store import ObjectVersion, OssStore

MAX_KEYS = 1000
DEFAULT_MAX_KEYS = 100


def _text(params: Mapping, name: str, *, required: bool = True, default: str | None = None) -> str | None:
    value = params.get(name)
    if value is None:
        if required:
            raise OssError("InvalidArgument", f"the Parameter '{name}' is required")
        return default
    if not isinstance(value, str):
        raise OssError("InvalidArgument", f"the Parameter '{name}' must be a string, got {type(value).__name__}")
    return value


def http_date(seconds: float) -> str:
    return formatdate(seconds, usegmt=True)


def _meta(bucket: str, version: ObjectVersion, versioned: bool) -> dict:
    meta = {"bucket": bucket, "key": version.key, "contentType": version.content_type,
            "contentLength": version.size, "eTag": version.etag, "lastModified": http_date(version.last_modified)}
    if versioned:
        meta["versionId"] = version.version_id
    return meta


def _body(data: bytes) -> dict:
    try:
        return {"body": data.decode("utf-8")}
    except UnicodeDecodeError:
        return {"body": base64.b64encode(data).decode("ascii"), "bodyEncoding": "base64"}


def _read(store: OssStore, params: Mapping, region: str) -> tuple[str, ObjectVersion, bool]:
    bucket, key = _text(params, "bucket"), _text(params, "key")
    version = store.get_object(bucket, key, version_id=_text(params, "versionId", required=False), region=region)
    check_conditions(version, params.get("ifMatch"), params.get("ifNoneMatch"))
    return bucket, version, store.bucket(bucket).versioning


def get_object(store: OssStore, params: Mapping, region: str) -> dict:
    bucket, version, versioned = _read(store, params, region)
    span = byte_range(params.get("range"), version.size)
    data = version.data if span is None else version.data[span[0]:span[1] + 1]
    result = _meta(bucket, version, versioned)
    result["contentLength"] = len(data)
    if span is not None:
        result["contentRange"] = f"bytes {span[0]}-{span[1]}/{version.size}"
    result.update(_body(data))
    return result


def head_object(store: OssStore, params: Mapping, region: str) -> dict:
    bucket, version, versioned = _read(store, params, region)
    return _meta(bucket, version, versioned)


def put_object(store: OssStore, params: Mapping, region: str) -> dict:
    bucket, key = _text(params, "bucket"), _text(params, "key")
    body = params.get("body")
    content_type = _text(params, "contentType", required=False)
    if body is None:
        data: Any = ""
    elif isinstance(body, str):
        data = body
    else:
        data = compact_json(body)
        content_type = content_type or "application/json"
    version = store.put_object(bucket, key, data, content_type=content_type, region=region)
    return _written(store, bucket, version)


def copy_object(store: OssStore, params: Mapping, region: str) -> dict:
    bucket, key = _text(params, "bucket"), _text(params, "key")
    source_bucket = _text(params, "sourceBucket", required=False, default=bucket)
    version = store.copy_object(source_bucket, _text(params, "sourceKey"), bucket, key,
                                source_version_id=_text(params, "sourceVersionId", required=False), region=region)
    result = _written(store, bucket, version)
    result["lastModified"] = http_date(version.last_modified)
    return result


def _written(store: OssStore, bucket: str, version: ObjectVersion) -> dict:
    result = {"bucket": bucket, "key": version.key, "eTag": version.etag}
    if store.bucket(bucket).versioning:
        result["versionId"] = version.version_id
    return result


def delete_object(store: OssStore, params: Mapping, region: str) -> dict:
    bucket, key = _text(params, "bucket"), _text(params, "key")
    version_id = _text(params, "versionId", required=False)
    marker = store.delete_object(bucket, key, version_id=version_id, region=region)
    result = {"bucket": bucket, "key": key}
    if marker is not None:
        result.update(versionId=marker.version_id, deleteMarker=True)
    elif version_id is not None:
        result["versionId"] = version_id
    return result


def delete_multiple_objects(store: OssStore, params: Mapping, region: str) -> dict:
    bucket, keys = _text(params, "bucket"), params.get("keys")
    if not isinstance(keys, list) or not keys or not all(isinstance(k, str) for k in keys) or len(keys) > MAX_KEYS:
        raise OssError("InvalidArgument", f"the Parameter 'keys' must be a list of 1-{MAX_KEYS} object keys")
    for key in keys:
        store.delete_object(bucket, key, region=region)
    return {"bucket": bucket, "deleted": list(keys)}


def list_objects(store: OssStore, params: Mapping, region: str) -> dict:
    bucket = _text(params, "bucket")
    prefix = _text(params, "prefix", required=False, default="")
    marker = _text(params, "marker", required=False, default="")
    delimiter = _text(params, "delimiter", required=False, default="")
    limit = params.get("maxKeys", DEFAULT_MAX_KEYS)
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_KEYS:
        raise OssError("InvalidArgument", f"the Parameter 'maxKeys' must be an integer 1-{MAX_KEYS}, got {limit!r}")
    objects, prefixes, last = [], [], ""
    for version in store.list_objects(bucket, prefix=prefix, region=region):
        if version.key <= marker:
            continue
        if len(objects) + len(prefixes) == limit:
            return _listing(bucket, prefix, marker, limit, objects, prefixes, last)
        cut = version.key.find(delimiter, len(prefix)) if delimiter else -1
        if cut >= 0:
            common = version.key[:cut + len(delimiter)]
            if common not in prefixes:
                prefixes.append(common)
            last = version.key
            continue
        objects.append({"key": version.key, "size": version.size, "eTag": version.etag,
                        "lastModified": http_date(version.last_modified)})
        last = version.key
    return _listing(bucket, prefix, marker, limit, objects, prefixes, None)


def _listing(bucket, prefix, marker, limit, objects, prefixes, next_marker) -> dict:
    result = {"bucket": bucket, "prefix": prefix, "marker": marker, "maxKeys": limit,
              "isTruncated": next_marker is not None, "objects": objects, "commonPrefixes": prefixes}
    if next_marker is not None:
        result["nextMarker"] = next_marker
    return result


def put_bucket(store: OssStore, params: Mapping, region: str) -> dict:
    bucket = store.create_bucket(_text(params, "bucket"), region=region)
    return {"bucket": bucket.name, "region": bucket.region}


def delete_bucket(store: OssStore, params: Mapping, region: str) -> dict:
    name = _text(params, "bucket")
    store.delete_bucket(name, region)
    return {"bucket": name}


def get_bucket_info(store: OssStore, params: Mapping, region: str) -> dict:
    bucket = store.bucket(_text(params, "bucket"), region)
    return {"bucket": bucket.name, "region": bucket.region, "creationDate": http_date(bucket.created),
            "versioning": "Enabled" if bucket.versioning else "Disabled"}


def list_buckets(store: OssStore, params: Mapping, region: str) -> dict:
    prefix = _text(params, "prefix", required=False, default="")
    return {"buckets": [{"name": b.name, "region": b.region, "creationDate": http_date(b.created)}
                        for b in store.buckets(prefix)]}


OPERATIONS = MappingProxyType({
    "GetObject": get_object, "HeadObject": head_object, "GetObjectMeta": head_object, "PutObject": put_object,
    "CopyObject": copy_object, "DeleteObject": delete_object, "DeleteMultipleObjects": delete_multiple_objects,
    "ListObjects": list_objects, "PutBucket": put_bucket, "DeleteBucket": delete_bucket,
    "GetBucketInfo": get_bucket_info, "ListBuckets": list_buckets,
})
