"""`MnsProtocol`: claims `/queues...` and `/topics...` and answers in MNS's REST/XML format (API 2015-06-06).

Every answer carries `x-mns-request-id` (spelled in lower case: the SDK reads it from a plain dict) and
`x-mns-version`; failures are `<Error>` with Code, Message, RequestId and HostId and the code's status. The
operation is chosen by method and path shape; a pair no operation answers is InvalidRequestURL. URLs in
`Location` headers and list answers, and the HostId, point at the endpoint the client called."""
from __future__ import annotations

import logging
from types import MappingProxyType
from typing import Callable, Mapping

from werkzeug.exceptions import HTTPException
from werkzeug.urls import iri_to_uri
from werkzeug.wrappers import Request

from ...services.mns import MnsError
from ..protocol import Answer, Protocol
from . import messages, queues, topics, xml
from .call import Call, Reply
from .errors import internal_error, invalid_request_url
from .signature import verify

log = logging.getLogger("fakecloud.wire")

VERSION = "2015-06-06"
CONTENT_TYPE = "text/xml;charset=utf-8"

# (path shape, method) -> operation. "*" matches one name segment. Operations take (mns, call, *names), except
# those in TAKES_PROTOCOL, which take (protocol, call, *names).
ROUTES: Mapping[tuple[tuple[str, ...], str], Callable[..., Reply]] = MappingProxyType({
    (("queues",), "GET"): queues.list_queues,
    (("queues", "*"), "PUT"): queues.put_queue,
    (("queues", "*"), "GET"): queues.get_queue,
    (("queues", "*"), "DELETE"): queues.delete_queue,
    (("queues", "*", "messages"), "POST"): messages.send,
    (("queues", "*", "messages"), "GET"): messages.receive,
    (("queues", "*", "messages"), "DELETE"): messages.delete,
    (("queues", "*", "messages"), "PUT"): messages.change_visibility,
    (("topics",), "GET"): topics.list_topics,
    (("topics", "*"), "PUT"): topics.put_topic,
    (("topics", "*"), "GET"): topics.get_topic,
    (("topics", "*"), "DELETE"): topics.delete_topic,
    (("topics", "*", "messages"), "POST"): topics.publish,
    (("topics", "*", "subscriptions"), "GET"): topics.list_subscriptions,
    (("topics", "*", "subscriptions", "*"), "PUT"): topics.put_subscription,
    (("topics", "*", "subscriptions", "*"), "GET"): topics.get_subscription,
    (("topics", "*", "subscriptions", "*"), "DELETE"): topics.unsubscribe,
})
TAKES_PROTOCOL = frozenset({messages.receive})     # it waits through the app (long polling)
# The same routes by (the fixed segments, the number of segments, method): a path is looked up by slicing.
_BY_FIXED = MappingProxyType({(shape[0::2], len(shape), method): operation
                              for (shape, method), operation in ROUTES.items()})


def route(call: Call) -> tuple[Callable[..., Reply], list[str]]:
    """The operation for this method and path, and the names the path carries (every other segment)."""
    segments = call.segments
    if call.trailing_slash or "" in segments:
        raise invalid_request_url()
    operation = _BY_FIXED.get((tuple(segments[0::2]), len(segments), call.method))
    if operation is None:
        raise invalid_request_url()
    return operation, segments[1::2]


class MnsProtocol(Protocol):
    """``handle`` runs with the app's lock held and the world brought up to date (see WireApp); only a waiting
    receive lets go of the lock, inside ``app.wait_until``."""
    name = "mns"

    def matches(self, request: Request) -> bool:
        path = request.path
        return path in ("/queues", "/topics") or path.startswith(("/queues/", "/topics/"))

    def handle(self, request: Request) -> Answer:
        call = self._call(request)
        try:
            if self.app.verify_signatures:
                verify(call, self.app.credentials)
            operation, names = route(call)
            if operation in TAKES_PROTOCOL:
                reply = operation(self, call, *names)
            else:
                reply = operation(self.cloud.mns, call, *names)
        except MnsError as e:
            return self.error(call, e)
        except HTTPException:   # e.g. an oversized body: the app answers through error_response
            raise
        except Exception:       # a fakecloud defect: the service's InternalError, never a traceback
            log.exception("fakecloud: MNS %s %s failed", request.method, request.path)
            return self.error(call, internal_error())
        return self.respond(call, reply)

    def _call(self, request: Request) -> Call:
        with self.app.lock:
            return Call(request, self.cloud.mns.new_request_id())

    # --- answers ---------------------------------------------------------------------------------------------
    def respond(self, call: Call, reply: Reply) -> Answer:
        """The answer's bytes as werkzeug's Response wrote them (the same headers in the same order: Content-Type
        when there is a body, Content-Length unless 204, the request id, the version, the reply's own)."""
        headers = [] if reply.body is None else [("Content-Type", CONTENT_TYPE)]
        if reply.status != 204:
            headers.append(("Content-Length", str(len(reply.body or b""))))
        headers += [("x-mns-request-id", call.request_id), ("x-mns-version", VERSION)]
        headers += [(name, iri_to_uri(value) if name == "Location" else value) for name, value in reply.headers.items()]
        return Answer(reply.status, headers, reply.body or b"")

    def error(self, call: Call, error: MnsError) -> Answer:
        body = dict(error.body())
        body["RequestId"] = error.request_id or call.request_id
        body["HostId"] = error.host_id or call.endpoint
        return self.respond(call, Reply(error.status, xml.document("Error", body)))

    def internal_error(self, request: Request, exc: BaseException) -> Answer:
        return self.error(self._call(request), internal_error())

    def error_response(self, request: Request, status: int, code: str, message: str) -> Answer:
        """What the app answers for us (an oversized or unreadable body): its status and code, as `<Error>`."""
        return self.error(self._call(request), MnsError(code, message, status))
