"""Entry point of the fakecloud pytest plugin; fixtures and markers are added here."""
