"""Function Compute handlers of the video example (deployed as services/video/functions/probe, transcode and
playlist). Each takes the decoded JSON event and returns a JSON object."""
SEGMENT_SECONDS = 60


class InvalidVideo(Exception):
    """A video the pipeline cannot cut; the flow catches it by this name."""


def probe(event, context=None):
    """Cut the video into segments of at most a minute."""
    seconds = event.get("durationSeconds") or 0
    if seconds <= 0:
        raise InvalidVideo(f"{event.get('videoUrl')} has no playable stream")
    starts = range(0, seconds, SEGMENT_SECONDS)
    return {"segments": [{"index": i, "start": start, "end": min(start + SEGMENT_SECONDS, seconds),
                          "source": event["videoUrl"]} for i, start in enumerate(starts)]}


def transcode(event, context=None):
    """Transcode one segment; the result names the object it wrote."""
    return {"url": f"oss://video-out/{event['videoId']}/{event['index']:03d}.mp4",
            "seconds": event["end"] - event["start"]}


def playlist(event, context=None):
    """Write the playlist of the transcoded parts."""
    return {"playlistUrl": f"https://cdn.example.com/{event['videoId']}/index.m3u8",
            "seconds": sum(part["seconds"] for part in event["parts"])}
