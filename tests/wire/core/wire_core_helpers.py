"""Small protocols of our own, so the wire core is tested without the service protocols: Echo answers what it
received, Boom fails, Poll long-polls on a flag of the world, Flag sets it."""
import json

from werkzeug.wrappers import Response

from fakecloud.wire.protocol import Protocol, raw_query, raw_uri

WAIT_FLOW = """\
version: v1
type: flow
steps:
  - type: wait
    name: nap
    duration: 3600
"""


class Echo(Protocol):
    """Claims /echo..., the RPC paths ('/' with Action=Echo or x-acs-action: Echo), FC service 'echo' and MNS
    queue 'echo'."""
    name = "echo"
    seen: list = []

    def matches(self, request):
        return (request.path.startswith(("/echo", "/queues/echo/", "/2016-08-15/services/echo/"))
                or (request.path == "/" and (request.args.get("Action") in ("Echo", "DescribeExecution")
                                             or request.headers.get("x-acs-action") == "Echo")))

    def handle(self, request):
        assert self.app.lock._is_owned()
        seen = {"method": request.method, "path": request.path, "uri": raw_uri(request), "query": raw_query(request),
                "host": request.host, "scheme": request.scheme, "data": request.get_data(as_text=True),
                "headers": {k.lower(): v for k, v in request.headers.items()}}
        Echo.seen.append(seen)
        body = {"RequestId": "echo-1", **{k: v for k, v in seen.items() if k != "headers"}}
        return Response(json.dumps(body), content_type="application/json", headers={"x-mns-request-id": "echo-1"})


class Boom(Protocol):
    name = "boom"

    def matches(self, request):
        return request.path.startswith("/boom")

    def handle(self, request):
        if request.path == "/boom/http":
            from werkzeug.exceptions import BadRequest
            raise BadRequest("cannot read that")
        if request.path == "/boom/read":
            request.get_data()
            return Response("read", status=200)
        raise RuntimeError("kaboom")

    def internal_error(self, request, exc):
        if request.path == "/boom/twice":
            raise ValueError("the error page fails too")
        return Response(f"<Error><Code>InternalError</Code><Message>{exc}</Message></Error>", status=500,
                        content_type="text/xml")

    def error_response(self, request, status, code, message):
        return Response(f"<Error><Code>{code}</Code><Message>{message}</Message></Error>", status=status,
                        content_type="text/xml")


class Small(Protocol):
    """A protocol with its own body limit (10 bytes)."""
    name = "small"
    max_body_bytes = 10

    def matches(self, request):
        return request.path == "/small"

    def handle(self, request):
        return Response(request.get_data())


class BadMatch(Protocol):
    name = "bad-match"

    def matches(self, request):
        raise RuntimeError("matches is broken")


class Poll(Protocol):
    """/poll?timeout=S waits for the world's flag; /flag sets it; /next-event polls with a next_event hint."""
    name = "poll"

    def matches(self, request):
        return request.path in ("/poll", "/flag")

    def handle(self, request):
        cloud = self.cloud
        if request.path == "/flag":
            cloud.flag = request.args.get("value", "up")
            return Response("ok")
        value = self.app.wait_until(lambda: getattr(cloud, "flag", None), float(request.args["timeout"]))
        return Response(json.dumps({"flag": value, "now": cloud.clock.now()}), content_type="application/json")


TEST_PROTOCOLS = (BadMatch, Echo, Boom, Small, Poll)


