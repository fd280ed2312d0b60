"""The video pipeline with its real handlers in the fake world: segments transcoded by an inline Map (retried when
FC throttles), the cover tagged by the vision fake, a reviewer answering through the MNS queue with the task token,
the playlist written by a subflow and the video announced on the event bus; and each way it can be rejected."""
import json

from app.samples import VIDEO

PLAYLIST = "https://cdn.example.com/v-42/index.m3u8"
PARTS = [{"url": "oss://video-out/v-42/000.mp4", "seconds": 60},
         {"url": "oss://video-out/v-42/001.mp4", "seconds": 60},
         {"url": "oss://video-out/v-42/002.mp4", "seconds": 30}]


def review_request(cloud):
    """The review request the pipeline queued: the message body, and its priority."""
    message = cloud.receive_message("reviews")
    return json.loads(message.body), message


def test_a_reviewed_video_is_transcoded_published_and_announced(studio):
    execution = studio.start("publish_video", VIDEO)
    studio.run_until_idle()
    assert execution.status == "Running"
    body, _ = review_request(studio)
    assert {k: v for k, v in body.items() if k != "token"} == {
        "videoId": "v-42", "parts": 3, "tags": [{"Confidence": 0.98, "Value": "sample"}]}
    studio.advance(3600)                              # the reviewer answers an hour later
    studio.report_task_succeeded(body["token"], {"approved": True, "reviewer": "mei"})
    assert (execution.status, execution.output) == (
        "Succeeded", {"videoId": "v-42", "playlistUrl": PLAYLIST, "seconds": 150, "reviewer": "mei"})
    (event,) = studio.events.events("videos")
    assert (event.source, event.type, event.subject, event.data) == (
        "video.pipeline", "video.published", "acs:fnf:cn-hangzhou:1234567890123456:flow/publish_video",
        {"videoId": "v-42", "playlistUrl": PLAYLIST})
    (child,) = [e for (flow, _), e in studio.engine.executions.items() if flow == "publish_parts"]
    assert child.output == {"playlistUrl": PLAYLIST, "seconds": 150}
    (transcoded,) = [json.loads(e.event_detail)["output"] for e in execution.history
                     if e.type == "StateSucceeded" and e.step_name == "Transcode"]
    assert transcoded == {"parts": PARTS}
    assert execution.history[-1].time == "2024-01-01T01:00:00.000Z"


def test_throttled_transcodes_are_retried_with_back_off(studio):
    studio.fc.fail_next("video/transcode", "ResourceThrottled", times=2)
    execution = studio.start("publish_video", VIDEO)
    studio.run_until_idle()
    failed = [(e.time, json.loads(e.event_detail)["error"]) for e in execution.history if e.type == "TaskFailed"]
    assert failed == [("2024-01-01T00:00:00.000Z", "FC.ResourceThrottled")] * 2
    body, message = review_request(studio)           # queued once the retried segments were done, 2 s later
    assert (message.priority, body["parts"]) == (4, 3)
    review = next(e for e in execution.history if e.type == "StateEntered" and e.step_name == "AskReview")
    assert review.time == "2024-01-01T00:00:02.000Z"


def test_a_reviewer_who_says_no_rejects_the_video(studio):
    execution = studio.start("publish_video", VIDEO)
    studio.run_until_idle()
    body, _ = review_request(studio)
    studio.report_task_failed(body["token"], "VideoRejected", "the audio is out of sync")
    assert (execution.status, execution.error, execution.cause) == (
        "Failed", "VideoRejected", "the video was not published")
    assert studio.events.events("videos") == []


def test_no_review_within_a_day_rejects_the_video(studio):
    execution = studio.start("publish_video", VIDEO)
    studio.advance(86400)
    assert (execution.status, execution.error) == ("Failed", "VideoRejected")
    timed_out = [e for e in execution.history if e.type == "StateTimedOut"]
    assert [(e.step_name, e.time) for e in timed_out] == [("AskReview", "2024-01-02T00:00:00.000Z")]


def test_an_unplayable_upload_is_rejected_before_transcoding(studio):
    execution = studio.run("publish_video", dict(VIDEO, durationSeconds=0))
    assert (execution.status, execution.error) == ("Failed", "VideoRejected")
    assert [e.step_name for e in execution.history if e.type == "StateEntered"] == ["Probe", "Rejected"]
    assert [c.function for c in studio.fc.invocations] == ["probe"]
