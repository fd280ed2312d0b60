"""The MNS fake: queues and topics as plain Python objects (see backend for the time, id and error
contracts; integration for what flow task steps call)."""
from .backend import MnsBackend
from .errors import MnsError
from .message import MessageSnapshot, MessageState, PeekedMessage, ReceivedMessage, SendResult
from .paging import ListPage
from .queue import BatchDeleteError, ChangeVisibilityResult
from .records import (DELIVERED, FAILED, RECORDED, Delivery, HttpPush, Mail, Outbox, PublishedMessage, PublishResult,
                      Sms)

__all__ = ("MnsBackend", "MnsError", "ListPage", "PublishResult", "MessageSnapshot", "MessageState",
           "PeekedMessage", "ReceivedMessage", "SendResult", "BatchDeleteError", "ChangeVisibilityResult",
           "Delivery", "HttpPush", "Mail", "Outbox", "PublishedMessage", "Sms", "DELIVERED", "FAILED", "RECORDED")
