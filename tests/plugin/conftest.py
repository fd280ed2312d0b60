"""The plugin's tests run pytest inside pytest (`pytester`); `shop` and `moderation` copy flows of
plugin_support.FLOWS in."""
import pytest
from plugin_support import FLOWS

# Loaded by this session, not first inside an in-process inner run: when an inner test freezes the clock, freezegun
# reads every name dir(fakecloud) lists (mock_cloud among them, which loads requests), and pytester unloads what an
# inner run loaded, so a later inner run would mix requests classes from two imports.
import fakecloud.wire.intercept  # noqa: E402,F401


def pytest_configure(config):
    """Enable `pytester` (a `pytest_plugins` variable is only allowed in the rootdir's conftest)."""
    if not config.pluginmanager.has_plugin("pytester"):
        config.pluginmanager.import_plugin("pytester")


def with_flows(pytester, *names):
    folder = pytester.mkdir("flows")
    for name in names:
        (folder / name).write_text((FLOWS / name).read_text())
    return pytester


@pytest.fixture
def shop(pytester):
    """The pytester directory with flows/shop.yaml and flows/delivery.yaml in it."""
    return with_flows(pytester, "shop.yaml", "delivery.yaml")


@pytest.fixture
def moderation(pytester):
    """The pytester directory with flows/moderation.yaml and its subflow flows/publish.yaml in it."""
    return with_flows(pytester, "moderation.yaml", "publish.yaml")
