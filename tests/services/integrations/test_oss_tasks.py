"""`OSS:*` tasks against the in-process OSS fake (`cloud.oss`): GetObject with range, versionId, ifMatch and
ifNoneMatch, PutObject, CopyObject, DeleteObject, listing and bucket operations, the service's error codes, and
scenario set-up. See docs/semantics.md, "OSS"."""
import pytest

from fakecloud.cloud import FakeCloud
from fakecloud.engine.outcomes import Return, Throw
from fakecloud.services.oss import OssError
from task_support import invoke

ETAG = '"E93E2B6A5B6D6E3C7D6B6F3F5B5D7D1B"'
MODIFIED = "Mon, 01 Jan 2024 00:00:00 GMT"


def world():
    cloud = FakeCloud()
    cloud.oss.create_bucket("media")
    cloud.oss.put_object("media", "docs/a.txt", "0123456789")
    return cloud


def get(cloud, **params):
    return invoke(cloud, "OSS:GetObject", {"bucket": "media", "key": "docs/a.txt", **params})


def test_get_object_answers_the_object_with_its_metadata():
    cloud = world()
    etag = cloud.oss.get_object("media", "docs/a.txt").etag
    assert etag == '"781E5E245D69B566979B86E28D23F2C7"'            # MD5 of 0123456789, upper case, quoted
    assert get(cloud) == Return({"bucket": "media", "key": "docs/a.txt", "contentType": "text/plain",
                                 "contentLength": 10, "eTag": etag, "lastModified": MODIFIED, "body": "0123456789"})


@pytest.mark.parametrize("text, body, content_range", [
    ("2-4", "234", "bytes 2-4/10"), ("7-", "789", "bytes 7-9/10"), ("-3", "789", "bytes 7-9/10"),
    ("bytes=0-0", "0", "bytes 0-0/10"), ("5-100", "56789", "bytes 5-9/10"), ("-20", "0123456789", "bytes 0-9/10"),
    ("4-2", "0123456789", None), ("a-b", "0123456789", None), ("-", "0123456789", None),
])
def test_get_object_ranges(text, body, content_range):
    result = get(world(), range=text).value
    assert (result["body"], result.get("contentRange"), result["contentLength"]) == (body, content_range, len(body))


def test_a_range_past_the_end_is_invalid_range():
    assert get(world(), range="10-") == Throw(
        "OSS.InvalidRange", "The requested range cannot be satisfied. (bytes 10- of an object of 10 bytes)")


def test_if_match_and_if_none_match():
    cloud = world()
    etag = cloud.oss.get_object("media", "docs/a.txt").etag
    assert get(cloud, ifMatch=etag.strip('"').lower()).value["body"] == "0123456789"
    assert get(cloud, ifMatch="ABC") == Throw(
        "OSS.PreconditionFailed", f"At least one of the pre-conditions you specified did not hold. (ifMatch ABC "
                                  f"against ETag {etag})")
    assert get(cloud, ifNoneMatch=etag).error == "OSS.NotModified"
    assert get(cloud, ifNoneMatch="ABC").value["body"] == "0123456789"


def test_versioned_buckets_keep_versions_and_delete_markers():
    cloud = FakeCloud()
    cloud.oss.create_bucket("media", versioning=True)
    first = cloud.oss.put_object("media", "k", "one")
    second = cloud.oss.put_object("media", "k", "two")
    assert first.version_id != second.version_id and first.version_id.startswith("CAEQ")
    params = {"bucket": "media", "key": "k"}
    assert invoke(cloud, "OSS:GetObject", {**params, "versionId": first.version_id}).value["body"] == "one"
    assert invoke(cloud, "OSS:GetObject", params).value["versionId"] == second.version_id
    deleted = invoke(cloud, "OSS:DeleteObject", params).value
    assert deleted == {"bucket": "media", "key": "k", "versionId": deleted["versionId"], "deleteMarker": True}
    assert invoke(cloud, "OSS:GetObject", params) == Throw("OSS.NoSuchKey", "The specified key does not exist. (k)")
    assert invoke(cloud, "OSS:GetObject", {**params, "versionId": deleted["versionId"]}).error == "OSS.MethodNotAllowed"
    assert invoke(cloud, "OSS:GetObject", {**params, "versionId": "nope"}) == Throw(
        "OSS.NoSuchVersion", "The specified version does not exist. (k version nope)")
    invoke(cloud, "OSS:DeleteObject", {**params, "versionId": deleted["versionId"]})
    assert invoke(cloud, "OSS:GetObject", params).value["body"] == "two"


def test_put_copy_and_delete_objects():
    cloud = world()
    put = invoke(cloud, "OSS:PutObject", {"bucket": "media", "key": "out/r.json", "body": {"ok": True}})
    assert put == Return({"bucket": "media", "key": "out/r.json", "eTag": put.value["eTag"]})
    stored = cloud.oss.get_object("media", "out/r.json")
    assert (stored.data, stored.content_type) == (b'{"ok":true}', "application/json")
    cloud.oss.create_bucket("archive")
    copied = invoke(cloud, "OSS:CopyObject", {"sourceBucket": "media", "sourceKey": "out/r.json",
                                              "bucket": "archive", "key": "r.json"})
    assert copied == Return({"bucket": "archive", "key": "r.json", "eTag": put.value["eTag"],
                             "lastModified": MODIFIED})
    assert invoke(cloud, "OSS:DeleteObject", {"bucket": "media", "key": "out/r.json"}) == Return(
        {"bucket": "media", "key": "out/r.json"})
    assert invoke(cloud, "OSS:DeleteObject", {"bucket": "media", "key": "out/r.json"}).value == {
        "bucket": "media", "key": "out/r.json"}                         # deleting what is gone succeeds
    assert invoke(cloud, "OSS:CopyObject", {"bucket": "media", "key": "x", "sourceKey": "gone"}).error == "OSS.NoSuchKey"


def test_list_objects_with_prefix_delimiter_and_paging():
    cloud = world()
    for key in ("docs/b.txt", "docs/sub/c.txt", "img/d.png"):
        cloud.oss.put_object("media", key, "x")
    listed = invoke(cloud, "OSS:ListObjects", {"bucket": "media", "prefix": "docs/", "delimiter": "/"}).value
    assert ([o["key"] for o in listed["objects"]], listed["commonPrefixes"], listed["isTruncated"]) == (
        ["docs/a.txt", "docs/b.txt"], ["docs/sub/"], False)
    page = invoke(cloud, "OSS:ListObjects", {"bucket": "media", "maxKeys": 2}).value
    assert ([o["key"] for o in page["objects"]], page["isTruncated"], page["nextMarker"]) == (
        ["docs/a.txt", "docs/b.txt"], True, "docs/b.txt")
    rest = invoke(cloud, "OSS:ListObjects", {"bucket": "media", "marker": "docs/b.txt"}).value
    assert [o["key"] for o in rest["objects"]] == ["docs/sub/c.txt", "img/d.png"]
    assert invoke(cloud, "OSS:ListObjects", {"bucket": "media", "maxKeys": 0}).error == "OSS.InvalidArgument"


def test_bucket_operations_and_their_errors():
    cloud = FakeCloud()
    assert invoke(cloud, "OSS:PutBucket", {"bucket": "logs"}) == Return({"bucket": "logs", "region": "cn-hangzhou"})
    assert invoke(cloud, "OSS:PutBucket", {"bucket": "logs"}).value == {"bucket": "logs", "region": "cn-hangzhou"}
    assert invoke(cloud, "OSS:PutBucket", {"bucket": "logs", "region": "cn-beijing"}).error == "OSS.BucketAlreadyExists"
    assert invoke(cloud, "OSS:GetBucketInfo", {"bucket": "logs"}) == Return(
        {"bucket": "logs", "region": "cn-hangzhou", "creationDate": MODIFIED, "versioning": "Disabled"})
    assert invoke(cloud, "OSS:ListBuckets", {}) == Return(
        {"buckets": [{"name": "logs", "region": "cn-hangzhou", "creationDate": MODIFIED}]})
    cloud.oss.put_object("logs", "a", "x")
    assert invoke(cloud, "OSS:DeleteBucket", {"bucket": "logs"}).error == "OSS.BucketNotEmpty"
    assert invoke(cloud, "OSS:DeleteMultipleObjects", {"bucket": "logs", "keys": ["a", "b"]}) == Return(
        {"bucket": "logs", "deleted": ["a", "b"]})
    assert invoke(cloud, "OSS:DeleteBucket", {"bucket": "logs"}) == Return({"bucket": "logs"})
    assert invoke(cloud, "OSS:GetObject", {"bucket": "logs", "key": "a"}) == Throw(
        "OSS.NoSuchBucket", "The specified bucket does not exist. (logs)")


@pytest.mark.parametrize("params, error", [
    ({"bucket": "Media", "key": "a"}, ("OSS.InvalidBucketName", "The specified bucket is not valid. ('Media')")),
    ({"bucket": "media", "key": "/a"}, ("OSS.InvalidObjectName", "The specified object is not valid. ('/a')")),
    ({"bucket": "media"}, ("OSS.InvalidArgument", "the Parameter 'key' is required")),
    ({"bucket": "media", "key": 7}, ("OSS.InvalidArgument", "the Parameter 'key' must be a string, got int")),
    ({"bucket": "media", "key": "docs/a.txt", "region": "cn-beijing"},
     ("OSS.AccessDenied", "The bucket you are attempting to access must be addressed using the specified endpoint. "
                          "(bucket media is in cn-hangzhou, not cn-beijing)")),
])
def test_parameter_and_name_errors(params, error):
    assert invoke(world(), "OSS:GetObject", params) == Throw(*error)


def test_an_operation_the_fake_does_not_offer_is_unmocked_and_not_set_up():
    cloud = world()
    outcome = invoke(cloud, "OSS:PutBucketLifecycle", {"bucket": "media"})
    assert (outcome.error, outcome.cause.split(" (")[0]) == (
        "FakeCloud.Unmocked", "OSS:PutBucketLifecycle is not an operation the OSS fake offers")
    integration = cloud.engine.integration_for
    from fakecloud.fdl.actions import parse_action
    assert integration(parse_action("OSS:GetObject")).is_set_up(parse_action("OSS:GetObject")) is True
    assert integration(parse_action("OSS:PutBucketLifecycle")).is_set_up(parse_action("OSS:PutBucketLifecycle")) is False


def test_binary_objects_come_back_base64_and_errors_are_service_errors():
    cloud = world()
    cloud.oss.put_object("media", "b.bin", b"\xff\x00")
    result = get(cloud, key="b.bin").value
    assert (result["body"], result["bodyEncoding"], result["contentType"]) == ("/wA=", "base64",
                                                                               "application/octet-stream")
    with pytest.raises(OssError) as caught:
        cloud.oss.create_bucket("x")
    assert (caught.value.code, caught.value.status, caught.value.flow_error) == ("InvalidBucketName", 400,
                                                                                 "OSS.InvalidBucketName")


def test_scenario_buckets_and_objects():
    cloud = FakeCloud()
    plug = next(plug for plug, _ in cloud.plugs() if plug.attribute == "oss")
    plug.set_up(cloud.oss, {"buckets": {"media": {"versioning": True, "objects": {
        "a.txt": "hi", "b.json": {"body": "{}", "contentType": "application/json"}}}}}, "services.oss")
    assert [(v.key, v.data, v.content_type) for v in cloud.oss.list_objects("media")] == [
        ("a.txt", b"hi", "text/plain"), ("b.json", b"{}", "application/json")]
    assert cloud.oss.bucket("media").versioning is True
    with pytest.raises(ValueError, match="services.oss.buckets.Bad: InvalidBucketName"):
        plug.set_up(cloud.oss, {"buckets": {"Bad": {}}}, "services.oss")
    with pytest.raises(ValueError, match="services.oss.buckets.media.objects.k: an object is text"):
        plug.set_up(cloud.oss, {"buckets": {"media": {"objects": {"k": 5}}}}, "services.oss")
    cloud.reset()
    assert cloud.oss.buckets() == []
