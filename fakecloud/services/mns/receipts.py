"""Receipt handles of one queue. Each receive (and each ChangeMessageVisibility) mints a new handle for the
message; only the newest handle of a message is valid, and only until the message's NextVisibleTime.
A string this queue never issued is malformed (ReceiptHandleError); an issued handle that is no longer valid
(expired, replaced, or its message deleted or expired) names a message that does not exist (MessageNotExist)."""
from __future__ import annotations

from typing import Callable

from .errors import MnsError, message_not_exist, missing_receipt_handle, receipt_handle_error
from .message import Message


class ReceiptBook:
    def __init__(self, new_id: Callable[[str], str]):
        self._new_id = new_id
        self._issued: dict[str, str] = {}       # handle -> message id

    def issue(self, message: Message) -> str:
        """Mint a handle for ``message`` and make it the message's only valid one."""
        handle = self._new_id("receipt")
        if not isinstance(handle, str) or not handle or handle in self._issued:
            raise MnsError("InternalError", f"new_id('receipt') must return a new non-empty string, got {handle!r}")
        self._issued[handle] = message.message_id
        message.receipt_handle = handle
        return handle

    def resolve(self, handle: object, messages: dict[str, Message], now_ms: int) -> Message:
        """The message ``handle`` currently stands for, or the service's error."""
        if handle is None or handle == "":
            raise missing_receipt_handle()
        if not isinstance(handle, str) or handle not in self._issued:
            raise receipt_handle_error()
        message = messages.get(self._issued[handle])
        if message is None or message.receipt_handle != handle or now_ms >= message.next_visible_time:
            raise message_not_exist()
        return message
