"""What a task no mock answers does, as the test settings name it: `error` fails the test, `default` lets the
service fakes give their plausible default. Kept apart from the router so that checking a session's settings
imports nothing else."""
UNMOCKED_MODES = ("error", "default")
