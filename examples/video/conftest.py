"""Fixtures of the video example's tests (this file also puts the example's `app` package on the path)."""
from pathlib import Path

import pytest

from app import handlers

FLOWS = Path(__file__).parent / "flows"


def deploy(cloud):
    """The application deployed in a world: its functions, the review queue, the event bus and both flows."""
    for name in ("probe", "transcode", "playlist"):
        cloud.fc.register(f"video/{name}", getattr(handlers, name), decode=True)
    cloud.mns.create_queue("reviews")
    cloud.events.create_bus("videos")
    cloud.add_flow("publish_parts", (FLOWS / "publish-parts.yaml").read_text())
    cloud.add_flow("publish_video", (FLOWS / "publish-video.yaml").read_text())


@pytest.fixture
def studio(fake_cloud):
    """The application deployed in the test's world."""
    deploy(fake_cloud)
    return fake_cloud
