"""Seeing what tests exercise and where a flow breaks: a dialect-neutral shape of each flow (`shape`, built by
one adapter per dialect), coverage of flows across runs, pictures of flows and runs, and the fault sweep."""
