"""The folder of the plugin tests' flows, and the mocks that take the shop flow (flows/shop.yaml) and the
moderation flow (flows/moderation.yaml, with its subflow flows/publish.yaml) down their happy paths."""
from pathlib import Path

from fakecloud.testing import Return

FLOWS = Path(__file__).parent / "flows"

HAPPY = {
    "charge": Return({"paid": True}),
    "reserve": lambda event: {"reserved": event["item"]},
    "notify": Return({"MessageId": "m-1"}),
    "look": Return({"Data": {"Categories": []}}),
    "approve": Return({"approved": True}, duration=60),
    "book": Return({"slot": "mon"}),
}

IMAGES = {"images": ["a.jpg", "b.jpg"], "cover": "c.jpg"}

REVIEWED = {
    "download": Return({"images": ["a.jpg", "b.jpg"], "cover": "c.jpg"}),
    "detect": Return({"Data": {"FaceCount": 1}}),
    "classify": Return({"Data": {"Categories": [{"CategoryName": "poster"}]}}),
    "store": Return({"stored": True}),
    "warmCdn": Return({"warm": True}),
}

# A scenario file's body for the moderation flow with those answers (and the review after a minute).
REVIEWED_SCENARIO = """
flow: flows/moderation.yaml
input: {images: [a.jpg], cover: c.jpg}
mocks:
  download: {return: {images: [a.jpg], cover: c.jpg}}
  detect: {return: {Data: {FaceCount: 0}}}
  classify: {return: {Data: {Categories: []}}}
  store: {return: {stored: true}}
  warmCdn: {return: {warm: true}}
callbacks:
  - {step: humanReview, after: 60, output: {approved: true}}
"""
