"""The plugin's tests run pytest inside pytest (`pytester`); `shop` copies the flows of plugin_support.FLOWS in."""
import pytest
from plugin_support import FLOWS


def pytest_configure(config):
    """Enable `pytester` (a `pytest_plugins` variable is only allowed in the rootdir's conftest)."""
    if not config.pluginmanager.has_plugin("pytester"):
        config.pluginmanager.import_plugin("pytester")


@pytest.fixture
def shop(pytester):
    """The pytester directory with flows/shop.yaml and flows/delivery.yaml in it."""
    folder = pytester.mkdir("flows")
    for name in ("shop.yaml", "delivery.yaml"):
        (folder / name).write_text((FLOWS / name).read_text())
    return pytester
