"""Shared by the service tests: this folder's helper modules (state_machine_support) are importable from each
service's own tests."""
