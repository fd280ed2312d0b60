"""Fixtures of the order example's tests (this file also puts the example's `app` package on the path)."""
import pytest

from app import handlers


def deploy(cloud):
    """The application's handlers deployed in a world, and the approvals queue."""
    cloud.fc.register("orders/validate", handlers.validate)
    cloud.fc.register("orders/reserve", handlers.reserve)
    cloud.mns.create_queue("approvals")


@pytest.fixture
def shop(fake_cloud):
    """The application deployed in the test's world."""
    deploy(fake_cloud)
    return fake_cloud.fc
