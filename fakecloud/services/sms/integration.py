"""`SMS:SendSms` tasks (state machines): Parameters `phoneNumbers` (comma-separated, at most 1000), `signName`,
`templateCode`, `templateParam` (an object). The message goes to the world's outbox; the result is the documented
wrapper `{"EntryList": {"BizId", "Code": "OK", "Message": "OK", "RequestId"}, "Headers": ..., "StatusCode": 200}`.
A refused message fails the task with `SMS.<Code>`. Under WaitForCustomCallback the message is sent and the task
waits for ReportTaskSucceeded / ReportTaskFailed."""
from __future__ import annotations

from typing import Mapping

from ...engine.outcomes import Return, Throw
from ...fdl.actions import SmsSendSms
from ..integration import ServiceIntegration
from .errors import SmsError
from .outbox import SmsMessage, SmsOutbox


def send_result(message: SmsMessage) -> dict:
    """The task result of one accepted SendSms."""
    return {"EntryList": {"BizId": message.biz_id, "Code": "OK", "Message": "OK", "RequestId": message.request_id},
            "Headers": {"Content-Type": "application/json;charset=utf-8", "x-acs-request-id": message.request_id},
            "StatusCode": 200}


class SmsTasks(ServiceIntegration):
    name = "sms"
    targets = (SmsSendSms,)

    def __init__(self, outbox: SmsOutbox):
        self.outbox = outbox

    def is_set_up(self, target) -> bool:
        return True        # the outbox always takes messages; a refused one is the flow's own error

    def invoke(self, request) -> Return | Throw:
        params = request.params if isinstance(request.params, Mapping) else {}
        try:
            message = self.outbox.send(params.get("phoneNumbers"), params.get("signName"),
                                       params.get("templateCode"), params.get("templateParam"),
                                       execution=getattr(request.execution, "name", ""), path=request.path)
        except SmsError as exc:
            return Throw(exc.flow_error, exc.message)
        return Return(send_result(message))
