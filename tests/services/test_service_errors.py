"""One error base for every service: the same fields, flow-level names, bodies, equality, hashing, repr, copies
and pickles, whichever service raised the error."""
from __future__ import annotations

import copy
import pickle

import pytest

from fakecloud.services.errors import ServiceError
from fakecloud.services.fc.errors import FcError
from fakecloud.services.fnf.errors import FnfError
from fakecloud.services.mns.errors import MnsError
from fakecloud.services.viapi.errors import VisionError


def test_every_service_error_is_a_service_error():
    errors = [FcError("ServiceNotFound", "m"), FnfError("FlowNotExists", "m"), MnsError("QueueNotExist", "m"),
              VisionError("ocr", "InvalidParameter", "m")]
    assert all(isinstance(e, ServiceError) and isinstance(e, Exception) for e in errors)
    assert [(e.code, e.message, e.status, e.request_id) for e in errors] == [
        ("ServiceNotFound", "m", 404, ""), ("FlowNotExists", "m", 404, ""), ("QueueNotExist", "m", 404, ""),
        ("InvalidParameter", "m", 400, "")]


def test_flow_level_names():
    assert FcError("ResourceThrottled", "m").flow_error == "FC.ResourceThrottled"
    assert FnfError("FlowNotExists", "m").flow_error == "fnf.FlowNotExists"
    assert MnsError("QueueNotExist", "m").flow_error == "MNS.QueueNotExist"
    assert VisionError("goodstech", "InternalError.Busy", "m").flow_error == "goodstech.InternalError.Busy"


def test_statuses_of_codes_no_table_lists():
    assert [FcError("Nope", "m").status, FnfError("Nope", "m").status, MnsError("Nope", "m").status,
            VisionError("ocr", "Nope", "m").status, VisionError("ocr", "InternalError.X", "m").status] == [
        500, 500, 400, 400, 500]
    assert FcError("ServiceNotFound", "m", 418).status == 418


def test_wire_bodies_keep_each_services_shape():
    assert FcError("ServiceNotFound", "gone", request_id="r-1").body() == {
        "ErrorCode": "ServiceNotFound", "ErrorMessage": "gone", "Code": "ServiceNotFound", "Message": "gone",
        "RequestId": "r-1"}
    assert FnfError("FlowNotExists", "gone", request_id="r-2").body() == {
        "Code": "FlowNotExists", "Message": "gone", "RequestId": "r-2"}
    assert list(MnsError("QueueNotExist", "gone", request_id="r-3", host_id="h").body().items()) == [
        ("Code", "QueueNotExist"), ("Message", "gone"), ("RequestId", "r-3"), ("HostId", "h")]
    assert VisionError("ocr", "InvalidParameter", "bad", request_id="r-4").body() == {
        "RequestId": "r-4", "HostId": "ocr.cn-shanghai.aliyuncs.com", "Code": "InvalidParameter", "Message": "bad",
        "Recommend": "https://api.aliyun.com/troubleshoot?q=InvalidParameter&product=ocr"}


def test_text_and_repr():
    assert str(FcError("ServiceNotFound", "gone")) == "ServiceNotFound: gone"
    assert FcError("ServiceNotFound", "gone").args == ("ServiceNotFound: gone",)
    assert str(VisionError("ocr", "InvalidParameter", "bad", hint="why")) == \
        "ocr.InvalidParameter (HTTP 400): bad [why]"
    assert repr(FcError("ServiceNotFound", "gone")) == "FcError('ServiceNotFound', 'gone', 404)"
    assert repr(FnfError("FlowNotExists", "gone")) == "FnfError('FlowNotExists', 'gone', 404)"
    assert repr(MnsError("QueueNotExist", "gone")) == "MnsError('QueueNotExist', 'gone', 404)"
    assert repr(VisionError("ocr", "InvalidParameter", "bad")) == "VisionError('ocr', 'InvalidParameter', 'bad', 400)"


def test_equality_is_the_same_error_of_the_same_service_request_ids_aside():
    assert FcError("InvalidArgument", "m", request_id="a") == FcError("InvalidArgument", "m", request_id="b")
    assert FcError("InvalidArgument", "m") != FcError("InvalidArgument", "m", 409)
    assert FcError("InvalidArgument", "m") != FcError("InvalidArgument", "other")
    assert FcError("InvalidArgument", "m") != FnfError("InvalidArgument", "m")
    assert MnsError("InvalidArgument", "m", 400) != VisionError("ocr", "InvalidArgument", "m", 400)
    assert VisionError("ocr", "InvalidParameter", "m") == VisionError("ocr", "InvalidParameter", "m")
    assert VisionError("ocr", "InvalidParameter", "m") != VisionError("facebody", "InvalidParameter", "m")
    assert FcError("InvalidArgument", "m") != "FC.InvalidArgument"


def test_hash_agrees_with_equality():
    same = {FcError("InvalidArgument", "m", request_id="a"), FcError("InvalidArgument", "m", request_id="b"),
            FnfError("InvalidArgument", "m")}
    assert len(same) == 2


@pytest.mark.parametrize("error", [
    FcError("ResourceThrottled", "slow", request_id="r-1"),
    FnfError("FlowNotExists", "gone", request_id="r-2"),
    MnsError("QueueNotExist", "gone", request_id="r-3", host_id="http://h"),
    VisionError("ocr", "InternalError.Busy", "busy", request_id="r-4", hint="scripted", duration=2.5),
], ids=["fc", "fnf", "mns", "vision"])
def test_copies_and_pickles_keep_every_attribute(error):
    for clone in (copy.deepcopy(error), copy.copy(error), pickle.loads(pickle.dumps(error))):
        assert type(clone) is type(error)
        assert clone == error and clone.args == error.args and str(clone) == str(error)
        assert vars(clone) == vars(error)
        assert clone.body() == error.body()
