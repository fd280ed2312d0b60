"""Fixtures of the order example's tests (this file also puts the example's `app` package on the path)."""
import pytest

from app import handlers


@pytest.fixture
def shop(fake_fc, fake_mns):
    """The application's handlers deployed in the test's world, and the approvals queue."""
    fake_fc.register("orders/validate", handlers.validate)
    fake_fc.register("orders/reserve", handlers.reserve)
    fake_mns.create_queue("approvals")
    return fake_fc
