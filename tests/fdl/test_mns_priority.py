"""An MNS queue task of a valid FDL flow without serviceParams.Priority: a warning (the integration page marks it
required; the service sends the message with priority 8). Topics have no priority."""
from parser_errors_support import HEAD, check

QUEUE = "acs:mns:::/queues/jobs/messages"


def test_a_queue_task_without_priority():
    report = check(HEAD + f"- type: task\n  name: send\n  resourceArn: {QUEUE}\n  serviceParams:\n    MessageBody: $\n")
    assert report.ok
    assert [(d.severity, d.line, d.column, d.path, d.code, d.message) for d in report.diagnostics] == [
        ("warning", 8, 5, "steps[0].serviceParams", "mns-priority",
         "an MNS queue task without serviceParams.Priority: the integration marks Priority required; the service "
         "sends the message with priority 8")]


def test_a_queue_task_with_priority_or_a_topic_task():
    assert check(HEAD + f"- type: task\n  name: send\n  resourceArn: {QUEUE}\n  serviceParams:\n"
                        f"    MessageBody: $\n    Priority: $.priority\n").diagnostics == ()
    assert check(HEAD + "- type: task\n  name: send\n  resourceArn: acs:mns:::/topics/news/messages\n"
                        "  serviceParams:\n    MessageBody: $\n").diagnostics == ()
