"""`ServiceError`: what every service fake's error answer has in common. A service error is a value: the service's
own code and message, the HTTP status it answers with, the request id of the call that failed, the name a flow's
retry and catch match (``flow_error``) and the error body the wire layer renders. Each service (FC, FnF, MNS, the
vision APIs) subclasses it with its status table, its flow-level prefix and its body's shape; two errors are equal
when they are the same error of the same service (request ids aside)."""
from __future__ import annotations

from types import MappingProxyType
from typing import Any, ClassVar, Mapping


class ServiceError(Exception):
    """An error answer of a service. Subclasses set `NAMESPACE` (the prefix of `flow_error`), `STATUS` (the
    HTTP status of each code) and `DEFAULT_STATUS` (the status of a code the table does not list), and override
    `body` when the service's error body is not ``{"Code", "Message", "RequestId"}``. ``request_id`` may be
    filled in after the error is made, by whoever owns the request."""

    NAMESPACE: ClassVar[str] = ""
    STATUS: ClassVar[Mapping[str, int]] = MappingProxyType({})
    DEFAULT_STATUS: ClassVar[int] = 500

    def __init__(self, code: str, message: str, status: int | None = None, *, request_id: str = ""):
        self.code = code
        self.message = message
        self.status = self.status_for(code) if status is None else status
        self.request_id = request_id
        super().__init__(self._text())

    @classmethod
    def status_for(cls, code: str) -> int:
        """The HTTP status the service answers `code` with."""
        return cls.STATUS.get(code, cls.DEFAULT_STATUS)

    @property
    def namespace(self) -> str:
        """What a flow sees in front of the code: the service (``FC``, ``fnf``, ``MNS``) or a vision product."""
        return self.NAMESPACE

    @property
    def flow_error(self) -> str:
        """The error name a flow's retry and catch match: ``<namespace>.<Code>``."""
        return f"{self.namespace}.{self.code}"

    def body(self) -> dict[str, Any]:
        """The service's error body as a dict (rendered as JSON or XML by the wire layer)."""
        return {"Code": self.code, "Message": self.message, "RequestId": self.request_id}

    def _text(self) -> str:
        """The exception's text (its ``args[0]``)."""
        return f"{self.code}: {self.message}"

    def _fields(self) -> tuple[Any, ...]:
        """The constructor's positional arguments before the status (what `repr` shows)."""
        return (self.code, self.message)

    def _identity(self) -> tuple[Any, ...]:
        return (self.flow_error, self.message, self.status)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ServiceError):
            return NotImplemented
        return self._identity() == other._identity()

    def __hash__(self) -> int:
        return hash(self._identity())

    def __repr__(self) -> str:
        shown = ", ".join(repr(value) for value in self._fields())
        return f"{type(self).__name__}({shown}, {self.status})"

    def __reduce__(self):
        """Copies and pickles keep every attribute (the constructors' signatures differ per service)."""
        return (_restore, (type(self), self.args, dict(self.__dict__)))


def _restore(cls: type[ServiceError], args: tuple, state: dict[str, Any]) -> ServiceError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error
