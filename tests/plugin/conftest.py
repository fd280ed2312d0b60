"""The plugin's tests run pytest inside pytest (`pytester`); FLOWS holds the flows they copy in."""
from pathlib import Path

import pytest



def pytest_configure(config):
    """Enable `pytester` (a `pytest_plugins` variable is only allowed in the rootdir's conftest)."""
    if not config.pluginmanager.has_plugin("pytester"):
        config.pluginmanager.import_plugin("pytester")

FLOWS = Path(__file__).parent / "flows"


@pytest.fixture
def shop(pytester):
    """The pytester directory with flows/shop.yaml and flows/delivery.yaml in it."""
    folder = pytester.mkdir("flows")
    for name in ("shop.yaml", "delivery.yaml"):
        (folder / name).write_text((FLOWS / name).read_text())
    return pytester
