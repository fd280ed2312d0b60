"""The folder of the plugin tests' flows, and the mocks that take the shop flow (flows/shop.yaml) down its happy
path."""
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
