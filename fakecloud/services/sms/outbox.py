"""`SmsOutbox` (`cloud.sms`): SendSms checked as the service checks it (phone numbers, at most 1000 a call, sign
name, template code, template parameters) and recorded with the virtual time it was sent. By default any sign name
and template are accepted; once a test approves some (`approve_sign`, `approve_template`), only those are."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Callable, Mapping

from .errors import SmsError

MAX_PHONE_NUMBERS = 1000
_PHONE = re.compile(r"(?:\+|00)?\d{6,20}")


@dataclass(frozen=True)
class SmsMessage:
    """One SendSms as the outbox received it; `phone_numbers` split from the comma-separated parameter."""
    phone_numbers: tuple[str, ...]
    sign_name: str
    template_code: str
    template_param: Mapping[str, Any]
    biz_id: str
    request_id: str
    time: float                     # virtual seconds since the epoch
    execution: str = ""
    path: str = ""

    def as_dict(self) -> dict:
        return {"phoneNumbers": list(self.phone_numbers), "signName": self.sign_name,
                "templateCode": self.template_code, "templateParam": dict(self.template_param),
                "bizId": self.biz_id}


class SmsOutbox:
    def __init__(self, now: Callable[[], float], new_id: Callable[[str], str]):
        self._now = now
        self._new_id = new_id
        self.reset()

    def reset(self) -> None:
        self._messages: list[SmsMessage] = []
        self._signs: set[str] = set()
        self._templates: dict[str, tuple[str, ...]] = {}   # code -> its variables

    # -- what the account has approved -----------------------------------------------------------------------
    def approve_sign(self, sign_name: str) -> None:
        """From now on only approved sign names are accepted."""
        if not isinstance(sign_name, str) or not sign_name:
            raise ValueError(f"a sign name is a non-empty string, got {sign_name!r}")
        self._signs.add(sign_name)

    def approve_template(self, template_code: str, params: tuple[str, ...] | list[str] = ()) -> None:
        """From now on only approved templates are accepted; `params` are the variables its text uses."""
        if not isinstance(template_code, str) or not template_code:
            raise ValueError(f"a template code is a non-empty string, got {template_code!r}")
        if not isinstance(params, (list, tuple)) or not all(isinstance(p, str) and p for p in params):
            raise ValueError(f"template variables are a list of non-empty strings, got {params!r}")
        self._templates[template_code] = tuple(params)

    # -- sending ---------------------------------------------------------------------------------------------
    def send(self, phone_numbers: Any, sign_name: Any, template_code: Any, template_param: Any = None, *,
             execution: str = "", path: str = "") -> SmsMessage:
        """SendSms: the message recorded, or SmsError with the service's code."""
        request_id = self._new_id("request")
        try:
            phones = _phones(phone_numbers)
            self._check_sign(sign_name)
            params = self._check_template(template_code, template_param)
        except SmsError as exc:
            exc.request_id = request_id
            raise
        message = SmsMessage(phones, sign_name, template_code, MappingProxyType(params), _biz_id(self._new_id("biz")),
                             request_id, self._now(), execution, path)
        self._messages.append(message)
        return message

    def messages(self) -> list[SmsMessage]:
        """Every message sent, in order."""
        return list(self._messages)

    def to(self, phone_number: str) -> list[SmsMessage]:
        """The messages sent to `phone_number` (alone or among others)."""
        return [m for m in self._messages if phone_number in m.phone_numbers]

    def _check_sign(self, sign_name: Any) -> None:
        if not isinstance(sign_name, str) or not sign_name:
            raise SmsError("MissingSignName", "SignName is mandatory for this action.")
        if self._signs and sign_name not in self._signs:
            raise SmsError("isv.SMS_SIGNATURE_ILLEGAL", f"the sign name {sign_name} is not approved")

    def _check_template(self, template_code: Any, template_param: Any) -> dict:
        if not isinstance(template_code, str) or not template_code:
            raise SmsError("MissingTemplateCode", "TemplateCode is mandatory for this action.")
        if self._templates and template_code not in self._templates:
            raise SmsError("isv.SMS_TEMPLATE_ILLEGAL", f"the template {template_code} is not approved")
        params = _template_param(template_param)
        missing = [p for p in self._templates.get(template_code, ()) if p not in params]
        if missing:
            raise SmsError("isv.TEMPLATE_MISSING_PARAMETERS",
                           f"template {template_code} needs the parameter {missing[0]}")
        return params


def _phones(value: Any) -> tuple[str, ...]:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = ",".join(value)
    if not isinstance(value, str) or not value.strip():
        raise SmsError("MissingPhoneNumbers", "PhoneNumbers is mandatory for this action.")
    phones = tuple(part.strip() for part in value.split(","))
    if len(phones) > MAX_PHONE_NUMBERS:
        raise SmsError("isv.MOBILE_COUNT_OVER_LIMIT",
                       f"at most {MAX_PHONE_NUMBERS} phone numbers a call, got {len(phones)}")
    bad = next((p for p in phones if not _PHONE.fullmatch(p)), None)
    if bad is not None:
        raise SmsError("isv.MOBILE_NUMBER_ILLEGAL", f"invalid mobile phone number {bad!r}")
    return phones


def _template_param(value: Any) -> dict:
    if value is None or value == "":
        return {}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise SmsError("isv.INVALID_JSON_PARAM", "templateParam is not valid JSON") from None
    if not isinstance(value, Mapping):
        raise SmsError("isv.INVALID_JSON_PARAM", f"templateParam must be an object, got {type(value).__name__}")
    return dict(value)


def _biz_id(seed_id: str) -> str:
    """A receipt id in the service's shape: digits, `^`, `0`."""
    return f"{int(seed_id.replace('-', ''), 16) % 10 ** 18:018d}^0"
