"""The fuzz suite's two modes. By default (``make test``) every property runs a few seeded examples, so the suite
takes seconds; ``FAKECLOUD_FUZZ=campaign`` (``make fuzz``) runs the full campaign. Both are derandomized: the same
run finds the same inputs. At the end the session prints how many documents and requests were tried."""
import os

import pytest
from hypothesis import HealthCheck, settings

CAMPAIGN = os.environ.get("FAKECLOUD_FUZZ", "") == "campaign"
COUNTS = pytest.StashKey[dict]()

settings.register_profile("fakecloud-quick", max_examples=25, derandomize=True, database=None, deadline=None,
                          suppress_health_check=list(HealthCheck))
settings.register_profile("fakecloud-campaign", max_examples=2000, derandomize=True, database=None, deadline=None,
                          suppress_health_check=list(HealthCheck))
settings.load_profile("fakecloud-campaign" if CAMPAIGN else "fakecloud-quick")


def examples(quick: int, campaign: int) -> settings:
    """Settings for one property: `quick` examples normally, `campaign` in the full campaign."""
    return settings(max_examples=campaign if CAMPAIGN else quick)


def pytest_configure(config):
    config.stash[COUNTS] = {}


def pytest_collection_modifyitems(config, items):
    if CAMPAIGN:
        for item in items:
            if "fuzz" in item.nodeid:
                item.add_marker(pytest.mark.timeout(3600))


@pytest.fixture
def tally(request):
    """``tally(kind)`` counts one fuzzed input of that kind for the session's summary."""
    counts = request.config.stash[COUNTS]

    def count(kind: str, n: int = 1) -> None:
        counts[kind] = counts.get(kind, 0) + n
    return count


def pytest_terminal_summary(terminalreporter, config):
    counts = config.stash.get(COUNTS, {})
    if counts:
        mode = "campaign" if CAMPAIGN else "quick"
        terminalreporter.write_line(f"fuzz ({mode}): " + ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())))
