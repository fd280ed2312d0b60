"""The SMS fake: an outbox recording every message `SMS:SendSms` tasks send, readable from Python."""
from .errors import SmsError
from .outbox import MAX_PHONE_NUMBERS, SmsMessage, SmsOutbox

__all__ = ("MAX_PHONE_NUMBERS", "SmsError", "SmsMessage", "SmsOutbox")
