"""The MNS XML codec on its own: what it reads (and refuses) and how it writes values."""
from types import MappingProxyType

import pytest

from fakecloud.services.mns import MnsError
from fakecloud.wire.mns import xml

DECL = b'<?xml version="1.0" encoding="UTF-8"?>\n'
SENT = DECL + (b'<Message xmlns="http://mns.aliyuncs.com/doc/v1/"><MessageBody>  two  spaces\n</MessageBody>'
               b"<DelaySeconds>0</DelaySeconds><Priority>8</Priority></Message>")


def code_of(body: bytes, root="Message") -> str:
    with pytest.raises(MnsError) as caught:
        xml.parse(body, root)
    return caught.value.code


def test_an_sdk_body_is_read_with_its_text_untouched():
    assert xml.fields(xml.parse(SENT, ("Message", "Messages"))) == {
        "MessageBody": "  two  spaces\n", "DelaySeconds": "0", "Priority": "8"}


@pytest.mark.parametrize("encoding", ["utf-8", "latin-1", "utf-16", "utf-16-le", "utf-16-be"])
def test_every_encoding_reads_the_same_text(encoding):
    name = {"latin-1": "ISO-8859-1", "utf-16-le": "UTF-16LE", "utf-16-be": "UTF-16BE"}.get(encoding, encoding)
    doc = f'<?xml version="1.0" encoding="{name}"?><Message><MessageBody>café &amp; crème</MessageBody></Message>'
    assert xml.fields(xml.parse(doc.encode(encoding), "Message")) == {"MessageBody": "café & crème"}


def test_a_utf8_byte_order_mark_and_leading_blanks_are_read():
    assert xml.fields(xml.parse(b"\xef\xbb\xbf<Message><MessageBody>x</MessageBody></Message>", "Message")) == {
        "MessageBody": "x"}
    assert xml.value(xml.parse(b"\n  <Message>y</Message>", "Message")) == "y"


@pytest.mark.parametrize("encoding", ["utf-8", "latin-1", "utf-16", "utf-16-le"])
def test_no_doctype_is_read_in_any_encoding(encoding):
    doc = ('<?xml version="1.0"?><!DOCTYPE m [<!ENTITY e "expanded">]>'
           "<Message><MessageBody>&e;</MessageBody></Message>")
    assert code_of(doc.encode(encoding)) == "MalformedXML"


def test_an_undeclared_entity_is_malformed():
    assert code_of(b"<Message><MessageBody>&e;</MessageBody></Message>") == "MalformedXML"


def test_sixteen_levels_are_read_and_seventeen_are_malformed():
    def nested(depth):
        return b"<Message>" + b"<a>" * (depth - 1) + b"x" + b"</a>" * (depth - 1) + b"</Message>"
    element = xml.parse(nested(16), "Message")
    for _ in range(15):
        (element,) = list(element)
    assert element.text == "x"
    assert code_of(nested(17)) == "MalformedXML"


def test_a_deep_document_with_few_tags_is_still_measured():
    # 17 levels of self-closing children need 17 "<", so the count alone never lets a deep document through
    body = b"<Message>" + b"<a>" * 16 + b"</a>" * 16 + b"</Message>"
    assert body.count(b"<") > xml.MAX_DEPTH
    assert code_of(body) == "MalformedXML"


def test_the_wrong_root_is_a_schema_error_naming_it():
    with pytest.raises(MnsError) as caught:
        xml.parse(b"<Queue/>", ("Message", "Messages"))
    assert (caught.value.code, caught.value.status) == ("InvalidArgument", 400)
    assert "cause by Queue." in caught.value.message


def test_values_are_written_by_type():
    body = xml.document("Message", {
        "Body": "a < b & c > d", "Plain": "text", "Count": 3, "Flag": True, "Off": False, "Gone": None,
        "Nested": {"Inner": "1", "Deeper": MappingProxyType({"Leaf": 2.5})},
    })
    assert body == (b'<?xml version="1.0" encoding="UTF-8"?>\n<Message xmlns="http://mns.aliyuncs.com/doc/v1/">'
                    b"<Body>a &lt; b &amp; c &gt; d</Body><Plain>text</Plain><Count>3</Count><Flag>True</Flag>"
                    b"<Off>False</Off><Nested><Inner>1</Inner><Deeper><Leaf>2.5</Leaf></Deeper></Nested></Message>")
