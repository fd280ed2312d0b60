"""The fixture flows of tests/fdl/flows run through a whole FakeCloud, one function per scenario.

Each scenario builds a fresh world (seed 0), registers what the flow calls, runs it (answering callbacks the way
a worker would) and returns (cloud, execution). The tests check the outcome; the determinism test runs every
scenario twice and compares the histories byte for byte.
"""
from __future__ import annotations

import json

from conformance_support import fixture, own

from fakecloud.cloud import FakeCloud

# -- approval_loop.yaml ----------------------------------------------------------------------------------------


def approval_world(statuses):
    """`statuses`: what approvals/status answers, call by call."""
    cloud = FakeCloud()
    cloud.add_flow("approval", fixture("approval_loop.yaml"))
    answers = iter(statuses)
    cloud.fc.register("approvals/request", lambda e: {"requested": e["attempts"]}, decode=True)
    cloud.fc.register("approvals/status", lambda e: next(answers), decode=True)
    cloud.fc.register("approvals/escalate", lambda e: {"escalated": True}, decode=True)
    return cloud


def approval_approved_after_polling():
    cloud = approval_world([{"status": "pending", "attempts": 1}, {"status": "approved", "attempts": 2}])
    return cloud, cloud.run("approval", {"limit": 3})


def approval_escalated_then_rejected():
    cloud = approval_world([{"status": "denied", "attempts": 1}, {"status": "denied", "attempts": 2}])
    return cloud, cloud.run("approval", {"limit": 2})


def approval_default_rejects():
    cloud = approval_world([{"status": "", "attempts": 1}])
    return cloud, cloud.run("approval", {"limit": 3})


# -- loan_desk.yaml --------------------------------------------------------------------------------------------

LOAN_REQUEST = {"request": {"member": "m-7", "items": ["978-1", "978-2"]}}


def loan_world(**check_member):
    cloud = FakeCloud()
    cloud.add_flow("loan_desk", fixture("loan_desk.yaml"))
    cloud.fc.register("library/reserve", lambda e: {"loanId": "L-" + e["isbn"], "due": "2024-02-01"}, decode=True)
    if check_member:
        cloud.fc.register("library/check-member", decode=True, **check_member)
    return cloud


def loan_busy_then_lent():
    cloud = loan_world(handler=lambda e: {"member": e["member"], "active": True})
    cloud.fc.script("library/check-member").throws("MemberServiceBusy", "busy", attempt="0-1")
    return cloud, cloud.run("loan_desk", LOAN_REQUEST)


def loan_member_suspended():
    cloud = loan_world()
    cloud.fc.script("library/check-member").throws("MemberSuspended", "overdue books")
    return cloud, cloud.run("loan_desk", LOAN_REQUEST)


def loan_member_service_times_out():
    cloud = loan_world(handler=lambda e: {"member": e["member"]}, duration=40)
    return cloud, cloud.run("loan_desk", LOAN_REQUEST)


def loan_unexpected_error():
    cloud = loan_world()
    cloud.fc.script("library/check-member").throws("KeyError", "'member'")
    return cloud, cloud.run("loan_desk", LOAN_REQUEST)


# -- media_fanout.yaml -----------------------------------------------------------------------------------------

MEDIA_PLACEHOLDERS = {"${ALIYUN::Region}": "cn-hangzhou", "${ALIYUN::TenantId}": "1234567890123456",
                      "${MediaService}": "media", "${EncodeFunction}": "encode", "<mediaService>": "media"}


def media_render():
    cloud = FakeCloud()
    cloud.add_flow("media", fixture("media_fanout.yaml", **MEDIA_PLACEHOLDERS))
    cloud.fc.register("media/probe", lambda e: {"resolutions": ["720p", "1080p"], "chunks": ["c0", "c1", "c2"]},
                      decode=True)
    cloud.fc.register("media/encode", lambda e: {"part": f'{e["resolution"]}/{e["chunk"]}@{e["position"]}'},
                      decode=True)
    cloud.fc.register("media/thumbnail", lambda e: {"status": "thumb-ok"}, decode=True)
    cloud.fc.register("media.v2/subtitles", lambda e: {"status": "subs-ok"}, decode=True)
    cloud.fc.register("media/publish", lambda e: {"published": e}, decode=True)
    return cloud, cloud.run("media", {"file": {"meta": {"display name": "Holiday"}}})


# -- reminders.yaml --------------------------------------------------------------------------------------------

def reminders_world():
    # The fixture waits until the constant 2031-06-30T08:00:00+08:00, which must be less than 2 days away.
    cloud = FakeCloud(start="2031-06-29T12:00:00Z")
    cloud.add_flow("reminders", fixture("reminders.yaml"))
    rings: dict[str, int] = {}

    def ring(event):
        reminder = event["reminder"]
        rings[reminder["id"]] = rings.get(reminder["id"], 0) + 1
        count = rings[reminder["id"]]
        return {"rings": count + reminder.get("rang", 0), "snooze": count <= reminder["snoozes"]}

    cloud.fc.register("alarm/ring", ring, decode=True)
    return cloud


def reminders_snooze_and_give_up():
    cloud = reminders_world()
    return cloud, cloud.run("reminders", {
        "settleSeconds": 60, "count": 5, "smallBatch": 10,
        "reminders": [{"id": "a", "at": "2031-06-30T01:00:00Z", "snoozes": 1},
                      {"id": "b", "at": "2031-06-30T00:30:00Z", "snoozes": 0, "rang": 2}]})


def reminders_big_batch_by_pages():
    cloud = reminders_world()
    return cloud, cloud.run("reminders", {"settleSeconds": 0, "reminders": [], "count": 2000, "smallBatch": 10,
                                          "pages": [1, 2]})


def reminders_one_big_batch():
    cloud = reminders_world()
    return cloud, cloud.run("reminders", {"settleSeconds": 0, "reminders": [], "count": 50, "smallBatch": 10})


# -- integrations.yaml -----------------------------------------------------------------------------------------

INTEGRATIONS_INPUT = {"ticket": "T-1", "runName": "audit-T-1", "photoUrl": "https://img.example/p.jpg",
                      "cardUrl": "https://img.example/c.jpg"}


def integrations_world():
    cloud = FakeCloud()
    cloud.add_flow("integrations", fixture("integrations.yaml", **{"<signOffFlow>": "sign-off",
                                                                   "<auditTopic>": "audit-topic"}))
    cloud.add_flow("audit-child", own("audit_child.yaml"))
    cloud.add_flow("sign-off", own("sign_off.yaml"))
    cloud.mns.create_queue("audit-events")
    cloud.mns.create_queue("audit-inbox")
    cloud.mns.create_topic("audit-topic")
    cloud.mns.subscribe("audit-topic", "inbox", cloud.mns.queue_endpoint("audit-inbox"),
                        notify_content_format="SIMPLIFIED")
    cloud.viapi.script("facebody", "DetectFace").returns({"Data": {"FaceCount": 2}})

    def await_callback(event):        # an asynchronous worker: reports on the token it was given
        cloud.engine.report_task_succeeded(event["token"], {"worker": "done"})

    cloud.fc.register("worker-svc/await-callback", await_callback, decode=True)
    cloud.fc.register("helpers/tidy", lambda e: {"tidy": True}, decode=True)
    return cloud


def drive_integrations(cloud, data, name):
    """Start the flow and answer its callbacks as the outside world would: the sign-off child's token is
    reported by the test (a person signing off), the topic's message is received from the subscribed queue and
    its token reported."""
    execution = cloud.start("integrations", data, name=name)
    cloud.run_until_idle()
    if execution.is_terminal:
        return execution
    for child in cloud.engine.list_executions("sign-off"):
        if child.input["parent"] == name:
            cloud.report_task_succeeded(child.input["token"], {"signedOff": True})
    message = cloud.receive_message("audit-inbox")
    cloud.report_task_succeeded(json.loads(message.body)["callbackToken"], {"broadcast": "ack"})
    cloud.run_until_idle()
    return execution


def integrations_first_run():
    cloud = integrations_world()
    return cloud, drive_integrations(cloud, INTEGRATIONS_INPUT, "first")


def integrations_second_run_skips_the_fork():
    cloud = integrations_world()
    drive_integrations(cloud, INTEGRATIONS_INPUT, "first")
    return cloud, drive_integrations(cloud, {**INTEGRATIONS_INPUT, "runName": "audit-T-2"}, "second")


def integrations_rejected_ticket():
    cloud = integrations_world()
    return cloud, drive_integrations(cloud, {**INTEGRATIONS_INPUT, "ticket": "reject"}, "rejected")


SCENARIOS = [approval_approved_after_polling, approval_escalated_then_rejected, approval_default_rejects,
             loan_busy_then_lent, loan_member_suspended, loan_member_service_times_out, loan_unexpected_error,
             media_render, reminders_snooze_and_give_up, reminders_big_batch_by_pages, reminders_one_big_batch,
             integrations_first_run, integrations_second_run_skips_the_fork, integrations_rejected_ticket]
