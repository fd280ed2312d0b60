"""Errors of the SMS service (Dysmsapi SendSms): its own codes (`isv.MOBILE_NUMBER_ILLEGAL`, ...), seen by a flow
as `SMS.<Code>` with the message as the cause."""
from __future__ import annotations

from types import MappingProxyType

from ..errors import ServiceError


class SmsError(ServiceError):
    NAMESPACE = "SMS"
    STATUS = MappingProxyType({"MissingPhoneNumbers": 400, "MissingSignName": 400, "MissingTemplateCode": 400})
    DEFAULT_STATUS = 200       # the isv.* business errors come back in a 200 answer's Code
